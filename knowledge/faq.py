"""Free-text question -> the best answer of knowledge/data/faq.toml with its source, or "not
sure" with the two closest questions, never a confident wrong answer.

A question is an intent plus details. The details (place, fiche, kind of spending, amount) are
read first (knowledge/faq_details.py) and replaced by marker words; the intent is the FAQ entry
whose phrasings best match the remaining words (knowledge/faq_text.py: folded, SMS spellings
expanded, stop words dropped, stemmed). The answer is then composed from the data for those
details: the contacts for *that* place and fiche, the floor of *that* fiche, "1 500 € is under
the 2 000 € floor of fiches 1 and 2".

Matching, per phrasing: the share of the phrasing's weight the question covers (recall) and the
share of the question's weight the phrasing explains (precision), words weighted by rarity
across entries (idf), typos forgiven through rapidfuzz against the FAQ's vocabulary; words the
FAQ never uses weigh less than known ones, so a long real-life question is not drowned by its
context, but they still count, so an out-of-scope question stays under the cutoff. An answer is
given only above `CUTOFF` *and* clearly ahead of the next entry (`MARGIN`); entries of one
family (the three "who do I contact?") are one intent, told apart by the details.

Answers hold placeholders ({floor_1}, {full_file_deadline}…) filled from the other data files,
so an amount or a date is written once, in fiches.toml or call.toml, and the FAQ follows it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from knowledge.contacts import (
    contact_lines,
    contacts_for,
    domain_note,
    epci_full_name,
    validity_note,
)
from knowledge.documents import Documents, Found, guess_lang
from knowledge.faq_details import AMOUNT_MARK, PERSON_MARK, PLACE_MARK, DetailReader, Details
from knowledge.faq_text import (
    LIGHT_WEIGHT,
    LIGHT_WORDS,
    stem,
    stem_synonyms,
    terms,
)
from knowledge.i18n import gettext_for, long_date, number_word
from knowledge.model import Source, as_of
from knowledge.money import format_money, format_rate
from knowledge.text import fold

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
    from knowledge.places import Gazetteer

CUTOFF = 50.0  # below this, the bot says it is not sure (tuned on questions_tune.toml)
MARGIN = 8.0  # and when two entries are this close, it asks which one was meant
ALTERNATIVES = 2
ALTERNATIVE_FLOOR = 35.0  # a closest question below this is not worth offering
UNKNOWN_WEIGHT = 0.5  # a word the FAQ never uses, relative to the rarest known word
RECALL_BETA = 1.0  # F-measure of recall and precision: above 1, recall counts more
ACRONYM_WEIGHT = 2.0  # an unknown word in capitals ("la CAF"), relative to the rarest known word
TYPO_SCORE = 88  # rapidfuzz ratio for a question word to count as a misspelt FAQ word
MARKS = frozenset({stem(PLACE_MARK), stem(AMOUNT_MARK), stem(PERSON_MARK)})


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    questions: tuple[str, ...]
    questions_en: tuple[str, ...]
    answer: str
    answer_en: str
    source: Source
    action: str = ""
    family: str = ""  # entries of one family answer one intent, told apart by `needs`
    needs: tuple[str, ...] = ()  # details the entry needs: "place", "fiche:4"
    passages: tuple[str, ...] = ()  # ids of the passages the answer rests on
    readings: tuple[str, ...] = ()  # opening words of its sentences that are our reading
    readings_en: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        """The entry's first phrasing: the label of its button."""
        return (self.questions_en if lang == "en" else self.questions)[0]


