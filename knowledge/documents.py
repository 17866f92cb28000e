"""Questions the curated FAQ does not answer, answered from the documents' own text.

The FAQ's entries and the documents' passages are ranked together (BM25, knowledge/passages.py,
in the question's language). When the best document holds enough of what is asked
(`coverage`), the bot answers with it: a curated entry is rendered as the FAQ renders it, a
passage is quoted with its source («  Le cadre d'intervention, fiche 2, dit : … »), in the
person's language (the English is our translation, and says so). Otherwise the bot says plainly
that the documents do not say, and offers the two closest passages and the contact.

`off_topic` guards the FAQ's own confident answers: a question whose weight lies mostly in
words that no passage and no FAQ entry ever uses ("horaires d'ouverture de la mairie…", "la
région Bretagne") is not about the call, whatever entry its other words resemble.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.asked import NUMBER_WORDS
from knowledge.faq_entries import asks_it
from knowledge.i18n import gettext_for
from knowledge.passages import Bm25, Hit, Passage, load_passages, tokens

if TYPE_CHECKING:
    from knowledge.faq_entries import Entry
    from knowledge.loader import Knowledge

QUOTE_COVERAGE = 0.5  # a passage holding this share of the question's weight answers it
QUOTE_UNKNOWN = 0.45  # unless this share is in words no document holds (faq4 pass: « salaire » of
# « le salaire d'un agent de proximité » is 0.47; 0.4 refused « servir », « dont » of right quotes)
ENTRY_COVERAGE = 0.6  # the same for a curated entry found by BM25 (tuned on passages_tune)
OFF_TOPIC = 0.5  # a question whose weight is this much in words the documents never use
CLOSEST = 2
RARE_IDF = 3.0  # about: held by 3 documents or fewer of ~130
COMMON_IDF = 0.8  # about: held by half of the documents or more ("projet", "fiche")
NEAR = 3  # how many of BM25's best documents may be chosen by coverage
NEAR_SHARE = 0.7  # ... when their BM25 score is at least this share of the best one's
EXCERPT = 480  # characters of a quoted passage: a reply stays under 700 visible ones
CLOSEST_EXCERPT = 110
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]+\}")
# Words that mark an English question ("what is the floor?") against a French one.
_EN_WORDS = """the what who which whom how when where why is are does do did can could would should
    i my we our you your of for to with from there this that it an and or"""
_FR_WORDS = """le la les de des du est quel quelle quels quelles qui un une pour je nous vous et ou
    c l d qu que quoi est-ce il elle on au aux dans sur ce cette"""
_EN = frozenset(_EN_WORDS.split())
_FR = frozenset(_FR_WORDS.split())


def _words(hit: Hit, idf: Mapping[str, float]) -> list[str]:
    """The question's words a document holds that say what it is about: not a number, in
    digits or words (« deux ans » is not « deux fiches »), nor a word half of the documents
    hold ("projet", "fiche": « déposer un projet » is every entry's topic)."""
    return [
        t
        for t in hit.matched
        if not t[0].isdigit() and t not in NUMBER_WORDS and idf.get(t, 0.0) >= COMMON_IDF
    ]


def guess_lang(text: str) -> str | None:
    """'en' or 'fr' when the question's function words say so clearly, else None."""
    words = re.findall(r"[a-z]+", text.casefold().replace("'", " ").replace("’", " "))
    en = sum(w in _EN for w in words)
    fr = sum(w in _FR for w in words)
    if en > fr:
        return "en"
    if fr > en:
        return "fr"
    return None


@dataclass(frozen=True, slots=True)
class Found:
    """What the documents say to a question: an entry, a passage, or nothing (with the
    closest passages)."""

    entry: Entry | None = None
    passage: Passage | None = None
    closest: tuple[Passage, ...] = ()
    coverage: float = 0.0
    # the curated entries among BM25's near-top documents holding two of the question's
    # words, with the share of the question each holds, even under ENTRY_COVERAGE: one is
    # answered only if the FAQ's own matcher ranks it first, clearly (faq.py, AGREE_SCORE)
    leaning: tuple[tuple[Entry, float], ...] = ()


class Documents:
    """The passages of one call and the curated entries, indexed per language."""

    def __init__(
        self, knowledge: Knowledge, entries: Iterable[Entry], synonyms: Mapping[str, str]
    ) -> None:
        self.passages = load_passages(knowledge.raw.get("passages", {}), knowledge.documents)
        self.by_id = {p.id: p for p in self.passages}
        self.entries = {e.id: e for e in entries}
        self.synonyms = synonyms
        index = knowledge.raw.get("passages", {}).get("index", {})
        self.addresses = tuple(index.get("addresses", ()))
        self.address_word = {
            "fr": index.get("address_word", ""),
            "en": index.get("address_word_en", ""),
        }
        determiners = index.get("determiners", ())
        self.index = {
            "fr": Bm25(self._docs("fr"), "fr", synonyms, determiners),
            "en": Bm25(self._docs("en"), "en", None, determiners),
        }

    def _docs(self, lang: str) -> list[tuple[str, str]]:
        docs = [
            (f"passage:{p.id}", f"{p.source.section}\n{self._searched(p.text_in(lang), lang)}")
            for p in self.passages
        ]
        for entry in self.entries.values():
            questions = entry.questions_en if lang == "en" else entry.questions
            answer = _PLACEHOLDER.sub(" ", entry.answer_en if lang == "en" else entry.answer)
            docs.append((f"faq:{entry.id}", "\n".join(questions) + "\n" + answer))
        return docs

    def _searched(self, text: str, lang: str) -> str:
        """The text as searched: each address line (passages.toml `[index]`) as the word
        "adresse" — a street named after a president says nothing of the passage's topic."""
        for line in self.addresses:
            text = text.replace(line, f" {self.address_word[lang]} ")
        return text

    def unknown_share(self, text: str, lang: str, ignore: Iterable[str] = ()) -> float:
        """The share of the question's weight in words no document of `lang` holds."""
        weights = self.index[lang].weights(text, ignore)
        if not weights:
            return 0.0
        unknown = sum(w for t, w in weights.items() if t not in self.index[lang].idf)
        return unknown / sum(weights.values())

    def unknown_things(self, text: str, lang: str, ignore: Iterable[str] = ()) -> float:
        """The share of the question's weight in words no document holds that name things (a
        determiner's group: « d'un bilan comptable certifié »), not asking words (« obligée »,
        « à quelle hauteur »), which weigh half (knowledge/passages.py)."""
        index = self.index[lang]
        weights = index.weights(text, ignore)
        if not weights:
            return 0.0
        things = sum(w for t, w in weights.items() if t not in index.idf and w >= index.unknown)
        return things / sum(weights.values())

    def off_topic(self, text: str, lang: str, ignore: Iterable[str] = ()) -> bool:
        return bool(self.passages) and self.unknown_share(text, lang, ignore) >= OFF_TOPIC

    def find(
        self, question: str, lang: str, ignore: Iterable[str] = (), passages_only: bool = False
    ) -> Found:
        """The entry or passage that answers the question, or the closest passages. `ignore`:
        stems that name a commune or a person, not what is asked ("Lens" is not Louvre-Lens)."""
        if not self.passages:
            return Found()
        hits = self.index[lang].search(question, limit=8, ignore=ignore)
        if passages_only:
            hits = [h for h in hits if h.key.startswith("passage:")]
        else:  # an entry whose `asking` the question does not hold is no candidate (faq10)
            hits = [
                h
                for h in hits
                if not h.key.startswith("faq:") or asks_it(self.entries[h.key[4:]], question)
            ]
        passages = [h for h in hits if h.key.startswith("passage:")]
        closest = tuple(self.by_id[h.key.partition(":")[2]] for h in passages[:CLOSEST])
        if hits:
            # among the documents BM25 ranks close to the top, the one holding the most of
            # the question: a long formal question's filler words do not pick the document
            near = [h for h in hits[:NEAR] if h.score >= NEAR_SHARE * hits[0].score]
            best = max(near, key=lambda h: h.coverage)
            kind, _sep, key = best.key.partition(":")
            telling = self._telling(best, question, lang)
            if kind == "faq" and best.coverage >= ENTRY_COVERAGE and telling:
                return Found(entry=self.entries[key], coverage=best.coverage)
            if (
                kind == "passage"
                and best.coverage >= QUOTE_COVERAGE
                and telling
                and self._key_known(question, lang, ignore)
            ):
                return Found(passage=self.by_id[key], coverage=best.coverage)
            idf = self.index[lang].idf
            leaning = tuple(
                (self.entries[h.key.partition(":")[2]], h.coverage)
                for h in near
                if h.key.startswith("faq:") and len(_words(h, idf)) >= 2
            )
            return Found(closest=closest, coverage=hits[0].coverage, leaning=leaning)
        return Found(closest=closest, coverage=hits[0].coverage if hits else 0.0)

    def closest_among(
        self, question: str, lang: str, ignore: Iterable[str], ids: Collection[str]
    ) -> list[Passage]:
        """The passages among `ids` that BM25 finds for the question, best first: a question
        naming a fiche is shown that fiche's passages first when the documents do not answer
        it (« peut-on financer de l'investissement en fiche 1 ? »: fiche 1's Financier, which
        speaks of a floor and co-funding only, before fiche 4's investment ceiling)."""
        keys = {f"passage:{i}" for i in ids}
        hits = self.index[lang].search(question, limit=CLOSEST, ignore=ignore, only=keys)
        return [self.by_id[h.key.partition(":")[2]] for h in hits]

    def _key_known(self, question: str, lang: str, ignore: Iterable[str]) -> bool:
        """Most of what is asked is in words of the documents: a passage is not quoted for
        « quel est le salaire d'un agent de proximité ? » on « agents de proximité » when
        « salaire », what is asked, is in none of them (faq4 pass; "the European Social Fund"
        was the selection criteria on « co-funded », « social »)."""
        return self.unknown_share(question, lang, ignore) < QUOTE_UNKNOWN

    def _telling(self, hit: Hit, question: str, lang: str) -> bool:
        """A passage matched on one common word ("what *time* is it") does not answer: it
        must hold two of the question's words that say what it is about, or one that few
        documents hold, as the question wrote it: a rare word reached only as the typo of
        another (« l'argent » read as « agent ») is too little to quote on."""
        index = self.index[lang]
        words = _words(hit, index.idf)
        if len(words) >= 2:
            return True
        written = set(tokens(question, lang, self.synonyms if lang == "fr" else None))
        return any(index.idf[t] >= RARE_IDF and len(t) > 4 and t in written for t in words)

    def excerpt(self, passage: Passage, question: str, lang: str, limit: int = EXCERPT) -> str:
        """The passage in `lang`, whole when short; else its lines (or sentences) that hold
        the most of the question's weight, in their order, cut parts marked […]."""
        text = passage.text_in(lang)
        if len(text) <= limit:
            return text
        index = self.index[lang]
        wanted = set(index.terms(question))
        units = [u for u in re.split(r"\n|(?<=[.;:])\s+(?=[A-ZÀ-Ý«-])", text) if u.strip()]
        weight = [sum(index.idf.get(t, 0.0) for t in set(index.terms(u)) & wanted) for u in units]
        keep: set[int] = set()
        used = 0
        for i in sorted(range(len(units)), key=lambda i: (-weight[i], i)):
            if used + len(units[i]) > limit and keep:
                continue
            keep.add(i)
            used += len(units[i]) + 1
        out: list[str] = []
        for i, unit in enumerate(units):
            if i in keep:
                out.append(unit.strip())
            elif not out or out[-1] != "[…]":
                out.append("[…]")
        return "\n".join(out)

    def quote(self, passage: Passage, question: str, lang: str) -> str:
        """«  Le cadre d'intervention DSDT (2014), Fiche 2 — …, dit : « … » », in `lang`."""
        _ = gettext_for(lang).gettext
        head = _("{document}, « {section} », dit :")  # in English: "(our translation)"
        body = self.excerpt(passage, question, lang)
        return (
            head.format(document=passage.source.short_in(lang), section=passage.source.section)
            + f"\n« {body} »"
        )

    def not_said(self, found: Found, question: str, lang: str) -> str:
        """The documents do not say: plainly, then the two closest passages (short)."""
        _ = gettext_for(lang).gettext
        lines = [
            _(
                "Je ne suis pas sûr : les documents de l'appel ne le disent pas, ou je ne le trouve pas."
            )
        ]
        if found.closest:
            lines.append(_("Les passages les plus proches :"))
            for passage in found.closest:
                body = self.excerpt(passage, question, lang, limit=CLOSEST_EXCERPT)
                if len(body) > CLOSEST_EXCERPT:
                    body = body[: CLOSEST_EXCERPT - 1].rsplit(" ", 1)[0] + " […]"
                lines.append(
                    f"• {passage.source.short_in(lang)}, « {passage.source.section} » : « {body} »"
                )
        return "\n".join(lines)
