"""The call's documents as passages, and a BM25 search over them and the curated answers.

knowledge/data/passages.toml holds both source documents cut into passages (French as written,
our English translation, a stable id, the source). Every answer rests on them; a question the
FAQ cannot answer is answered by quoting the passage that speaks to it, or by saying plainly
that the documents do not say.

Search is BM25 (Okapi, k1 = 1.2, b = 0.75) over Snowball stems: French text with the French
stemmer, the English translation with the English one, one index per language. Our own ~60
lines rather than `bm25s`: the corpus is ~130 short documents, so scoring every posting in pure
Python takes well under a millisecond, and `bm25s` would bring numpy and scipy for the same
formula (see docs/passages.md). BM25 scores a document by the query terms it holds, without
dividing by the query's length: a long formal question is not penalised for its politeness.

Whether the best document *answers* is decided apart from BM25's rank, by `coverage`: the share
of the question's weight (idf, a word the documents never use weighing as the rarest) that the
document holds. "Horaires de la mairie de Lens" finds passages about Lens-like words, but
"horaires" and "mairie" are nowhere in the documents: the coverage stays low, and the bot says
the documents do not say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import snowballstemmer
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge.faq_text import SPELLINGS, STOP_WORDS
from knowledge.focus import CONTEXT_WEIGHT, KNOWN_CONTEXT_WEIGHT, POLITE, split
from knowledge.model import Source
from knowledge.text import fold

K1 = 1.2
B = 0.75
TYPO_SCORE = 85  # rapidfuzz ratio for an unknown stem to count as a misspelt known one
# A word no document holds and that names no thing (no determiner before it: a verb, an adverb,
# a letter's phrase) weighs this share of the rarest word's weight, as the FAQ's matcher weighs
# the words it never saw (knowledge/faq_match.py UNKNOWN_WEIGHT); passages.toml [index]
# `determiners` says why.
UNNAMED_WEIGHT = 0.5

# Words that say nothing of what is asked: the FAQ matcher's stop words, the formulas of a
# letter (knowledge/focus.py), and more question words and fillers that passages hold.
_STOP_MORE = """
    elles ni quel quelle quels quelles qui dans comment combien quand pourquoi ya dit dire
    disent parle parlent cite citent sil plait meme avoir eu fait faire sera seront tres plus
    ainsi donc serait seriez reconnaissant bien vouloir afin what which who whom how when where
    why with from by have has had any about into if their they them he she his her own
"""
STOP = STOP_WORDS | POLITE | frozenset(fold(w) for w in _STOP_MORE.split())
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STEMMERS = {"fr": snowballstemmer.stemmer("french"), "en": snowballstemmer.stemmer("english")}


@lru_cache(maxsize=8192)
def _stem(word: str, lang: str) -> str:
    return str(_STEMMERS[lang].stemWord(word))


def tokens(text: str, lang: str, synonyms: Mapping[str, str] | None = None) -> list[str]:
    """Folded, SMS spellings expanded, stop words out, numbers kept whole ("2 000" -> "2000"),
    stemmed; French stems mapped through the FAQ's synonyms (stem -> stem) when given."""
    text = re.sub(r"(?<=\d)[\s\u00a0\u202f.,](?=\d{3}\b)", "", fold(text))
    out = []
    for word in _WORD.findall(text.replace("'", " ").replace("’", " ").replace("-", " ")):
        word = SPELLINGS.get(word, word)
        if word in STOP or (len(word) < 2 and not word.isdigit()):
            continue
        if word[0].isdigit():
            out.append(word)
            continue
        stemmed = _stem(word, lang)
        out.append(synonyms.get(stemmed, stemmed) if synonyms else stemmed)
    return out


def _typo(written: str, known: str) -> bool:
    """`written` may be a misspelling of `known`: the same first letter ("grate(ful)" is not
    "rate") and one edit, two when both are long: « président » (two letters off « présent »)
    is another word, not a typo of it; « plafon » is « plafond »."""
    edits = 1 if min(len(written), len(known)) < 8 else 2
    return written[0] == known[0] and Levenshtein.distance(written, known) <= edits


