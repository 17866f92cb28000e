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
negatives, percentages, other currencies, absurd sizes (over 100 M€).

Why a hand-made tokenizer around text2num rather than `alpha2digit` alone: alpha2digit turns
"45 mille" into "45 1000" and "deux mille et trois mille" into "2003 1000", which cannot be
told apart from two numbers afterwards. Here digits, scale words and word runs are separate
tokens; text2num values each run of number words (it knows "quatre-vingt", "soixante et
onze", "fifteen hundred"), and a small combiner joins digits with the scales around them.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Literal

from babel.numbers import format_currency, format_percent
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from text_to_num import text2num

from knowledge.text import fold, normalize

MAX_AMOUNT = Decimal("100000000")  # 100 M€: above this it is a typo, not a DSDT project
CENT = Decimal("0.01")
MAX_TEXT = 300  # characters read: an amount is short, and this bounds the work

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
]

_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@dataclass(frozen=True, slots=True)
class Parsed:
    """One amount, or why there is none. `values` holds the amounts seen when the problem is
    a range or several amounts, so the question can name them ("2 000 € ou 3 000 € ?")."""

    amount: Decimal | None
    problem: Problem | None = None
    values: tuple[Decimal, ...] = ()


# ---------------------------------------------------------------------------- vocabulary
# The words are data (knowledge/data/money_words.toml, each list with its reason); the
# patterns below are the grammar that reads them.
_DATA = tomllib.loads(
    (Path(__file__).resolve().parent / "data" / "money_words.toml").read_text("utf-8")
)
_W = _DATA["words"]


