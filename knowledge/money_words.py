"""The words and patterns amounts are read with: number words in French and English, scale
words ("mille", "k", "million"), the words that make two amounts a range or a bound, and the
regular expressions that prepare the text. Apart from the reading itself so the vocabulary can
be read (and grown) in one place, and the tokenizer stays short."""

from __future__ import annotations

import re
from decimal import Decimal

MAX_TEXT = 300  # characters read: an amount is short, and this bounds the work

FR_WORDS = [
    "zero",
    "un",
    "une",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "vingts",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "septante",
    "huitante",
    "octante",
    "nonante",
    "cent",
    "cents",
]
EN_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
]
# Scale words: after digits ("45 mille") or inside a run of words ("deux mille").
SCALES = {
    "k": Decimal(1000),
    "kilo": Decimal(1000),
    "kilos": Decimal(1000),
    "mille": Decimal(1000),
    "milles": Decimal(1000),
    "mil": Decimal(1000),
    "mils": Decimal(1000),
    "thousand": Decimal(1000),
    "thousands": Decimal(1000),
    "grand": Decimal(1000),
    "centime": Decimal("0.01"),
    "centimes": Decimal("0.01"),
    "m": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "md": Decimal(1_000_000_000),
    "milliard": Decimal(1_000_000_000),
    "milliards": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
    "billions": Decimal(1_000_000_000),
}
# Scales that only count right after a number: "k" or "m" alone mean nothing.
SUFFIX_ONLY = {"k", "kilo", "kilos", "m", "mio", "md", "grand", "centime", "centimes"}
# Spelled the way text2num expects inside a run of words.
RUN_SPELLING = {"milles": "mille", "mils": "mille", "thousands": "thousand"}
# A single one of these is an article or an adjective ("un budget", "matériel neuf").
NOT_ALONE = {"un", "une", "one", "a", "neuf", "cents", "mil"}
NUMBER_WORDS = set(FR_WORDS) | set(EN_WORDS) | (set(SCALES) - SUFFIX_ONLY)
# Typos corrected beside a number (see _fix_typos): scales and the long tens words.
TYPO_TARGETS = sorted(
    {w for w in NUMBER_WORDS if len(w) >= 5 and w not in ("grand", "seize", "douze")}
)
# "deux mille cinq", "3 mille 5": in speech often 2 500 / 3 500, in writing 2 005 / 3 005.
FRENCH_THOUSAND = {"mille", "mil", "milles", "k"}
UNITS = {
    word: Decimal(value)
    for word, value in (
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
    )
}
# Real words one letter away from a target, never corrected ("2 mile" is "2 mille").
KNOWN_WORDS = {"miles", "euro", "euros", "grande", "villes", "ville"}

# Words between two amounts that make them a range or alternatives, not two parts of a sum.
RANGE_WORDS = {"ou", "or", "a", "au", "to", "voire", "sinon", "jusqu", "jusque", "until", "-"}
RANGE_WORDS |= {"/", "~", "entre", "between", "maybe", "peut", "etre", "plutot", "rather"}
BETWEEN = {"entre", "between"}
MINUS = {"-", "minus"}
# "moins de 2000", "plus de 5000", "at least 3k": a bound, not the amount; ask for it.
BOUND = re.compile(
    r"\b(?:moins de|moins d|plus de|plus d|au moins|au minimum|pas plus de|pas moins de|"
    r"superieur a|inferieur a|less than|more than|at least|at most|over|under|above|below)"
    r"\s*$"
)

# ---------------------------------------------------------------------------- patterns
BLANKS = re.compile(r"[\u00a0\u202f\u2009\u2007\s]+")
OTHER_CURRENCY = re.compile(
    r"[$£¥]|\b(?:dollars?|usd|us\$|livres? sterling|pounds?|gbp|chf|francs?|fcfa|yens?)\b"
)
PERCENT = re.compile(r"(\d)\s*(?:%|pour\s?cents?\b|percent\b|pct\b)")
SMS_K = re.compile(r"(\d+)\s?k\s?(\d)(?![\d.,])")  # 2k5 -> 2.5 k
AREA = re.compile(r"(\d)\s*m\s*[²³23](?!\d)")  # 200 m2 is an area, not 200 million
# Currency markers dropped; "k€" / "ke" / "keur" keep their k, "M€" its m.
K_EURO = re.compile(r"(\d)\s*k\s*(?:€|(?:e|eur|euros?)\b)")
M_EURO = re.compile(r"(\d)\s*m\s*(?:€|(?:eur|euros?)\b)")
EURO = re.compile(r"€|\b(?:euros?|eur|eu|balles)\b|(?<=\d)e\b")
ABOUT = re.compile(r"\+\s*/\s*-|±")  # "+/- 1500": about, not minus
LEADING_POINT = re.compile(r"(?:^|(?<=\s))[.,](?=\d)")  # ".5k" is 0.5 k
ONE_HALF = re.compile(r"\b(?:one|un|une)\s+(?:and a half|et demie?)\b")
HALF = re.compile(r"\b(?:et demie?|and a half)\b")
GLUE = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
TOKEN = re.compile(
    r"(?P<grouped>\d{1,3}(?P<sep>[ .,'])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<plain>\d+(?:[.,]\d{1,2})?(?![\d]))"
    r"|(?P<word>[a-z]+)"
    r"|(?P<symbol>[-−/~%])"
)

# "1 200 € par mois": a rate, while every step asks for one sum.
PER_PERIOD = re.compile(
    r"(?:\bpar|/|\bper|\ba)\s*(?:mois|an|annee|semaine|jour|month|year|week|day)s?\b"
)
# "fiche 1", "n° 2": the number names something, it is not an amount.
LABEL_WORDS = {"fiche", "fiches", "sheet", "n", "no", "numero", "number"}

UNKNOWN = re.compile(
    r"\b(?:je ne sais|je sais pas|sais pas|sait pas|ne sait|jsp|aucune idee|no idea"
    r"|don t know|dont know|not sure|pas sur|je ne suis pas sur)\b"
)
NOTHING = re.compile(
    r"\b(?:rien|aucun|aucune|nothing|none|nada|neant|nul|que dalle|pas encore|pas de|"
    r"pas d|not yet|no|non|nope|personne|nobody|zero|pas un rond|pas un centime)\b"
    r"|\bne \w+ (?:pas|rien|plus)\b"  # "la commune ne participe pas"
)
