"""Free project description -> the fiches ranked, with the words that made each suggestion.

Matching is on whole words of the normalised text, with rapidfuzz tolerating a typo or a plural
in words of five letters or more, so the bot can say *why* it suggests a fiche ("jardin",
"pied d'immeuble" -> fiche 4) rather than give an opaque score.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.loader import Knowledge
from knowledge.model import Fiche
from knowledge.text import normalize

TYPO_SCORE = 88.0  # a word this close to a keyword word counts (plurals, one-letter typos)
MAX_DESCRIPTION = 2000


@dataclass(frozen=True, slots=True)
class Suggestion:
    fiche: Fiche
    score: float  # share of the matched weight, 0..1, summing to 1 over fiches that matched
    matched: tuple[str, ...]


@functools.lru_cache(maxsize=8)
def _lexicon(knowledge: Knowledge) -> tuple[tuple[int, str, tuple[str, ...], int], ...]:
    """(fiche, keyword as written, its normalised words, weight) for every keyword."""
    entries = []
    for fiche in knowledge.fiches.values():
        for group in fiche.keywords:
            for word in group.words:
                entries.append((fiche.number, word, tuple(normalize(word).split()), group.weight))
    entries.sort(key=lambda e: (-len(e[2]), -e[3]))
    return tuple(entries)


@functools.lru_cache(maxsize=8)
def _fuzzy_vocabulary(knowledge: Knowledge) -> tuple[str, ...]:
    """Keyword words long enough to be matched with a typo."""
    return tuple(
        sorted({w for _, _, phrase, _ in _lexicon(knowledge) for w in phrase if len(w) >= 5})
    )


def _where(words: list[str], vocabulary: tuple[str, ...]) -> dict[str, list[int]]:
    """Keyword word -> positions of the text where it appears, exactly or within a typo.
    One rapidfuzz pass per distinct text word; phrases are then tried only where their first
    word is, instead of at every position."""
    near: dict[str, list[str]] = {}
    for word in set(words):
        hits = (
            process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=None
            )
            if len(word) >= 4
            else []
        )
        near[word] = [choice for choice, _score, _index in hits if choice != word]
    where: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        where.setdefault(word, []).append(position)
        for keyword_word in near[word]:
            where.setdefault(keyword_word, []).append(position)
    return where


def _find(phrase: tuple[str, ...], used: set[int], where: dict[str, list[int]]) -> range | None:
    """Positions of the first occurrence of `phrase` that uses at least one fresh word."""
    for start in where.get(phrase[0], ()):
        span = range(start, start + len(phrase))
        if all(i in used for i in span):
            continue
        if all(start + k in where.get(p, ()) for k, p in enumerate(phrase[1:], 1)):
            return span
    return None


def suggest(knowledge: Knowledge, description: str) -> list[Suggestion]:
    """Fiches that the description evokes, best first; empty when nothing matched."""
    words = normalize(description[:MAX_DESCRIPTION]).split()
    where = _where(words, _fuzzy_vocabulary(knowledge))
    totals: dict[int, float] = {}
    matched: dict[int, list[str]] = {}
    used: dict[int, set[int]] = {}
    for number, keyword, phrase, weight in _lexicon(knowledge):
        # Longest phrases come first and consume their words: "jardin partagé" then "jardin"
        # on the same words counts once, and "logement"/"logements" do not both count.
        positions = used.setdefault(number, set())
        span = _find(phrase, positions, where) if phrase else None
        if span is None:
            continue
        positions.update(span)
        totals[number] = totals.get(number, 0) + weight * len(phrase)
        matched.setdefault(number, []).append(keyword)
    grand = sum(totals.values())
    ranking = [
        Suggestion(knowledge.fiches[n], round(total / grand, 3), tuple(matched[n]))
        for n, total in totals.items()
    ]
    ranking.sort(key=lambda s: (-s.score, s.fiche.number))
    return ranking
