"""What amounts are read with: the vocabulary of knowledge/data/money_words.toml (number words
in French and English, scale words such as "mille", "k", "million", the words that make two
amounts a range or a bound) and the regular expressions, built from it, that prepare the text.
Apart from the reading itself so the vocabulary is read in one place and the tokenizer stays
short."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

MAX_TEXT = 300  # characters read: an amount is short, and this bounds the work

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


FR_WORDS = _DATA["numbers"]["fr"]
EN_WORDS = _DATA["numbers"]["en"]
# Scale words: after digits ("45 mille") or inside a run of words ("deux mille").
SCALES = {word: Decimal(value) for word, value in _DATA["scales"].items()}
# Scales that only count right after a number: "k" or "m" alone mean nothing.
SUFFIX_ONLY = set(_W["suffix_only"])
# Spelled the way text2num expects inside a run of words.
RUN_SPELLING = {"milles": "mille", "mils": "mille", "thousands": "thousand"}
# A single one of these is an article or an adjective ("un budget", "matériel neuf").
NOT_ALONE = set(_DATA["numbers"]["not_alone"])
NUMBER_WORDS = set(FR_WORDS) | set(EN_WORDS) | (set(SCALES) - SUFFIX_ONLY)
# Typos corrected beside a number (see _fix_typos): scales and the long tens words.
TYPO_TARGETS = sorted(
    {w for w in NUMBER_WORDS if len(w) >= 5 and w not in ("grand", "seize", "douze")}
)
# "deux mille cinq", "3 mille 5": in speech often 2 500 / 3 500, in writing 2 005 / 3 005.
FRENCH_THOUSAND = set(_DATA["numbers"]["french_thousand"])
UNITS = {word: Decimal(value) for word, value in _DATA["numbers"]["units"].items()}
# Real words one letter away from a target, never corrected ("2 mile" is "2 mille").
KNOWN_WORDS = set(_W["known"])

# Words between two amounts that make them a range or alternatives, not two parts of a sum.
RANGE_WORDS = set(_W["range"])
BETWEEN = set(_W["between"])
DETAIL = set(_W.get("detail", ()))
DETAIL_MARKS = tuple(_W.get("detail_marks", ()))
MINUS = set(_W["minus"])
# "moins de 2000", "plus de 5000", "at least 3k": a bound, not the amount; ask for it.
BOUND = re.compile(rf"\b(?:{_alternatives(_W['bounds'])})\s*$")

# ---------------------------------------------------------------------------- patterns
BLANKS = re.compile(r"[\u00a0\u202f\u2009\u2007\s]+")
OTHER_CURRENCY = re.compile(rf"[$£¥]|\bus\$|\b(?:{_alternatives(_W['other_currencies'])})\b")
PERCENT = re.compile(rf"(\d)\s*(?:%|(?:{_alternatives(_W['percent'])})\b)")
# A percentage's word alone ("pour cent"), for readers that turn number words into digits
# first: text2num makes « 30 pour cent » "30 pour 100", an amount of 100 € (reading16).
PERCENT_WORD = re.compile(rf"\b(?:{_alternatives(_W['percent'])})\b")
# The number of a percentage itself ("12,5 %"), and a share said in words ("la moitié": 1/2),
# read by `knowledge.share` where the total makes an amount of it.
PERCENT_VALUE = re.compile(
    rf"(\d{{1,3}}(?:[.,]\d{{1,2}})?)\s*(?:%|(?:{_alternatives(_W['percent'])})\b)"
)
SHARE_WORDS: dict[str, str] = dict(_DATA["shares"])
SMS_K = re.compile(r"(\d+)\s?k\s?(\d)(?![\d.,])")  # 2k5 -> 2.5 k
AREA = re.compile(r"(\d)\s*m\s*[²³23](?!\d)")  # 200 m2 is an area, not 200 million
# Currency markers dropped; "k€" / "ke" / "keur" keep their k, "M€" its m.
K_EURO = re.compile(r"(\d)\s*k\s*(?:€|(?:e|eur|euros?)\b)")
M_EURO = re.compile(r"(\d)\s*m\s*(?:€|(?:eur|euros?)\b)")
EURO = re.compile(rf"€|\b(?:{_alternatives(_W['euro'])})\b|(?<=\d)e\b")
ABOUT = re.compile(r"\+\s*/\s*-|±")  # "+/- 1500": about, not minus
LEADING_POINT = re.compile(r"(?:^|(?<=\s))[.,](?=\d)")  # ".5k" is 0.5 k
ONE_HALF = re.compile(r"\b(?:one|un|une)\s+(?:and a half|et demie?)\b")
HALF = re.compile(r"\b(?:et demie?|and a half)\b")
# "half a million", "un demi-million", "a quarter of a million": a share of the scale after it
# (was read as one million).
HALF_OF = re.compile(
    r"\b(?<!and )(?<!et )(?:half an?|un demi|une demie?|demi)[\s-]+(?=(?:millions?|mille)\b)"
)
QUARTER_OF = re.compile(r"\b(?:a quarter of an?|un quart de)\s+(?=millions?\b)")
GLUE = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
TOKEN = re.compile(
    r"(?P<grouped>\d{1,3}(?P<sep>[ .,'])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<plain>\d+(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<word>[a-z]+)"
    r"|(?P<symbol>[-−/~%])"
)

# Doubt or a part left out, said beside an amount (knowledge.reserved).
RESERVATIONS = tuple(_W["reservations"])
# "3 x 4000", "2*5000": a number times another (the sides read as amounts, the operator here).
TIMES = re.compile(
    rf"^\s*([\d\s.,]*\d\s*k?)\s*(?:{_alternatives(_W['times'])})\s*(\d[\d\s.,]*\s*(?:k|€|euros?)?)\s*$",
    re.IGNORECASE,
)
# A law or an article by its number or date ("loi 1901", "loi du 1er juillet 1901"): no amount.
LAW = re.compile(
    rf"\b(?:{_alternatives(_W['law_before'])})\s+(?:(?:n°|no|n)\s*)?"
    rf"(?:(?:\d{{1,2}}(?:er)?\s+)?(?:{_alternatives(_W['months'])})\s+)?\d{{1,4}}\b",
    re.IGNORECASE,
)
# "1e9", "2,5E4": a calculator's or a program's notation, no amount anyone writes in a form;
# "10^4", and « 10⁴ » typed (`knowledge.text.typed` writes it so): a power, never 104 €.
EXPONENT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?:e[+-]?|\s*\^\s*)\d+(?![\w.,])", re.IGNORECASE)
# "1 200 € par mois": a rate, while every step asks for one sum.
PER_PERIOD = re.compile(
    rf"(?:\b(?:{_alternatives(_W['per'])})|/)\s*(?:{_alternatives(_W['periods'])})s?\b"
)
# "fiche 1", "n° 2": the number names something, it is not an amount.
LABEL_WORDS = set(_W["labels"])

# A word saying an amount is approximate, right before or after it ("environ 15000").
ABOUT_AFTER = frozenset(_W["about"])
ABOUT_BEFORE = re.compile(rf"\b(?:{_alternatives(_W['about'])})\s*$")
# A number followed by one of these counts something else ("3 ans", "2 salariés", "le 15 mars").
COUNTED = frozenset(_W["counted"])
DEPARTMENT_BEFORE = re.compile(rf"\b(?:{_alternatives(_W['department_before'])})\s*$")
YEAR_BEFORE = re.compile(rf"\b(?:{_alternatives(_W['year_before'])})\s*$")
YEAR_BESIDE_MONEY = re.compile(rf"\b(?:{_alternatives(_W['year_beside_money'])})\s*$")
# A currency said or written, on the folded text: the euro (its sign, its words, "k€", "3000e")
# or another one. Where a commune is asked, a number with a currency is an amount.
# ("eu" alone is left out: "on a eu 2 salles" says no currency.)
CURRENCY = re.compile(
    rf"[€$£¥]|\b(?:{_alternatives([w for w in _W['euro'] if w != 'eu'] + _W['other_currencies'])})\b"
    r"|\d\s?k(?:e|eur)\b"
)
# A grouped number ("20 000", "20.000"): written so as an amount, while a postcode is five
# digits in a row (but "62 100" is also how some write Calais's: the dialog asks the gazetteer).
GROUPED = re.compile(r"(?<![\d.,'])\d{1,3}(?:[ .,'\u00a0\u202f]\d{3})+(?![\d])")
# Addresses whose digits are no amount: an e-mail ("jeanne62@laposte.net") or a web address
# ("https://asso.fr/projets/2014"), set aside before an amount is read.
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+", re.IGNORECASE)

UNKNOWN = re.compile(rf"\b(?:{_alternatives(_W['unknown'])})\b")
# "no money", "pas de cofinancement": nothing said of money itself, never a correction's "no"
NO_MONEY = re.compile(
    rf"\b(?:{_alternatives(_W['nothing'])}) (?:\w+ )?(?:{_alternatives(_W['money_nouns'])})\b"
)
NOTHING = re.compile(
    rf"\b(?:{_alternatives(_W['nothing'])})\b"
    r"|\bne \w+ (?:pas|rien|plus)\b"  # "la commune ne participe pas"
)
# Who gives a part of a whole said with its breakdown (`knowledge.money_givers`, reading17).
GIVERS: dict[str, list[str]] = _DATA["givers"]
# One amount said twice, another year's amounts (knowledge/amount_story.py, reading19).
SAID_TWICE: dict[str, list[str]] = _DATA["said_twice"]
PAST_AMOUNTS: dict[str, list[str]] = _DATA["past_amounts"]
PERCENT_OF: dict[str, list[str]] = _DATA["percent_of"]
OUT_OF: dict[str, list[str]] = _DATA["out_of"]