def _alternatives(words: list[str]) -> str:
    """A regex alternation of the words, longest first, spaces as optional blanks."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s?") for w in sorted(words, key=len, reverse=True)
    )


_FR_WORDS = _DATA["numbers"]["fr"]
_EN_WORDS = _DATA["numbers"]["en"]
# Scale words: after digits ("45 mille") or inside a run of words ("deux mille").
_SCALES = {word: Decimal(value) for word, value in _DATA["scales"].items()}
# Scales that only count right after a number: "k" or "m" alone mean nothing.
_SUFFIX_ONLY = set(_W["suffix_only"])
# Spelled the way text2num expects inside a run of words.
_RUN_SPELLING = {"milles": "mille", "mils": "mille", "thousands": "thousand"}
# A single one of these is an article or an adjective ("un budget", "matériel neuf").
_NOT_ALONE = set(_DATA["numbers"]["not_alone"])
_NUMBER_WORDS = set(_FR_WORDS) | set(_EN_WORDS) | (set(_SCALES) - _SUFFIX_ONLY)
# Typos corrected beside a number (see _fix_typos): scales and the long tens words.
_TYPO_TARGETS = sorted(
    {w for w in _NUMBER_WORDS if len(w) >= 5 and w not in ("grand", "seize", "douze")}
)
# "deux mille cinq", "3 mille 5": in speech often 2 500 / 3 500, in writing 2 005 / 3 005.
_FRENCH_THOUSAND = set(_DATA["numbers"]["french_thousand"])
_UNITS = {word: Decimal(value) for word, value in _DATA["numbers"]["units"].items()}
# Real words one letter away from a target, never corrected ("2 mile" is "2 mille").
_KNOWN_WORDS = set(_W["known"])

# Words between two amounts that make them a range or alternatives, not two parts of a sum.
_RANGE_WORDS = set(_W["range"])
_BETWEEN = set(_W["between"])
_MINUS = set(_W["minus"])
# "moins de 2000", "plus de 5000", "at least 3k": a bound, not the amount; ask for it.
_BOUND = re.compile(rf"\b(?:{_alternatives(_W['bounds'])})\s*$")

# ---------------------------------------------------------------------------- patterns
_BLANKS = re.compile(r"[\u00a0\u202f\u2009\u2007\s]+")
_OTHER_CURRENCY = re.compile(rf"[$£¥]|\bus\$|\b(?:{_alternatives(_W['other_currencies'])})\b")
_PERCENT = re.compile(rf"(\d)\s*(?:%|(?:{_alternatives(_W['percent'])})\b)")
_SMS_K = re.compile(r"(\d+)\s?k\s?(\d)(?![\d.,])")  # 2k5 -> 2.5 k
_AREA = re.compile(r"(\d)\s*m\s*[²³23](?!\d)")  # 200 m2 is an area, not 200 million
# Currency markers dropped; "k€" / "ke" / "keur" keep their k, "M€" its m.
_K_EURO = re.compile(r"(\d)\s*k\s*(?:€|(?:e|eur|euros?)\b)")
_M_EURO = re.compile(r"(\d)\s*m\s*(?:€|(?:eur|euros?)\b)")
_EURO = re.compile(rf"€|\b(?:{_alternatives(_W['euro'])})\b|(?<=\d)e\b")
_ABOUT = re.compile(r"\+\s*/\s*-|±")  # "+/- 1500": about, not minus
_LEADING_POINT = re.compile(r"(?:^|(?<=\s))[.,](?=\d)")  # ".5k" is 0.5 k
_ONE_HALF = re.compile(r"\b(?:one|un|une)\s+(?:and a half|et demie?)\b")
_HALF = re.compile(r"\b(?:et demie?|and a half)\b")
_GLUE = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_TOKEN = re.compile(
    r"(?P<grouped>\d{1,3}(?P<sep>[ .,'])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<plain>\d+(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<word>[a-z]+)"
    r"|(?P<symbol>[-−/~%])"
)

# "1 200 € par mois": a rate, while every step asks for one sum.
_PER_PERIOD = re.compile(
    rf"(?:\b(?:{_alternatives(_W['per'])})|/)\s*(?:{_alternatives(_W['periods'])})s?\b"
)
# "fiche 1", "n° 2": the number names something, it is not an amount.
_LABEL_WORDS = set(_W["labels"])

_UNKNOWN = re.compile(rf"\b(?:{_alternatives(_W['unknown'])})\b")
_NOTHING = re.compile(
    rf"\b(?:{_alternatives(_W['nothing'])})\b"
    r"|\bne \w+ (?:pas|rien|plus)\b"  # "la commune ne participe pas"
)


@dataclass(slots=True)
class _Token:
    kind: Literal["num", "scale", "word", "symbol", "half"]
    text: str
    value: Decimal = Decimal(0)
    digits: bool = False
    ends_scale: Decimal | None = None  # a run of words ending with "mille": 500 may follow
    spoken: Decimal | None = None  # "deux mille cinq" said for 2 500 (see _FRENCH_THOUSAND)


@dataclass(slots=True)
class _Amount:
    """An amount being assembled: total of the closed scales plus the current part."""

    total: Decimal = Decimal(0)
    current: Decimal | None = None
    last_scale: Decimal = Decimal("Infinity")
    weak: bool = True  # only small words ("deux assos"): dropped beside a real amount
    spoken: Decimal | None = None  # the other reading of "3 mille 5": 3 500 beside 3 005
    forms: set[str] = field(default_factory=set)  # "digits" and / or "words"
    last_word: str = ""  # the last scale word applied
    before: list[str] = field(default_factory=list)  # tokens between the previous one and it
    after: str = ""  # the token right after it

    @property
    def value(self) -> Decimal:
        return self.total + (self.current or Decimal(0))


def _digits_value(token: str, grouped: bool) -> Decimal | None:
    """Digits with their grouping: the last separator followed by 1-2 digits is the decimal
    one; one followed by three digits groups thousands (nobody writes euros to 3 decimals)."""
    text = token.replace(" ", "").replace("'", "")
    if grouped:
        sep_positions = [i for i, ch in enumerate(token) if ch in " .,'"]
        last = sep_positions[-1]
        tail = token[last + 1 :]
        if len(tail) in (1, 2) and token[last] in ".,":
            head = re.sub(r"[ .,']", "", token[:last])
            text = f"{head}.{tail}"
        else:
            text = re.sub(r"[ .,']", "", token)
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _run_value(words: list[str], lang: str) -> Decimal | None:
    """The value of a run of number words, by text2num (French first for French speakers)."""
    phrase = " ".join(_RUN_SPELLING.get(w, w) for w in words)
    phrase = re.sub(r"^a ", "one ", phrase)
    if phrase in ("zero", "zéro"):
        return Decimal(0)
    for language in (lang, "en" if lang == "fr" else "fr"):
        try:
            return Decimal(text2num(phrase, language))
        except ValueError:
            continue
    return None


def _prepare(text: str) -> str:
    t = _BLANKS.sub(" ", fold(text[:MAX_TEXT]).replace("’", "'").replace("−", "-"))
    t = _ABOUT.sub(" environ ", t)
    t = _PERCENT.sub(r"\1 % ", t)
    t = _AREA.sub(r"\1 metres ", t)
    t = _SMS_K.sub(r"\1.\2 k ", t)
    t = _LEADING_POINT.sub(" 0.", t)
    t = _K_EURO.sub(r"\1 k ", t)
    t = _M_EURO.sub(r"\1 m ", t)
    t = _EURO.sub(" ", t)
    t = _ONE_HALF.sub(" 1.5 ", t)
    t = _HALF.sub(" etdemi ", t)
    t = _GLUE.sub(" ", t)
    return _WORD_HYPHEN.sub(" ", t)


def _tokens(text: str, lang: str) -> list[_Token]:
    raw: list[_Token] = []
    for match in _TOKEN.finditer(text):
        if match.group("grouped") or match.group("plain"):
            grouped = bool(match.group("grouped"))
            value = _digits_value(match.group(0), grouped)
            if value is None:
                raw.append(_Token("word", match.group(0)))
            else:
                raw.append(_Token("num", match.group(0), value, digits=True))
        elif match.group("word"):
            raw.append(_Token("word", match.group("word")))
        else:
            raw.append(_Token("symbol", match.group("symbol")))
    _fix_typos(raw)
    return _join_word_runs(raw, lang)


def _fix_typos(raw: list[_Token]) -> None:
    """ "2 mile", "vint mille", "45 milions": one letter off a scale or tens word, next to a
    number, is that word. Only long words qualify ("sept"/"sent" or "onze"/"once" would turn
    ordinary words into numbers), and only beside a number."""
    for i, token in enumerate(raw):
        if token.kind != "word" or len(token.text) < 4 or token.text in _KNOWN_WORDS:
            continue
        neighbours = raw[max(0, i - 1) : i] + raw[i + 1 : i + 2]
        if not any(n.kind == "num" or n.text in _NUMBER_WORDS for n in neighbours):
            continue
        found = process.extractOne(
            token.text, _TYPO_TARGETS, scorer=Levenshtein.distance, score_cutoff=1
        )
        if found is not None:
            token.text = found[0]


def _is_run_word(tokens: list[_Token], i: int, run: list[str]) -> bool:
    """Whether tokens[i] continues (or starts) a run of number words."""
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word in _NUMBER_WORDS:
        return True
    if word == "a":  # "a thousand", "a hundred": English "one"
        return not run and nxt in ("hundred", "thousand", "million")
    if word == "et":  # "vingt et un", "soixante et onze"
        return bool(run) and nxt in ("un", "une", "onze")
    if word == "and":  # "one hundred and fifty"
        return bool(run) and run[-1] in ("hundred", "thousand") and nxt in _NUMBER_WORDS
    return False


def _join_word_runs(raw: list[_Token], lang: str) -> list[_Token]:
    """Replace runs of number words by one number token; scale words after digits
    ("45 mille") and suffixes ("2 k") become scale tokens."""
    out: list[_Token] = []
    i = 0
    while i < len(raw):
        token = raw[i]
        if token.kind == "num" and out and out[-1].text in _LABEL_WORDS and token.value < 10:
            out.append(_Token("word", token.text))
            i += 1
            continue
        after_number = bool(out) and out[-1].kind in ("num", "half")
        if token.kind == "word" and token.text in _SCALES and after_number:
            out.append(_Token("scale", token.text, _SCALES[token.text]))
            i += 1
            continue
        if token.kind == "word" and token.text == "etdemi":  # "un million et demi"
            out.append(_Token("half", token.text))
            i += 1
            continue
        if token.kind != "word" or not _is_run_word(raw, i, []):
            out.append(token)
            i += 1
            continue
        run: list[str] = []
        while i < len(raw) and raw[i].kind == "word" and _is_run_word(raw, i, run):
            # A scale word right after a complete run stays in it ("deux mille"); a second
            # number that cannot continue it starts a new run below.
            run.append(raw[i].text)
            i += 1
        if len(run) == 1 and run[0] in _NOT_ALONE:
            out.append(_Token("word", run[0]))
            continue
        value = _run_value(run, lang)
        if value is None:
            out.extend(_Token("word", w) for w in run)  # not a number we can read
            continue
        last = _SCALES.get(run[-1]) if run[-1] not in _SUFFIX_ONLY else None
        out.append(_Token("num", " ".join(run), value, ends_scale=last))
        if len(run) >= 2 and run[-2] in _FRENCH_THOUSAND and run[-1] in _UNITS:
            unit = _UNITS[run[-1]]
            out[-1].spoken = value - unit + unit * 100
        if value >= 20 or len(run) > 1:
            out[-1].digits = True  # strong: "trois mille", "vingt"
    return out


def _amounts(tokens: list[_Token]) -> list[_Amount]:
    """Combine numbers with their scales: "3" "mil" "500" -> 3500; "1" "million" "200"
    "mille" -> 1 200 000. A number that cannot continue the amount starts another one."""
    amounts: list[_Amount] = []
    current: _Amount | None = None
    between: list[str] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            amounts.append(current)
            current = None

    for token in tokens:
        if token.kind == "num":
            form = "digits" if token.text[:1].isdigit() else "words"
            if (
                current is not None
                and current.current is None
                and token.value < current.last_scale
            ):
                current.current = token.value
                if (
                    current.last_word in _FRENCH_THOUSAND
                    and token.text.isdigit()
                    and len(token.text) == 1
                ):
                    current.spoken = current.total + token.value * 100  # "3 mille 5"
            else:
                close()
                current = _Amount(before=between)
                between = []
                current.current = token.value
                current.spoken = token.spoken
            current.forms.add(form)
            if token.digits:
                current.weak = False
            if token.ends_scale is not None:
                assert current.current is not None
                current.total += current.current
                current.current = None
                current.last_scale = token.ends_scale
                current.last_word = token.text.split()[-1]
                current.weak = False
        elif token.kind == "half" and current is not None:
            if current.current is None and current.last_scale.is_finite():
                current.total += current.last_scale / 2  # "un million et demi"
            elif current.current is not None and current.total == 0:
                current.current += Decimal("0.5")  # "deux et demi" (k / mille may follow)
            else:
                close()
        elif token.kind == "scale" and current is not None and current.current is not None:
            if current.total == 0 or token.value < current.last_scale:
                current.total += current.current * token.value
                current.current = None
                current.last_scale = token.value
                current.last_word = token.text
                current.weak = False
            else:
                close()
                between.append(token.text)
        else:
            if current is not None and not current.after:
                current.after = token.text
            close()
            between.append(token.text)
    close()
    return amounts


def _scaled_like(low: Decimal, high: Decimal) -> Decimal:
    """ "3 à 4000", "entre 2 et 3 k": the first number shares the second's scale."""
    while low and low * 1000 <= high:
        low *= 1000
    return low


