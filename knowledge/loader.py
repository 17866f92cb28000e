"""Load knowledge/data into typed objects, refusing any fact that has no source.

Errors name the file and, where the parser knows it, the line: staff edit these files by hand
and must be able to find their mistake without reading Python.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from knowledge.model import (
    Commune,
    Dated,
    Fiche,
    KeywordGroup,
    Person,
    Region,
    Route,
    Source,
    Step,
    Territory,
    Tool,
)

DATA_DIR = Path(__file__).parent / "data"
COMMUNE_COLUMNS = (
    "insee",
    "name",
    "kind",
    "current_insee",
    "department",
    "postcodes",
    "population",
    "epci_code",
    "epci_name",
    "arrondissement_code",
    "arrondissement",
    "territory",
)


class DataError(Exception):
    """A data file is missing or malformed; the message names the file (and line if known)."""


@dataclass(frozen=True, eq=False)  # identity hash: caches key on the loaded instance
class Knowledge:
    """Everything the call says, loaded once and shared read-only."""

    documents: dict[str, dict[str, Any]]
    call: dict[str, Any]
    calendar: dict[str, Step]
    fiches: dict[int, Fiche]
    people: dict[str, Person]
    routes: tuple[Route, ...]
    general_contacts: tuple[str, ...]
    territories: dict[str, Territory]
    communes: tuple[Commune, ...]
    raw: dict[str, dict[str, Any]]
    region: Region
    data_dir: Path = DATA_DIR  # where this call was read from

    @property
    def epci_aliases(self) -> dict[str, tuple[str, ...]]:
        raw = self.raw["territories"].get("epci_aliases", {})
        return {code: tuple(names) for code, names in raw.items() if code != "source"}

    def territory_name(self, territory_id: str) -> str:
        territory = self.territories.get(territory_id)
        return territory.name if territory else territory_id


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise DataError(f"{path}: fichier de données manquant (missing data file)") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: TOML invalide (invalid TOML): {exc}") from None
    except OSError as exc:
        raise DataError(f"{path}: lecture impossible (cannot read): {exc}") from None


def _walk_fact_tables(
    node: Any, where: str, covered: bool = False
) -> Iterator[tuple[str, Mapping[str, Any], bool]]:
    """Yield every table holding a fact (a value other than `source` and sub-tables).

    `covered` tells whether an enclosing table already has a source: a nested table such as a
    territory's `arrondissements` is cited by its parent's source.
    """
    if isinstance(node, Mapping):
        has_source = covered or "source" in node
        holds_fact = any(
            key != "source" and not _is_table_or_tables(value) for key, value in node.items()
        )
        if holds_fact:
            yield where, node, covered
        for key, value in node.items():
            if key == "source":
                continue
            yield from _walk_fact_tables(value, f"{where}.{key}" if where else key, has_source)
    elif isinstance(node, list) and node and all(isinstance(item, Mapping) for item in node):
        for index, item in enumerate(node):
            yield from _walk_fact_tables(item, f"{where}[{index}]", covered)


def _is_table_or_tables(value: Any) -> bool:
    if isinstance(value, Mapping):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def unsourced_facts(data: Mapping[str, Any], documents: Mapping[str, Any]) -> list[str]:
    """Name every fact table lacking a `source` that points at a known document."""
    problems = []
    for where, table, covered in _walk_fact_tables(data, ""):
        if where.startswith("documents.") or (covered and "source" not in table):
            continue
        source = table.get("source")
        if not isinstance(source, Mapping) or not source.get("section"):
            problems.append(f"{where}: pas de `source` avec une `section` (no source)")
        elif source.get("doc") not in documents:
            problems.append(f"{where}: document inconnu {source.get('doc')!r} (unknown document)")
    return problems


def _source(raw: Mapping[str, Any], documents: Mapping[str, Any]) -> Source:
    doc = documents.get(raw["doc"], {})
    return Source(
        doc=raw["doc"],
        section=raw["section"],
        title=doc.get("title", ""),
        url=doc.get("url", ""),
        short=doc.get("short", ""),
        short_en=doc.get("short_en", ""),
        passages=tuple(raw.get("passages", ())),
    )


def _money(text: Any, where: str) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise DataError(f"{where}: montant invalide {text!r} (invalid amount)") from None


def _dated_amounts(
    entries: list[Mapping[str, Any]], key: str, documents: Mapping[str, Any], where: str
) -> tuple[Dated[Decimal], ...]:
    return tuple(
        Dated(
            value=_money(entry[key], f"{where}[{i}].{key}"),
            applies_from=entry["applies_from"],
            source=_source(entry["source"], documents),
        )
        for i, entry in enumerate(entries)
    )


def _fiche(raw: Mapping[str, Any], documents: Mapping[str, Any], where: str) -> Fiche:
    ceilings: dict[str, list[Mapping[str, Any]]] = {}
    for entry in raw.get("ceiling", []):
        ceilings.setdefault(entry["kind"], []).append(entry)
    return Fiche(
        number=int(raw["number"]),
        title=raw["title"],
        title_en=raw["title_en"],
        short_title=raw["short_title"],
        short_title_en=raw["short_title_en"],
        theme=raw.get("theme", ""),
        theme_en=raw.get("theme_en", ""),
        summary=raw["summary"],
        summary_en=raw["summary_en"],
        objectives=tuple(raw.get("objectives", ())),
        themes=tuple(raw.get("themes", ())),
        techniques=raw.get("techniques", ""),
        principles=raw.get("principles", ""),
        source=_source(raw["source"], documents),
        tools=tuple(
            Tool(
                code=t["code"],
                name=t["name"],
                description=t["description"],
                description_en=t["description_en"],
                source=_source(t["source"], documents),
            )
            for t in raw.get("tools", [])
        ),
        floor=_dated_amounts(raw.get("floor", []), "amount", documents, f"{where}.floor"),
        cofunding_min_rate=_dated_amounts(
            raw.get("cofunding_min_rate", []), "rate", documents, f"{where}.cofunding_min_rate"
        ),
        ceilings={
            kind: _dated_amounts(entries, "amount", documents, f"{where}.ceiling")
            for kind, entries in ceilings.items()
        },
        requirements={
            r["id"]: (r["label"], r["label_en"], _source(r["source"], documents))
            for r in raw.get("requirement", [])
        },
        perimeter=raw.get("perimeter", ""),
        perimeter_en=raw.get("perimeter_en", ""),
        eligible_actions=tuple(raw.get("eligible_actions", ())),
        eligible_actions_en=tuple(raw.get("eligible_actions_en", ())),
        keywords=tuple(
            KeywordGroup(
                weight=int(k["weight"]),
                words=tuple(k["words"]),
                source=_source(k["source"], documents),
            )
            for k in raw.get("keywords", [])
        ),
    )


def territory_of(
    insee: str,
    epci_code: str,
    arrondissement_code: str,
    territories: Mapping[str, Territory],
    overrides: Mapping[str, Any],
) -> str:
    """Sub-territory of a commune: commune override, else EPCI override, else arrondissement."""
    by_commune = overrides.get("communes", {})
    if insee in by_commune:
        return str(by_commune[insee])
    by_epci = overrides.get("epci", {})
    if epci_code in by_epci:
        return str(by_epci[epci_code])
    for territory in territories.values():
        if arrondissement_code in territory.arrondissements:
            return territory.id
    return ""


def _read_communes(
    path: Path, territories: Mapping[str, Territory], overrides: Mapping[str, Any]
) -> tuple[Commune, ...]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise DataError(f"{path}: fichier de données manquant (missing data file)") from None
    communes = []
    with handle:
        lines = handle.readlines()
        skipped = 0
        while skipped < len(lines) and lines[skipped].startswith("#"):
            skipped += 1  # the generator's provenance note
        reader = csv.DictReader(lines[skipped:])
        missing = [c for c in COMMUNE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(
                f"{path}:{skipped + 1}: colonnes manquantes (missing columns): {missing}"
            )
        for row in reader:
            line = reader.line_num + skipped
            try:
                territory = territory_of(
                    row["insee"],
                    row["epci_code"],
                    row["arrondissement_code"],
                    territories,
                    overrides,
                )
                communes.append(
                    Commune(
                        insee=row["insee"],
                        name=row["name"],
                        kind=row["kind"],
                        current_insee=row["current_insee"],
                        department=row["department"],
                        postcodes=tuple(row["postcodes"].split()),
                        population=int(row["population"] or 0),
                        epci_code=row["epci_code"],
                        epci_name=row["epci_name"],
                        arrondissement_code=row["arrondissement_code"],
                        arrondissement=row["arrondissement"],
                        territory=territory,
                    )
                )
            except (ValueError, TypeError, AttributeError) as exc:
                raise DataError(f"{path}:{line}: ligne invalide (invalid row): {exc}") from None
            if not row["name"] or not row["insee"]:
                raise DataError(f"{path}:{line}: nom ou code INSEE vide (empty name or code)")
    return tuple(communes)


def _require(data: Mapping[str, Any], path: Path, *keys: str) -> None:
    for key in keys:
        if key not in data:
            raise DataError(f"{path}: section [{key}] manquante (missing section)")


def knowledge_dir() -> Path:
    """The call's data package: KNOWLEDGE_DIR when set, else the shipped call.

    Read at the edges (the bot's settings, the CLI, the tests), so another call is loaded by
    pointing at its directory, with no change to the code."""
    configured = os.environ.get("KNOWLEDGE_DIR", "").strip()
    return Path(configured) if configured else DATA_DIR


def load_knowledge(data_dir: Path | str | None = None) -> Knowledge:
    """Read and validate every data file of the call (cached: the data is read-only).

    Without a directory: KNOWLEDGE_DIR, else the shipped call."""
    return _load(Path(data_dir) if data_dir is not None else knowledge_dir())


@functools.cache
def _load(data_dir: Path) -> Knowledge:
    raw = {
        name: _read_toml(data_dir / f"{name}.toml")
        for name in ("call", "fiches", "contacts", "territories", "faq")
    }
    for optional in ("sheet", "passages"):  # the pre-filled fiche synthétique; the documents
        if (data_dir / f"{optional}.toml").exists():
            raw[optional] = _read_toml(data_dir / f"{optional}.toml")
    _require(raw["call"], data_dir / "call.toml", "documents", "call", "calendar", "region")
    _require(raw["fiches"], data_dir / "fiches.toml", "fiches")
    _require(raw["contacts"], data_dir / "contacts.toml", "people", "routes", "general")
    _require(raw["territories"], data_dir / "territories.toml", "territories")
    _require(raw["faq"], data_dir / "faq.toml", "faq")
    documents = raw["call"]["documents"]
    for name, data in raw.items():
        problems = unsourced_facts(data, documents)
        if problems:
            raise DataError(f"{data_dir / (name + '.toml')}: " + "; ".join(problems))
    try:
        return _build(raw, documents, data_dir)
    except KeyError as exc:
        raise DataError(f"{data_dir}: clé manquante (missing key) {exc}") from None


def _build(raw: dict[str, dict[str, Any]], documents: dict[str, Any], data_dir: Path) -> Knowledge:
    contacts = raw["contacts"]
    offices = contacts.get("offices", {})
    people = {
        pid: Person(
            id=pid,
            name=p["name"],
            phone=p["phone"],
            email=p["email"],
            email_as_written=p.get("email_as_written", p["email"]),
            office=offices.get(p.get("office", ""), {}).get("name", ""),
            office_address=offices.get(p.get("office", ""), {}).get("address", ""),
            source=_source(p["source"], documents),
            office_en=offices.get(p.get("office", ""), {}).get("name_en", ""),
        )
        for pid, p in contacts["people"].items()
    }
    routes = tuple(
        Route(
            fiches=frozenset(r["fiches"]),
            territory=r["territory"],
            people=tuple(r["people"]),
            source=_source(r["source"], documents),
            emails=tuple((str(k), str(v)) for k, v in r.get("emails", {}).items()),
        )
        for r in contacts["routes"]
    )
    for route in routes:
        for pid in (*route.people, *(pid for pid, _email in route.emails)):
            if pid not in people or pid not in route.people:
                raise DataError(f"{data_dir / 'contacts.toml'}: personne inconnue {pid!r}")
    territories = {
        tid: Territory(
            id=tid,
            name=t["name"],
            arrondissements=dict(t["arrondissements"]),
            source=_source(t["source"], documents),
        )
        for tid, t in raw["territories"]["territories"].items()
    }
    calendar = {
        sid: Step(
            id=sid,
            label=s["label"],
            label_en=s["label_en"],
            detail=s.get("detail", ""),
            detail_en=s.get("detail_en", ""),
            deadline=s.get("deadline"),
            applies_from=s.get("applies_from"),
            source=_source(s["source"], documents),
        )
        for sid, s in raw["call"]["calendar"].items()
    }
    for step in calendar.values():
        if step.deadline is not None and not isinstance(step.deadline, dt.date):
            raise DataError(
                f"{data_dir / 'call.toml'}: [calendar.{step.id}] deadline: pas une date"
            )
    fiches = {}
    for i, f in enumerate(raw["fiches"]["fiches"]):
        fiche = _fiche(f, documents, f"{data_dir / 'fiches.toml'}: fiches[{i}]")
        fiches[fiche.number] = fiche
    communes = _read_communes(
        data_dir / "communes.csv", territories, raw["territories"].get("overrides", {})
    )
    return Knowledge(
        documents=documents,
        call=raw["call"],
        calendar=calendar,
        fiches=dict(sorted(fiches.items())),
        people=people,
        routes=routes,
        general_contacts=tuple(contacts["general"]["people"]),
        territories=territories,
        communes=communes,
        raw=raw,
        region=_region(raw["call"]["region"]),
        data_dir=data_dir,
    )


def _region(raw: dict[str, Any]) -> Region:
    """call.toml `[region]`: the territory the call covers and how it is named."""
    return Region(
        departments=tuple(str(code) for code in raw["departments"]),
        names=tuple(raw.get("names", ())),
        time_zone=str(raw["time_zone"]),
        files=str(raw["files"]),
        examples=dict(raw.get("examples", {})),
        words={k: str(v) for k, v in raw["words"].items() if not k.endswith("_en")},
        words_en={k[:-3]: str(v) for k, v in raw["words"].items() if k.endswith("_en")},
    )
