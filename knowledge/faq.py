"""Free-text question -> the best answer of knowledge/data/faq.toml with its source, or "not
sure" with the two closest questions, never a confident wrong answer.

A question is an intent plus details. The details (place, fiche, kind of spending, amount) are
read first (knowledge/faq_details.py) and replaced by marker words; the intent is the FAQ entry
whose phrasings best match the remaining words (knowledge/faq_text.py: folded, SMS spellings
expanded, stop words dropped, stemmed). The answer is then composed from the data for those
details: the contacts for *that* place and fiche, the floor of *that* fiche, "1 500 € is under
the 2 000 € floor of fiches 1 and 2".

Matching is knowledge/faq_match.py (per phrasing, the F-measure of the share of the phrasing's
weight the question covers and the share of the question's weight the phrasing explains). An
answer is given only above `CUTOFF` *and* clearly ahead of the next entry (`MARGIN`); entries of
one family (the three "who do I contact?") are one intent, told apart by the details.

The entries and what `ask` returns are knowledge/faq_entries.py; an answer is composed from
the data by knowledge/faq_compose.py; a question the entries do not answer is looked for in the
documents' passages (knowledge/documents.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from knowledge import faq_letters as letters
from knowledge.asked import Asked
from knowledge.contacts import card_notes
from knowledge.documents import CLOSEST, Documents, Found, guess_lang
from knowledge.faq_asks import Joiners
from knowledge.faq_checks import (
    AGREE_MARGIN,
    AGREE_SCORE,
    AGREE_UNKNOWN,
    CUTOFF,
    LEAN_COVERAGE,
    MARGIN,
    far,
    meets,
    named_outside,
    other_party,
    project_told,
    same_intent,
)
from knowledge.faq_compose import Composer
from knowledge.faq_details import PLACE_MARK, DetailReader, Details
from knowledge.faq_entries import Alternative, Answer, Entry, asks_it, load_entries
from knowledge.faq_fiche_asked import which_fiche
from knowledge.faq_match import Matcher
from knowledge.faq_several import several
from knowledge.faq_text import stem_synonyms
from knowledge.faq_told import told_instead
from knowledge.focus import asks, context_words, two_asks
from knowledge.i18n import gettext_for
from knowledge.letters import body
from knowledge.other_call import OtherCall
from knowledge.place_text import is_commune_name
from knowledge.text import fold

__all__ = ["CUTOFF", "MARGIN", "Alternative", "Answer", "Entry", "Faq"]

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
    from knowledge.places import Gazetteer

ALTERNATIVES = 2
ALTERNATIVE_FLOOR = 35.0  # a closest question below this is not worth offering


class Faq:
    """The questions and answers of one loaded call. Build once; `ask` is pure and fast."""

    def __init__(self, knowledge: Knowledge, places: Gazetteer) -> None:
        self.knowledge = knowledge
        self.places = places
        self.details = DetailReader(knowledge, places)
        self.entries = load_entries(knowledge)
        self.composer = Composer(knowledge)
        self.by_id = {e.id: e for e in self.entries}
        self.told_entries = [e for e in self.entries if e.told]
        raw_synonyms = knowledge.raw.get("faq", {}).get("synonyms", {})
        self.synonyms = stem_synonyms(
            {fold(k): fold(v) for k, v in raw_synonyms.items() if isinstance(v, str)}
        )
        self.joiners = Joiners.from_raw(knowledge.raw.get("faq", {}))
        self.asked = Asked.from_raw(knowledge.raw.get("faq", {}), card_notes(knowledge))
        raw_details = knowledge.raw.get("faq", {}).get("details", {})
        self.articles = frozenset(fold(w) for w in raw_details.get("name_articles", ()))
        ignored = frozenset(fold(w) for w in raw_details.get("not_terms", ()))
        self.matcher = Matcher(self.entries, self.details, self.synonyms, ignored)
        self.documents = Documents(knowledge, self.entries, self.synonyms)
        self.other_call = OtherCall.from_raw(
            knowledge.raw.get("faq", {}),
            knowledge.call["call"]["published"].year,
            (t for p in self.documents.passages for t in (p.text, p.text_en)),
        )
        self._is_commune = partial(is_commune_name, places)
        # the fiches each passage's section names (« Fiche 4 : … »): `_elsewhere`
        self.passage_fiches = {
            p.id: frozenset(self.details.read(p.source.section).fiches)
            for p in self.documents.passages
        }

    def _resolve(
        self, ranked: list[tuple[str, float, str]], details: Details
    ) -> list[tuple[str, float, str]]:
        """Entries of one family are one intent: keep the family once, as the member whose
        needs the details meet (the most needs first), at the family's best score. An entry
        whose `asking` the question does not hold is no candidate (faq10 pass)."""
        out: list[tuple[str, float, str]] = []
        seen: set[str] = set()
        for entry_id, score, lang in ranked:
            if not asks_it(self.by_id[entry_id], details.text):
                continue  # « faut-il que la commune finance ? » is no « qui peut déposer ? »
            family = self.by_id[entry_id].family
            if not family:
                out.append((entry_id, score, lang))
                continue
            if family in seen:
                continue
            seen.add(family)
            members = [e for e in self.entries if e.family == family]
            fitting = [e for e in members if all(meets(need, details) for need in e.needs)]
            chosen = max(fitting, key=lambda e: len(e.needs)) if fitting else None
            if chosen is not None:
                out.append((chosen.id, score, lang))
        return out

    def ask(self, question: str, today: dt.date, lang: str | None = None) -> Answer:
        """The answer to the message (`_message`), an abbreviation it asks the meaning of
        spelt out first in the documents' French words when the answer does not (faq6 pass:
        "What does GUP stand for?" got « Local Urban Management (GUP) »)."""
        answer = self._message(question, today, lang)
        other = self.other_call.named(
            question, lambda: self._in_region(question), self._is_commune
        )
        if other is not None:  # another region's or year's call: the documents do not say
            return self._other_call(answer, other)
        if answer.status == "unsure":
            return answer
        spelt = self.asked.spelt(question, answer.text)
        if not spelt:
            return answer
        _ = gettext_for(answer.lang).gettext
        lines = [_("« {short} » : {long}.").format(short=s, long=long) for s, long in spelt]
        return replace(answer, text="\n".join(lines) + "\n\n" + answer.text)

    def _in_region(self, question: str) -> bool:
        """The question names a commune or an area of the call's region."""
        place = self._read(question).place
        return place is not None and bool(place.territory)

    def _other_call(self, answer: Answer, other: str) -> Answer:
        """The documents' silence about another region's or year's call (knowledge/other_call.py),
        then what they say of their own, framed as theirs."""
        _ = gettext_for(answer.lang).gettext
        call = self.knowledge.call["call"]
        lines = [
            _(
                "Les documents de l'appel ne le disent pas pour « {other} » : ce sont ceux de "
                "l'appel DSDT de la Région {region} de {year}."
            ).format(other=other, region=call["region"], year=self.other_call.call_year)
        ]
        if answer.status != "unsure" and answer.text:
            lines.append(
                _("Pour cet appel de {year}, ils disent :").format(year=self.other_call.call_year)
            )
        if answer.text:
            lines.append(answer.text)
        if answer.status == "answered" and answer.entry is not None and answer.entry.family:
            # whom to ask is still an answer (« nous sommes à Tournai, qui contacter ? »): the
            # contacts, after the documents' silence, not a doubt followed by them twice
            return replace(answer, text="\n".join(lines))
        return replace(answer, status="unsure", text="\n".join(lines), alternatives=())

    def _message(self, question: str, today: dt.date, lang: str | None = None) -> Answer:
        """The answer to the message; for two questions in one message, both answers
        (knowledge/faq_asks.py). A question left unanswered keeps the message's doubt: never
        a half-answer. A letter's question is not asked again without its letter: without
        its context any question scores higher, and neighbouring answers came back (« …when
        the territorial juries will meet? » got the juries' entry, docs/passages.md)."""
        whole = self._ask(question, today, lang)
        if whole.status != "unsure" and self.told_entries:  # a rule's condition told (faq8)
            instead = told_instead(self, question, today, whole)
            if instead is not None:
                return instead
        if whole.status == "unsure":  # a letter whose asking sentence says what it asks
            apart = (
                letters.apart(self, question, today, whole)
                or letters.ordered(self, question, today, whole)
                or letters.referred(self, question, today, whole)
                or which_fiche(self, question, today, whole)
            )
            if apart is not None:
                return apart
        return several(self, question, today, lang, whole)

    def _top(self, question: str) -> tuple[Entry | None, float]:
        """The matcher's first entry for the message (letter aside), and its score."""
        letter = body(question)
        details = self._read(letter)
        ranked = self._resolve(self.matcher.rank(details, context_words(letter)), details)
        return (self.by_id[ranked[0][0]], ranked[0][1]) if ranked else (None, 0.0)

    def _ask(
        self, question: str, today: dt.date, lang: str | None = None, fiches: tuple[int, ...] = ()
    ) -> Answer:
        """Best entry for the question; else the passage of the documents that answers it
        (knowledge/documents.py); else "unsure" with the closest entries and passages. A
        letter's greeting and closing are set aside first (knowledge/letters.py). `fiches`:
        those its message names, for a question of it that names none (« …the ceiling under
        fiche 4, and who we should contact for that fiche? », faq10 pass)."""
        letter = body(question)  # the FAQ's matcher only: BM25 over the documents has its own
        details = self._read(letter)
        if fiches and not details.fiches:
            details = replace(details, fiches=fiches)
        ranked = self._resolve(self.matcher.rank(details, context_words(letter)), details)
        # the question's own language first: "is there a ceiling for fiche 2?" may match a
        # French phrasing best ("plafond fiche 2"), and is still answered in English
        answer_lang = lang or guess_lang(question) or (ranked[0][2] if ranked else "fr")
        top_score = ranked[0][1] if ranked else 0.0
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        text_lang = answer_lang
        outside = named_outside(question, details, self.articles)
        off_topic = False
        if (
            ranked
            and top_score >= CUTOFF
            and top_score - runner_up >= MARGIN
            and not project_told(self.knowledge, letter)
        ):
            entry = self.by_id[ranked[0][0]]
            off_topic = self._off_topic(entry, question, details, outside, text_lang)
            if not off_topic:
                answer = self._answered(
                    question, entry, answer_lang, top_score, ranked, today, details
                )
                if self._fits(question, answer, details, today):  # "combien…?" needs a number
                    return answer
        whom = letters.whom(self, question, details, ranked, today, text_lang)
        if whom is not None:
            return whom
        named = self._named(details, far(details, outside), text_lang)
        found = self.documents.find(question, text_lang, named) if not off_topic else Found()
        first = self.by_id[ranked[0][0]] if ranked else None
        # the matcher's near-tie (« le taux de cofinancement … pour la fiche 3 ? »: fiche 3 and
        # the co-funding at 46.1 each) is broken by BM25's entry, clearly found (faq6 pass)
        tied = [self.by_id[i] for i, s, _l in ranked[1:2] if top_score - s < MARGIN]
        if (
            found.entry is not None
            and any(same_intent(e, found.entry) for e in [first, *tied])
            and not other_party(found.entry, question)
        ):
            # both rankings name it: a curated answer
            answer = self._agreed(
                question, found.entry, text_lang, found.coverage, ranked, today, details
            )
            if self._fits(question, answer, details, today):
                return answer
        if found.entry is not None:  # BM25 alone names an entry the FAQ doubts
            leaning = ((found.entry, found.coverage),)
            found = self.documents.find(question, text_lang, named, passages_only=True)
            found = replace(found, leaning=leaning)
        agreed = [
            (entry, coverage)
            for entry, coverage in found.leaning
            if same_intent(first, entry) and coverage >= LEAN_COVERAGE
        ]
        if (
            found.passage is None
            and agreed
            and top_score >= AGREE_SCORE
            and top_score - runner_up >= AGREE_MARGIN
            and asks(question)  # not a project described
            and not two_asks(question)
            and not self._off_topic(agreed[0][0], question, details, outside, text_lang)
            and self.documents.unknown_share(question, text_lang, named) < AGREE_UNKNOWN
        ):
            # under both cutoffs, but the FAQ's matcher ranks first, clearly, an entry that
            # BM25 over every document ranks among its best: a letter's question, asked
            # among its context
            entry = agreed[0][0]
            answer = self._agreed(
                question, entry, text_lang, top_score / 100, ranked, today, details
            )
            if self._fits(question, answer, details, today):
                return answer
        said = self.documents.excerpt(found.passage, question, text_lang) if found.passage else ""
        if (
            found.passage is not None
            and self.asked.fits(question, said, found.passage.text_in(text_lang), today.year)
            and not self._elsewhere(details, (found.passage.id,))
            and self._holds_people(details, found.passage.text)
        ):  # the passage's words, no source
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
        if found.passage is not None:  # a passage of the topic, not of the kind asked
            found = replace(found, passage=None, closest=(found.passage, *found.closest[:1]))
        if off_topic:
            found = self.documents.find(question, text_lang, named)
            found = Found(closest=found.closest, coverage=found.coverage)
        if details.fiche is not None:  # what the named fiche's own text says, first
            own = self.documents.closest_among(
                question,
                text_lang,
                named,
                {i for i, f in self.passage_fiches.items() if details.fiche in f},
            )
            if own:
                closest = (own[0], *(p for p in found.closest if p is not own[0]))
                found = replace(found, closest=closest[:CLOSEST])
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

    def _fits(self, question: str, answer: Answer, details: Details, today: dt.date) -> bool:
        """A curated answer holds what the question asks (knowledge/asked.py) and rests on the
        fiche the question names, if any (`_elsewhere`)."""
        cited = answer.entry.passages if answer.entry is not None else ()
        return self.asked.fits(question, answer.text, now=today.year) and not self._elsewhere(
            details, cited
        )

    def _holds_people(self, details: Details, text: str) -> bool:
        """A passage quoted for a question naming a contact must name them (faq8 pass: « Depuis
        quelle année Frédéric AUTIN travaille-t-il à la Région ? » got the years of « Nos
        Quartiers d'Été »): the question is about that person."""
        if not details.people:
            return True
        people = self.knowledge.people
        plain = fold(text)
        return all(
            fold(people[i].name.split()[-1]) in plain for i in details.people if i in people
        )

    def _elsewhere(self, details: Details, cited: Sequence[str]) -> bool:
        """The question names one fiche and the text rests only on passages of other fiches
        (faq5 pass): « pour la fiche 3, les dépenses de fonctionnement sont-elles éligibles ? »
        got fiche 4's ceilings by kind of spending, another fiche's rule read as the named
        one's. A passage's fiches are those its section names (« Fiche 4 : … — Financier »);
        a passage of no fiche (the calendar, the contacts) speaks for all."""
        fiche = details.fiche
        if fiche is None or not cited:
            return False
        return all(
            self.passage_fiches.get(i) and fiche not in self.passage_fiches[i] for i in cited
        )

    def _read(self, question: str) -> Details:
        """The question's details; a lowercase word that the documents use and that is also
        a commune outside the region (« le jury », Jury in Moselle) is that word, not a place."""
        details = self.details.read(question)
        place = details.place
        if place is None or not place.outside or named_outside(question, details, self.articles):
            return details
        index = self.documents.index["fr"]
        if not self.documents.passages or any(
            t not in index.idf for t in index.terms(place.matched)
        ):
            return details

        def back(text: str) -> str:
            return text.replace(PLACE_MARK, place.matched)

        return replace(details, place=None, text=back(details.text), core=back(details.core))

    def _off_topic(
        self, entry: Entry, question: str, details: Details, outside: bool, lang: str
    ) -> bool:
        """ "Les aides de la région Bretagne": the documents cover one region. "Horaires de
        la mairie de Lens": a commune named makes any question look like "whom do I call in
        Lens?"; the question's other words must be words of the documents."""
        if entry.action != "contacts_for_place":
            # Not extended to every entry: tried (« horaires du siège ? » is not the juries),
            # it also refused right answers phrased in words neither the FAQ nor the documents
            # use (« c koi ce truc dsdt »): the FAQ's held-out questions lost 8 right answers
            # and no wrong one (docs/passages.md).
            return outside or other_party(entry, question)
        return self.documents.off_topic(question, lang, self._named(details, False, lang))

    def _agreed(
        self,
        question: str,
        entry: Entry,
        lang: str,
        coverage: float,
        ranked: list[tuple[str, float, str]],
        today: dt.date,
        details: Details,
    ) -> Answer:
        """The curated answer both rankings name; of a family, the member the details fit."""
        if entry.family:  # one intent: the member whose needs the details meet
            resolved = self._resolve([(entry.id, 100.0 * coverage, lang)], details)
            entry = self.by_id[resolved[0][0]] if resolved else entry
        return self._answered(question, entry, lang, 100.0 * coverage, ranked, today, details)

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
            self.composer.render(entry, lang, today, details),
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
        return self.composer.render(entry, lang, today, self.details.read(question))