@dataclass(frozen=True, slots=True)
class Alternative:
    id: str
    question: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    status: str  # "answered" | "quoted" (a passage of the documents) | "unsure"
    lang: str
    score: float
    entry: Entry | None = None
    text: str = ""
    source: Source | None = None
    alternatives: tuple[Alternative, ...] = field(default=())
    details: Details | None = None
    found: Found | None = None  # the passage quoted, or the closest ones when "unsure"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "id": self.entry.id if self.entry else None,
            "answer": self.text,
            "source": self.source.cite() if self.source else None,
            "score": round(self.score, 1),
            "lang": self.lang,
            "alternatives": [
                {"id": a.id, "question": a.question, "score": round(a.score, 1)}
                for a in self.alternatives
            ],
            "details": self.details.to_json() if self.details else {},
            "passage": self.found.passage.id if self.found and self.found.passage else None,
            "passages": list(self.entry.passages) if self.entry else [],
            "closest": [p.id for p in self.found.closest] if self.found else [],
        }


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry: Entry
    lang: str
    full: frozenset[str]  # stems of the phrasing, place and amount as marker words
    core: frozenset[str]  # the same without the fiche and kind of spending it names
    uses_details: bool  # its answer is composed from them: matched on the core too
    full_weight: float = 0.0
    core_weight: float = 0.0


