"""Every French commune outside the call's departments (france.csv and the generating
package's communes.csv), indexed by folded name, postcode and INSEE code: what lets the guide
say that a commune is in another department instead of guessing a look-alike here."""

from __future__ import annotations

import bisect
import csv
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from knowledge.text import normalize

Via = Literal["name", "former", "alias", "postcode", "insee", "epci"]
SUGGEST_SCORE = 55.0  # below this, not even a suggestion


FRANCE_COLUMNS = ("insee", "name", "department", "postcodes", "population", "current_insee", "key")


DEPARTMENT_COLUMNS = ("code", "name")


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """A current French commune outside the call's departments: the call does not cover it."""

    insee: str
    name: str
    department: str
    department_name: str
    postcodes: tuple[str, ...]
    population: int
    score: float
    via: Via
    matched: str  # the name, former name or postcode that matched


# ---------------------------------------------------------------------------------- France
class France:
    """Every French commune outside the call's departments, indexed by folded name (current and
    former names), postcode and INSEE code. Built once from france.csv (about 36,000 rows):
    the folded key is precomputed by the generator and each row is kept as a tuple, so
    loading is a plain read; the postcode, prefix and fuzzy indexes are built on first use
    (each built whole, then assigned, so concurrent first uses never see half an index)."""

    def __init__(self, rows: Iterable[list[str]], departments: dict[str, str]) -> None:
        self.departments = departments
        # insee -> (insee, name, department, postcodes, population, current_insee, key).
        # Tuples of strings, not the csv module's lists: the cyclic collector stops tracking
        # such a tuple the first time it looks at it, so its full collections no longer walk
        # these 70,000 rows and entries (a third of the bot's tracked objects; a full
        # collection of the call's data fell from 8 ms to 1.6 ms, in the middle of a turn).
        self.communes: dict[str, tuple[str, ...]] = {}
        by_key: dict[str, list[tuple[str, Via, str]]] = {}
        formers: list[list[str]] = []
        for row in rows:
            if row[5]:
                formers.append(row)
                continue
            self.communes[row[0]] = tuple(row)
            entries = by_key.get(row[6])
            if entries is None:
                by_key[row[6]] = [(row[0], "name", row[1])]
            else:
                entries.append((row[0], "name", row[1]))
        for _insee, name, _dep, _pc, _pop, current, key in formers:
            entries = by_key.setdefault(key, [])
            if current in self.communes and not any(e[0] == current for e in entries):
                entries.append((current, "former", name))
        self.by_key: dict[str, tuple[tuple[str, Via, str], ...]] = {
            key: tuple(entries) for key, entries in by_key.items()
        }
        self._by_postcode: dict[str, tuple[str, ...]] = {}
        self._sorted: list[str] = []
        self._buckets: dict[str, list[str]] = {}

    def place(self, insee: str, score: float, via: Via, matched: str) -> Elsewhere:
        _insee, name, department, postcodes, population, _current, _key = self.communes[insee]
        return Elsewhere(
            insee,
            name,
            department,
            self.departments.get(department, ""),
            tuple(postcodes.split()),
            int(population or 0),
            score,
            via,
            matched,
        )

    def exact(self, key: str, department: str | None = None) -> list[Elsewhere]:
        """Communes bearing this name (current names first, then former ones), largest
        first."""
        entries = self.by_key.get(key, ())
        if any(via == "name" for _i, via, _n in entries):
            entries = tuple(e for e in entries if e[1] == "name")
        found = [self.place(i, 100.0, via, label) for i, via, label in entries]
        if department:
            found = [e for e in found if e.department == department]
        return sorted(found, key=lambda e: -e.population)

    def with_postcode(self, code: str) -> list[Elsewhere]:
        if not self._by_postcode:  # built whole, then published: safe if threads race
            index: dict[str, list[str]] = {}
            for insee, row in self.communes.items():
                for postcode in row[3].split():
                    index.setdefault(postcode, []).append(insee)
            self._by_postcode = {code: tuple(insees) for code, insees in index.items()}
        insees = self._by_postcode.get(code)
        if insees is None and code in self.communes:
            return [self.place(code, 100.0, "insee", code)]
        return sorted(
            (self.place(i, 100.0, "postcode", code) for i in insees or ()),
            key=lambda e: -e.population,
        )

    def prefixed(self, key: str) -> list[Elsewhere]:
        """Communes whose name starts with the query as whole words, largest first."""
        if not self._sorted:
            self._sorted = sorted(self.by_key)
        start = key + " "
        found: dict[str, Elsewhere] = {}
        index = bisect.bisect_left(self._sorted, start)
        while index < len(self._sorted) and self._sorted[index].startswith(start):
            for insee, via, label in self.by_key[self._sorted[index]]:
                found.setdefault(insee, self.place(insee, 95.0, via, label))
            index += 1
        return sorted(found.values(), key=lambda e: -e.population)

    def fuzzy(self, key: str, min_score: float = SUGGEST_SCORE, limit: int = 8) -> list[Elsewhere]:
        """Nearest names scoring at least `min_score`, scored as PlaceIndex.fuzzy scores names
        of the region. Only names that share the query's first letter are scanned (a full scan of
        35,000 names costs ~2 ms, and people seldom mistype the first letter of their commune);
        the score is the mean of ratio and WRatio (<= 100), so a name whose ratio is under
        2 * min_score - 100 cannot make it, and rapidfuzz skips it early."""
        if not self._buckets:
            buckets: dict[str, list[str]] = {}
            for name_key in self.by_key:
                buckets.setdefault(name_key[0], []).append(name_key)
            self._buckets = buckets
        results = process.extract(
            key,
            self._buckets.get(key[0], []),
            scorer=fuzz.ratio,
            processor=None,
            limit=limit * 2,
            score_cutoff=max(SUGGEST_SCORE, 2 * min_score - 100),
        )
        best: dict[str, Elsewhere] = {}
        for choice, score, _ in results:
            score = round((score + fuzz.WRatio(key, choice)) / 2, 1)
            for insee, via, label in self.by_key[choice]:
                if insee not in best or best[insee].score < score:
                    best[insee] = self.place(insee, score, via, label)
        ranked = sorted(best.values(), key=lambda e: (-e.score, -e.population))
        return ranked[:limit]