def parse_amount(text: str, lang: str = "fr", *, nothing_is_zero: bool = False) -> Parsed:
    """Parse one amount in euros; the problem says why it could not be read.

    `nothing_is_zero`: at the co-funding step "rien", "pas encore", "aucun", "nothing" and
    "on n'a rien de la mairie" mean 0 (a number typed alongside still wins)."""
    if not text or not text.strip():
        return Parsed(None, "empty")
    prepared = _prepare(text)
    amounts = _amounts(_tokens(prepared, lang))
    if any(a.after == "%" for a in amounts):
        return Parsed(None, "percent")
    if amounts and _OTHER_CURRENCY.search(fold(text[:MAX_TEXT])):
        return Parsed(None, "currency")
    if amounts and _PER_PERIOD.search(prepared):
        return Parsed(None, "per_period")
    if _BOUND.search(" ".join(amounts[0].before)) if amounts else False:
        return Parsed(None, "bound", (amounts[0].value.quantize(CENT),))
    if not amounts:
        key = normalize(text[:MAX_TEXT])
        if nothing_is_zero and not _UNKNOWN.search(key) and _NOTHING.search(key):
            return Parsed(Decimal("0.00"))
        return Parsed(None, "not_a_number")
    first = amounts[0]
    if (first.before and first.before[-1] in _MINUS) or first.before == ["moins"]:
        return Parsed(None, "negative")
    if len(amounts) > 1:
        problem = _several(amounts)
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


def _several(amounts: list[_Amount]) -> Parsed | None:
    """Two amounts or more: a range, several different amounts, or one amount said twice
    (or beside small words such as "deux assos": None, read on)."""
    ranged = any(word in _RANGE_WORDS for a in amounts[1:] for word in a.before) or any(
        word in _BETWEEN for word in amounts[0].before
    )
    if ranged:
        low, high = amounts[0].value, amounts[1].value
        values = (_scaled_like(low, high), high)
        return Parsed(None, "range", tuple(v.quantize(CENT) for v in values))
    strong = [a for a in amounts if not a.weak]
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
    """A share as a percentage, one decimal at most ("29,9 %", "30 %")."""
    return format_percent(rate, format="#,##0.#\u00a0%", locale=_LOCALES.get(lang, "fr_FR"))
