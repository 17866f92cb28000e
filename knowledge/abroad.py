"""Towns across the border (knowledge/data/abroad.csv): "Gent", "Namur", "on est à Tournai"
are said to be outside France instead of being misread as a commune of the region."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.i18n import N_
from knowledge.text import normalize

PATH = Path(__file__).resolve().parent / "data" / "abroad.csv"
# Words that name the country beside the town: "Mons (Belgique)", "Gent in Belgium".
_COUNTRY_WORDS = ("en belgique", "belgique", "in belgium", "belgium")


# The countries of the data, for the catalog (said through gettext: "Belgium" in English).
COUNTRIES = (N_("Belgique"),)


@dataclass(frozen=True, slots=True)
class Abroad:
    name: str
    country: str


@lru_cache(maxsize=1)
def _names() -> dict[str, Abroad]:
    with PATH.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        names: dict[str, Abroad] = {}
        for row in rows:
            town = Abroad(row["name"], row["country"])
            for name in [row["name"], *filter(None, (row["also"] or "").split("|"))]:
                names[normalize(name)] = town
        return names


def named_abroad(text: str) -> Abroad | None:
    """The town abroad the text names: the whole text, or its last one to three words
    ("on est à Tournai"), the country's name aside; None when it names none."""
    key = normalize(text)
    for word in _COUNTRY_WORDS:
        if key.endswith(" " + word):
            key = key[: -len(word) - 1]
            break
    words = key.split()
    names = _names()
    for size in (len(words), 3, 2, 1):
        if 0 < size <= len(words) and " ".join(words[-size:]) in names:
            return names[" ".join(words[-size:])]
    return None
