"""Free project description -> the fiches ranked, with the words that made each suggestion,
and whether the evidence is strong enough to put one fiche forward.

The vocabulary is data (fiches.toml `keywords`, each group with its source and a weight):
3 says the fiche on its own, 2 points to it, 1 is context shared with other fiches. A text is
matched on its meaningful words (SMS spelling expanded, little words dropped), each compared by
its French and English stems, with rapidfuzz tolerating a typo in longer words. The bot can then
say *why* it suggests a fiche ("jardin", "pied d'immeuble" -> fiche 4) rather than give an
opaque score.

It says "not sure" (`Understood.sure` is False) when no fiche has real evidence (generic words
such as "habitants", "quartier" or "projet" never decide alone) or when two fiches are close:
a tie is never broken by fiche number.
"""

from __future__ import annotations

import functools
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge.loader import Knowledge
from knowledge.model import Fiche
from knowledge.wording import content_words, keys, tokens

TYPO_SCORE = 85.0  # a word this close to a keyword word counts (one-letter typos, SMS)
TYPO_MIN_LENGTH = 5  # shorter words must be spelt right: too many short words are neighbours
MAX_DESCRIPTION = 2000
STRONG = 2  # weight from which a keyword is evidence, not context
MIN_EVIDENCE = 2.0  # the best fiche needs at least this much weight of evidence keywords ...
MIN_LEAD = 1.5  # ... and more than this many points above the next fiche ...
MIN_RATIO = 1.5  # ... and more than this many times its score, or the bot is not sure


@dataclass(frozen=True, slots=True)
class Suggestion:
    fiche: Fiche
    score: float  # share of the matched weight, 0..1, summing to 1 over fiches that matched
    matched: tuple[str, ...]  # the person's own words that matched, as typed
    points: float = 0.0  # raw weight matched
    evidence: float = 0.0  # the part of `points` from keywords of weight >= STRONG
    keywords: tuple[str, ...] = ()  # the keywords of fiches.toml they matched


@dataclass(frozen=True, slots=True)
class Understood:
    """The ranking and the decision: `sure` only when one fiche clearly leads."""

    ranking: tuple[Suggestion, ...]
    sure: bool

    @property
    def fiche(self) -> int | None:
        return self.ranking[0].fiche.number if self.sure else None

    @property
    def candidates(self) -> tuple[int, ...]:
        """Fiches with evidence, for a "not sure" answer: those within reach of the best, in
        fiche order (no order among equals is implied)."""
        if not self.ranking or self.ranking[0].evidence < STRONG:
            return ()
        best = self.ranking[0].points
        return tuple(
            sorted(
                s.fiche.number
                for s in self.ranking
                if s.evidence >= STRONG and s.points * MIN_RATIO >= best
            )
        )


# (fiche, keyword as written, the match keys of each of its words, weight)
_Entry = tuple[int, str, tuple[frozenset[str], ...], int]


@functools.lru_cache(maxsize=8)
def _lexicon(knowledge: Knowledge) -> tuple[_Entry, ...]:
    """Every keyword, longest phrases first so that they consume their words before the
    single words inside them count again."""
    entries = []
    for fiche in knowledge.fiches.values():
        for group in fiche.keywords:
            for word in group.words:
                phrase = tuple(keys(w) for w in content_words(word))
                if phrase:
                    entries.append((fiche.number, word, phrase, group.weight))
    entries.sort(key=lambda e: (-len(e[2]), -e[3]))
    return tuple(entries)


@functools.lru_cache(maxsize=8)
def _by_first_key(knowledge: Knowledge) -> dict[str, tuple[int, ...]]:
    """Match key -> indexes in the lexicon of the keywords whose first word has it, so a
    description only tries the keywords that can start somewhere in it."""
    index: dict[str, list[int]] = {}
    for i, (_n, _k, phrase, _w) in enumerate(_lexicon(knowledge)):
        for key in phrase[0]:
            index.setdefault(key, []).append(i)
    return {key: tuple(entries) for key, entries in index.items()}


@functools.lru_cache(maxsize=8)
def _vocabulary(knowledge: Knowledge) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """All match keys of the keywords, their words long enough to be matched with a typo, and
    the short words (three letters or fewer) a typed short word may match (`_short_ok`)."""
    all_keys: set[str] = set()
    long_words: set[str] = set()
    short: set[str] = set()
    for fiche in knowledge.fiches.values():
        for group in fiche.keywords:
            for word in group.words:
                for w in content_words(word):
                    all_keys |= keys(w)
                    if len(w) >= TYPO_MIN_LENGTH:
                        long_words.add(w)
                    short |= {k for k in keys(w) if len(k) <= 3 and len(w) - len(k) <= 1}
    return frozenset(all_keys), tuple(sorted(long_words)), frozenset(short)


