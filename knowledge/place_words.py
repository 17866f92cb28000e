"""How people write places: postcodes and department numbers beside a name, the words around
a commune's name in an answer, the articles before a department's, EPCI prefixes, and how
French is written by ear. Data for `knowledge.places`, no lookup here."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

_POSTCODE = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")


# A department number beside a name: "Saint-Aubin 62", "Beauvais (60)", "Bailleul 80", "2A".
_DEPARTMENT = re.compile(r"(?<![\w])\(?(\d{2}|2[ab]|97\d)\)?(?![\w])", re.IGNORECASE)


_EPCI_PREFIXES = (
    "communaute d agglomeration de",
    "communaute d agglomeration du",
    "communaute d agglomeration des",
    "communaute d agglomeration",
    "communaute de communes de",
    "communaute de communes du",
    "communaute de communes des",
    "communaute de communes",
    "communaute urbaine de",
    "communaute urbaine",
    "ca de",
    "ca du",
    "ca des",
    "ca",
    "cc de",
    "cc du",
    "cc des",
    "cc",
    "cu de",
    "cu",
)


# Words around a commune's name in an answer ("j'habite à Beauvais", "ville de Lens", "in
# Dunkirk"), removed only when the whole text is not itself a name. Normalised, longest first.
_FILLERS = tuple(
    sorted(
        (
            "j habite a",
            "j habite au",
            "j habite",
            "nous habitons a",
            "je suis a",
            "je suis au",
            "je suis de",
            "je suis sur",
            "je vis a",
            "nous sommes a",
            "nous sommes sur",
            "on est a",
            "on est sur",
            "on est au",
            "c est a",
            "c est sur",
            "c est",
            "le projet est a",
            "le projet se passe a",
            "ca se passe a",
            "dans la commune de",
            "dans la ville de",
            "la commune de",
            "la ville de",
            "commune de",
            "ville de",
            "mairie de",
            "a",
            "au",
            "sur",
            "i live in",
            "we are in",
            "it is in",
            "in",
            "at",
            "the town of",
            "the city of",
        ),
        key=len,
        reverse=True,
    )
)


_TRAILERS = tuple(
    sorted(
        (
            "france",
            "en france",
            "france metropolitaine",
            "centre",
            "centre ville",
            "ville",
            "city",
            "city centre",
            "town",
            "town centre",
        ),
        key=len,
        reverse=True,
    )
)


_DEPARTMENT_ARTICLES = tuple(
    sorted(
        (
            "le",
            "la",
            "les",
            "l",
            "en",
            "du",
            "de la",
            "dans le",
            "dans la",
            "dans les",
            "dans l",
            "departement",
            "departement du",
            "departement de la",
            "departement de l",
            "departement des",
            "le departement du",
            "le departement de la",
        ),
        key=len,
        reverse=True,
    )
)


_QUARTERS = ("nord", "sud", "est", "ouest", "north", "south", "east", "west")


# "Villeneuve": Villeneuve-d'Ascq (62,000 inhabitants) rather than a village of that exact name
# elsewhere, when the one commune here starting with the name is this much larger.
PREFIX_OVER_ELSEWHERE = 10


# How French is written by ear ("Mobeuge", "Dunkerk", "Callais"): spellings of one sound folded
# to one, silent endings dropped. Applied to whole normalised words, in this order.
_SOUNDS = tuple(
    (re.compile(pattern), repl)
    for pattern, repl in (
        (r"eau|au", "o"),
        (r"ph", "f"),
        (r"ck|qu|q|k", "k"),
        (r"c(?=[aoulr]|$)", "k"),
        (r"c(?=[eiy])", "s"),
        (r"gu(?=[eiy])", "g"),
        (r"y", "i"),
        (r"(?<![cs])h", ""),
        (r"ai|ei", "e"),
        (r"(ain|ein)", "in"),
        (r"(.)\1+", r"\1"),
        (r"(?<=.)(e|s|t|x|d|z)+$", ""),
        (r"(?<=.)e(?=r$)", ""),
    )
)


def sound_of(key: str) -> str:
    """A rough French phonetic key of a normalised name: 'mobeuge' and 'maubeuge' agree."""
    words = []
    for word in key.split():
        for pattern, repl in _SOUNDS:
            word = pattern.sub(repl, word)
        words.append(word)
    return " ".join(words)


_PLACE_PREPOSITIONS = frozenset({"a", "au", "de", "du", "d", "sur", "in", "at", "from", "near"})


def name_score(key: str, choice: str, ratio: float | None = None) -> float:
    """WRatio rewards a short query found inside a long name; temper that with the plain
    ratio so "lille" does not tie with "lillers" or "villeneuve" with every Villeneuve."""
    if ratio is None:
        ratio = fuzz.ratio(key, choice)
    return round((ratio + fuzz.WRatio(key, choice)) / 2, 1)
