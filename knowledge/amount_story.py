"""What the several amounts of one message say, when they are a story around one answer (issue
22, reading19): the amount reader (`knowledge.money`) refuses several amounts, and asks.

- Said twice: « euh le total ça fait 15 000 à peu près, enfin 15 000 quoi », "about 9,000,
  yeah 9000": the same value, with only fillers and words of approximation between its two
  sayings (money_words.toml `[said_twice]`), is that value. « 2000 et 2000 », « 2000 pour la
  salle, 2000 pour le matériel » are two parts: asked as before.
- Another year's amount: « l'an passé on avait eu 3 000 € du FPH, cette année on demande 8 000
  à la Région ». An amount in a clause saying another year (`[past_amounts] past`) is what was
  given before; the one amount of the clauses that say now or name the Region is the answer.
  An amount said only of another year is no answer: `past`, asked about (it was recorded as
  the request, a silent misreading).
- Another funder beside the Region, at the request: « la ville nous donne 2 000 et on demande
  6 000 à la Région » — the clause naming the Region holds the request when every other
  amount's clause names another giver (`[past_amounts] funders`, the givers' words).

Pure; the words are data (money_words.toml), the grammar here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from knowledge.money import Parsed, parse_amount
from knowledge.money_tokens import combine, prepare, tokenize
from knowledge.money_words import GIVERS, PAST_AMOUNTS, SAID_TWICE
from knowledge.text import fold
from knowledge.years_said import without_start

# Where a clause ends: punctuation, a comma or a point not between digits ("12,5k", "1.200").
_CLAUSE = re.compile(r"[;:!?()—–]|(?<!\d)[,.]|[,.](?!\d)|\s-\s|\bmais\b|\bbut\b")
# The same, and "et" / "and" between two statements (« … 2 000 et on demande 6 000 … »).
_CLAUSE_AND = re.compile(_CLAUSE.pattern + r"|\bet\b|\band\b")
# A digit: a clause without one (and without number words) holds no amount, no parse needed.
_DIGIT = re.compile(r"\d")


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    """Folded phrases as one pattern, their words apart by blanks, apostrophes or hyphens."""
    alternatives = sorted(
        (r"[\s'’-]+".join(re.escape(w) for w in p.split()) for p in phrases), key=len
    )
    return re.compile(r"\b(?:" + "|".join(reversed(alternatives)) + r")\b")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        _pattern(PAST_AMOUNTS["past"]),
        _pattern(PAST_AMOUNTS["now"]),
        _pattern(PAST_AMOUNTS["region"]),
    )


@lru_cache(maxsize=1)
def _funders() -> re.Pattern[str]:
    """Another giver than the Region: the givers' words (the Region's aside) and the funds."""
    region = set(PAST_AMOUNTS["region"]) | {"regional"}
    words = [w for kind in ("local", "other") for w in GIVERS[kind] if w not in region]
    return _pattern(words + PAST_AMOUNTS["funders"])


@lru_cache(maxsize=1)
def _between() -> tuple[str, ...]:
    return tuple(sorted(SAID_TWICE["between"], key=len, reverse=True))


def resolve(text: str, parsed: Parsed, lang: str = "fr", step: str = "") -> Parsed:
    """`parsed` (read from `text`), or what the story around it says: one amount said twice,
    the amount of now beside another year's, or `past` for another year's amount alone; at
    the request (`step`), the Region's amount beside other funders'."""
    if parsed.problem in ("several_numbers", "range") and (twice := said_twice(text, lang)):
        return Parsed(twice)
    if parsed.amount is None and parsed.problem not in ("several_numbers", "range"):
        return parsed
    parsed = _beside_past(text, parsed, lang)
    if step == "request" and parsed.problem == "several_numbers":
        return _beside_funders(text, parsed, lang)
    return parsed


def said_twice(text: str, lang: str = "fr") -> Decimal | None:
    """The one value said two or three times with only fillers between (None otherwise)."""
    amounts = combine(tokenize(prepare(text), lang))
    if not 2 <= len(amounts) <= 3 or len({a.value for a in amounts}) != 1:
        return None
    for amount in amounts[1:]:
        between = f" {' '.join(amount.before)} "
        for phrase in _between():
            between = between.replace(f" {phrase} ", " ")
        if between.strip():
            return None
    value = amounts[0].value
    return value.quantize(Decimal("0.01")) if value > 0 else None


def _beside_past(text: str, parsed: Parsed, lang: str) -> Parsed:
    past, now, region = _patterns()
    folded = without_start(fold(text[:300]))  # « lancée en 2012 »: when it began
    if not past.search(folded):
        return parsed  # most messages: one search
    before: list[Decimal] = []
    current: list[str] = []
    said_now = False
    for clause in _clauses(folded, now):
        holds = bool(_DIGIT.search(clause)) or parse_amount(clause, lang).problem != "not_a_number"
        if past.search(clause):
            if holds and (amount := parse_amount(clause, lang).amount) is not None:
                before.append(amount)
            continue
        said_now = said_now or bool(now.search(clause) or region.search(clause))
        if holds:
            current.append(clause)
    if not before:
        return parsed
    if not current:  # « l'an passé on avait eu 3 000 € du FPH »: named, asked about
        return Parsed(None, "past", tuple(a.quantize(Decimal("0.01")) for a in before))
    meant = parse_amount(" ; ".join(current), lang)
    if said_now and meant.amount is not None and not meant.problem:
        return meant
    return parsed


def _beside_funders(text: str, parsed: Parsed, lang: str) -> Parsed:
    """The one amount of the one clause naming the Region, when every other amount's clause
    names another funder and not the Region (« la ville nous donne 2 000 et on demande 6 000
    à la Région »); `parsed` otherwise (asked, as before)."""
    _past, _now, region = _patterns()
    folded = fold(text[:300])
    if not region.search(folded):
        return parsed
    regional: list[Parsed] = []
    for clause in _CLAUSE_AND.split(folded):
        if not _DIGIT.search(clause) and parse_amount(clause, lang).problem == "not_a_number":
            continue
        if region.search(clause):
            regional.append(parse_amount(region.sub(" ", clause), lang))
        elif not _funders().search(clause):
            return parsed  # an amount whose giver is not said: which is the request?
    if len(regional) != 1 or regional[0].amount is None or regional[0].problem:
        return parsed
    return regional[0]


def _clauses(folded: str, now: re.Pattern[str]) -> list[str]:
    """The clauses of a folded message, a new one opening where a clause says now (« … du
    FPH et cette année on demande 8 000 »)."""
    out: list[str] = []
    for clause in _CLAUSE.split(folded):
        start = 0
        for match in now.finditer(clause):
            if match.start() > start:
                out.append(clause[start : match.start()])
                start = match.start()
        out.append(clause[start:])
    return [c.strip() for c in out if c and c.strip()]
