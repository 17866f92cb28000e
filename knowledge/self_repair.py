"""A person changing their mind inside one message (issue 22, reading15, reading18).

« c'est pas 8000 c'est 18000 ah non pardon c'est 15000 au total », « nn le total c 12000 euh non
14000 »: said as it is typed, each value corrected by the next after a correction word. The
amount reader saw several amounts and asked for one — and the earlier answer stayed, so the
person had to say it all again. The last value said after the last correction word (the
lexicon's correction markers, firm or weak: « pardon », « ah non », « je veux dire », "sorry",
"I mean") is the one meant, when that last part holds one amount and an amount comes before it
(the earlier ones are taken back). Pure: returns the part to read, or None.

A message that opens with its value, before any correction word (« 3000 non attendez 3500… ah
non finalement c'est bien 3000 »), answers the question on screen and repairs itself: its
correction words are about its own values, not an earlier answer (reading18: it was read as a
correction of the total, which changed silently, the request left unset) — `opens_with_value`;
a commune named, then another after a correction word (« Lens non pardon Liévin »), the same
at the commune's question — `repaired_words`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.text import fold

_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _marker() -> re.Pattern[str]:
    lex = lx.lexicon()
    phrases = sorted({*lex.markers, *lex.weak_markers}, key=len, reverse=True)
    words = (r"\W+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


def _folded(text: str) -> tuple[str, list[int]]:
    """The text folded, and for each folded character the position of the character it came
    from (« … » folds to three points, « œ » to two letters: positions shift otherwise)."""
    folded = fold(text)
    if len(folded) == len(text):  # most messages: one character for one
        return folded, list(range(len(text)))
    parts = [fold(ch) for ch in text]
    origin = [i for i, part in enumerate(parts) for _ in part]
    return "".join(parts), origin


def _cuts(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Where the correction words are, as (start, end) positions in `text` itself."""
    folded, origin = _folded(text)
    origin.append(len(text))
    spans = [(origin[m.start()], origin[m.end()]) for m in _marker().finditer(folded)]
    return spans, origin


@lru_cache(maxsize=1)
def _repair() -> re.Pattern[str]:
    phrases = sorted(lx.lexicon().repairs, key=len, reverse=True)
    words = (r"\W+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")


# The new value after a repair word is short: « enfin 11500 », « enfin plutôt 12 500 € ».
MAX_REPAIRED_WORDS = 3
_ENDS_WITH_NUMBER = re.compile(r"\d\s*(?:€|euros?|k)?[\s,;:.!…-]*$")


def last_said(text: str) -> str | None:
    """The part after the last correction word that is followed by a number, when a number
    comes before that word too; None otherwise (nothing was changed in the message). A repair
    word (`[corrections] repairs`: « 11000… enfin 11500 ») counts right after a number and
    before a short last part only."""
    spans, _origin = _cuts(text)
    folded, origin = _folded(text)
    origin.append(len(text))
    for m in _repair().finditer(folded):
        start, end = origin[m.start()], origin[m.end()]
        after = text[end:].strip(" ,;:.!-—…")
        if _ENDS_WITH_NUMBER.search(text[:start]) and len(after.split()) <= MAX_REPAIRED_WORDS:
            spans.append((start, end))
    for _start, cut in sorted(spans, key=lambda span: span[1], reverse=True):
        before, after = text[:cut], text[cut:]
        if _DIGIT.search(after) and _DIGIT.search(before):
            return after.strip(" ,;:.!-—…")
    return None


def opens_with_value(text: str) -> bool:
    """Whether the message says a number before its first correction word, and changes its
    mind after it (« 2000 ah non attendez 2500 », "2000 no wait 2500… actually 2000 is right"):
    an answer repairing itself. False without a correction word, or without a number before
    it (« non en fait c'est 12000 » corrects what came before the message)."""
    if not _DIGIT.search(text):
        return False
    spans, _origin = _cuts(text)
    if not spans or last_said(text) is None:
        return False
    return bool(_DIGIT.search(text[: spans[0][0]]))


def repaired_words(text: str) -> tuple[str, str] | None:
    """(the words said first, the words said last) when the message says something, then a
    correction word, then something else (« Lens non pardon Liévin »): a name repaired as it is
    typed. None without a correction word, or with nothing before the first or after the last
    (« non en fait Liévin »: that corrects what came before the message)."""
    spans, _origin = _cuts(text)
    if not spans:
        return None
    first = text[: spans[0][0]].strip(" ,;:.!-—…")
    last = text[spans[-1][1] :].strip(" ,;:.!-—…")
    return (first, last) if first and last else None
