"""Commune, postcode and intercommunality (EPCI) lookup: the region, and France (`knowledge.france`).

People type places the way they say them: "st omer", "Marcq en bareuil", "59000", "Lomme",
"j'habite à Beauvais". The lookup never guesses between two plausible communes: `ambiguous`
with the candidates, or `not_found` with the nearest suggestions. It knows every French commune:
one outside the call's departments is `outside` (with its department), not a look-alike here
("Beauvais" is not Beauvois). Fuzzy matching is the last resort, over all of France, when no
commune anywhere bears the name (folded for case, accents, hyphens, "st", œ).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from knowledge.france import SUGGEST_SCORE, Elsewhere, France, load_france
from knowledge.located import Located, Match, Status
from knowledge.model import Commune
from knowledge.place_index import PlaceIndex
from knowledge.place_words import (
    _DEPARTMENT,
    _DEPARTMENT_ARTICLES,
    _FILLERS,
    _POSTCODE,
    _QUARTERS,
    _TRAILERS,
    PREFIX_OVER_ELSEWHERE,
    name_beside,
    name_score,
    sound_of,
)
from knowledge.sound_alike import first, towns_near
from knowledge.text import normalize

if TYPE_CHECKING:
    from knowledge.loader import Knowledge


FOUND_SCORE = 86.0  # a fuzzy score at or above this may be taken as the commune meant
CLOSE_GAP = 4.0  # two different communes closer than this are both plausible: ask
AMBIGUOUS_SCORE = 72.0  # candidates above this are offered as choices
SOUND_SCORE = 70.0  # a name that sounds right must be spelt this close ("eims" is no Hem)
# Users mostly live in the call's departments: a typo elsewhere must fit clearly better.
OUTSIDE_HANDICAP = 5.0
TOWN_POPULATION = 5000  # an outside commune this large may be named by its first words
OUTSIDE_SCORE = 90.0  # a fuzzy name elsewhere counts only this close: one slip in six letters
MAX_QUERY = 120  # characters considered; nobody's commune is longer
MAX_ELSEWHERE = 5  # outside communes reported for one query


# ---------------------------------------------------------------------------------- the region
@dataclass
class Gazetteer:
    """Reads a typed place against the region's index (`PlaceIndex`) and France's communes;
    `locate` is then a dictionary probe or one fuzzy scan."""

    communes: Iterable[Commune]
    epci_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    france: France | None = None
    commune_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    index: PlaceIndex = field(init=False)
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
        self.index = PlaceIndex(all_communes, self.epci_aliases, self.commune_aliases)

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
        return self.index.by_insee.get(insee)

    def epci_communes(self, epci_code: str) -> list[Commune]:
        return self.index.epci_communes(epci_code)

    # ------------------------------------------------------------------------------ locate
    def locate(self, text: str) -> Located:
        query = text.strip()[:MAX_QUERY]
        department = None
        postcode_match = _POSTCODE.search(query)
        codes = list(dict.fromkeys(m.group(1) + m.group(2) for m in _POSTCODE.finditer(query)))
        if len(codes) > 1:
            return self._by_codes(text, codes)
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
        if self.index.commune_entry(key) is not None:
            return True
        return self.france is not None and key in self.france.by_key

    def _strip_fillers(self, key: str) -> str:
        """'j habite a beauvais' -> 'beauvais', unless the whole text is itself a name."""
        if named := name_beside(
            key, self._known, self.index.by_sound
        ):  # "berk sur mer" (issue 22)
            return named
        for _round in range(4):
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

    def _by_codes(self, text: str, codes: list[str]) -> Located:
        """Two postcodes or more in one answer ("59000 59300"): one place when they all name
        it; else the communes of each, to choose from (reason "postcodes") — never the first
        taken and the others dropped without a word (issue 22, reading11)."""
        found = [self._by_code(text, code, "") for code in codes]
        matches: dict[str, Match] = {}
        for located in found:
            for match in located.matches:
                matches.setdefault(match.commune.insee, match)
        same = {tuple(m.commune.insee for m in located.matches) for located in found}
        if len(same) == 1 and found[0].status == "found":
            return found[0]  # "62300 62300", or two postcodes of one commune
        if not matches:
            return found[0]
        return Located(text, "ambiguous", tuple(matches.values()), reason="postcodes")

    def _by_code(self, text: str, code: str, key: str) -> Located:
        insees = self.index.by_postcode.get(code)
        via: Literal["postcode", "insee"] = "postcode"
        if insees is None and code in self.index.by_insee:
            insees, via = [code], "insee"
        outside = self.france.with_postcode(code) if self.france else []
        if insees is None and not outside:
            if key:  # "62999 Arras": trust the name
                located = self._by_name(text, key, None)
                if located.status != "not_found":
                    return located
            reason = "unknown_postcode" if code[:2] in self.region else "out_of_region"
            return Located(text, "not_found", reason=reason, postcode=code)
        here = [Match(self.index.by_insee[i], 100.0, via, code) for i in insees or ()]
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
        entry = self.index.entries.get(key)
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
            scored.append((name_score(key, normalize(m.commune.name)), m))
        for e in outside:
            scored.append((name_score(key, normalize(e.name)), e))
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
        entry = self.index.entries.get(key)
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
            communes = [self.index.by_insee[i] for i in entry.insee]
            if in_region_dep:
                there = [c for c in communes if c.department == in_region_dep]
                if not there and self.index.prefixed(key, in_region_dep):
                    # "Saint-Amand 59": no Saint-Amand in 59, but Saint-Amand-les-Eaux is.
                    return Located(text, *self._prefix_answer(key, in_region_dep))
                communes = there or communes
            matches = [Match(c, 100.0, entry.via, entry.label) for c in communes]
            if len(matches) == 1:
                # "Saint-Amand" exists, but so does the far larger Saint-Amand-les-Eaux: ask.
                smallest = communes[0].population
                matches += [
                    m
                    for m in self.index.prefixed(key, in_region_dep)
                    if m.commune.population > smallest and m.commune not in communes
                ]
            status = "found" if len(matches) == 1 else "ambiguous"
            return Located(text, status, tuple(matches), elsewhere=elsewhere)
        prefixed = self.index.prefixed(key, in_region_dep)
        # "Boulogne": Boulogne-sur-Mer here, no note on a former commune merged elsewhere
        elsewhere = tuple(e for e in elsewhere if not prefixed or e.via != "former")
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
            if towns := towns_near(self.index, key):  # « Doué »: Douai? « Avon »: Avion?
                return Located(text, "not_found", suggestions=towns[:3], elsewhere=elsewhere)
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
            allowed = {i for i, c in self.index.by_insee.items() if c.department == department}
        ranked = self.index.fuzzy(key, allowed)
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
        towns = towns_near(self.index, key)  # « Douey », « Cambray »: Douai, Cambrai?
        if best < SUGGEST_SCORE:
            return Located(text, "not_found", suggestions=towns[:3])
        heard = self.index.by_sound.get(sound_of(key), set())
        if len(heard) == 1 and (allowed is None or heard <= allowed):
            # Written by ear ("mobeuge"): one commune here sounds exactly like it. Taken
            # unless a name elsewhere is spelt closer still.
            (insee,) = heard
            same = [m for m in ranked if m.commune.insee == insee]
            spelt = same[0].score if same else 0.0
            score = max(FOUND_SCORE, spelt)
            if spelt >= SOUND_SCORE and (not far or far[0].score < score):
                commune = self.index.by_insee[insee]
                return Located(text, "found", (Match(commune, score, "name", commune.name),))
        close_here = [m for m in ranked if m.score >= best - CLOSE_GAP]
        close_far = tuple(e for e in far if e.score >= best - CLOSE_GAP)
        plausible = tuple(m for m in ranked if m.score >= AMBIGUOUS_SCORE)
        if best_far > best_here and best_far >= AMBIGUOUS_SCORE:
            if towns:  # never « outside » for a misspelt town here
                return Located(
                    text, "not_found", suggestions=first(towns, plausible), elsewhere=close_far
                )
            return Located(text, "outside", suggestions=plausible[:3], elsewhere=close_far)
        if best >= FOUND_SCORE and len(close_here) == 1 and not close_far:
            return Located(text, "found", (ranked[0],))
        if best >= AMBIGUOUS_SCORE and (len(plausible) > 1 or close_far):
            return Located(text, "ambiguous", plausible, elsewhere=close_far)
        suggestions = tuple(m for m in ranked[:3] if m.score >= SUGGEST_SCORE)
        if towns:
            suggestions = first(towns, suggestions)
        return Located(text, "not_found", suggestions=suggestions)

    def _prefix_answer(self, key: str, department: str | None) -> tuple[Status, tuple[Match, ...]]:
        prefixed = self.index.prefixed(key, department)
        return ("found" if len(prefixed) == 1 else "ambiguous"), tuple(prefixed)
