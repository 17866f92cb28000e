"""Read amounts the way people type them, and write them the way a French reader expects.

Accepted: digits with any grouping ("2000", "2 000 €", "2.000", "2'000", "€2,500", "2 000,50",
"2,000.50"), "k" / "k€" / "ke", "mille" / "mil" / "thousand" / "grand", "million" / "M€",
numbers in words in French and English ("deux mille cinq cents", "twenty five thousand"),
words and digits mixed ("45 mille", "3 mil 500", "deux mille 500", "1 million 200 mille"),
SMS forms ("2k5", "3000e", "30ke"), "un million et demi", a scale word one letter off next
to a number ("2 mile", "vint mille"), the currency before or after.

Refused, with a reason the dialog turns into a question: nothing readable, ranges and
alternatives ("3000 ou 4000", "entre 2 et 3 k", "2000-3000": never read as one number, both
amounts kept in `values`), several amounts (one amount written twice, in digits and in words,
is one), "deux mille cinq" (2 005 or 2 500?), bounds ("plus de 5000"), rates ("par mois"),
negatives, percentages, other currencies, absurd sizes (over 100 M€), and any number inside
code, markup, a terminal escape or a placeholder ("a␛[31mred", "<script>alert(1)</script>",
"%s {0}": `knowledge.non_answers`). The digits of an e-mail or a web address are no amount, nor
a number that counts something else ("3 ans", "2 salariés", "le 15 mars", "12 rue …", "dans le
62", "en 2015"; the words in money_words.toml `counted`).

Why a hand-made tokenizer around text2num rather than `alpha2digit` alone: alpha2digit turns
"45 mille" into "45 1000" and "deux mille et trois mille" into "2003 1000", which cannot be
told apart from two numbers afterwards. Here digits, scale words and word runs are separate
tokens; text2num values each run of number words (it knows "quatre-vingt", "soixante et
onze", "fifteen hundred"), and a small combiner joins digits with the scales around them.

The vocabulary is in `knowledge.money_words`, the tokenizer and the combiner in
`knowledge.money_tokens`; this module decides what the amounts found mean, and formats them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from babel.numbers import format_currency, format_percent

from knowledge.breakdown import marked
from knowledge.money_tokens import Amount, combine, prepare, scaled_like, tokenize
from knowledge.money_words import (
    ABOUT_AFTER,
    ABOUT_BEFORE,
    ADDRESS,
    BETWEEN,
    BOUND,
    COUNTED,
    CURRENCY,
    DEPARTMENT_BEFORE,
    DETAIL,
    EXPONENT,
    GROUPED,
    LAW,
    MAX_TEXT,
    MINUS,
    NOTHING,
    NUMBER_WORDS,
    OTHER_CURRENCY,
    PER_PERIOD,
    RANGE_WORDS,
    TIMES,
    UNKNOWN,
    YEAR_BEFORE,
)
from knowledge.non_answers import code_like
from knowledge.text import fold, normalize
from knowledge.years_said import without_years

MAX_AMOUNT = Decimal("100000000")  # 100 M€: above this it is a typo, not a project of such a call
CENT = Decimal("0.01")

Problem = Literal[
    "empty",
    "not_a_number",
    "several_numbers",
    "range",
    "negative",
    "too_large",
    "percent",
    "currency",
    "per_period",
    "bound",
    "ambiguous",
    "code",
    "counted",
    "negated",  # only what the amount is not ("pas 5000"): `knowledge.reading`
    "notation",  # "1e9": a calculator's notation
    "product",  # "3 x 4000": a calculation; `values` holds its two sides and the result
    "past",  # another year's amount only (« l'an passé on avait eu 3000 »): amount_story
]

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@dataclass(frozen=True, slots=True)
class Parsed:
    """One amount, or why there is none. `values` holds the amounts seen when the problem is
    a range or several amounts, so the question can name them ("2 000 € ou 3 000 € ?")."""

    amount: Decimal | None
    problem: Problem | None = None
    values: tuple[Decimal, ...] = ()


def parse_amount(text: str, lang: str = "fr", *, nothing_is_zero: bool = False) -> Parsed:
    """Parse one amount in euros; the problem says why it could not be read.

    `nothing_is_zero`: at the co-funding step "rien", "pas encore", "aucun", "nothing" and
    "on n'a rien de la mairie" mean 0 (a number typed alongside still wins)."""
    if not text or not text.strip():
        return Parsed(None, "empty")
    if code_like(text):  # "a␛[31mred" is no 31 €, "%s {0}" no 0 €
        return Parsed(None, "code")
    if EXPONENT.search(text):  # "1e9" is no 1 € and 9 €
        return Parsed(None, "notation")
    if times := TIMES.match(text):  # "3 x 4000": a calculation, its result only offered
        return _product(times.group(1), times.group(2), lang)
    if "@" in text or "/" in text or "www" in text.lower():
        text = ADDRESS.sub(" ", text)  # "jeanne62@laposte.net" is no 62 €
    text = LAW.sub(" ", text)  # "association loi 1901" is no 1 901 €
    prepared = prepare(text)
    amounts = without_years(combine(tokenize(prepared, lang)), fold(text[:MAX_TEXT]))
    if any(a.after == "%" for a in amounts):
        return Parsed(None, "percent")
    if amounts and OTHER_CURRENCY.search(fold(text[:MAX_TEXT])):
        return Parsed(None, "currency")
    if amounts and PER_PERIOD.search(prepared):
        return Parsed(None, "per_period")
    if any(_counts_else(a) for a in amounts):
        # "3 ans", "le 15 mars", "dans le 62": no euros; "3000 € pour 50 jeunes": 3 000 €
        amounts = [a for a in amounts if not _counts_else(a)]
        if not amounts or not _said_as_money(text, amounts):
            return Parsed(None, "counted")
    if BOUND.search(" ".join(amounts[0].before)) if amounts else False:
        return Parsed(None, "bound", (amounts[0].value.quantize(CENT),))
    if not amounts:
        key = normalize(text[:MAX_TEXT])
        if nothing_is_zero and not UNKNOWN.search(key) and NOTHING.search(key):
            return Parsed(Decimal("0.00"))
        return Parsed(None, "not_a_number")
    first = amounts[0]
    if (first.before and first.before[-1] in MINUS) or first.before == ["moins"]:
        return Parsed(None, "negative")
    if len(amounts) > 1:
        problem = _several(amounts, fold(text[:MAX_TEXT]))
        if problem is not None:
            return problem
        amounts = [a for a in amounts if not a.weak] or amounts[:1]
    value = amounts[0].value
    spoken = amounts[0].spoken
    if spoken is not None and spoken != value and len(amounts) == 1:
        return Parsed(None, "ambiguous", (value.quantize(CENT), spoken.quantize(CENT)))
    if value > MAX_AMOUNT:
        return Parsed(None, "too_large")
    return Parsed(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _counts_else(amount: Amount) -> bool:
    """Whether the number counts something else than euros: people, time, a date, a surface,
    an address ("3 ans", "12 rue"), a department ("dans le 62"), a year ("en 2015")."""
    before = " ".join(amount.before)
    value = amount.value
    whole = value == value.to_integral_value()
    return (
        amount.after in COUNTED
        or (whole and value < 100 and bool(DEPARTMENT_BEFORE.search(before)))
        or (
            whole
            and not amount.grouped
            and 1950 <= value <= 2050
            # "en 2015", "mars 2015"
            and (
                bool(YEAR_BEFORE.search(before))
                or (bool(amount.before) and amount.before[-1] in COUNTED)
            )
        )
    )


def _said_as_money(text: str, amounts: list[Amount]) -> bool:
    """Beside a number that counts something else, whether what is left is said as an amount:
    a currency, a scale, grouped digits, or amounts of a hundred and more ("3000 pour 50
    jeunes"; "10h30" leaves 30, which is asked)."""
    folded = fold(text[:MAX_TEXT])
    return bool(
        CURRENCY.search(folded)
        or GROUPED.search(folded)
        or any(a.last_word for a in amounts)
        or all(a.value >= 100 for a in amounts)
    )


Shape = Literal["sure", "number"]


def money_shape(text: str, lang: str = "fr") -> Shape | None:
    """Whether a message typed where a commune is asked is written as an amount (issue 22:
    "environ 15000 euros" was read as the postcode of Aurillac, "20 000 dont 5 000 de la ville"
    as Ajaccio's). "sure": a currency, a scale ("8k", "15 mille"), a word saying the amount is
    approximate, beside a number; "number": digits grouped by thousands or a number in words,
    which a postcode may also be ("62 100"): the caller asks the gazetteer first. None: no
    amount, or five digits in a row (a postcode)."""
    if not text or code_like(text):
        return None
    if not any(c.isdigit() for c in text) and NUMBER_WORDS.isdisjoint(normalize(text).split()):
        return None  # most communes: no digit, no number word
    if "@" in text or "/" in text or "www" in text.lower():
        text = ADDRESS.sub(" ", text)
    text = LAW.sub(" ", text)
    amounts = [a for a in combine(tokenize(prepare(text), lang)) if not a.weak]
    if not amounts:
        return None
    folded = fold(text[:MAX_TEXT])
    about = any(ABOUT_BEFORE.search(" ".join(a.before)) or a.after in ABOUT_AFTER for a in amounts)
    if CURRENCY.search(folded) or about or any(a.last_word for a in amounts):
        return "sure"
    if GROUPED.search(folded) or any("words" in a.forms for a in amounts):
        return "number"
    return None


def _product(left: str, right: str, lang: str) -> Parsed:
    """ "3 x 4000": the two sides and their product in `values` (the dialog offers the result
    with a button), or no values when a side is no plain number."""
    sides = [parse_amount(side, lang).amount for side in (left, right)]
    if sides[0] is None or sides[1] is None:
        return Parsed(None, "product")
    return Parsed(None, "product", (sides[0], sides[1], (sides[0] * sides[1]).quantize(CENT)))


def _several(amounts: list[Amount], folded: str) -> Parsed | None:
    """Two amounts or more: a range, several different amounts, or one amount said twice
    (or beside small words such as "deux assos": None, read on)."""
    strong = [a for a in amounts if not a.weak]
    if _whole_and_detail(strong, folded):
        return None  # "8 000 € (dont 2 000 € de matériel et 6 000 € d'animation)": 8 000 €
    ranged = any(word in RANGE_WORDS for a in amounts[1:] for word in a.before) or any(
        word in BETWEEN for word in amounts[0].before
    )
    if ranged:
        low, high = amounts[0].value, amounts[1].value
        values = (scaled_like(low, high), high)
        return Parsed(None, "range", tuple(v.quantize(CENT) for v in values))
    # In the order typed, repeats kept: "mairie 2000, agglo 2000, département 1500" adds up
    # to 5 500, which the dialog can offer at the co-funding step.
    several = Parsed(None, "several_numbers", tuple(a.value.quantize(CENT) for a in strong[:4]))
    if len({a.value for a in strong}) > 1:
        return several
    # The same amount twice is one amount only when written two ways ("2 000 € (deux mille
    # euros)"); "la ville 5000, l'agglo 5000" is two amounts that may add up.
    if len(strong) > 1 and not ({"digits", "words"} <= set().union(*(a.forms for a in strong))):
        return several
    return None


def _whole_and_detail(strong: list[Amount], folded: str) -> bool:
    """Whether the first amount is a whole whose detail follows. After a word of the data's
    `detail` ("dont", "including") the detail lists SOME parts (reading23: « 12 400 € dont
    800 de salle et 2 000 de matériel » is a total of 12 400), so one part or more suffices,
    as long as they do not exceed the whole. After a mark only (`knowledge.breakdown`: « : »,
    « ( », « soit », "+") the parts are presented as the whole: two or more that add up to it
    exactly, else the person is asked."""
    if len(strong) < 2:
        return False
    whole, parts = strong[0].value, sum(a.value for a in strong[1:])
    if strong[0].after in DETAIL or DETAIL.intersection(strong[1].before):
        return parts <= whole
    return len(strong) >= 3 and parts == whole and marked(folded)


@functools.lru_cache(maxsize=4096)
def format_money(amount: Decimal, lang: str = "fr") -> str:
    """Babel currency format, without cents when the amount is whole ("2 000 €").
    Cached: Babel parses the pattern and looks up the currency's plural name on every call,
    a tenth of a whole turn's CPU (issue 28); equal amounts format alike (2000 == 2000.00)."""
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


@functools.lru_cache(maxsize=1024)
def format_rate(rate: Decimal, lang: str = "fr") -> str:
    """A share as a percentage, one decimal at most: "29,9 %" in French (a non-breaking space
    before %), "29.9%" in English (none)."""
    pattern = "#,##0.#%" if lang == "en" else "#,##0.#\u00a0%"
    return format_percent(rate, format=pattern, locale=_LOCALES.get(lang, "fr_FR"))