class Faq:
    """The questions and answers of one loaded call. Build once; `ask` is pure and fast."""

    def __init__(self, knowledge: Knowledge, places: Gazetteer) -> None:
        self.knowledge = knowledge
        self.places = places
        self.details = DetailReader(knowledge, places)
        self.entries = _entries(knowledge)
        self.by_id = {e.id: e for e in self.entries}
        raw_synonyms = knowledge.raw.get("faq", {}).get("synonyms", {})
        self.synonyms = stem_synonyms(
            {fold(k): fold(v) for k, v in raw_synonyms.items() if isinstance(v, str)}
        )
        self._phrasings: list[_Phrasing] = []
        entry_terms: dict[str, set[str]] = {}
        self._stems_of: dict[str, str] = {}  # folded FAQ word -> its stem, for typo matching
        for entry in self.entries:
            for lang, phrasings in (("fr", entry.questions), ("en", entry.questions_en)):
                for phrasing in phrasings:
                    details = self.details.read(phrasing)
                    full = frozenset(terms(details.text, self.synonyms))
                    core = frozenset(terms(details.core, self.synonyms))
                    uses = bool(core) and bool(entry.action or entry.family)
                    self._phrasings.append(_Phrasing(entry, lang, full, core, uses))
                    entry_terms.setdefault(entry.id, set()).update(full)
                    for word in details.text.split():
                        found = terms(word, self.synonyms)
                        if len(word) > 3 and found:
                            self._stems_of.setdefault(word, found[0])
        self._vocabulary = list(self._stems_of)
        counts: dict[str, int] = {}
        for stems in entry_terms.values():
            for term in stems:
                counts[term] = counts.get(term, 0) + 1
        total = len(self.entries)
        self._idf = {
            t: math.log(1 + total / n) * (LIGHT_WEIGHT if t in LIGHT_WORDS else 1.0)
            for t, n in counts.items()
        }
        self._postings: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
        for index, p in enumerate(self._phrasings):
            self._phrasings[index] = replace(
                p,
                full_weight=sum(self._idf.get(t, 0.0) for t in p.full),
                core_weight=sum(self._idf.get(t, 0.0) for t in p.core),
            )
            for term in p.full:
                self._postings[0].setdefault(term, []).append(index)
            for term in p.core:
                self._postings[1].setdefault(term, []).append(index)
        self._unknown = UNKNOWN_WEIGHT * math.log(1 + total)
        self.documents = Documents(knowledge, self.entries, self.synonyms)

    # ---------------------------------------------------------------- matching
    def _query(
        self, text: str, acronyms: frozenset[str] = frozenset()
    ) -> list[tuple[float, frozenset[str]]]:
        """The question's terms as (weight, stems it may stand for): a known stem stands for
        itself; an unknown word for the FAQ words it is a typo of, or for nothing. An unknown
        acronym ("la CAF") weighs more than a rare word: it names what is asked about."""
        out = []
        for word in text.split():
            found = terms(word, self.synonyms)
            if not found:
                continue
            term = found[0]
            if term in self._idf:
                out.append((self._idf[term], frozenset({term})))
                continue
            close = (
                process.extract(
                    word,
                    self._vocabulary,
                    scorer=fuzz.ratio,
                    score_cutoff=TYPO_SCORE,
                    limit=3,
                )
                if len(word) > 3
                else []
            )
            stems = frozenset(self._stems_of[c] for c, _s, _i in close) & self._idf.keys()
            if stems:
                out.append((max(self._idf[s] for s in stems), stems))
            elif word in acronyms:
                out.append((ACRONYM_WEIGHT * self._unknown / UNKNOWN_WEIGHT, frozenset()))
            else:
                out.append((self._unknown, frozenset()))
        return out

    def _rank(self, details: Details) -> list[tuple[str, float, str]]:
        """(entry id, score, language of the best phrasing), best first, one row per entry.
        Only phrasings sharing a stem with the question are scored (an inverted index)."""
        full = self._query(details.text, details.acronyms)
        core = (
            self._query(details.core, details.acronyms) if details.core != details.text else full
        )
        best: dict[str, tuple[float, str]] = {}
        for query, use_core in ((full, False), (core, True)):
            candidates: set[int] = set()
            for _weight, stems in query:
                for term in stems:
                    candidates.update(self._postings[use_core].get(term, ()))
            for index in candidates:
                phrasing = self._phrasings[index]
                if use_core and not phrasing.uses_details:
                    continue
                if use_core:
                    score = _match(query, phrasing.core, phrasing.core_weight, self._idf)
                else:
                    score = _match(query, phrasing.full, phrasing.full_weight, self._idf)
                if score > best.get(phrasing.entry.id, (0.0, ""))[0]:
                    best[phrasing.entry.id] = (score, phrasing.lang)
        return sorted(
            ((i, s, lang) for i, (s, lang) in best.items()), key=lambda r: r[1], reverse=True
        )

    def _resolve(
        self, ranked: list[tuple[str, float, str]], details: Details
    ) -> list[tuple[str, float, str]]:
        """Entries of one family are one intent: keep the family once, as the member whose
        needs the details meet (the most needs first), at the family's best score."""
        out: list[tuple[str, float, str]] = []
        seen: set[str] = set()
        for entry_id, score, lang in ranked:
            family = self.by_id[entry_id].family
            if not family:
                out.append((entry_id, score, lang))
                continue
            if family in seen:
                continue
            seen.add(family)
            members = [e for e in self.entries if e.family == family]
            fitting = [e for e in members if all(_meets(need, details) for need in e.needs)]
            chosen = max(fitting, key=lambda e: len(e.needs)) if fitting else None
            if chosen is not None:
                out.append((chosen.id, score, lang))
        return out

    def ask(self, question: str, today: dt.date, lang: str | None = None) -> Answer:
        """Best entry for the question; else the passage of the documents that answers it
        (knowledge/documents.py); else "unsure" with the closest entries and passages."""
        details = self.details.read(question)
        ranked = self._resolve(self._rank(details), details)
        answer_lang = lang or (ranked[0][2] if ranked else "fr")
        top_score = ranked[0][1] if ranked else 0.0
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        text_lang = lang or guess_lang(question) or answer_lang
        outside = _named_outside(question, details)
        off_topic = False
        if ranked and top_score >= CUTOFF and top_score - runner_up >= MARGIN:
            entry = self.by_id[ranked[0][0]]
            # "les aides de la région Bretagne": the documents cover one region. "Horaires de
            # la mairie de Lens": a commune named makes any question look like "whom do I call
            # in Lens?"; the question's other words must be words of the documents.
            off_topic = (outside and entry.action != "contacts_for_place") or (
                entry.action == "contacts_for_place"
                and self.documents.off_topic(
                    question, text_lang, self._named(details, False, text_lang)
                )
            )
            if not off_topic:
                return self._answered(
                    question, entry, answer_lang, top_score, ranked, today, details
                )
        named = self._named(details, outside, text_lang)
        found = self.documents.find(question, text_lang, named) if not off_topic else Found()
        first = self.by_id[ranked[0][0]] if ranked else None
        agree = (
            first is not None
            and found.entry is not None
            and (
                first.id == found.entry.id or (first.family and first.family == found.entry.family)
            )
        )
        if found.entry is not None and agree:  # both rankings name it: a curated answer
            entry = found.entry
            if entry.family:  # one intent: the member whose needs the details meet
                resolved = self._resolve([(entry.id, 100.0 * found.coverage, text_lang)], details)
                entry = self.by_id[resolved[0][0]] if resolved else entry
            score = 100.0 * found.coverage
            return self._answered(question, entry, text_lang, score, ranked, today, details)
        if found.entry is not None:  # BM25 alone names an entry the FAQ doubts: not sure
            found = self.documents.find(question, text_lang, named, passages_only=True)
        if found.passage is not None:
            return Answer(
                question,
                "quoted",
                text_lang,
                100.0 * found.coverage,
                text=self.documents.quote(found.passage, question, text_lang),
                source=found.passage.source,
                details=details,
                found=found,
            )
        if off_topic:
            found = self.documents.find(question, text_lang, named)
            found = Found(closest=found.closest, coverage=found.coverage)
        return Answer(
            question,
            "unsure",
            text_lang if self.documents.passages else answer_lang,
            min(top_score, 100.0),
            text=self.documents.not_said(found, question, text_lang)
            if self.documents.passages
            else "",
            alternatives=()
            if off_topic
            else tuple(
                Alternative(i, self.by_id[i].title(answer_lang), min(s, 100.0))
                for i, s, _l in ranked[:ALTERNATIVES]
                if s >= ALTERNATIVE_FLOOR
            ),
            details=details,
            found=found,
        )

    def _named(self, details: Details, outside: bool, lang: str) -> list[str]:
        """Words of the question that name a commune or a regional contact: not words the
        documents must hold (a commune outside the region, named as such, does count)."""
        people = self.knowledge.people
        names = [people[i].name for i in details.people if i in people]
        if details.place is not None and not outside:
            names.append(details.place.matched)
        return [t for name in names for t in self.documents.index[lang].terms(name)]

    def _answered(
        self,
        question: str,
        entry: Entry,
        lang: str,
        score: float,
        ranked: list[tuple[str, float, str]],
        today: dt.date,
        details: Details,
    ) -> Answer:
        return Answer(
            question,
            "answered",
            lang,
            min(score, 100.0),
            entry,
            self._render(entry, lang, today, details),
            entry.source,
            tuple(
                Alternative(i, self.by_id[i].title(lang), min(s, 100.0))
                for i, s, _l in ranked[1 : 1 + ALTERNATIVES]
                if i != entry.id
            ),
            details,
        )

    # ---------------------------------------------------------------- answers
    def render(self, entry: Entry, lang: str, today: dt.date, question: str = "") -> str:
        """The entry's answer with its placeholders filled and the question's details used."""
        return self._render(entry, lang, today, self.details.read(question))

    def _render(self, entry: Entry, lang: str, today: dt.date, details: Details) -> str:
        text = entry.answer_en if lang == "en" else entry.answer
        values = _facts(self.knowledge, lang, today)
        if entry.action == "contacts_for_place":
            values["place_contacts"] = self._place_contacts(details, lang)
        text = text.format_map(values)
        if any(p.phone in text for p in self.knowledge.people.values()):  # from 2014, as written
            text += (
                "\n"
                + validity_note(self.knowledge, lang)
                + " "
                + domain_note(self.knowledge, lang)
            )
        lead = ""
        if entry.action == "floor":
            lead = self._floor_lead(details, lang, today)
        elif entry.action == "ceiling":
            lead = self._ceiling_lead(details, lang, today)
        elif entry.action == "contacts_named" and details.people:  # "le numéro de Mme Dolez"
            lead = _people(self.knowledge, details.people)
        return f"{lead}\n\n{text}" if lead else text

    def _place_contacts(self, details: Details, lang: str) -> str:
        """'Je suis à Lens, j'appelle qui ?': the contacts for the place (and fiche) named."""
        _ = gettext_for(lang).gettext
        k = self.knowledge
        place = details.place
        if place is not None and place.outside:
            return (
                _(
                    "{place} n'est pas {in} : cet appel ne concerne que les communes de "
                    "{these}. Contacts généraux :"
                ).format(place=place.label, **k.region.words_in(lang))
                + "\n"
                + _people(k, k.general_contacts)
            )
        if place is None or not place.territory:
            intro = (
                _("Dites-moi votre commune et je vous dirai qui appeler. En attendant :")
                if place is None
                else _(
                    "{place} s'étend sur deux sous-territoires : dites-moi votre commune et je "
                    "vous dirai qui appeler. En attendant :"
                ).format(place=epci_full_name(place.label, _))
            )
            return intro + "\n" + _people(k, k.general_contacts)
        epci = epci_full_name(place.epci_name or "?", _)
        lines = [f"{place.label} — {epci} — {k.territory_name(place.territory)}"]
        wanted = details.fiche
        if wanted is not None:  # the fiche named in the question: its contacts only
            lines.append(_("Fiche {n} :").format(n=wanted))
            lines.append(_people(k, tuple(p.id for p in contacts_for(k, wanted, place.territory))))
        else:
            for numbers, ids in _contact_groups(k, place.territory):
                lines.append(_fiches_label(k, numbers, lang))
                lines.append(_people(k, ids))
        lines.append(
            _(
                "Avant tout, prenez contact avec les techniciens de votre ville et de "
                "l'intercommunalité ({epci})."
            ).format(epci=epci)
        )
        return "\n".join(lines)

    def _floor_lead(self, details: Details, lang: str, today: dt.date) -> str:
        """The floor of each fiche the question names, then where its amount stands."""
        _ = gettext_for(lang).gettext
        lines = []
        for number in details.fiches:
            floor = as_of(self.knowledge.fiches[number].floor, today)
            if floor is not None:
                lines.append(
                    _("Fiche {n} : demande minimale de {floor}.").format(
                        n=number, floor=format_money(floor.value, lang)
                    )
                )
        return "\n".join(lines + self._amount_lines(details, lang, today))

    def _ceiling_lead(self, details: Details, lang: str, today: dt.date) -> str:
        """The ceilings for the fiche and kind of spending the question names, then where its
        amount stands."""
        _ = gettext_for(lang).gettext
        lines = []
        named = list(details.fiches)
        if not named and details.kind:  # "salarier un médiateur, c'est quoi le plafond ?"
            named = [n for n, f in self.knowledge.fiches.items() if f.ceilings]
        for number in named:
            fiche = self.knowledge.fiches[number]
            if not fiche.ceilings:
                lines.append(_("La fiche {n} ne fixe pas de plafond.").format(n=number))
            for kind, ceiling in self._ceilings(number, details.kind, today):
                lines.append(
                    _("Fiche {n} : plafond de {ceiling} {kind}.").format(
                        n=number, ceiling=format_money(ceiling, lang), kind=_kind(kind, lang)
                    )
                )
        return "\n".join(lines + self._amount_lines(details, lang, today))

    def _ceilings(
        self, number: int, kind: str | None, today: dt.date
    ) -> list[tuple[str, Decimal]]:
        """(kind, ceiling) of a fiche as of today, only the kind asked about when known."""
        out = []
        for fiche_kind, entries in self.knowledge.fiches[number].ceilings.items():
            ceiling = as_of(entries, today)
            if ceiling is not None and kind in (None, fiche_kind):
                out.append((fiche_kind, ceiling.value))
        return out

    def _amount_lines(self, details: Details, lang: str, today: dt.date) -> list[str]:
        """ "1 500 € est en dessous du plancher de 2 000 € (fiches 1 et 2)": the amount the
        question names against the floors and ceilings of the fiches it names (or all)."""
        amount = details.amount
        if amount is None:
            return []
        _ = gettext_for(lang).gettext
        money = format_money(amount, lang)
        fiches = list(details.fiches) or sorted(self.knowledge.fiches)
        under: dict[Decimal, list[int]] = {}
        fine = []
        lines = []
        for number in fiches:
            floor = as_of(self.knowledge.fiches[number].floor, today)
            if floor is not None and amount < floor.value:
                under.setdefault(floor.value, []).append(number)
                continue
            over = [(k, c) for k, c in self._ceilings(number, details.kind, today) if amount > c]
            for kind, ceiling in over:
                lines.append(
                    _("{amount} dépasse le plafond de {ceiling} {kind} (fiche {n}).").format(
                        amount=money,
                        ceiling=format_money(ceiling, lang),
                        kind=_kind(kind, lang),
                        n=number,
                    )
                )
            if not over:
                fine.append(number)
        lines = [
            _("{amount} est en dessous du plancher de {floor} ({fiches}).").format(
                amount=money, floor=format_money(floor_value, lang), fiches=_fiche_list(n, lang)
            )
            for floor_value, n in sorted(under.items())
        ] + lines
        capped = [n for n in fine if self.knowledge.fiches[n].ceilings]
        uncapped = [n for n in fine if not self.knowledge.fiches[n].ceilings]
        if capped:
            lines.append(
                _("{amount} est dans les limites ({fiches}).").format(
                    amount=money, fiches=_fiche_list(capped, lang)
                )
            )
        if uncapped:  # "dans les limites" would claim a ceiling the documents do not state
            lines.append(
                _("{amount} atteint le plancher ({fiches}), qui ne fixent pas de plafond.").format(
                    amount=money, fiches=_fiche_list(uncapped, lang)
                )
            )
        return lines