@dataclass(frozen=True, slots=True)
class Passage:
    """One paragraph (or list) of a source document, French as written and our translation."""

    id: str
    text: str
    text_en: str
    source: Source

    def text_in(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text


def load_passages(raw: Mapping[str, Any], documents: Mapping[str, Any]) -> tuple[Passage, ...]:
    """The package's passages (none when it has no passages.toml)."""
    from knowledge.loader import _source  # one way of reading a source, shared with the loader

    return tuple(
        Passage(p["id"], p["text"].strip(), p["text_en"].strip(), _source(p["source"], documents))
        for p in raw.get("passage", [])
    )


@dataclass(frozen=True, slots=True)
class Hit:
    key: str  # "passage:<id>" or "faq:<id>"
    score: float  # BM25
    coverage: float  # 0-1: the share of the question's weight the document holds
    matched: tuple[str, ...] = ()  # the question's stems the document holds


class Bm25:
    """BM25 over short documents of one language; `search` is pure and fast."""

    def __init__(
        self,
        docs: Iterable[tuple[str, str]],
        lang: str,
        synonyms: Mapping[str, str] | None = None,
        determiners: Iterable[str] = (),
    ) -> None:
        self.lang = lang
        self.synonyms = synonyms
        self.determiners = frozenset(fold(d) for d in determiners)
        self.keys: list[str] = []
        self.freqs: list[dict[str, int]] = []
        lengths: list[int] = []
        for key, text in docs:
            counts: dict[str, int] = {}
            for t in tokens(text, lang, synonyms):
                counts[t] = counts.get(t, 0) + 1
            self.keys.append(key)
            self.freqs.append(counts)
            lengths.append(sum(counts.values()))
        n = len(self.keys) or 1
        self.avg = (sum(lengths) / n) or 1.0
        self.lengths = lengths
        df: dict[str, int] = {}
        self.postings: dict[str, list[int]] = {}
        for index, counts in enumerate(self.freqs):
            for t in counts:
                df[t] = df.get(t, 0) + 1
                self.postings.setdefault(t, []).append(index)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.unknown = math.log(1 + (n + 0.5) / 0.5)  # a word no document holds: the rarest
        self._vocabulary = [t for t in self.idf if len(t) > 3 and not t[0].isdigit()]

    def terms(self, text: str) -> list[str]:
        """The question's stems; a word no document holds, if it is a typo of one that some
        document holds ("plafon"), stands for that one."""
        out = []
        for term in tokens(text, self.lang, self.synonyms):
            if term not in self.idf and len(term) > 4 and not term[0].isdigit():
                close = process.extractOne(
                    term, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE
                )
                term = close[0] if close and _typo(term, close[0]) else term
            out.append(term)
        return list(dict.fromkeys(out))

    @lru_cache(maxsize=1024)  # noqa: B019 (one index per language, built once per call)
    def _named(self, question: str) -> frozenset[str]:
        """The stems of the words that name things: each in a group opened by a determiner,
        up to the next small word (« le salaire d'un animateur »: salaire, animateur; "the
        opening hours of the town hall": opening, hours, town, hall)."""
        text = fold(question).replace("'", " ").replace("’", " ").replace("-", " ")
        out: set[str] = set()
        inside = False
        for word in _WORD.findall(text):
            if word in self.determiners:
                inside = True
            elif word in STOP:
                inside = False
            elif inside:
                out.update(tokens(word, self.lang, self.synonyms))
        return frozenset(out)

    def weights(self, question: str, ignore: Iterable[str] = ()) -> dict[str, float]:
        """The question's stems and what each weighs: its idf; a word no document holds, the
        rarest's when it names a thing (`_named`, else UNNAMED_WEIGHT of it), times CONTEXT_WEIGHT when it is only in the clauses that tell rather than
        ask (knowledge/focus.py): "notre association, implantée depuis dix ans…" does not
        drown the question. `ignore`: stems that weigh nothing (a commune named)."""
        skip = set(ignore)
        context, asked = split(question)
        told = set(self.terms(context)) - set(self.terms(asked)) if context else set()
        out = {}
        named = self._named(question) if self.determiners else None
        for t in self.terms(question):
            if t in skip:
                continue
            unknown = (
                self.unknown if named is None or t in named else UNNAMED_WEIGHT * self.unknown
            )
            weight = self.idf.get(t, unknown)
            if t in told:
                weight *= KNOWN_CONTEXT_WEIGHT if t in self.idf else CONTEXT_WEIGHT
            out[t] = weight
        return out

    def search(
        self,
        question: str,
        limit: int = 5,
        ignore: Iterable[str] = (),
        only: Collection[str] | None = None,
    ) -> list[Hit]:
        """The best documents for the question; `only`: among these keys."""
        weight = self.weights(question, ignore)
        if not weight:
            return []
        total = sum(weight.values())
        scores: dict[int, float] = {}
        for t, w in weight.items():
            for index in self.postings.get(t, ()):
                if only is not None and self.keys[index] not in only:
                    continue
                f = self.freqs[index][t]
                norm = K1 * (1 - B + B * self.lengths[index] / self.avg)
                scores[index] = scores.get(index, 0.0) + w * f * (K1 + 1) / (f + norm)
        best = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:limit]
        return [
            Hit(
                self.keys[i],
                s,
                sum(w for t, w in weight.items() if t in self.freqs[i]) / total,
                tuple(t for t in weight if t in self.freqs[i]),
            )
            for i, s in best
        ]
