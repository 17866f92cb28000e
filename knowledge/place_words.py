"""How people write places: postcodes and department numbers beside a name, the words around
a commune's name in an answer, the articles before a department's, EPCI prefixes, and how
French is written by ear. Data for `knowledge.places`, no lookup here."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from rapidfuzz import fuzz

from knowledge.text import normalize

_POSTCODE = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")


# A department number beside a name: "Saint-Aubin 62", "Beauvais (60)", "Bailleul 80", "2A".
_DEPARTMENT = re.compile(r"(?<![\w])\(?(\d{2}|2[ab]|97\d)\)?(?![\w])", re.IGNORECASE)


# The words around a place's name are data (knowledge/data/place_words.toml, with their
# reasons), folded when loaded; longest first where they are stripped as prefixes / suffixes.
_WORDS = tomllib.loads(
    (Path(__file__).resolve().parent / "data" / "place_words.toml").read_text("utf-8")
)


def _folded(name: str, longest_first: bool = True) -> tuple[str, ...]:
    words = {normalize(w) for w in _WORDS[name] if normalize(w)}
    return tuple(sorted(words, key=lambda w: (-len(w), w))) if longest_first else tuple(words)


_EPCI_PREFIXES = _folded("epci_prefixes")
# Words around a commune's name in an answer ("j'habite à Beauvais", "ville de Lens", "in
# Dunkirk"), removed only when the whole text is not itself a name.
_FILLERS = _folded("fillers")
_TRAILERS = _folded("trailers")
_DEPARTMENT_ARTICLES = _folded("department_articles")
_QUARTERS = _folded("quarters")
# A neighbourhood named before its commune ("quartier de l'Alma à Roubaix"): the commune is
# what follows the last "à" (issue 22) ...
_NEIGHBOURHOODS = _folded("neighbourhoods")
# ... or after it ("Lille, quartier de Fives"): the commune is what comes before.
_NEIGHBOURHOOD_AFTER = tuple(f" {w} " for w in _folded("neighbourhood_after"))


def name_beside(
    key: str, known: Callable[[str], bool], sounds: Mapping[str, set[str]]
) -> str | None:
    """The commune's name beside a neighbourhood ("quartier de l alma a roubaix", "lille
    quartier de fives") or "sur mer" as people add it ("berk sur mer": Berck), when what is
    left is a name (`known`) or sounds like exactly one (`sounds`: sound key -> INSEE codes)."""
    if known(key):  # "boulogne sur mer" is itself a name
        return None
    if key.startswith(_NEIGHBOURHOODS) and " a " in key:
        return key.rsplit(" a ", 1)[1]
    for word in _NEIGHBOURHOOD_AFTER:
        before = f" {key} ".split(word, 1)[0].strip()
        if word in f" {key} " and known(before):
            return before
    if key.endswith(" sur mer"):
        rest = key[: -len(" sur mer")]
        return rest if known(rest) or len(sounds.get(sound_of(rest), ())) == 1 else None
    return None


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


_PLACE_PREPOSITIONS = frozenset(_folded("prepositions"))
PLACE_PREPOSITIONS = _PLACE_PREPOSITIONS  # read by knowledge.abroad too
# "près de Lille", "near Saint-Omer": a commune near the one named, not it.
NEAR = _folded("near")
# "Lille area", "la métropole lilloise": the area around a commune (reading12).
NEAR_AFTER = _folded("near_after")
NEAR_AREAS = frozenset(_folded("near_areas"))
# an adjective of a commune's name -> the commune ("lilloise" -> "Lille")
ADJECTIVES = {
    normalize(adjective): name
    for name, adjectives in _WORDS["adjectives"].items()
    for adjective in adjectives
}


def name_score(key: str, choice: str, ratio: float | None = None) -> float:
    """WRatio rewards a short query found inside a long name; temper that with the plain
    ratio so "lille" does not tie with "lillers" or "villeneuve" with every Villeneuve."""
    if ratio is None:
        ratio = fuzz.ratio(key, choice)
    return round((ratio + fuzz.WRatio(key, choice)) / 2, 1)