def _named_outside(question: str, details: Details) -> bool:
    """A place outside the region, written with a capital ("la région Bretagne"): the
    question is about elsewhere. A lowercase word that happens to be a commune ("jury",
    "l'échelle") is not a place named."""
    place = details.place
    if place is None or not place.outside:
        return False
    first = place.matched.split()[0] if place.matched else ""
    return any(fold(w) == first and w[:1].isupper() for w in re.findall(r"[\w'-]+", question))


def _kind(kind: str, lang: str) -> str:
    _ = gettext_for(lang).gettext
    return {"investment": _("en investissement"), "operating": _("en fonctionnement")}.get(
        kind, kind
    )


def _fiche_list(numbers: list[int], lang: str) -> str:
    _ = gettext_for(lang).gettext
    if len(numbers) == 1:
        return _("fiche {n}").format(n=numbers[0])
    joined = ", ".join(str(n) for n in numbers[:-1])
    return _("fiches {first} et {last}").format(first=joined, last=numbers[-1])


def _meets(need: str, details: Details) -> bool:
    """A need of an entry, as written in faq.toml: "place", "fiche:4"."""
    if need == "place":
        return details.place is not None
    if need.startswith("fiche:"):
        return details.fiche == int(need.partition(":")[2])
    return False


def _match(
    query: list[tuple[float, frozenset[str]]],
    phrasing: frozenset[str],
    phrasing_weight: float,
    idf: dict[str, float],
) -> float:
    """0-100, the F-measure of recall (how much of the phrasing's weight the question covers)
    and precision (how much of the question's weight the phrasing explains)."""
    covered: set[str] = set()
    matched = 0.0
    total = 0.0
    for weight, stems in query:
        total += weight
        hit = stems & phrasing
        if hit:
            matched += weight
            covered |= hit
    if not covered or all(t in MARKS or t.isdigit() for t in covered):
        return 0.0  # a place, an amount or a number alone says nothing of what is asked
    recall = sum(idf.get(t, 0.0) for t in covered) / (phrasing_weight or 1.0)
    precision = matched / (total or 1.0)
    beta2 = RECALL_BETA**2
    return 100.0 * (1 + beta2) * precision * recall / (beta2 * precision + recall)


