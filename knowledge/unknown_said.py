"""A "je ne sais pas" said inside a sentence (issue 22, reading15).

« aucune idée pour l'instant on n'a pas encore fait le budget » at the total, « je sais pas
encore ce que la mairie va mettre, on a rendez-vous en décembre » at the co-funding, « on sait
pas encore dans quelle ville, on hésite » at the commune: each says the step's « Je ne sais
pas » and a reason, in one breath, without the comma the clause reader (`lexicon.opens_unknown`)
needs, or after other words. They were refused as a non-amount or, at the commune, answered by
the FAQ with something unrelated — a confident wrong. The reasons people give are endless, so
they are not listed: a message holding one of the lexicon's "don't know" phrases as whole words
(`unknown`, `unknown_openings`), no question mark, a sentence's length at most, and nothing
after the phrase that makes it a question about a word (`[unknown_said] about`: « je ne sais
pas ce que veut dire cofinancement »; the amount itself, « how much », is no such word). Whether the rest holds the answer after all (an amount, a
commune) is the caller's check: then it is the answer, not a "don't know".
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.text import normalize

MAX_WORDS = 25  # longer, a text says more than that it does not know


@lru_cache(maxsize=1)
def _words() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    """The "don't know" phrases as one pattern (the longest first at a place), and the words
    that may follow one: about a word, or the amount itself."""
    with lx.PATH.open("rb") as file:
        raw = tomllib.load(file)["unknown_said"]
    lex = lx.lexicon()
    said = lx.phrases([*lex.unknown, *lex.unknown_openings, *raw.get("also", [])])
    pattern = re.compile(" (" + "|".join(re.escape(p) for p in said) + ") ")
    return pattern, lx.phrases(raw["about"]), lx.phrases(raw["amount"])


@lru_cache(maxsize=256)
def unknown_said(text: str) -> bool:
    """Whether the message says it does not know (see the module's docstring). Cached: the
    step and the question-or-answer decision both ask it of one message."""
    if "?" in text:
        return False
    key = normalize(text)
    if not key or len(key.split()) > MAX_WORDS:
        return False
    pattern, about, amount = _words()
    found = pattern.search(f" {key} ")
    if found is None:
        return False
    after = f" {key} "[found.end() :]
    if any(after.startswith(a + " ") or after.strip() == a for a in amount):
        return True  # "… how much to ask yet": the amount is what is not known
    return not any(after.startswith(a + " ") or after.strip() == a for a in about)
