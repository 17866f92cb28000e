"""A share of a whole typed where an amount is asked: "50 %", "30 pour cent du total", "la
moitié", "half of it" (issue 22). The amount parse refuses a percentage ("percent": an amount is
asked); this reads which share it is, so that the request step can offer the amount it makes of
the total already given, to confirm. The words are data (`[shares]` and `percent` in
knowledge/data/money_words.toml). Pure."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from knowledge.lexicon import has_phrase
from knowledge.text import fold, normalize

_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, Fraction], re.Pattern[str]]:
    data = tomllib.loads(
        (Path(__file__).resolve().parent / "data" / "money_words.toml").read_text("utf-8")
    )
    shares = {normalize(w): Fraction(v) for w, v in data["shares"].items()}
    words = sorted(data["words"]["percent"], key=len, reverse=True)
    spoken = "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in words)
    # one number (a decimal comma or point allowed) and its percent sign or words
    percent = re.compile(rf"(\d{{1,3}}(?:[.,]\d{{1,2}})?)\s*(?:%|(?:{spoken})\b)")
    return shares, percent


def share(text: str) -> Decimal | None:
    """The share of a whole the message names (0.5 for "50 %" or "la moitié"), or None: no
    share, several, another number beside it ("50 % de 3000"), or over 100 %."""
    shares, percent = _words()
    folded = fold(text)
    found = percent.findall(folded)
    if found:
        if len(found) != 1 or len(_DIGITS.findall(percent.sub("", folded))) > 0:
            return None
        value = Decimal(found[0].replace(",", ".")) / 100
        return value if 0 < value <= 1 else None
    if _DIGITS.search(folded):
        return None
    key = normalize(text)
    named = {f for w, f in shares.items() if has_phrase(key, w)}
    if len(named) != 1:
        return None
    fraction = named.pop()
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)
