"""The region's communes indexed for lookup: by name (current, former, another language's),
by postcode, by intercommunality (EPCI) and by sound.

Built once from the call's territories; `knowledge.places.Gazetteer` decides what a typed place
means and `knowledge.place_text` finds one inside a sentence, both through this one index (they
used to reach into each other's private dictionaries).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from knowledge.france import SUGGEST_SCORE
from knowledge.located import Match
from knowledge.model import Commune
from knowledge.place_words import _EPCI_PREFIXES, name_score, sound_of
from knowledge.text import normalize

Via = Literal["name", "former", "alias", "epci"]


@dataclass
class Entry:
    """What one normalised key designates: communes (homonyms share a key) or one EPCI."""

    key: str
    insee: tuple[str, ...]  # current communes (or, for `epci`, the EPCI's code)
    via: Via
    label: str


class PlaceIndex:
    """Dictionaries over the region's current communes; read-only once built."""

    def __init__(
        self,
        communes: Iterable[Commune],
        epci_aliases: Mapping[str, tuple[str, ...]],
        commune_aliases: Mapping[str, tuple[str, ...]],
    ) -> None:
        self.by_insee: dict[str, Commune] = {}
        self.entries: dict[str, Entry] = {}
        self.by_postcode: dict[str, list[str]] = {}
        self.epci_members: dict[str, list[str]] = {}
        self.by_sound: dict[str, set[str]] = {}
        all_communes = list(communes)
        for c in all_communes:
            if c.is_current:
                self.by_insee[c.insee] = c
                for pc in c.postcodes:
                    self.by_postcode.setdefault(pc, []).append(c.insee)
                self.epci_members.setdefault(c.epci_code, []).append(c.insee)
                self._add(normalize(c.name), c.insee, "name", c.name)
        for c in all_communes:
            if not c.is_current:
                self._add(normalize(c.name), c.current_insee, "former", c.name)
        for insee, names in commune_aliases.items():
            if insee in self.by_insee:  # "Dunkirk": another language's name, as a former one
                for alias in names:
                    self._add(normalize(alias), insee, "alias", alias)
        epci_names = {c.epci_code: c.epci_name for c in all_communes}
        for code, name in epci_names.items():
            aliases = {normalize(a) for a in epci_aliases.get(code, ())}
            for key in _epci_keys(name) | aliases:
                if key not in self.entries:  # a commune's own name wins over an EPCI alias
                    self.entries[key] = Entry(key, (code,), "epci", name)
        for members in self.epci_members.values():
            members.sort(key=lambda insee: -self.by_insee[insee].population)
        for codes in self.by_postcode.values():
            codes.sort(key=lambda insee: -self.by_insee[insee].population)
        self.keys: list[str] = list(self.entries)
        self.sorted_keys: list[str] = sorted(self.keys)
        for key, entry in self.entries.items():
            if entry.via != "epci":
                self.by_sound.setdefault(sound_of(key), set()).update(entry.insee)

    def _add(self, key: str, insee: str, via: Via, label: str) -> None:
        entry = self.entries.get(key)
        if entry is None:
            self.entries[key] = Entry(key, (insee,), via, label)
        elif insee not in entry.insee and entry.via != "epci":
            if entry.via != "name" and via == "name":
                self.entries[key] = Entry(key, (insee,), via, label)
            elif entry.via == via:
                entry.insee = (*entry.insee, insee)

    def commune_entry(self, key: str) -> Entry | None:
        """The entry of communes bearing exactly this normalised name (not an EPCI's)."""
        entry = self.entries.get(key)
        return entry if entry is not None and entry.via != "epci" else None

    def epci_communes(self, epci_code: str) -> list[Commune]:
        """An EPCI's communes, largest first."""
        return [self.by_insee[i] for i in self.epci_members.get(epci_code, [])]

    def prefixed(self, key: str, department: str | None) -> list[Match]:
        """Communes whose name starts with the query as whole words, largest first."""
        start = key + " "
        found: dict[str, Match] = {}
        index = bisect.bisect_left(self.sorted_keys, start)
        while index < len(self.sorted_keys) and self.sorted_keys[index].startswith(start):
            entry = self.entries[self.sorted_keys[index]]
            index += 1
            if entry.via == "epci":
                continue
            for insee in entry.insee:
                commune = self.by_insee[insee]
                if department and commune.department != department:
                    continue
                found.setdefault(insee, Match(commune, 95.0, entry.via, entry.label))
        return sorted(found.values(), key=lambda m: -m.commune.population)

    def fuzzy(self, key: str, allowed: set[str] | None, limit: int = 8) -> list[Match]:
        """Best distinct communes for a key, each with its best score over names and aliases."""
        results = process.extract(
            key,
            self.keys,
            scorer=fuzz.ratio,
            processor=None,
            limit=limit * 2,
            score_cutoff=SUGGEST_SCORE,
        )
        best: dict[str, Match] = {}
        for choice, score, _ in results:
            entry = self.entries[choice]
            if entry.via == "epci":
                continue
            score = name_score(key, choice, score)
            for insee in entry.insee:
                if allowed is not None and insee not in allowed:
                    continue
                if insee not in best or best[insee].score < score:
                    best[insee] = Match(self.by_insee[insee], score, entry.via, entry.label)
        ranked = sorted(best.values(), key=lambda m: (-m.score, -m.commune.population))
        return ranked[:limit]


def _epci_keys(name: str) -> set[str]:
    """An EPCI's name, and the name without its "communauté d'agglomération de" prefix."""
    key = normalize(name)
    keys = {key}
    for prefix in _EPCI_PREFIXES:
        if key.startswith(prefix + " "):
            keys.add(key[len(prefix) + 1 :])
            break
    return keys
