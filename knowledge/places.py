"""Commune, postcode and intercommunality (EPCI) lookup for Nord and Pas-de-Calais.

People type places the way they say them: "st omer", "Marcq en bareuil", "59000", "Lomme",
"Saint-Aubin". The lookup never guesses between two plausible communes: it returns
`ambiguous` with the candidates, or `not_found` with the nearest suggestions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from knowledge.model import Commune

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
from knowledge.text import normalize

Status = Literal["found", "ambiguous", "not_found"]

FOUND_SCORE = 86.0  # a fuzzy score at or above this may be taken as the commune meant
CLOSE_GAP = 4.0  # two different communes closer than this are both plausible: ask
AMBIGUOUS_SCORE = 72.0  # candidates above this are offered as choices
SUGGEST_SCORE = 55.0  # below this, not even a suggestion
MAX_QUERY = 120  # characters considered; nobody's commune is longer

_POSTCODE = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")
_DEPARTMENT = re.compile(r"(?<!\d)\(?(59|62)\)?(?!\d)")
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


@dataclass(frozen=True, slots=True)
class Match:
    """A current commune that fits the query, and how it was recognised."""

    commune: Commune
    score: float
    via: Literal["name", "former", "postcode", "insee", "epci"]
    matched: str  # the name, former name, postcode or EPCI name that matched


@dataclass(frozen=True, slots=True)
class Located:
    query: str
    status: Status
    matches: tuple[Match, ...] = ()
    suggestions: tuple[Match, ...] = ()
    reason: str = ""  # "", "empty", "out_of_region", "unknown_postcode", "epci"
    epci_name: str = ""

    @property
    def commune(self) -> Commune | None:
        return self.matches[0].commune if self.status == "found" else None


@dataclass
class _Entry:
    key: str
    insee: tuple[str, ...]  # current communes this key designates (homonyms share a key)
    via: Literal["name", "former", "epci"]
    label: str


@dataclass
class Gazetteer:
    """Index of communes built once; `locate` is then a dictionary probe or one fuzzy scan."""

    communes: Iterable[Commune]
    epci_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_insee: dict[str, Commune] = field(init=False, default_factory=dict)
    _entries: dict[str, _Entry] = field(init=False, default_factory=dict)
    _keys: list[str] = field(init=False, default_factory=list)
    _sorted_keys: list[str] = field(init=False, default_factory=list)
    _by_postcode: dict[str, list[str]] = field(init=False, default_factory=dict)
    _epci_members: dict[str, list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        all_communes = list(self.communes)
        for c in all_communes:
            if c.is_current:
                self._by_insee[c.insee] = c
                for pc in c.postcodes:
                    self._by_postcode.setdefault(pc, []).append(c.insee)
                self._epci_members.setdefault(c.epci_code, []).append(c.insee)
                self._add(normalize(c.name), c.insee, "name", c.name)
        for c in all_communes:
            if not c.is_current:
                self._add(normalize(c.name), c.current_insee, "former", c.name)
        epci_names = {c.epci_code: c.epci_name for c in all_communes}
        for code, name in epci_names.items():
            aliases = {normalize(a) for a in self.epci_aliases.get(code, ())}
            for key in self._epci_keys(name) | aliases:
                if key not in self._entries:  # a commune's own name wins over an EPCI alias
                    self._entries[key] = _Entry(key, (code,), "epci", name)
        for members in self._epci_members.values():
            members.sort(key=lambda insee: -self._by_insee[insee].population)
        for codes in self._by_postcode.values():
            codes.sort(key=lambda insee: -self._by_insee[insee].population)
        self._keys = list(self._entries)
        self._sorted_keys = sorted(self._keys)

    def _add(self, key: str, insee: str, via: Literal["name", "former"], label: str) -> None:
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(key, (insee,), via, label)
        elif insee not in entry.insee and entry.via != "epci":
            if entry.via == "former" and via == "name":
                self._entries[key] = _Entry(key, (insee,), via, label)
            elif entry.via == via:
                entry.insee = (*entry.insee, insee)

    @staticmethod
    def _epci_keys(name: str) -> set[str]:
        key = normalize(name)
        keys = {key}
        for prefix in _EPCI_PREFIXES:
            if key.startswith(prefix + " "):
                keys.add(key[len(prefix) + 1 :])
                break
        return keys

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge) -> Gazetteer:
        return cls(knowledge.communes, knowledge.epci_aliases)

    def by_insee(self, insee: str) -> Commune | None:
        return self._by_insee.get(insee)

    def epci_communes(self, epci_code: str) -> list[Commune]:
        return [self._by_insee[i] for i in self._epci_members.get(epci_code, [])]

    def find_in_text(self, text: str, max_words: int = 5) -> dict[str, str] | None:
        """The one commune named in a sentence ("je suis à Lens, j'appelle qui ?"), by postcode
        or by the exact (normalised) name of a current or former commune; None when there is
        none or more than one. No fuzzy guess here: a word of a question is not a typo."""
        postcode = _POSTCODE.search(text)
        matched = ""
        if postcode:
            located = self.locate(postcode.group(0))
            commune = located.commune
            matched = postcode.group(0)
        else:
            words = normalize(text).split()
            found: set[str] = set()
            for size in range(min(max_words, len(words)), 0, -1):
                for start in range(len(words) - size + 1):
                    key = " ".join(words[start : start + size])
                    entry = self._entries.get(key)
                    if entry is not None and entry.via != "epci" and len(key) >= 3:
                        found.update(entry.insee)
                        matched = key
                if found:
                    break
            commune = self._by_insee[found.pop()] if len(found) == 1 else None
        if commune is None:
            return None
        return {
            "insee": commune.insee,
            "name": commune.name,
            "epci_name": commune.epci_name,
            "territory": commune.territory,
            "matched": matched,
        }

    def locate(self, text: str) -> Located:
        query = text.strip()[:MAX_QUERY]
        department = None
        postcode_match = _POSTCODE.search(query)
        rest = query
        if postcode_match:
            rest = (query[: postcode_match.start()] + " " + query[postcode_match.end() :]).strip()
        else:
            dep = _DEPARTMENT.search(query)
            if dep:
                department = dep.group(1)
                rest = (query[: dep.start()] + " " + query[dep.end() :]).strip()
        key = normalize(rest)
        if postcode_match:
            code = postcode_match.group(1) + postcode_match.group(2)
            return self._by_code(text, code, key)
        if not key:
            return Located(text, "not_found", reason="empty")
        return self._by_name(text, key, department)

    def _by_code(self, text: str, code: str, key: str) -> Located:
        insees = self._by_postcode.get(code)
        via: Literal["postcode", "insee"] = "postcode"
        if insees is None and code in self._by_insee:
            insees, via = [code], "insee"
        if insees is None:
            if key:  # "62999 Arras": trust the name
                located = self._by_name(text, key, None)
                if located.status != "not_found":
                    return located
            reason = "unknown_postcode" if code[:2] in ("59", "62") else "out_of_region"
            return Located(text, "not_found", reason=reason)
        candidates = [self._by_insee[i] for i in insees]
        if key and len(candidates) > 1:
            narrowed = self._fuzzy(key, {c.insee for c in candidates})
            if narrowed:
                candidates = [m.commune for m in narrowed]
                best = narrowed[0].score
                close = [m for m in narrowed if m.score >= best - CLOSE_GAP]
                if best >= FOUND_SCORE and len(close) == 1:
                    candidates = [close[0].commune]
        matches = tuple(Match(c, 100.0, via, code) for c in candidates)
        status: Status = "found" if len(matches) == 1 else "ambiguous"
        return Located(text, status, matches)

    def _by_name(self, text: str, key: str, department: str | None) -> Located:
        entry = self._entries.get(key)
        if entry is not None:
            if entry.via == "epci":
                members = self.epci_communes(entry.insee[0])
                of_epci = tuple(Match(c, 100.0, "epci", entry.label) for c in members)
                return Located(text, "ambiguous", of_epci, reason="epci", epci_name=entry.label)
            communes = [self._by_insee[i] for i in entry.insee]
            if department:
                communes = [c for c in communes if c.department == department] or communes
            matches = [Match(c, 100.0, entry.via, entry.label) for c in communes]
            if len(matches) == 1:
                # "Saint-Amand" exists, but so does the far larger Saint-Amand-les-Eaux: ask.
                smallest = communes[0].population
                matches += [
                    m
                    for m in self._prefixed(key, department)
                    if m.commune.population > smallest and m.commune not in communes
                ]
            return Located(text, "found" if len(matches) == 1 else "ambiguous", tuple(matches))
        prefixed = self._prefixed(key, department)
        if prefixed:  # "Boulogne" is the start of Boulogne-sur-Mer, not a typo of Coulogne
            status: Status = "found" if len(prefixed) == 1 else "ambiguous"
            return Located(text, status, tuple(prefixed))
        allowed = None
        if department:
            allowed = {i for i, c in self._by_insee.items() if c.department == department}
        ranked = self._fuzzy(key, allowed)
        if not ranked:
            return Located(text, "not_found")
        best = ranked[0].score
        close = [m for m in ranked if m.score >= best - CLOSE_GAP]
        if best >= FOUND_SCORE and len(close) == 1:
            return Located(text, "found", (ranked[0],))
        plausible = tuple(m for m in ranked if m.score >= AMBIGUOUS_SCORE)
        if best >= AMBIGUOUS_SCORE and len(plausible) > 1:
            return Located(text, "ambiguous", plausible)
        suggestions = tuple(m for m in ranked[:3] if m.score >= SUGGEST_SCORE)
        return Located(text, "not_found", suggestions=suggestions)

    def _prefixed(self, key: str, department: str | None) -> list[Match]:
        """Communes whose name starts with the query as whole words, largest first."""
        start = key + " "
        found: dict[str, Match] = {}
        index = bisect.bisect_left(self._sorted_keys, start)
        while index < len(self._sorted_keys) and self._sorted_keys[index].startswith(start):
            entry = self._entries[self._sorted_keys[index]]
            index += 1
            if entry.via == "epci":
                continue
            for insee in entry.insee:
                commune = self._by_insee[insee]
                if department and commune.department != department:
                    continue
                found.setdefault(insee, Match(commune, 95.0, entry.via, entry.label))
        return sorted(found.values(), key=lambda m: -m.commune.population)

    def _fuzzy(self, key: str, allowed: set[str] | None, limit: int = 8) -> list[Match]:
        """Best distinct communes for a key, each with its best score over names and aliases."""
        results = process.extract(
            key,
            self._keys,
            scorer=fuzz.ratio,
            processor=None,
            limit=limit * 2,
            score_cutoff=SUGGEST_SCORE,
        )
        best: dict[str, Match] = {}
        for choice, score, _ in results:
            entry = self._entries[choice]
            if entry.via == "epci":
                continue
            # WRatio rewards a short query found inside a long name; temper that with the plain
            # ratio so "lille" does not tie with "lillers" or "villeneuve" with every Villeneuve.
            score = (score + fuzz.WRatio(key, choice)) / 2
            for insee in entry.insee:
                if allowed is not None and insee not in allowed:
                    continue
                if insee not in best or best[insee].score < score:
                    best[insee] = Match(
                        self._by_insee[insee], round(score, 1), entry.via, entry.label
                    )
        ranked = sorted(best.values(), key=lambda m: (-m.score, -m.commune.population))
        return ranked[:limit]
