"""Read free-text answers to button questions: "ouais", "je sais pas", "on est une asso".

The vocabulary is data (knowledge/data/lexicon.toml) read by `knowledge.lexicon`; this module
keeps the names the steps have always imported. A choice the words negate is never read
("du fonctionnement, pas de l'investissement": `knowledge.negated`); words that only negate
one ("surtout pas de fonctionnement") pick none and are not kept as "other" (`torn`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.fiche_words import fiche_number
from knowledge.lexicon import (
    has_words,
    is_stray,
    skip,
)
from knowledge.negated import affirmed, split, zeroed
from knowledge.text import normalize
from knowledge.unknown_said import unknown_said

__all__ = [
    "at_audience",
    "audience",
    "dont_know",
    "fiche_number",
    "has_words",
    "is_stray",
    "kind",
    "negates_only",
    "role",
    "skip",
    "torn",
    "yes_no_unknown",
]


def dont_know(text: str, at_amount: bool = False) -> bool:
    """ "Je ne sais pas" in any of its forms; at an amount question (or the commune) also a
    message that opens with one and gives a reason ("je sais pas encore, la mairie doit
    voter"), or says one inside a sentence (`knowledge.unknown_said`): the caller checks that
    no amount (no commune) is there."""
    return lx.dont_know(text) or (at_amount and (lx.opens_unknown(text) or unknown_said(text)))


@lru_cache(maxsize=1)
def _lead_ins() -> tuple[str, ...]:
    with lx.PATH.open("rb") as file:
        return lx.phrases(tomllib.load(file)["yes_no"]["lead_ins"])


def yes_no_unknown(text: str) -> str | None:
    """'yes', 'no', 'unknown' or None; a spoken answer's first words aside (« Alors non, la
    Région ne nous finance pas… », `[yes_no] lead_ins`)."""
    said = lx.yes_no_unknown(text)
    if said is not None:
        return said
    key = normalize(text)
    for lead in _lead_ins():
        if key.startswith(lead + " "):
            return lx.yes_no_unknown(key[len(lead) + 1 :])
    return None


def role(text: str) -> str | None:
    """The role the words affirm; when the whole message picks none or two ("association à
    Dunkerque, on travaille avec les habitants du quartier": an association, and inhabitants),
    the role said before whom the project is for (reading13)."""
    found = _read(text, "role")
    if found is not None:
        return found
    before, after = at_audience(normalize(text))
    return _read(before, "role") if after and before else None


def at_audience(key: str) -> tuple[str, str]:
    """A normalised message cut at the first of the lexicon's `audience_before` ("pour",
    "avec", "working with"): (what comes before, what comes after); (key, "") without one."""
    padded = f" {key} "
    found = [
        (at, len(word))
        for word in lx.lexicon().audience_before
        if (at := padded.find(f" {word} ")) != -1
    ]
    if not found:
        return key, ""
    at, size = min(found)
    return padded[:at].strip(), padded[at + size + 2 :].strip()


def audience(text: str) -> str | None:
    return _read(text, "audience")


def kind(text: str) -> str | None:
    """The kind of spending; a part said to be nothing (« rien en investissement », "no
    investment", `knowledge.negated.zeroed`) is never picked: the other part named beside it
    is the kind (« pas d'invest, que du fonctionnement »), else none."""
    value = _read(text, "kind")
    table = lx.lexicon().choices["kind"]
    nothing = zeroed(text, {k: table[k] for k in PARTS})
    if value is None or not nothing:
        return value
    if value == "both" and len(nothing) == 1:
        (other,) = set(PARTS) - nothing
        return other
    return None if value in nothing else value


# The choice questions a « je ne sais pas » said in a sentence may answer when the sentence
# picks none of their choices (`moves.says_dont_know`, reading23).
CHOICE_READERS: dict[str, Callable[[str], str | None]] = {
    "role": role,
    "audience": audience,
    "kind": kind,
}
PARTS = ("investment", "operating")  # fiche 4's two parts (the kind's other choices join them)


def negates_only(text: str, question: str) -> bool:
    """Words that only negate a choice ("pas une asso", "pas pour les jeunes"), or set apart
    two that one button joins ("pas une asso, un collectif"): no choice, and nothing to keep
    as « Autre » either (the person chooses)."""
    kept = affirmed(text, lx.lexicon().choices[question])
    return kept is not None and _read(text, question) is None


def not_an_audience(text: str) -> bool:
    """Words never kept as the audience's « Autre »: only negating an audience, or saying who
    the person is (reading15: « ah non on est pas une asso, on est un centre social
    municipal » at « Pour qui ? » was kept as the audience)."""
    return negates_only(text, "audience") or role(text) is not None or torn(text, "role")


def torn(text: str, question: str) -> bool:
    """The words pick two buttons as much, or only negate one: the person chooses, the words
    are not kept as "other"."""
    if negates_only(text, question):
        return True
    kept = affirmed(text, lx.lexicon().choices[question])
    return lx.torn(text if kept is None else kept, question)


_READERS: dict[str, Callable[[str], str | None]] = {
    "role": lx.role,
    "audience": lx.audience,
    "kind": lx.kind,
}


def _read(text: str, question: str) -> str | None:
    """The choice the words affirm: what a negation takes back is never read, and a choice
    both negated and affirmed ("pas une asso, un collectif": both an association for the
    lexicon) is none."""
    reader = _READERS[question]
    kept = affirmed(text, lx.lexicon().choices[question])
    if kept is None:
        return reader(text)
    value = reader(kept)
    negated = {reader(span) for span in split(text)[1]} - {None}
    if value is not None and value in negated:
        return None
    if value is None and negated:
        # words torn between two buttons, one of them just negated: the other is meant (« on
        # n'est pas une asso, on est un collectif d'habitants »: « collectif » is an
        # association's word, « habitants » an inhabitant's; not an association, so a group of
        # inhabitants — reading16). Alone, « un collectif d'habitants » is still asked.
        tied = lx.tied(kept, question)
        left = set(tied) - negated
        if len(tied) == 2 and len(left) == 1:
            return left.pop()
    return value
