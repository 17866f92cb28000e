"""Towns abroad: "Gent", "Namur", "on est à Tournai", "Amsterdam", "Dover" are said to be
outside France instead of being misread as a commune of the region.

Two data files, read once on first use: abroad.csv (Belgium's border municipalities with their
French, Dutch and English names, kept by hand) first, then world.csv (towns of 15,000
inhabitants near the region and large cities farther, generated from GeoNames by
`knowledge.build_abroad`). A name is the first file's when both have it. Countries are ISO
codes, named in the person's language by Babel (CLDR): no country name is written here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale

from knowledge.place_words import PLACE_PREPOSITIONS
from knowledge.text import normalize

DATA = Path(__file__).resolve().parent / "data"
FILES = (DATA / "abroad.csv", DATA / "world.csv")
# A name matched at the end of a sentence ("on est à Rotterdam") has at least this many
# letters: a short word closing a sentence is seldom a town.
MIN_TAIL_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Abroad:
    name: str
    country: str  # ISO 3166 code
    border: bool = False  # from abroad.csv (kept by hand), not GeoNames' alternate names

    def country_name(self, lang: str) -> str:
        """The country in the person's language ("Pays-Bas", "Netherlands")."""
        return str(Locale.parse(lang).territories.get(self.country, self.country))


@lru_cache(maxsize=1)
def _names() -> dict[str, Abroad]:
    names: dict[str, Abroad] = {}
    for path in FILES:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                town = Abroad(row["name"], row["country"])
                if "keys" in row:  # world.csv: folded when generated
                    for key in row["keys"].split("|"):
                        names.setdefault(key, town)
                    continue
                town = Abroad(row["name"], row["country"], border=True)
                for name in [row["name"], *filter(None, (row["also"] or "").split("|"))]:
                    names.setdefault(normalize(name), town)
    return names


@lru_cache(maxsize=1)
def _country_words() -> tuple[str, ...]:
    """The countries' names that may follow a town ("Mons (Belgique)", "Gent in Belgium"),
    with "en" / "in" before them, longest first."""
    codes = {town.country for town in _names().values()}
    words: set[str] = set()
    for lang in ("fr", "en"):
        territories = Locale.parse(lang).territories
        for code in codes:
            if code in territories:
                name = normalize(territories[code])
                words.update((name, f"en {name}", f"in {name}", f"au {name}", f"aux {name}"))
    return tuple(sorted(words, key=len, reverse=True))


def named_abroad(text: str) -> Abroad | None:
    """The town abroad the text names: the whole text, or its last one to three words
    ("on est à Tournai"), the country's name aside; None when it names none."""
    key = normalize(text)
    for word in _country_words():
        if key.endswith(" " + word):
            key = key[: -len(word) - 1]
            break
    words = key.split()
    names = _names()
    for size in (len(words), 3, 2, 1):
        if not 0 < size <= len(words):
            continue
        tail = " ".join(words[-size:])
        if tail in names and (size == len(words) or len(tail) >= MIN_TAIL_LETTERS):
            return names[tail]
    return None


def named_abroad_in(text: str, is_commune: Callable[[str], bool]) -> Abroad | None:
    """The town abroad a sentence names right after a place's preposition ("on est basés à
    Gand, pas loin de Lille", "we're in Brussels, near the Midi station"), by one of its
    names (at least MIN_TAIL_LETTERS letters): a town across the border (abroad.csv) by any of
    its names, a farther one (world.csv) only by its own name, since GeoNames' alternate names
    include everyday words; words that are a commune of the region (`is_commune`, normalised)
    are never read as abroad. Only after a preposition: the capitalised words of a sentence
    are also towns somewhere ("Reading the call…", "March")."""
    words = normalize(text).split()
    names = _names()
    for i in range(1, len(words)):
        if words[i - 1] not in PLACE_PREPOSITIONS:
            continue
        for size in (3, 2, 1):
            run = " ".join(words[i : i + size])
            if i + size > len(words):
                continue
            if is_commune(run):
                break  # "à Comines": the commune of the Nord
            town = names.get(run)
            if town is None or len(run.replace(" ", "")) < MIN_TAIL_LETTERS:
                continue
            if town.border or run == normalize(town.name):
                return town  # not a far city by one of its many alternate names
    return None
