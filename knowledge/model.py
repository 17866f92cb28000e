"""Typed view of the call's data files, so rules and dialogs never index raw dictionaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: a document of call.toml [documents] and a section of it."""

    doc: str
    section: str
    title: str = ""
    url: str = ""
    short: str = ""  # the document's short name, shown to people with its URL
    short_en: str = ""
    passages: tuple[str, ...] = ()  # ids of the passages (passages.toml) the fact rests on

    def cite(self) -> str:
        return f"{self.title} — {self.section}" if self.title else self.section

    def short_in(self, lang: str) -> str:
        """A short name for a "Source" line (the full title and section are for staff)."""
        return (self.short_en if lang == "en" else self.short) or self.title or self.section


@dataclass(frozen=True, slots=True)
class Dated(Generic[T]):
    """A value that applies from a given day on (OpenFisca-style parameter entry)."""

    value: T
    applies_from: dt.date
    source: Source


def as_of(entries: tuple[Dated[T], ...], day: dt.date) -> Dated[T] | None:
    """Pick the entry in force on `day`.

    Before the first entry took effect, the earliest entry is used: a person asking about a call
    not yet published still deserves its announced rules.
    """
    if not entries:
        return None
    ordered = sorted(entries, key=lambda e: e.applies_from)
    current = ordered[0]
    for entry in ordered:
        if entry.applies_from <= day:
            current = entry
    return current


@dataclass(frozen=True, slots=True)
class Tool:
    code: str
    name: str
    description: str
    description_en: str
    source: Source


@dataclass(frozen=True, slots=True)
class KeywordGroup:
    weight: int
    words: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Fiche:
    number: int
    title: str
    title_en: str
    short_title: str
    short_title_en: str
    summary: str
    summary_en: str
    objectives: tuple[str, ...]
    themes: tuple[str, ...]
    techniques: str
    principles: str
    source: Source
    tools: tuple[Tool, ...] = ()
    floor: tuple[Dated[Decimal], ...] = ()
    cofunding_min_rate: tuple[Dated[Decimal], ...] = ()
    ceilings: dict[str, tuple[Dated[Decimal], ...]] = field(default_factory=dict)
    requirements: dict[str, tuple[str, str, Source]] = field(default_factory=dict)
    perimeter: str = ""
    perimeter_en: str = ""
    eligible_actions: tuple[str, ...] = ()
    eligible_actions_en: tuple[str, ...] = ()
    keywords: tuple[KeywordGroup, ...] = ()
    theme: str = ""  # the dialog's theme button for this fiche, in plain words
    theme_en: str = ""

    def theme_in(self, lang: str) -> str:
        return (self.theme_en or self.theme) if lang == "en" else self.theme or self.short_title

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title

    def short_title_in(self, lang: str) -> str:
        return self.short_title_en if lang == "en" else self.short_title

    def summary_in(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    phone: str
    email: str
    email_as_written: str
    office: str
    office_address: str
    source: Source
    office_en: str = ""

    def office_in(self, lang: str) -> str:
        return (self.office_en or self.office) if lang == "en" else self.office

    @property
    def phone_international(self) -> str:
        """'03 28 82 79 52' -> '+33 3 28 82 79 52', for people calling from abroad."""
        digits = "".join(c for c in self.phone if c.isdigit())
        if len(digits) != 10 or not digits.startswith("0"):
            return self.phone
        rest = digits[1:]
        return "+33 " + rest[0] + " " + " ".join(rest[i : i + 2] for i in range(1, 9, 2))


@dataclass(frozen=True, slots=True)
class Route:
    fiches: frozenset[int]
    territory: str
    people: tuple[str, ...]
    source: Source
    # (person id, address) where the route's section prints another address than the
    # person's `email_as_written` (fiche 1 prints « nordpasdecalais.fr »)
    emails: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Territory:
    id: str
    name: str
    arrondissements: dict[str, str]
    source: Source


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the call's calendar."""

    id: str
    label: str
    label_en: str
    detail: str
    detail_en: str
    source: Source
    deadline: dt.date | None = None
    applies_from: dt.date | None = None

    def label_in(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label

    def detail_in(self, lang: str) -> str:
        return self.detail_en if lang == "en" else self.detail


@dataclass(frozen=True, slots=True)
class Region:
    """The territory a call covers, as its package says (call.toml `[region]`): its departments
    (the communes it covers), what people type to name all of it instead of a commune, its time
    zone, the short name on the guide's files, the examples its questions give, and how the
    messages name it and its parts (`words`, French, and English under `words_en`)."""

    departments: tuple[str, ...]
    names: tuple[str, ...]
    time_zone: str
    files: str
    examples: Mapping[str, str]
    words: Mapping[str, str]
    words_en: Mapping[str, str]

    def words_in(self, lang: str) -> Mapping[str, str]:
        """How the messages name the region and its parts, in this language."""
        return {**self.words, **self.words_en} if lang == "en" else self.words


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune, or a former one (`current_insee` names the commune it merged into)."""

    insee: str
    name: str
    kind: str
    current_insee: str
    department: str
    postcodes: tuple[str, ...]
    population: int
    epci_code: str
    epci_name: str
    arrondissement_code: str
    arrondissement: str
    territory: str

    @property
    def is_current(self) -> bool:
        return self.kind == "commune"
