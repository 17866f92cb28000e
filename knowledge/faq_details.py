"""The details of a question, beside its intent: where (commune, postcode, intercommunality),
which fiche, which kind of spending, which amount.

"Denain, projet GUP : quel est le bon interlocuteur ?" is the intent "who do I contact?" with
the details Denain and fiche 4. The details are read here, then removed from the text the
matcher sees (replaced by a neutral marker word), so that a commune's name or "GUP" does not
pull the question towards another entry; the answer is then composed from them.

Every word list here is read from the data (faq.toml `[details]`, fiches.toml, the communes):
nothing about the call is written in code.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from text_to_num import alpha2digit

from knowledge.money import parse_amount
from knowledge.money_words import LAW, PERCENT_WORD
from knowledge.place_text import find_in_text
from knowledge.text import fold, normalize

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
    from knowledge.places import Gazetteer

# Marker words left in place of a detail, so "on peut demander 1500 € ?" and the phrasing
# "on peut demander moins de 2000 euros ?" still meet on "montant".
PLACE_MARK = "zlieu"  # not a word anyone types
AMOUNT_MARK = "montant"
PERSON_MARK = "zpersonne"  # a regional contact named
FICHE_MARK = "fiche"  # "fiche 2", "la fiche deux" -> the one word "fiche2"
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# A word with a capital after a word of the same sentence (« on est à Tournai »): a name
_NAME = re.compile(r"(?<=[\w,'’] )([A-ZÀ-Ý][a-zà-ÿ]+)\b")

# Fiche numbers in words, up to nine: how many fiches there are is the call's data, not ours.
_FR_WORDS = ("un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf")
_EN_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_FR_ORDINALS: tuple[str, ...] = ("premiere", "deuxieme", "troisieme", "quatrieme", "cinquieme")
_FR_ORDINALS += ("sixieme", "septieme", "huitieme", "neuvieme")
_NUMBER_WORDS = {w: n for words in (_FR_WORDS, _EN_WORDS) for n, w in enumerate(words, 1)}
_NUMBER_WORDS |= {"une": 1, "premiere": 1, "1ere": 1}
_WORDS = "|".join(sorted(set(_FR_WORDS[1:] + _EN_WORDS[1:])))
_ONE = rf"(?:[1-9]|un|une|one|{_WORDS})"
_MORE = rf"(?:[1-9]|{_WORDS})"  # "et une subvention" is no fiche
# "fiche 2", "la fiche n°2", "fiches 1 et 2", "fiches 1, 2 ou 3", "sheet four"
_FICHE = re.compile(
    r"\b(?:fiche|fiches|sheet|sheets|strand)\s*(?:n\s*°|no\b\.?|numero|number|n\b)?\s*"
    rf"({_ONE}(?:\s*(?:,|et|ou|and|or|&)\s*{_MORE}\b)*)\b"
)
# "la 2e fiche", "la deuxième fiche"
_FICHE_ORDINAL = re.compile(rf"\b([1-9](?:e|eme|er|ere)|{'|'.join(_FR_ORDINALS)})\s+fiche\b")
_ORDINALS = {w: n for n, w in enumerate(_FR_ORDINALS, 1)}
_LIST_ITEM = re.compile(_ONE)
_AMOUNT = re.compile(
    r"(?<![\w.,])(\d[\d\s\u00a0\u202f.,']*\d|\d)\s*"
    r"(k ?€|k ?eur|ke|k|mille|mil|millions?|m ?€|€|euros?|eur)?(?![\w%])(?!\s*%)"
)


@dataclass(frozen=True, slots=True)
class Place:
    """Where the question is about: one commune, or an area whose routing is the same for all
    its communes (a shared postcode, an intercommunality within one sub-territory)."""

    label: str
    territory: str
    epci_name: str
    matched: str  # the folded words that named it, removed before matching
    outside: bool = False  # a commune outside the call's departments: it does not cover it


@dataclass(frozen=True, slots=True)
class Details:
    place: Place | None = None
    fiches: tuple[int, ...] = ()
    kind: str | None = None  # "investment" | "operating"
    amount: Decimal | None = None
    text: str = ""  # the question's words, the place and amount replaced by marker words
    core: str = ""  # the same without the fiche it names: what is asked, whatever the fiche
    acronyms: frozenset[str] = frozenset()  # words written in capitals ("la CAF"), folded
    people: tuple[str, ...] = ()  # ids of the regional contacts named ("le numéro de Mme Dolez")
    names: frozenset[str] = frozenset()  # words written with a capital inside a sentence, folded

    def to_json(self) -> dict[str, Any]:
        """What was read, for `python -m knowledge ask` (staff and scripts)."""
        place = self.place
        return {
            "place": {"name": place.label, "epci": place.epci_name, "territory": place.territory}
            if place
            else None,
            "fiches": list(self.fiches),
            "kind": self.kind,
            "amount": str(self.amount) if self.amount is not None else None,
        }

    @property
    def fiche(self) -> int | None:
        return self.fiches[0] if len(self.fiches) == 1 else None


class DetailReader:
    """Reads the details of a question. Build once per loaded call."""

    def __init__(self, knowledge: Knowledge, places: Gazetteer) -> None:
        self.places = places
        self.knowledge = knowledge
        raw = knowledge.raw.get("faq", {}).get("details", {})
        self.place_names = {normalize(k): v for k, v in raw.get("place_names", {}).items()}
        self.fiche_names = {normalize(k): int(v) for k, v in raw.get("fiche_names", {}).items()}
        self.kind_words = {
            kind: tuple(sorted((normalize(w) for w in ws), key=len, reverse=True))
            for kind, ws in raw.get("kind_words", {}).items()
        }
        self._epcis = self._epci_index(knowledge)
        # names of things that hold a commune's name (« le Louvre-Lens »): no place named
        things = sorted((w for w in raw.get("not_places", ())), key=len, reverse=True)
        self._not_places = (
            re.compile("|".join(re.escape(w) for w in things), re.IGNORECASE) if things else None
        )
        # A postcode of the call's departments ("62800", "56100") names a place, not an amount.
        departments = "|".join(map(re.escape, knowledge.region.departments))
        self._postcode = re.compile(rf"^(?=\d{{5}}$)(?:{departments})")
        self._epci_pattern = _words_pattern(self._epcis)
        # a sub-territory named alone ("contact Littoral"): the contacts of its fiches
        territories = knowledge.raw.get("territories", {}).get("territories", {})
        self._territories = {
            normalize(name): (str(t.get("name", tid)), tid)
            for tid, t in territories.items()
            for name in (t.get("name", ""), *t.get("names", ()))
            if name
        }
        # an area named after its main town (« le Boulonnais »), read as the sub-territory of
        # that town's arrondissement (territories.toml `areas`, our reading): named as written
        for tid, t in territories.items():
            for area in t.get("areas", {}):
                self._territories.setdefault(normalize(area), (str(area), tid))
        self._territory_pattern = _words_pattern(self._territories)
        self._place_pattern = _words_pattern(self.place_names)
        self._fiche_pattern = _words_pattern(self.fiche_names)
        # A contact is named by surname ("Mme Dolez") or full name; the name is a detail.
        self._people = {}
        for person in knowledge.people.values():
            full = normalize(person.name)
            self._people[full] = person.id
            self._people.setdefault(full.split()[-1], person.id)
        self._people_pattern = _words_pattern(self._people)
        self._kind_patterns = {
            kind: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")
            for kind, words in self.kind_words.items()
            if words
        }

    def _epci_index(self, knowledge: Knowledge) -> dict[str, tuple[str, str, str]]:
        """Folded name or alias of an intercommunality -> (label, territory, code). The
        sub-territory is kept only when all its communes share it (else it stays "")."""
        territories: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for commune in knowledge.communes:
            if commune.is_current:
                territories.setdefault(commune.epci_code, set()).add(commune.territory)
                names[commune.epci_code] = commune.epci_name
        index: dict[str, tuple[str, str, str]] = {}
        for code, name in names.items():
            spans = territories[code]
            territory = next(iter(spans)) if len(spans) == 1 else ""
            for key in (name, *knowledge.epci_aliases.get(code, ())):
                index[normalize(key)] = (name, territory, code)
        return index

    def names_kind(self, question: str) -> bool:
        """The question names a kind of spending: a cheap test before the whole reading
        (faq7 pass: most letters the matcher doubts name none)."""
        text = normalize(fold(question))
        return any(p.search(text) for p in self._kind_patterns.values())

    def read(self, question: str) -> Details:
        fiches: list[int] = []

        def fiche_token(match: re.Match[str]) -> str:
            numbers = [
                _NUMBER_WORDS.get(item) or int(item) for item in _LIST_ITEM.findall(match.group(1))
            ]
            if not numbers or any(n not in self.knowledge.fiches for n in numbers):
                return match.group(0)
            fiches.extend(n for n in numbers if n not in fiches)
            return " " + " ".join(f"{FICHE_MARK}{n}" for n in numbers) + " "

        def ordinal_token(match: re.Match[str]) -> str:
            word = match.group(1)
            number = _ORDINALS.get(word) or int(word[0])
            if number not in fiches:
                fiches.append(number)
            return f" {FICHE_MARK}{number} "

        # Fiche numbers, then the amount, on the folded question with its punctuation and
        # currency signs: "fiche 4, 150 000 €" is fiche 4 and 150 000 €, not 4 150 000 €.
        folded = _FICHE_ORDINAL.sub(ordinal_token, _FICHE.sub(fiche_token, fold(question)))
        folded, amount = self._amount(folded)
        text = normalize(folded)
        place = self._place(question, text)
        if place is not None and place.matched:
            text = _replace(text, place.matched, PLACE_MARK)
        for match in self._fiche_pattern.finditer(text):  # "GUP" is fiche 4
            if self.fiche_names[match.group(0)] not in fiches:
                fiches.append(self.fiche_names[match.group(0)])
        core = self._fiche_pattern.sub(" ", re.sub(rf"\b{FICHE_MARK}\d\b", " ", text))
        kinds = []
        for value, pattern in self._kind_patterns.items():
            if pattern.search(text):
                kinds.append(value)
                # "salarier un médiateur" asks about operating costs: without the kind, the
                # core is what is asked ("c'est quoi le plafond ?").
                core = pattern.sub(" ", core)
        kind = kinds[0] if len(kinds) == 1 else None
        people = tuple(dict.fromkeys(self._people[m] for m in self._people_pattern.findall(text)))
        if people:
            text = self._people_pattern.sub(f" {PERSON_MARK} ", text)
            core = self._people_pattern.sub(f" {PERSON_MARK} ", core)
        acronyms = frozenset(w.lower() for w in _ACRONYM.findall(question))
        names = frozenset(fold(m.group(1)) for m in _NAME.finditer(question))
        core = " ".join(core.split())
        text = " ".join(text.split())
        return Details(place, tuple(fiches), kind, amount, text, core, acronyms, people, names)

    # ---------------------------------------------------------------- place
    def _place(self, question: str, text: str) -> Place | None:
        if self._not_places is not None:
            question = self._not_places.sub(" ", question)
            text = self._not_places.sub(" ", text)
        for match in self._place_pattern.finditer(text):  # "Dunkirk" -> "Dunkerque"
            located = find_in_text(self.places, self.place_names[match.group(0)])
            if located is not None:
                name, epci = located["name"], located["epci_name"]
                return Place(name, located["territory"], epci, match.group(0))
        found = find_in_text(self.places, question)
        if found is not None:
            matched = normalize(found["matched"])
            territory = found.get("territory") or ""
            outside = not territory and found.get("department", "") not in (
                "",
                *self.places.region,
            )
            epci = found.get("epci_name") or ""
            return Place(found["name"], territory, epci, matched, outside)
        region = "|".join(self.places.region)
        postcode = re.search(rf"(?<!\d)({region})\s?(\d{{3}})(?!\d)", question)
        if postcode:  # a postcode shared by several communes: enough if they route alike
            shared = self.places.locate(postcode.group(0))
            routes = {(m.commune.territory, m.commune.epci_name) for m in shared.matches}
            if len(routes) == 1:
                territory, epci = routes.pop()
                code = postcode.group(1) + postcode.group(2)
                return Place(code, territory, epci, normalize(postcode.group(0)))
        return self._epci(question, text)

    def _epci(self, question: str, text: str) -> Place | None:
        for match in self._epci_pattern.finditer(text):
            key = match.group(0)
            # A short alias ("MEL") counts only in capitals: "mel" is also an e-mail.
            if len(key) <= 3 and not re.search(rf"\b{re.escape(key.upper())}\b", question):
                continue
            label, territory, _code = self._epcis[key]
            return Place(label, territory, label, key)
        for match in self._territory_pattern.finditer(text):
            label, territory = self._territories[match.group(0)]
            return Place(label, territory, "", match.group(0))
        return None

    # ---------------------------------------------------------------- amount
    def _amount(self, text: str) -> tuple[str, Decimal | None]:
        """The one amount named in the question (digits with a currency or a size, or a number
        of at least 100 that is not a postcode), replaced by a marker word."""
        # « 30 pour cent » is a rate: its word becomes "%" before text2num reads "cent" as 100
        text = PERCENT_WORD.sub(" % ", text)
        converted = text
        with contextlib.suppress(ValueError, IndexError):  # text2num is strict on odd input
            converted = alpha2digit(text, "fr")
        found: list[tuple[re.Match[str], Decimal]] = []
        # the amount reader's own law references (money_words.toml `law_before`): one list
        laws = [law.span() for law in LAW.finditer(converted)]
        for match in _AMOUNT.finditer(converted):
            digits, unit = match.group(1), match.group(2)
            bare = re.sub(r"\D", "", digits)
            if not unit and (self._postcode.match(bare) or len(bare) < 3):
                continue
            if not unit and any(start <= match.start() < end for start, end in laws):
                continue  # "loi 1901", "loi du 1er juillet 1901": a text named, no amount
            parsed = parse_amount(match.group(0).strip())
            if parsed.amount is not None and parsed.amount > 0:
                found.append((match, parsed.amount))
        if len(found) != 1:
            return converted if found else text, None
        match, amount = found[0]
        marked = converted[: match.start()] + f" {AMOUNT_MARK} " + converted[match.end() :]
        return " ".join(marked.split()), amount


def _words_pattern(keys: Iterable[str]) -> re.Pattern[str]:
    """One regex for whole-word occurrences of any key, longest first ("gestion urbaine de
    proximite" before "gestion urbaine"); matches nothing when there is no key."""
    ordered = sorted((k for k in keys if k), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in ordered) + r")\b")


def _replace(text: str, words: str, mark: str) -> str:
    return " ".join(re.sub(rf"\b{re.escape(words)}\b", f" {mark} ", text, count=1).split())
