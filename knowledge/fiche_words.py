"""A fiche chosen in words (issue 22): by its number ("fiche 2", "la 2", "n°2"), named in a
sentence ("non, plutôt la fiche 1"), or by its rank ("the fourth one", the lexicon's
`[fiche_ordinals]`). Out of `knowledge.lexicon` (which keeps the vocabulary itself) to keep
each module to one job; whether the call has the fiche is the caller's `numbers`."""

from __future__ import annotations

import re
from collections.abc import Collection

from knowledge.lexicon import lexicon, without_phrases
from knowledge.text import normalize

# A fiche by its number; whether the call has it is the caller's check (the data's fiches).
_FICHE = re.compile(r"^(?:la\s+)?(?:fiche\s*|n\s*|numero\s*|sheet\s*)?(\d{1,2})$")


def fiche_number(text: str, numbers: Collection[int]) -> int | None:
    """'fiche 2', 'la 2', 'n°2' -> 2 when the call has that fiche (`numbers`), else None."""
    match = _FICHE.match(normalize(text))
    number = int(match.group(1)) if match else None
    return number if number in numbers else None


_FICHE_IN_TEXT = re.compile(r"\b(?:fiche|sheet)\s*(?:n\s*|numero\s*|number\s*)?(\d{1,2})\b")


def fiche_named(text: str, numbers: Collection[int]) -> int | None:
    """The one fiche a sentence names by its number ("non, plutôt la fiche 1", "no, rather
    fiche 1": the « non » answered the fiche suggested, the number says which instead), or a
    whole message by its rank ("the fourth one", lexicon `[fiche_ordinals]`); None for none,
    two ("pas la 4, la 1"), or a question (the FAQ's)."""
    if "?" in text:
        return None
    lex = lexicon()
    ranked = lex.fiche_ordinals.get(without_phrases(normalize(text), lex.polite))
    if ranked is not None:  # "the fourth one", "la 2e": the whole message
        return ranked if ranked in numbers else None
    found = {int(n) for n in _FICHE_IN_TEXT.findall(normalize(text))}
    return found.pop() if len(found) == 1 and found <= set(numbers) else None
