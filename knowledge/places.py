"""Commune, postcode and intercommunality (EPCI) lookup: Nord and Pas-de-Calais, and where
everything else in France is.

People type places the way they say them: "st omer", "Marcq en bareuil", "59000", "Lomme",
"Saint-Aubin", "j'habite à Beauvais". The lookup never guesses between two plausible communes:
it returns `ambiguous` with the candidates, or `not_found` with the nearest suggestions. It
knows every French commune (france.csv), so a commune outside Nord / Pas-de-Calais is said to be
`outside` — with its department — instead of being taken for a look-alike of 59/62 ("Beauvais"
is not Beauvois). Fuzzy matching is the last resort: only when no commune anywhere in France
bears the name (folded for case, accents, hyphens, "st", œ), and then over all of France.
"""

from __future__ import annotations

import bisect
import csv
import functools
import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rapidfuzz import fuzz, process

from knowledge.model import Commune
from knowledge.text import normalize

if TYPE_CHECKING:
    from knowledge.loader import Knowledge

Status = Literal["found", "ambiguous", "outside", "not_found"]
Via = Literal["name", "former", "alias", "postcode", "insee", "epci"]

FOUND_SCORE = 86.0  # a fuzzy score at or above this may be taken as the commune meant
CLOSE_GAP = 4.0  # two different communes closer than this are both plausible: ask
AMBIGUOUS_SCORE = 72.0  # candidates above this are offered as choices
SUGGEST_SCORE = 55.0  # below this, not even a suggestion
SOUND_SCORE = 70.0  # a name that sounds right must still be spelt at least this close ("eims"
# sounds like Hem but is no spelling of it)
# People who use this bot mostly live in Nord / Pas-de-Calais: a typo that fits a commune here
# and one elsewhere about as well is read as the one here. Elsewhere must do clearly better.
OUTSIDE_HANDICAP = 5.0
TOWN_POPULATION = 5000  # an outside commune this large may be named by its first words
OUTSIDE_SCORE = 90.0  # a fuzzy name elsewhere counts only this close: one slip in six letters
MAX_QUERY = 120  # characters considered; nobody's commune is longer
MAX_ELSEWHERE = 5  # outside communes reported for one query

FRANCE_COLUMNS = ("insee", "name", "department", "postcodes", "population", "current_insee", "key")
DEPARTMENT_COLUMNS = ("code", "name")

_POSTCODE = re.compile(r"(?<!\d)(\d{2})\s?(\d{3})(?!\d)")
# A department number beside a name: "Saint-Aubin 62", "Beauvais (60)", "Bailleul 80", "2A".
_DEPARTMENT = re.compile(r"(?<![\w])\(?(\d{2}|2[ab]|97\d)\)?(?![\w])", re.IGNORECASE)
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
# Words around a commune's name in an answer ("j'habite à Beauvais", "ville de Lens", "in
# Dunkirk"), removed only when the whole text is not itself a name. Normalised, longest first.
_FILLERS = tuple(
    sorted(
        (
            "j habite a",
            "j habite au",
            "j habite",
            "nous habitons a",
            "je suis a",
            "je suis au",
            "je suis de",
            "je suis sur",
            "je vis a",
            "nous sommes a",
            "nous sommes sur",
            "on est a",
            "on est sur",
            "on est au",
            "c est a",
            "c est sur",
            "c est",
            "le projet est a",
            "le projet se passe a",
            "ca se passe a",
            "dans la commune de",
            "dans la ville de",
            "la commune de",
            "la ville de",
            "commune de",
            "ville de",
            "mairie de",
            "a",
            "au",
            "sur",
            "i live in",
            "we are in",
            "it is in",
            "in",
            "at",
            "the town of",
            "the city of",
        ),
        key=len,
        reverse=True,
    )
)
_TRAILERS = tuple(
    sorted(
        (
            "france",
            "en france",
            "france metropolitaine",
            "centre",
            "centre ville",
            "ville",
            "city",
            "city centre",
            "town",
            "town centre",
        ),
        key=len,
        reverse=True,
    )
)
_DEPARTMENT_ARTICLES = tuple(
    sorted(
        (
            "le",
            "la",
            "les",
            "l",
            "en",
            "du",
            "de la",
            "dans le",
            "dans la",
            "dans les",
            "dans l",
            "departement",
            "departement du",
            "departement de la",
            "departement de l",
            "departement des",
            "le departement du",
            "le departement de la",
        ),
        key=len,
        reverse=True,
    )
)
_QUARTERS = ("nord", "sud", "est", "ouest", "north", "south", "east", "west")
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


