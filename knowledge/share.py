"""A share of a whole typed where an amount is asked: "50 %", "30 pour cent du total", "la
moitié", "half of it" (issue 22). The amount parse refuses a percentage ("percent": an amount is
asked); this reads which share it is, so that the request step can offer the amount it makes of
the total already given, to confirm. The words are data (`[shares]` and `percent` in
knowledge/data/money_words.toml). Pure."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from knowledge.lexicon import has_phrase
from knowledge.money_words import PERCENT_VALUE, SHARE_WORDS
from knowledge.text import fold, normalize

_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=1)
def _shares() -> dict[str, Fraction]:
    return {normalize(w): Fraction(v) for w, v in SHARE_WORDS.items()}


def share(text: str) -> Decimal | None:
    """The share of a whole the message names (0.5 for "50 %" or "la moitié"), or None: no
    share, several, another number beside it ("50 % de 3000"), or over 100 %."""
    folded = fold(text)
    found = PERCENT_VALUE.findall(folded)
    if found:
        if len(found) != 1 or _DIGITS.search(PERCENT_VALUE.sub("", folded)):
            return None
        value = Decimal(found[0].replace(",", ".")) / 100
        return value if 0 < value <= 1 else None
    if _DIGITS.search(folded):
        return None
    key = normalize(text)
    named = {f for w, f in _shares().items() if has_phrase(key, w)}
    if len(named) != 1:
        return None
    fraction = named.pop()
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)
