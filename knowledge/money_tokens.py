"""Amounts as tokens, then tokens combined into amounts: digits with their grouping, runs of
number words valued by text2num, scale words joined to the numbers around them ("3 mil 500" is
3 500), typos one letter off a scale word fixed beside a number. `knowledge.money` decides
from the amounts found what was meant (one amount, a range, several, a bound…)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from text_to_num import text2num

from knowledge.money_words import (
    ABOUT,
    AREA,
    BLANKS,
    EURO,
    FRENCH_THOUSAND,
    GLUE,
    HALF,
    HALF_OF,
    K_EURO,
    KNOWN_WORDS,
    LABEL_WORDS,
    LEADING_POINT,
    M_EURO,
    MAX_TEXT,
    NOT_ALONE,
    NUMBER_WORDS,
    ONE_HALF,
    PERCENT,
    PERCENT_WORD,
    QUARTER_OF,
    RUN_SPELLING,
    SCALES,
    SMS_K,
    SUFFIX_ONLY,
    TOKEN,
    TYPO_TARGETS,
    UNITS,
    WORD_HYPHEN,
)
from knowledge.text import fold


@dataclass(slots=True)
class Token:
    kind: Literal["num", "scale", "word", "symbol", "half"]
    text: str
    value: Decimal = Decimal(0)
    digits: bool = False
    ends_scale: Decimal | None = None  # a run of words ending with "mille": 500 may follow
    spoken: Decimal | None = None  # "deux mille cinq" said for 2 500 (see FRENCH_THOUSAND)


@dataclass(slots=True)
class Amount:
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
    # digits written with a thousands' separator ("2,000", "2 000"): never a year ("the town
    # puts in 2,000" is money, "in 2000" a date; reading19)
    grouped: bool = False

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
    phrase = " ".join(RUN_SPELLING.get(w, w) for w in words)
    phrase = re.sub(r"^a ", "one ", phrase)
    if phrase in ("zero", "zéro"):
        return Decimal(0)
    for language in (lang, "en" if lang == "fr" else "fr"):
        try:
            return Decimal(text2num(phrase, language))
        except ValueError:
            continue
    return None


def prepare(text: str) -> str:
    t = BLANKS.sub(" ", fold(text[:MAX_TEXT]).replace("’", "'").replace("−", "-"))
    t = ABOUT.sub(" environ ", t)
    t = PERCENT.sub(r"\1 % ", t)
    t = PERCENT_WORD.sub(" % ", t)  # after number words: « trente pour cent » is no 100 €
    t = AREA.sub(r"\1 metres ", t)
    t = SMS_K.sub(r"\1.\2 k ", t)
    t = LEADING_POINT.sub(" 0.", t)
    t = K_EURO.sub(r"\1 k ", t)
    t = M_EURO.sub(r"\1 m ", t)
    t = EURO.sub(" ", t)
    t = HALF_OF.sub(" 0.5 ", t)
    t = QUARTER_OF.sub(" 0.25 ", t)
    t = ONE_HALF.sub(" 1.5 ", t)
    t = HALF.sub(" etdemi ", t)
    t = GLUE.sub(" ", t)
    return WORD_HYPHEN.sub(" ", t)


def tokenize(text: str, lang: str) -> list[Token]:
    raw: list[Token] = []
    for match in TOKEN.finditer(text):
        if match.group("grouped") or match.group("plain"):
            grouped = bool(match.group("grouped"))
            value = _digits_value(match.group(0), grouped)
            if value is None:
                raw.append(Token("word", match.group(0)))
            else:
                raw.append(Token("num", match.group(0), value, digits=True))
        elif match.group("word"):
            raw.append(Token("word", match.group("word")))
        else:
            raw.append(Token("symbol", match.group("symbol")))
    _fix_typos(raw)
    return _join_word_runs(raw, lang)


def _fix_typos(raw: list[Token]) -> None:
    """ "2 mile", "vint mille", "45 milions": one letter off a scale or tens word, next to a
    number, is that word. Only long words qualify ("sept"/"sent" or "onze"/"once" would turn
    ordinary words into numbers), and only beside a number."""
    for i, token in enumerate(raw):
        if token.kind != "word" or len(token.text) < 4 or token.text in KNOWN_WORDS:
            continue
        neighbours = raw[max(0, i - 1) : i] + raw[i + 1 : i + 2]
        if not any(n.kind == "num" or n.text in NUMBER_WORDS for n in neighbours):
            continue
        found = process.extractOne(
            token.text, TYPO_TARGETS, scorer=Levenshtein.distance, score_cutoff=1
        )
        if found is not None:
            token.text = found[0]


def _is_run_word(tokens: list[Token], i: int, run: list[str]) -> bool:
    """Whether tokens[i] continues (or starts) a run of number words."""
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word in NUMBER_WORDS:
        return True
    if word == "a":  # "a thousand", "a hundred": English "one"
        return not run and nxt in ("hundred", "thousand", "million")
    if word == "et":  # "vingt et un", "soixante et onze"
        return bool(run) and nxt in ("un", "une", "onze")
    if word == "and":  # "one hundred and fifty"
        return bool(run) and run[-1] in ("hundred", "thousand") and nxt in NUMBER_WORDS
    return False


def _join_word_runs(raw: list[Token], lang: str) -> list[Token]:
    """Replace runs of number words by one number token; scale words after digits
    ("45 mille") and suffixes ("2 k") become scale tokens."""
    out: list[Token] = []
    i = 0
    while i < len(raw):
        token = raw[i]
        if token.kind == "num" and out and out[-1].text in LABEL_WORDS and token.value < 10:
            out.append(Token("word", token.text))
            i += 1
            continue
        after_number = bool(out) and out[-1].kind in ("num", "half")
        if token.kind == "word" and token.text in SCALES and after_number:
            out.append(Token("scale", token.text, SCALES[token.text]))
            i += 1
            continue
        if token.kind == "word" and token.text == "etdemi":  # "un million et demi"
            out.append(Token("half", token.text))
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
        if len(run) == 1 and run[0] in NOT_ALONE:
            out.append(Token("word", run[0]))
            continue
        value = _run_value(run, lang)
        if value is None:
            out.extend(Token("word", w) for w in run)  # not a number we can read
            continue
        last = SCALES.get(run[-1]) if run[-1] not in SUFFIX_ONLY else None
        out.append(Token("num", " ".join(run), value, ends_scale=last))
        if len(run) >= 2 and run[-2] in FRENCH_THOUSAND and run[-1] in UNITS:
            unit = UNITS[run[-1]]
            out[-1].spoken = value - unit + unit * 100
        if value >= 20 or len(run) > 1:
            out[-1].digits = True  # strong: "trois mille", "vingt"
    return out


def combine(tokens: list[Token]) -> list[Amount]:
    """Combine numbers with their scales: "3" "mil" "500" -> 3500; "1" "million" "200"
    "mille" -> 1 200 000. A number that cannot continue the amount starts another one."""
    amounts: list[Amount] = []
    current: Amount | None = None
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
                    current.last_word in FRENCH_THOUSAND
                    and token.text.isdigit()
                    and len(token.text) == 1
                ):
                    current.spoken = current.total + token.value * 100  # "3 mille 5"
            else:
                close()
                current = Amount(before=between)
                between = []
                current.current = token.value
                current.spoken = token.spoken
            current.forms.add(form)
            if token.digits:
                current.weak = False
                current.grouped = current.grouped or not token.text.isdigit()
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


def scaled_like(low: Decimal, high: Decimal) -> Decimal:
    """ "3 à 4000", "entre 2 et 3 k": the first number shares the second's scale."""
    while low and low * 1000 <= high:
        low *= 1000
    return low