@dataclass(frozen=True, slots=True)
class Match:
    """A current commune of Nord / Pas-de-Calais that fits the query, and how it was
    recognised."""

    commune: Commune
    score: float
    via: Via
    matched: str  # the name, former name, postcode or EPCI name that matched


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """A current French commune outside Nord and Pas-de-Calais: the call does not cover it."""

    insee: str
    name: str
    department: str
    department_name: str
    postcodes: tuple[str, ...]
    population: int
    score: float
    via: Via
    matched: str  # the name, former name or postcode that matched


@dataclass(frozen=True, slots=True)
class Located:
    """The answer to one query.

    found: `matches` holds one commune — or, for a postcode shared by several communes of one
    intercommunality and sub-territory (reason "same_epci"), all of them: the routing (EPCI,
    sub-territory, contacts) is the same, so there is nothing to ask.
    ambiguous: `matches` are the candidates to choose from.
    outside: `elsewhere` names the French commune(s) outside Nord / Pas-de-Calais meant;
    `suggestions` may still offer communes of 59/62 that look alike.
    not_found: `suggestions` are the nearest communes of 59/62, if any.
    `elsewhere` may also accompany found / ambiguous: a homonym outside the region, not hidden.
    """

    query: str
    status: Status
    matches: tuple[Match, ...] = ()
    suggestions: tuple[Match, ...] = ()
    reason: str = ""  # "", "empty", "out_of_region", "unknown_postcode", "epci", "same_epci",
    # "department" (a department's name, not a commune's: "Nord" asks for the commune, "Somme"
    # is outside with no commune named)
    epci_name: str = ""
    elsewhere: tuple[Elsewhere, ...] = ()
    postcode: str = ""  # the postcode typed, when the answer rests on it
    department: str = ""  # reason "department": the department named instead of a commune
    department_name: str = ""

    @property
    def commune(self) -> Commune | None:
        """The one commune found; None otherwise (also for a postcode of several communes)."""
        if self.status == "found" and len(self.matches) == 1:
            return self.matches[0].commune
        return None

    @property
    def outside(self) -> Elsewhere | None:
        """The commune outside Nord / Pas-de-Calais meant (the first named) when outside."""
        return self.elsewhere[0] if self.status == "outside" and self.elsewhere else None

    @property
    def routing(self) -> Commune | None:
        """A commune whose EPCI and sub-territory stand for the whole answer when found (the
        communes of a "same_epci" postcode share them); None unless found."""
        return self.matches[0].commune if self.status == "found" else None


