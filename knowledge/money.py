"""Read amounts the way people type them, and write them the way a French reader expects.

Accepted: "2000", "2 000 €", "2.000", "2 000,50", "2000.50", "2k", "2,5 k€", "1,2 M",
"deux mille euros", "two thousand". Refused with a reason: nothing, several numbers, negatives,
absurd sizes.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from babel.numbers import format_currency, format_percent
from text_to_num import alpha2digit

from knowledge.text import fold

MAX_AMOUNT = Decimal("100000000")  # 100 M€: above this it is a typo, not a DSDT project
CENT = Decimal("0.01")

Problem = Literal["empty", "not_a_number", "several_numbers", "negative", "too_large", "percent"]

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_CURRENCY = re.compile(r"(€|\beuros?\b|\beur\b)")
_NUMBER = re.compile(
    r"(?<![a-z\d])(-|−)?\s*(\d[\d\s\u00a0\u202f.,']*)\s*(k|m|mille|million|millions|%)?(?![a-z\d])"
)
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@dataclass(frozen=True, slots=True)
class Parsed:
    amount: Decimal | None
    problem: Problem | None = None


def _digits_to_decimal(raw: str) -> Decimal | None:
    """Interpret French and English digit groupings; one separator style per number."""
    text = _SPACES.sub("", raw).rstrip(".,")
    if not text:
        return None
    if "," in text and "." in text:
        # The last separator is the decimal one: "2.000,50" or "2,000.50".
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        text = text.replace(group_sep, "").replace(decimal_sep, ".")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        parts = text.split(sep)
        if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] != "0"):
            # "2.000", "1,500", "1.000.000": grouping, as nobody writes euros to 3 decimals.
            if not all(len(p) == 3 for p in parts[1:]):
                return None
            text = "".join(parts)
        else:
            text = parts[0] + "." + parts[1]
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_amount(text: str, lang: str = "fr") -> Parsed:
    """Parse one amount in euros; the problem says why it could not be read."""
    if not text or not text.strip():
        return Parsed(None, "empty")
    lowered = fold(text[:200])
    lowered = _CURRENCY.sub(" ", lowered)
    with contextlib.suppress(ValueError, IndexError):  # text2num is strict on odd input
        lowered = alpha2digit(lowered, lang if lang in ("fr", "en") else "fr")
    numbers = list(_NUMBER.finditer(lowered))
    numbers = [n for n in numbers if _digits_to_decimal(n.group(2)) is not None]
    if not numbers:
        return Parsed(None, "not_a_number")
    if len(numbers) > 1:
        return Parsed(None, "several_numbers")
    match = numbers[0]
    value = _digits_to_decimal(match.group(2))
    assert value is not None
    suffix = (match.group(3) or "").lower()
    if suffix in ("k", "mille"):
        value *= 1000
    elif suffix in ("m", "million", "millions"):
        value *= 1_000_000
    if suffix == "%":
        return Parsed(None, "percent")
    if match.group(1):
        return Parsed(None, "negative")
    if value > MAX_AMOUNT:
        return Parsed(None, "too_large")
    return Parsed(value.quantize(CENT, rounding=ROUND_HALF_UP))


def format_money(amount: Decimal, lang: str = "fr") -> str:
    """Babel currency format, without cents when the amount is whole ("2 000 €")."""
    locale = _LOCALES.get(lang, "fr_FR")
    if amount == amount.to_integral_value():
        return format_currency(
            amount,
            "EUR",
            locale=locale,
            format="#,##0\u00a0¤" if lang != "en" else "¤#,##0",
            currency_digits=False,
        )
    return format_currency(amount, "EUR", locale=locale)


def format_rate(rate: Decimal, lang: str = "fr") -> str:
    """A share as a percentage, one decimal at most ("29,9 %", "30 %")."""
    return format_percent(rate, format="#,##0.#\u00a0%", locale=_LOCALES.get(lang, "fr_FR"))
