"""Check a call's data package the way its editors need: every problem at once, each with its
file and line, instead of the first one the loader trips on.

`python -m knowledge validate [DIR]` prints one `file:line: message` per problem and exits 1 if
there is any. It checks what a hand edit breaks: TOML that does not parse, a fact without a
source (or citing an unknown document), a route naming a fiche, person or sub-territory that
does not exist, a date that does not parse, a contact without a phone, and finally whatever
the loader itself refuses.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge import faq_groups
from knowledge.loader import DataError, _load, unsourced_facts

FILES = ("call", "fiches", "contacts", "territories", "faq", "sheet", "passages")
OPTIONAL = ("sheet", "passages")
DATE_KEYS = ("applies_from", "deadline")  # the dates the loader reads
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]+\")\s*=")
_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Lines:
    """Where each table and key of a TOML file starts: 'fiches[1].floor[0]' -> line 112.

    A light reading of the text (headers and `key =` lines), enough to point an editor at the
    right place; a path it does not know falls back to its closest known parent."""

    def __init__(self, text: str) -> None:
        self.index: dict[str, int] = {}
        counts: dict[str, int] = {}
        last: dict[str, str] = {}  # array of tables (dotted name) -> its current element's path
        current = ""
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                parts = [p.strip().strip('"') for p in header.group(2).split(".")]
                resolved = ""
                for i, part in enumerate(parts[:-1]):
                    dotted = ".".join(parts[: i + 1])
                    resolved = last.get(dotted, f"{resolved}.{part}" if resolved else part)
                name = f"{resolved}.{parts[-1]}" if resolved else parts[-1]
                if header.group(1) == "[[":
                    counts[name] = counts.get(name, -1) + 1
                    last[".".join(parts)] = name = f"{name}[{counts[name]}]"
                current = name
                self.index.setdefault(name, number)
                continue
            key = _KEY.match(line)
            if key:
                name = key.group(1).strip('"')
                self.index.setdefault(f"{current}.{name}" if current else name, number)

    def of(self, path: str) -> int:
        while path:
            if path in self.index:
                return self.index[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return 1


def validate(data_dir: Path) -> list[Problem]:
    """Every problem found in the data package, in file order."""
    problems: list[Problem] = []
    raw: dict[str, dict[str, Any]] = {}
    lines: dict[str, Lines] = {}
    for name in FILES:
        path = data_dir / f"{name}.toml"
        if not path.exists():
            if name not in OPTIONAL:
                problems.append(Problem(path, 1, "fichier manquant (missing file)"))
            continue
        text = path.read_text("utf-8")
        try:
            raw[name] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = _LINE.search(str(exc))
            line = int(found.group(1)) if found else 1
            problems.append(Problem(path, line, f"TOML invalide (invalid TOML): {exc}"))
            continue
        lines[name] = Lines(text)

    def add(name: str, where: str, message: str) -> None:
        path = data_dir / f"{name}.toml"
        problems.append(Problem(path, lines[name].of(where), message))

    documents = raw.get("call", {}).get("documents", {})
    for name, data in raw.items():
        for problem in unsourced_facts(data, documents):
            where, _sep, message = problem.partition(": ")
            add(name, where, message)
        for where, value in _dates(data, ""):
            add(
                name,
                where,
                f"date illisible (unparsable date) {value!r}: écrire AAAA-MM-JJ, sans guillemets",
            )
    fiches = {f.get("number") for f in raw.get("fiches", {}).get("fiches", [])}
    contacts = raw.get("contacts", {})
    people = contacts.get("people", {})
    territories = set(raw.get("territories", {}).get("territories", {})) | {"*"}
    for pid, person in people.items():
        if not str(person.get("phone", "")).strip():
            add("contacts", f"people.{pid}", f"contact sans téléphone (no phone): {pid}")
    for i, route in enumerate(contacts.get("routes", [])):
        for number in route.get("fiches", []):
            if number not in fiches:
                add("contacts", f"routes[{i}].fiches", f"fiche inconnue (unknown fiche) {number}")
        for pid in route.get("people", []):
            if pid not in people:
                add("contacts", f"routes[{i}].people", f"personne inconnue (unknown) {pid!r}")
        if "territories" in raw and route.get("territory") not in territories:
            territory = route.get("territory")
            add("contacts", f"routes[{i}].territory", f"sous-territoire inconnu {territory!r}")
    for pid in contacts.get("general", {}).get("people", []):
        if pid not in people:
            add("contacts", "general.people", f"personne inconnue (unknown person) {pid!r}")
    passage_ids: dict[str, int] = {}
    for i, passage in enumerate(raw.get("passages", {}).get("passage", [])):
        pid = passage.get("id")
        if pid in passage_ids:
            add("passages", f"passage[{i}].id", f"id de passage en double (duplicate id) {pid!r}")
        passage_ids[pid] = i
        for key in ("text", "text_en"):
            if not str(passage.get(key, "")).strip():
                add("passages", f"passage[{i}]", f"passage sans `{key}` (empty): {pid!r}")
    texts = [
        str(p.get(k, ""))
        for p in raw.get("passages", {}).get("passage", [])
        for k in ("text", "text_en")
    ]
    for i, line in enumerate(raw.get("passages", {}).get("index", {}).get("addresses", [])):
        if not any(line in text for text in texts):  # else it would be searched as written
            add("passages", f"index.addresses[{i}]", f"adresse absente des passages {line!r}")
    if "passages" in raw:
        for name in FILES:  # FAQ entries, sources, sheet criteria: every `passages` list
            for where, pid in _cited(raw.get(name, {}), ""):
                if pid not in passage_ids:
                    add(name, where, f"passage inconnu (unknown passage) {pid!r}")
    if not problems:  # what the loader refuses beyond these checks (its message names the file)
        try:
            _load.__wrapped__(data_dir)
        except DataError as exc:
            problems.append(_from_error(data_dir, str(exc)))
        else:  # what an answer says of several fiches at once, against their values
            for where, message in faq_groups.problems(_load.__wrapped__(data_dir)):
                add("faq", where, message)
    return problems


def _cited(node: Any, where: str) -> Iterator[tuple[str, str]]:
    """(where, passage id) of every `passages = [...]` list in a data file."""
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}" if where else key
            if key == "passages" and isinstance(value, list):
                yield from ((path, str(v)) for v in value)
            else:
                yield from _cited(value, path)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _cited(value, f"{where}[{i}]")


def _dates(node: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Values of date keys that are not dates (a string such as "2014-13-01" or "1er déc.")."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            path = f"{where}.{key}" if where else key
            if key in DATE_KEYS and not isinstance(value, dt.date):
                yield path, value  # a quoted "2014-12-01" is text to TOML: the loader needs a date
            else:
                yield from _dates(value, path)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _dates(item, f"{where}[{i}]")


def _from_error(data_dir: Path, message: str) -> Problem:
    head, _sep, rest = message.partition(": ")
    path, _colon, line = head.rpartition(":")
    if path and line.isdigit():
        return Problem(Path(path), int(line), rest)
    return Problem(Path(head) if head.startswith(str(data_dir)) else data_dir, 1, rest or head)