# ---------------------------------------------------------------------------------- France
class France:
    """Every French commune outside Nord / Pas-de-Calais, indexed by folded name (current and
    former names), postcode and INSEE code. Built once from france.csv (about 36,000 rows):
    the folded key is precomputed by the generator and rows stay the csv module's lists, so
    loading is a plain read; the postcode, prefix and fuzzy indexes are built on first use
    (each built whole, then assigned, so concurrent first uses never see half an index)."""

    def __init__(self, rows: Iterable[list[str]], departments: dict[str, str]) -> None:
        self.departments = departments
        # insee -> [insee, name, department, postcodes, population, current_insee, key]
        self.communes: dict[str, list[str]] = {}
        self.by_key: dict[str, list[tuple[str, Via, str]]] = {}
        formers: list[list[str]] = []
        for row in rows:
            if row[5]:
                formers.append(row)
                continue
            self.communes[row[0]] = row
            entries = self.by_key.get(row[6])
            if entries is None:
                self.by_key[row[6]] = [(row[0], "name", row[1])]
            else:
                entries.append((row[0], "name", row[1]))
        for _insee, name, _dep, _pc, _pop, current, key in formers:
            entries = self.by_key.setdefault(key, [])
            if current in self.communes and not any(e[0] == current for e in entries):
                entries.append((current, "former", name))
        self._by_postcode: dict[str, list[str]] = {}
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
        entries = self.by_key.get(key, [])
        if any(via == "name" for _i, via, _n in entries):
            entries = [e for e in entries if e[1] == "name"]
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
            self._by_postcode = index
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
        """Nearest names scoring at least `min_score`, scored as Gazetteer._fuzzy scores names
        of 59/62. Only names that share the query's first letter are scanned (a full scan of
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


_PLACE_PREPOSITIONS = frozenset({"a", "au", "de", "du", "d", "sur", "in", "at", "from", "near"})


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


# ---------------------------------------------------------------------------------- the region
@dataclass
class _Entry:
    key: str
    insee: tuple[str, ...]  # current communes this key designates (homonyms share a key)
    via: Literal["name", "former", "alias", "epci"]
    label: str


@dataclass
class Gazetteer:
    """Index of communes built once; `locate` is then a dictionary probe or one fuzzy scan."""

    communes: Iterable[Commune]
    epci_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    france: France | None = None
    commune_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_insee: dict[str, Commune] = field(init=False, default_factory=dict)
    _entries: dict[str, _Entry] = field(init=False, default_factory=dict)
    _keys: list[str] = field(init=False, default_factory=list)
    _sorted_keys: list[str] = field(init=False, default_factory=list)
    _by_postcode: dict[str, list[str]] = field(init=False, default_factory=dict)
    _epci_members: dict[str, list[str]] = field(init=False, default_factory=dict)
    _by_sound: dict[str, set[str]] = field(init=False, default_factory=dict)
    _department_keys: dict[str, tuple[str, str]] | None = field(init=False, default=None)
    # The call's departments (its package's `region.departments`; else those of its communes),
    # and what people type to name the whole region instead of a commune (normalised).
    region: tuple[str, ...] = ()
    region_names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        all_communes = list(self.communes)
        self.communes = all_communes
        self.region = self.region or tuple(sorted({c.department for c in all_communes}))
        self.region_names = frozenset(normalize(name) for name in self.region_names)
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
        for insee, names in self.commune_aliases.items():
            if insee in self._by_insee:  # "Dunkirk": another language's name, as a former one
                for alias in names:
                    self._add(normalize(alias), insee, "alias", alias)
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
        for key, entry in self._entries.items():
            if entry.via != "epci":
                self._by_sound.setdefault(sound_of(key), set()).update(entry.insee)

    def _add(
        self, key: str, insee: str, via: Literal["name", "former", "alias"], label: str
    ) -> None:
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(key, (insee,), via, label)
        elif insee not in entry.insee and entry.via != "epci":
            if entry.via != "name" and via == "name":
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
        from knowledge.loader import DATA_DIR

        raw = knowledge.raw["territories"].get("commune_aliases", {})
        aliases = {code: tuple(names) for code, names in raw.items() if code != "source"}
        # France's communes are not part of a call: a call's package may leave them out.
        france_dir = knowledge.data_dir
        if not (france_dir / "france.csv").exists():
            france_dir = DATA_DIR
        region = knowledge.region
        france = load_france(france_dir, region.departments)
        return cls(
            knowledge.communes,
            knowledge.epci_aliases,
            france,
            aliases,
            region=region.departments,
            region_names=frozenset(region.names),
        )

    def by_insee(self, insee: str) -> Commune | None:
        return self._by_insee.get(insee)

    def epci_communes(self, epci_code: str) -> list[Commune]:
        return [self._by_insee[i] for i in self._epci_members.get(epci_code, [])]

    def find_in_text(self, text: str, max_words: int = 5) -> dict[str, str] | None:
        """The one commune named in a sentence ("je suis à Lens, j'appelle qui ?"), by postcode
        or by the exact (normalised) name of a current or former commune; None when there is
        none or more than one. No fuzzy guess here: a word of a question is not a typo.
        A postcode shared by communes of one EPCI and sub-territory stands for them all
        (`insee` is then empty and `name` the postcode)."""
        postcode = _POSTCODE.search(text)
        matched = ""
        if postcode:
            located = self.locate(postcode.group(0))
            commune = located.routing
            matched = postcode.group(0)
            if commune is not None and located.commune is None:
                return {
                    "insee": "",
                    "name": located.postcode,
                    "epci_name": commune.epci_name,
                    "territory": commune.territory,
                    "matched": matched,
                }
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
            return self._outside_in_text(text, postcode.group(0) if postcode else None)
        return {
            "insee": commune.insee,
            "name": commune.name,
            "epci_name": commune.epci_name,
            "territory": commune.territory,
            "matched": matched,
        }

    def _outside_in_text(self, text: str, postcode: str | None) -> dict[str, str] | None:
        """A commune outside Nord / Pas-de-Calais named in a sentence ("je suis à Beauvais,
        qui appeler ?"), so a question is told the call does not cover it rather than given
        the general contacts as if it did. Everyday words are also commune names somewhere
        in France ("Pour", "Us", "Plafond"…), so a name counts only when it is written with a
        capital or right after "à", "de", "in"…, and is at least four letters long."""
        if self.france is None:
            return None
        if postcode:
            code = postcode.replace(" ", "")
            found = self.france.with_postcode(code)
            if len({e.department for e in found}) != 1:
                return None
            place = _elsewhere_dict(found[0], postcode)
            if len({e.insee for e in found}) > 1:  # one department is all the answer needs
                place.update(insee="", name=code)
            return place
        tokens = re.findall(r"[\w'’-]+", text)
        for size in range(min(4, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                words = tokens[start : start + size]
                before = normalize(tokens[start - 1]) if start else ""
                if not (words[0][:1].isupper() or before in _PLACE_PREPOSITIONS):
                    continue
                key = normalize(" ".join(words))
                if len(key.replace(" ", "")) < 4:
                    continue
                named = self._elsewhere_named(key)
                if named:
                    return _elsewhere_dict(named[0], " ".join(words))
        return None

    # ------------------------------------------------------------------------------ locate
    def locate(self, text: str) -> Located:
        query = text.strip()[:MAX_QUERY]
        department = None
        postcode_match = _POSTCODE.search(query)
        rest = query
        if postcode_match:
            rest = (query[: postcode_match.start()] + " " + query[postcode_match.end() :]).strip()
        else:
            dep = _DEPARTMENT.search(query)
            if dep and (
                dep.group(1).upper() in self._departments() or dep.group(1) in self.region
            ):
                department = dep.group(1).upper()
                rest = (query[: dep.start()] + " " + query[dep.end() :]).strip()
        key = normalize(rest)
        if key in self.region_names:  # the region, not a commune: ask which commune
            return Located(text, "not_found", reason="department")
        key = self._strip_fillers(key)
        if postcode_match:
            code = postcode_match.group(1) + postcode_match.group(2)
            return self._by_code(text, code, key)
        if not key:
            return Located(text, "not_found", reason="empty")
        return self._by_name(text, key, department)

    def _departments(self) -> dict[str, str]:
        return self.france.departments if self.france else {}

    def _known(self, key: str) -> bool:
        """Whether a commune (current or former) anywhere in France bears exactly this name."""
        entry = self._entries.get(key)
        if entry is not None and entry.via != "epci":
            return True
        return self.france is not None and key in self.france.by_key

    def _strip_fillers(self, key: str) -> str:
        """'j habite a beauvais' -> 'beauvais', unless the whole text is itself a name."""
        for _round in range(2):
            if not key or self._known(key):
                return key
            for filler in _FILLERS:
                if key.startswith(filler + " "):
                    key = key[len(filler) + 1 :]
                    break
            for trailer in _TRAILERS:
                if key.endswith(" " + trailer):
                    key = key[: -len(trailer) - 1]
                    break
            for part in _QUARTERS:  # "Lille Sud": only when what is left is a name
                if key.endswith(" " + part) and self._known(key[: -len(part) - 1]):
                    return key[: -len(part) - 1]
        return key

    def _department_named(self, key: str) -> tuple[str, str] | None:
        """(code, name) when the text names a department ("Nord", "dans le Pas-de-Calais",
        "la Somme") rather than a commune."""
        if self._department_keys is None:
            self._department_keys = {
                normalize(name): (code, name) for code, name in self._departments().items()
            }
        for article in _DEPARTMENT_ARTICLES:
            if key.startswith(article + " ") and key[len(article) + 1 :] in self._department_keys:
                return self._department_keys[key[len(article) + 1 :]]
        return self._department_keys.get(key)

    def _elsewhere_named(self, key: str, department: str | None = None) -> tuple[Elsewhere, ...]:
        if self.france is None:
            return ()
        return tuple(self.france.exact(key, department)[:MAX_ELSEWHERE])

    def _by_code(self, text: str, code: str, key: str) -> Located:
        insees = self._by_postcode.get(code)
        via: Literal["postcode", "insee"] = "postcode"
        if insees is None and code in self._by_insee:
            insees, via = [code], "insee"
        outside = self.france.with_postcode(code) if self.france else []
        if insees is None and not outside:
            if key:  # "62999 Arras": trust the name
                located = self._by_name(text, key, None)
                if located.status != "not_found":
                    return located
            reason = "unknown_postcode" if code[:2] in self.region else "out_of_region"
            return Located(text, "not_found", reason=reason, postcode=code)
        here = [Match(self._by_insee[i], 100.0, via, code) for i in insees or ()]
        if key:
            exact = self._exact_fits(key, here, outside)
            fits = exact or self._fits(key, here, outside)
            if exact is None and self._known(key):
                # The name is a commune, but not one with this postcode: both could be meant
                # ("Beauvais 62130": Beauvais (60) by name, Beauvois (62) by postcode).
                if fits is not None:
                    here, outside = fits
                named = self._by_name(text, key, None)
                codes = {m.commune.insee for m in here} | {e.insee for e in outside}
                names_here = [m for m in named.matches if m.commune.insee not in codes]
                names_out = [e for e in named.elsewhere if e.insee not in codes]
                matches = tuple(names_here + here)
                elsewhere = tuple(names_out + outside)[:MAX_ELSEWHERE]
                if matches:
                    return Located(text, "ambiguous", matches, elsewhere=elsewhere, postcode=code)
                return Located(text, "outside", elsewhere=elsewhere, postcode=code)
            if fits is not None:
                here, outside = fits
        if not here:
            return Located(
                text, "outside", elsewhere=tuple(outside[:MAX_ELSEWHERE]), postcode=code
            )
        elsewhere = tuple(outside[:MAX_ELSEWHERE])
        if len(here) == 1:
            return Located(text, "found", tuple(here), elsewhere=elsewhere, postcode=code)
        routes = {(m.commune.epci_code, m.commune.territory) for m in here}
        if len(routes) == 1 and not outside:
            return Located(
                text,
                "found",
                tuple(here),
                reason="same_epci",
                epci_name=here[0].commune.epci_name,
                postcode=code,
            )
        return Located(text, "ambiguous", tuple(here), elsewhere=elsewhere, postcode=code)

    def _exact_fits(
        self, key: str, here: list[Match], outside: list[Elsewhere]
    ) -> tuple[list[Match], list[Elsewhere]] | None:
        """The postcode's communes that bear exactly the typed name; None when none does."""
        entry = self._entries.get(key)
        exact_here = [m for m in here if entry is not None and m.commune.insee in entry.insee]
        named_out = {e.insee for e in self._elsewhere_named(key)}
        exact_out = [e for e in outside if e.insee in named_out]
        if exact_here or exact_out:
            return exact_here, exact_out
        return None

    def _fits(
        self, key: str, here: list[Match], outside: list[Elsewhere]
    ) -> tuple[list[Match], list[Elsewhere]] | None:
        """The postcode's communes closest in spelling to the typed name: one clearly best,
        or the plausible few; None when the name fits none of them."""
        scored: list[tuple[float, Match | Elsewhere]] = []
        for m in here:
            scored.append((_score(key, normalize(m.commune.name)), m))
        for e in outside:
            scored.append((_score(key, normalize(e.name)), e))
        if not scored:
            return None
        scored.sort(key=lambda s: -s[0])
        best = scored[0][0]
        if best < AMBIGUOUS_SCORE:
            return None
        close = [item for score, item in scored if score >= best - CLOSE_GAP]
        if (best >= FOUND_SCORE and len(close) == 1) or len(close) < len(scored):
            return (
                [i for i in close if isinstance(i, Match)],
                [i for i in close if isinstance(i, Elsewhere)],
            )
        return here, outside

    def _by_name(self, text: str, key: str, department: str | None) -> Located:
        in_region_dep = department if department in self.region else None
        if department and not in_region_dep:
            named_there = self._elsewhere_named(key, department)
            if named_there:  # "Bailleul 80": the department says which one
                return Located(text, "outside", elsewhere=named_there)
            department = None
        elsewhere = () if in_region_dep else self._elsewhere_named(key)
        entry = self._entries.get(key)
        if entry is None and not elsewhere:
            named = self._department_named(key)
            if named is not None:
                code, name = named
                status: Status = "not_found" if code in self.region else "outside"
                return Located(
                    text, status, reason="department", department=code, department_name=name
                )
        if entry is not None:
            if entry.via == "epci":
                members = self.epci_communes(entry.insee[0])
                of_epci = tuple(Match(c, 100.0, "epci", entry.label) for c in members)
                return Located(text, "ambiguous", of_epci, reason="epci", epci_name=entry.label)
            communes = [self._by_insee[i] for i in entry.insee]
            if in_region_dep:
                there = [c for c in communes if c.department == in_region_dep]
                if not there and self._prefixed(key, in_region_dep):
                    # "Saint-Amand 59": no Saint-Amand in 59, but Saint-Amand-les-Eaux is.
                    return Located(text, *self._prefix_answer(key, in_region_dep))
                communes = there or communes
            matches = [Match(c, 100.0, entry.via, entry.label) for c in communes]
            if len(matches) == 1:
                # "Saint-Amand" exists, but so does the far larger Saint-Amand-les-Eaux: ask.
                smallest = communes[0].population
                matches += [
                    m
                    for m in self._prefixed(key, in_region_dep)
                    if m.commune.population > smallest and m.commune not in communes
                ]
            status = "found" if len(matches) == 1 else "ambiguous"
            return Located(text, status, tuple(matches), elsewhere=elsewhere)
        prefixed = self._prefixed(key, in_region_dep)
        if elsewhere:
            # The exact name exists only elsewhere; a commune here starting with it is the one
            # other reading ("Montreuil": Montreuil-sur-Mer (62) or Montreuil (93)).
            if prefixed:
                largest = max(e.population for e in elsewhere)
                if len(prefixed) == 1 and prefixed[0].commune.population >= (
                    PREFIX_OVER_ELSEWHERE * max(largest, 1)
                ):
                    return Located(text, "found", tuple(prefixed), elsewhere=elsewhere)
                return Located(text, "ambiguous", tuple(prefixed), elsewhere=elsewhere)
            if len(elsewhere) == 1 and self.france is not None:
                # "Charleville" (51) exists, but so does the far larger Charleville-Mézières.
                larger = [
                    e for e in self.france.prefixed(key) if e.population > elsewhere[0].population
                ]
                elsewhere = (*elsewhere, *larger[: MAX_ELSEWHERE - 1])
            return Located(text, "outside", elsewhere=elsewhere)
        if prefixed:  # "Boulogne" is the start of Boulogne-sur-Mer, not a typo of Coulogne
            return Located(text, *self._prefix_answer(key, in_region_dep))
        if self.france is not None and not in_region_dep:
            # "Charleville-Mézières" is called "Charleville"; "Tournai-sur-Dive" (200
            # inhabitants) is not what "Tournai" means: only towns go by their first words.
            far = [e for e in self.france.prefixed(key) if e.population >= TOWN_POPULATION]
            if far:
                return Located(text, "outside", elsewhere=tuple(far[:MAX_ELSEWHERE]))
        return self._by_spelling(text, key, in_region_dep)

    def _by_spelling(self, text: str, key: str, department: str | None) -> Located:
        """Fuzzy matching over all of France; an outside commune must beat the ones here by
        OUTSIDE_HANDICAP, and is reported as `outside` when it does."""
        allowed = None
        if department:
            allowed = {i for i, c in self._by_insee.items() if c.department == department}
        ranked = self._fuzzy(key, allowed)
        best_here = ranked[0].score if ranked else 0.0
        far: list[Elsewhere] = []
        if self.france is not None and not department:
            # Below this, a name elsewhere can neither win nor come close enough to matter;
            # and a loose likeness to one of 35,000 names is no reading at all ("Bruxelles" is
            # not Brutelles): only a near-certain spelling of a name elsewhere counts.
            needed = max(
                OUTSIDE_SCORE, max(AMBIGUOUS_SCORE, best_here) - CLOSE_GAP + OUTSIDE_HANDICAP
            )
            far = [
                Elsewhere(
                    e.insee,
                    e.name,
                    e.department,
                    e.department_name,
                    e.postcodes,
                    e.population,
                    round(e.score - OUTSIDE_HANDICAP, 1),
                    e.via,
                    e.matched,
                )
                for e in self.france.fuzzy(key, needed)
                if e.score >= needed
            ]
        best_far = far[0].score if far else 0.0
        best = max(best_here, best_far)
        if best < SUGGEST_SCORE:
            return Located(text, "not_found")
        heard = self._by_sound.get(sound_of(key), set())
        if len(heard) == 1 and (allowed is None or heard <= allowed):
            # Written by ear ("mobeuge"): one commune here sounds exactly like it. Taken
            # unless a name elsewhere is spelt closer still.
            (insee,) = heard
            same = [m for m in ranked if m.commune.insee == insee]
            spelt = same[0].score if same else 0.0
            score = max(FOUND_SCORE, spelt)
            if spelt >= SOUND_SCORE and (not far or far[0].score < score):
                commune = self._by_insee[insee]
                return Located(text, "found", (Match(commune, score, "name", commune.name),))
        close_here = [m for m in ranked if m.score >= best - CLOSE_GAP]
        close_far = tuple(e for e in far if e.score >= best - CLOSE_GAP)
        plausible = tuple(m for m in ranked if m.score >= AMBIGUOUS_SCORE)
        if best_far > best_here and best_far >= AMBIGUOUS_SCORE:
            return Located(text, "outside", suggestions=plausible[:3], elsewhere=close_far)
        if best >= FOUND_SCORE and len(close_here) == 1 and not close_far:
            return Located(text, "found", (ranked[0],))
        if best >= AMBIGUOUS_SCORE and (len(plausible) > 1 or close_far):
            return Located(text, "ambiguous", plausible, elsewhere=close_far)
        suggestions = tuple(m for m in ranked[:3] if m.score >= SUGGEST_SCORE)
        return Located(text, "not_found", suggestions=suggestions)

    def _prefix_answer(self, key: str, department: str | None) -> tuple[Status, tuple[Match, ...]]:
        prefixed = self._prefixed(key, department)
        return ("found" if len(prefixed) == 1 else "ambiguous"), tuple(prefixed)

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
            score = _score(key, choice, score)
            for insee in entry.insee:
                if allowed is not None and insee not in allowed:
                    continue
                if insee not in best or best[insee].score < score:
                    best[insee] = Match(self._by_insee[insee], score, entry.via, entry.label)
        ranked = sorted(best.values(), key=lambda m: (-m.score, -m.commune.population))
        return ranked[:limit]


def _score(key: str, choice: str, ratio: float | None = None) -> float:
    """WRatio rewards a short query found inside a long name; temper that with the plain
    ratio so "lille" does not tie with "lillers" or "villeneuve" with every Villeneuve."""
    if ratio is None:
        ratio = fuzz.ratio(key, choice)
    return round((ratio + fuzz.WRatio(key, choice)) / 2, 1)