def _positions(words: list[str], knowledge: Knowledge) -> dict[str, list[int]]:
    """Match key -> positions of the text's words having it, directly or within a typo of a
    keyword word. One rapidfuzz pass per distinct unknown word, none for known ones."""
    known, long_words, short = _vocabulary(knowledge)
    extra: dict[str, frozenset[str]] = {}
    for word in set(words):
        if len(word) < TYPO_MIN_LENGTH or keys(word) & known:
            continue
        hits = process.extract(
            word, long_words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=3
        )
        extra[word] = frozenset().union(*(keys(choice) for choice, _s, _i in hits))
    where: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        if len(word) <= 3 and word not in short:
            # A short word typed matches a keyword word whole (or one letter shorter: "jeu",
            # "jeux"), never by the keyword's short stem: the French stem of "tenants" is
            # "ten", and "we'd like ten thousand" evoked fiche 4 (issue 22, pass 8). Longer
            # words still share stems ("donne", "donner").
            continue
        for key in keys(word) | extra.get(word, frozenset()):
            where.setdefault(key, []).append(position)
    return where


def _find(
    phrase: tuple[frozenset[str], ...],
    used: set[int],
    where: dict[str, list[int]],
    clauses: list[int],
    blocked: AbstractSet[int] = frozenset(),
) -> range | None:
    """Positions of the first occurrence of `phrase` within one clause that uses at least one
    fresh word and none of the `blocked` ones."""
    starts = sorted({p for key in phrase[0] for p in where.get(key, ())})
    for start in starts:
        span = range(start, start + len(phrase))
        if all(i in used for i in span) or any(i in blocked for i in span):
            continue
        if span[-1] >= len(clauses) or clauses[span[-1]] != clauses[start]:
            continue
        if all(
            any(start + k in where.get(key, ()) for key in word_keys)
            for k, word_keys in enumerate(phrase[1:], 1)
        ):
            return span
    return None


def suggest(knowledge: Knowledge, description: str) -> list[Suggestion]:
    """Fiches that the description evokes, best first; empty when nothing matched. Equal
    scores are listed in fiche order, which means nothing: see `understand`."""
    text = description[:MAX_DESCRIPTION]
    found = tokens(text)
    where = _positions([t.word for t in found], knowledge)
    clauses = [t.clause for t in found]
    points: dict[int, float] = {}
    evidence: dict[int, float] = {}
    matched: dict[int, list[str]] = {}
    keywords: dict[int, list[str]] = {}
    used: dict[int, set[int]] = {}
    lexicon, first = _lexicon(knowledge), _by_first_key(knowledge)
    candidates = sorted({i for key in where for i in first.get(key, ())})
    # Names and phrases of weight 3 ("nos quartiers d'été", "gestion urbaine de proximité")
    # claim their words first: the "quartiers" inside a fiche 2 operation's name is no
    # evidence for fiche 4. Every fiche claims at once, so no fiche goes first.
    naming = [i for i in candidates if len(lexicon[i][2]) > 1 and lexicon[i][3] >= 3]
    others = [i for i in candidates if len(lexicon[i][2]) == 1 or lexicon[i][3] < 3]

    def score(index: int, blocked: AbstractSet[int]) -> range | None:
        number, keyword, phrase, weight = lexicon[index]
        # Longest phrases come first and consume their words: "jardin partagé" then "jardin"
        # on the same words counts once, and "logement"/"logements" do not both count.
        positions = used.setdefault(number, set())
        span = _find(phrase, positions, where, clauses, blocked)
        if span is None:
            return None
        positions.update(span)
        value = weight * (1 + 0.5 * (len(phrase) - 1))  # a phrase is surer than one word
        points[number] = points.get(number, 0.0) + value
        if weight >= STRONG:
            evidence[number] = evidence.get(number, 0.0) + value
        keywords.setdefault(number, []).append(keyword)
        said = " ".join(text[found[span.start].start : found[span[-1]].end].split())
        if said not in matched.setdefault(number, []):
            matched[number].append(said)
        return span

    claimed: dict[int, set[int]] = {}  # position -> fiches whose name or phrase covers it
    for index in naming:
        span = score(index, frozenset())
        for position in span or ():
            claimed.setdefault(position, set()).add(lexicon[index][0])
    blocked = {
        n: frozenset(p for p, owners in claimed.items() if n not in owners)
        for n in knowledge.fiches
    }
    for index in others:
        score(index, blocked[lexicon[index][0]])
    grand = sum(points.values())
    ranking = [
        Suggestion(
            knowledge.fiches[n],
            round(total / grand, 3),
            tuple(matched[n]),
            total,
            evidence.get(n, 0.0),
            tuple(keywords[n]),
        )
        for n, total in points.items()
    ]
    ranking.sort(key=lambda s: (-s.points, s.fiche.number))
    return ranking


def understand(knowledge: Knowledge, description: str) -> Understood:
    """The ranking, and whether its first fiche clearly leads on real evidence."""
    ranking = suggest(knowledge, description)
    if not ranking:
        return Understood((), False)
    best = ranking[0]
    runner_up = ranking[1].points if len(ranking) > 1 else 0.0
    sure = (
        best.evidence >= MIN_EVIDENCE
        and best.points - runner_up > MIN_LEAD
        and best.points > MIN_RATIO * runner_up
    )
    return Understood(tuple(ranking), sure)
