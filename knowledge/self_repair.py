"""A person changing their mind inside one message (issue 22, reading15).

« c'est pas 8000 c'est 18000 ah non pardon c'est 15000 au total », « nn le total c 12000 euh non
14000 »: said as it is typed, each value corrected by the next after a correction word. The
amount reader saw several amounts and asked for one — and the earlier answer stayed, so the
person had to say it all again. The last value said after the last correction word (the
lexicon's correction markers, firm or weak: « pardon », « ah non », « je veux dire », "sorry",
"I mean") is the one meant, when that last part holds one amount and an amount comes before it
(the earlier ones are taken back). Pure: returns the part to read, or None.
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


def last_said(text: str) -> str | None:
    """The part after the last correction word that is followed by a number, when a number
    comes before that word too; None otherwise (nothing was changed in the message)."""
    folded = fold(text)
    if len(folded) != len(text):  # ligatures expanded: positions differ, read as before
        return None
    cuts = [m.end() for m in _marker().finditer(folded)]
    for cut in reversed(cuts):
        before, after = text[:cut], text[cut:]
        if _DIGIT.search(after) and _DIGIT.search(before):
            return after.strip(" ,;:.!-—")
    return None