def _read_generated(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.reader(lines))[1:]


def _elsewhere_dict(place: Elsewhere, matched: str) -> dict[str, str]:
    """find_in_text's answer for a commune outside the region: no territory, no EPCI."""
    return {
        "insee": place.insee,
        "name": place.name,
        "epci_name": "",
        "territory": "",
        "department": place.department,
        "department_name": place.department_name,
        "matched": matched,
    }


@functools.cache
def load_france(data_dir: Path, region: tuple[str, ...] | None = None) -> France | None:
    """Every French commune outside the call's departments (`region`), from france.csv and
    departments.csv of a data directory (None when absent: a call without them still works, it
    just cannot tell where an outside commune is). france.csv holds the communes outside the
    departments of the package that generated it; that package's own communes.csv holds the
    others, so together they are France, whichever region the current call covers (without
    `region`: france.csv alone, as generated)."""
    france, departments = data_dir / "france.csv", data_dir / "departments.csv"
    if not france.exists() or not departments.exists():
        return None
    names = {row[0]: row[1] for row in _read_generated(departments)}
    # 36,000 rows of small lists and strings, none of them cyclic: the cyclic garbage collector
    # would walk them again and again as they are made (a third of the load time) for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        rows = _read_generated(france)
        if region is not None:
            if (data_dir / "communes.csv").exists():
                rows += _as_france_rows(data_dir / "communes.csv", region)
            rows = [row for row in rows if row[2] not in region]
        return France(rows, names)
    finally:
        if enabled:
            gc.enable()


def _as_france_rows(path: Path, region: tuple[str, ...]) -> list[list[str]]:
    """A package's communes.csv in france.csv's columns, leaving out the current call's
    departments (for the package's own call: all of them, so nothing is read twice)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        communes = [row for row in reader if row["department"] not in region]
    current = {row["insee"]: row["name"] for row in communes if row["kind"] == "commune"}
    rows = []
    for row in communes:
        if row["kind"] == "commune":
            former = ""
        elif current.get(row["current_insee"]) not in (None, row["name"]):
            former = row["current_insee"]
        else:
            continue  # a former commune named like its commune adds nothing
        rows.append(
            [
                row["insee"],
                row["name"],
                row["department"],
                row["postcodes"],
                row["population"],
                former,
                normalize(row["name"]),
            ]
        )
    return rows
