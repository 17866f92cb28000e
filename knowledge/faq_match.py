"""The FAQ's matcher: which entries' phrasings a question's words match, and how well.

Kept apart from the decision (knowledge/faq.py: cutoffs, margins, the documents' help) and the
answers' composition (knowledge/faq_compose.py). Each entry's phrasings, French and English,
are read like a question (details as marker words, knowledge/faq_details.py) and reduced to
stems (knowledge/faq_text.py); `rank` scores the phrasings that share a stem with the question
(an inverted index) as the F-measure of recall (how much of the phrasing's weight the question
covers) and precision (how much of the question's weight the phrasing explains), words weighted
by rarity across entries (idf), typos forgiven through rapidfuzz against the FAQ's vocabulary.
Words the FAQ never uses weigh less than known ones, so that a long real-life question is not
drowned by its context, but they still count, so that an out-of-scope question stays under the
cutoff.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from knowledge.faq_details import AMOUNT_MARK, PERSON_MARK, PLACE_MARK, DetailReader, Details
from knowledge.faq_entries import Entry
from knowledge.faq_text import LIGHT_WEIGHT, LIGHT_WORDS, stem, terms
from knowledge.focus import CONTEXT_WEIGHT, KNOWN_CONTEXT_WEIGHT

UNKNOWN_WEIGHT = 0.5  # a word the FAQ never uses, relative to the rarest known word
RECALL_BETA = 1.0  # F-measure of recall and precision: above 1, recall counts more
ACRONYM_WEIGHT = 2.0  # an unknown word in capitals ("la CAF"), relative to the rarest known word
TYPO_SCORE = 88  # rapidfuzz ratio for a question word to count as a misspelt FAQ word
MARKS = frozenset({stem(PLACE_MARK), stem(AMOUNT_MARK), stem(PERSON_MARK)})


@dataclass(frozen=True, slots=True)
class _Phrasing:
    entry: Entry
    lang: str
    full: frozenset[str]  # stems of the phrasing, place and amount as marker words
    core: frozenset[str]  # the same without the fiche and kind of spending it names
    uses_details: bool  # its answer is composed from them: matched on the core too
    full_weight: float = 0.0
    core_weight: float = 0.0


class Matcher:
    """The entries' phrasings as an index; `rank` is pure and fast."""

    def __init__(
        self,
        entries: Sequence[Entry],
        details: DetailReader,
        synonyms: Mapping[str, str],
        ignored: frozenset[str] = frozenset(),
    ) -> None:
        """`ignored`: folded words of a question that are no term of it (`not_terms` in
        faq.toml: « sera » would be the stem « ser » of the bot's « tu sers à quoi ? »)."""
        self.synonyms = dict(synonyms)
        self.ignored = ignored
        self._phrasings: list[_Phrasing] = []
        entry_terms: dict[str, set[str]] = {}
        self._stems_of: dict[str, str] = {}  # folded FAQ word -> its stem, for typo matching
        for entry in entries:
            for lang, phrasings in (("fr", entry.questions), ("en", entry.questions_en)):
                for phrasing in phrasings:
                    read = details.read(phrasing)
                    full = frozenset(terms(read.text, self.synonyms))
                    core = frozenset(terms(read.core, self.synonyms))
                    uses = bool(core) and bool(entry.action or entry.family)
                    self._phrasings.append(_Phrasing(entry, lang, full, core, uses))
                    entry_terms.setdefault(entry.id, set()).update(full)
                    for word in read.text.split():
                        found = terms(word, self.synonyms)
                        if len(word) > 3 and found:
                            self._stems_of.setdefault(word, found[0])
        self._vocabulary = list(self._stems_of)
        counts: dict[str, int] = {}
        for stems in entry_terms.values():
            for term in stems:
                counts[term] = counts.get(term, 0) + 1
        total = len(entries)
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

    def _query(
        self,
        text: str,
        acronyms: frozenset[str] = frozenset(),
        told: frozenset[str] = frozenset(),
        names: frozenset[str] = frozenset(),
    ) -> list[tuple[float, frozenset[str]]]:
        """The question's terms as (weight, stems it may stand for): a known stem stands for
        itself; an unknown word for the FAQ words it is a typo of, or for nothing. An unknown
        acronym ("la CAF") weighs more than a rare word: it names what is asked about. A word
        only in the clauses that tell rather than ask (`told`, knowledge/focus.py) weighs
        CONTEXT_WEIGHT of that."""
        out = []
        for word in text.split():
            found = terms(word, self.synonyms) if word not in self.ignored else []
            if not found:
                continue
            share = CONTEXT_WEIGHT if word in told else 1.0
            out.append(self._term(word, found[0], acronyms, share, word in names))
        return out

    def _term(
        self, word: str, term: str, acronyms: frozenset[str], share: float, name: bool = False
    ) -> tuple[float, frozenset[str]]:
        """One word of the question as (weight, stems); `share` < 1: a word of the context,
        which weighs CONTEXT_WEIGHT, or KNOWN_CONTEXT_WEIGHT when the FAQ knows it. A `name`
        (written with a capital inside a sentence) stands for a FAQ word only when the FAQ
        writes that very word (« la Région »), neither by its stem nor as a typo: « on est à
        Tournai » is not « tourner » (faq5 pass)."""
        known = 1.0 if share == 1.0 else KNOWN_CONTEXT_WEIGHT
        if name and word not in self._stems_of:
            return share * self._unknown, frozenset()
        if term in self._idf:
            return known * self._idf[term], frozenset({term})
        close = (
            process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=3
            )
            if len(word) > 3 and not name
            else []
        )
        stems = frozenset(self._stems_of[c] for c, _s, _i in close) & self._idf.keys()
        if stems:
            return known * max(self._idf[s] for s in stems), stems
        if word in acronyms:
            return share * ACRONYM_WEIGHT * self._unknown / UNKNOWN_WEIGHT, frozenset()
        return share * self._unknown, frozenset()

    def rank(
        self, details: Details, told: frozenset[str] = frozenset()
    ) -> list[tuple[str, float, str]]:
        """(entry id, score, language of the best phrasing), best first, one row per entry.
        Only phrasings sharing a stem with the question are scored (an inverted index).
        `told`: the words only in the question's telling clauses (knowledge/focus.py)."""
        full = self._query(details.text, details.acronyms, told, details.names)
        core = (
            self._query(details.core, details.acronyms, told, details.names)
            if details.core != details.text
            else full
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
