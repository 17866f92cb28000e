"""Read free-text answers to button questions: "ouais", "je sais pas", "on est une asso".

The vocabulary is data (knowledge/data/lexicon.toml) read by `knowledge.lexicon`; this module
keeps the names the steps have always imported. A choice the words negate is never read
("du fonctionnement, pas de l'investissement": `knowledge.negated`); words that only negate
one ("surtout pas de fonctionnement") pick none and are not kept as "other" (`torn`).
"""

from __future__ import annotations

from knowledge import lexicon as lx
from knowledge.lexicon import (
    fiche_number,
    has_words,
    is_stray,
    skip,
    yes_no_unknown,
)
from knowledge.negated import affirmed

__all__ = [
    "audience",
    "dont_know",
    "fiche_number",
    "has_words",
    "is_stray",
    "kind",
    "role",
    "skip",
    "torn",
    "yes_no_unknown",
]


def dont_know(text: str, at_amount: bool = False) -> bool:
    """ "Je ne sais pas" in any of its forms; at an amount question also a message that opens
    with one and gives a reason ("je sais pas encore, la mairie doit voter": the caller checks
    that no amount is there)."""
    return lx.dont_know(text) or (at_amount and lx.opens_unknown(text))


def _affirmed(text: str, question: str) -> str:
    kept = affirmed(text, lx.lexicon().choices[question])
    return text if kept is None else kept


def role(text: str) -> str | None:
    return lx.role(_affirmed(text, "role"))


def audience(text: str) -> str | None:
    return lx.audience(_affirmed(text, "audience"))


def kind(text: str) -> str | None:
    return lx.kind(_affirmed(text, "kind"))


def torn(text: str, question: str) -> bool:
    """The words pick two buttons as much, or only negate one ("pas une asso"): the person
    chooses, the words are not kept as "other"."""
    kept = affirmed(text, lx.lexicon().choices[question])
    if kept is not None and lx.by_words(kept, lx.lexicon().choices[question]) is None:
        return True
    return lx.torn(text if kept is None else kept, question)