def _contact_groups(
    knowledge: Knowledge, territory: str | None
) -> list[tuple[list[int], tuple[str, ...]]]:
    """The call's fiches grouped by the people routed for them in this sub-territory, in the
    order of the fiches: fiches sharing their contacts share one line ("Fiches 1 à 3")."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for number in sorted(knowledge.fiches):
        ids = tuple(p.id for p in contacts_for(knowledge, number, territory))
        groups.setdefault(ids, []).append(number)
    return [(numbers, ids) for ids, numbers in groups.items()]


def _fiches_label(knowledge: Knowledge, numbers: list[int], lang: str) -> str:
    """'Fiches 1 à 3 :' for a run of fiches, 'Fiche 4 (gestion urbaine de proximité) :' for one."""
    _ = gettext_for(lang).gettext
    if len(numbers) == 1:
        title = knowledge.fiches[numbers[0]].short_title_in(lang).lower()
        return _("Fiche {n} ({title}) :").format(n=numbers[0], title=title)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return _("Fiches {first} à {last} :").format(first=numbers[0], last=numbers[-1])
    return _("Fiches {numbers} :").format(numbers=", ".join(str(n) for n in numbers))


def _people(knowledge: Knowledge, ids: tuple[str, ...]) -> str:
    return contact_lines(knowledge.people[i] for i in ids)


def _facts(knowledge: Knowledge, lang: str, today: dt.date) -> dict[str, str]:
    """Every value an answer may quote, formatted for the language, as of `today`."""
    values: dict[str, str] = {
        "call_name": knowledge.call["call"]["name_en" if lang == "en" else "name"],
        "general_contacts": _people(knowledge, knowledge.general_contacts),
    }
    count = number_word(len(knowledge.fiches), lang)
    values["fiche_count"] = count  # "quatre": the fiches as the call's data lists them
    values["fiche_count_capital"] = count.capitalize()
    values["fiche_list"] = "\n".join(
        f"{number}. {fiche.title_in(lang)}" for number, fiche in knowledge.fiches.items()
    )
    values["fiche_short_list"] = ", ".join(
        f"{number} {fiche.short_title_in(lang).lower()}"
        for number, fiche in knowledge.fiches.items()
    )
    for number, fiche in knowledge.fiches.items():
        values[f"fiche_{number}_title"] = fiche.title_in(lang)
        values[f"fiche_{number}_summary"] = fiche.summary_in(lang)
        floor = as_of(fiche.floor, today)
        values[f"floor_{number}"] = format_money(floor.value, lang) if floor else "—"
        rate = as_of(fiche.cofunding_min_rate, today)
        values[f"cofunding_{number}"] = format_rate(rate.value, lang) if rate else "—"
        for kind, entries in fiche.ceilings.items():
            ceiling = as_of(entries, today)
            if ceiling:
                values[f"ceiling_{number}_{kind}"] = format_money(ceiling.value, lang)
        actions = fiche.eligible_actions_en if lang == "en" else fiche.eligible_actions
        values[f"fiche_{number}_actions"] = "\n".join(f"• {a}" for a in actions)
        people = contacts_for(knowledge, number, None)  # routed for every sub-territory
        values[f"fiche_{number}_contacts"] = _people(knowledge, tuple(p.id for p in people))
    passed = []
    for step_id, step in knowledge.calendar.items():
        if step.deadline is None:
            continue
        values[f"{step_id}_deadline"] = long_date(step.deadline, lang)
        if step.deadline < today:
            passed.append(step)
    criteria = knowledge.raw["call"]["selection"]["criteria_en" if lang == "en" else "criteria"]
    values["criteria"] = "\n".join(f"• {c}" for c in criteria)
    if passed and len(passed) == sum(1 for s in knowledge.calendar.values() if s.deadline):
        successor = knowledge.call.get("successor", {}).get("name_en" if lang == "en" else "name")
        values["deadline_note"] = (
            f"These dates have passed: this call is closed. For today's funding, ask the "
            f"{successor}. The call's contacts in 2014:\n" + values["general_contacts"]
            if lang == "en"
            else f"Ces dates sont passées : cet appel est clos. Pour les aides d'aujourd'hui, "
            f"renseignez-vous auprès de la {successor}. Contacts de l'appel en 2014 :\n"
            + values["general_contacts"]
        )
    else:
        values["deadline_note"] = ""
    return values


def _entries(knowledge: Knowledge) -> tuple[Entry, ...]:
    from knowledge.loader import _source  # one way of reading a source, shared with the loader

    raw = knowledge.raw.get("faq", {}).get("faq", [])
    documents = knowledge.documents
    return tuple(
        Entry(
            id=e["id"],
            questions=tuple(e["questions"]),
            questions_en=tuple(e["questions_en"]),
            answer=e["answer"].strip(),
            answer_en=e["answer_en"].strip(),
            source=_source(e["source"], documents),
            action=e.get("action", ""),
            family=e.get("family", ""),
            needs=tuple(e.get("needs", ())),
            passages=tuple(e.get("passages", ())),
            readings=tuple(e.get("readings", ())),
            readings_en=tuple(e.get("readings_en", ())),
        )
        for e in raw
    )
