"""The FAQ's entries and what asking returns: an answer, a quoted passage, or "not sure".

Kept apart from the matcher (knowledge/faq.py) and the answers' composition
(knowledge/faq_compose.py): the dialog, the console and the tests read these types without
building an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.model import Source
from knowledge.text import fold

if TYPE_CHECKING:
    from knowledge.documents import Found
    from knowledge.faq_details import Details
    from knowledge.loader import Knowledge


@dataclass(frozen=True, slots=True)
class Named:
    """A thing a question may name and what the answer says of it (faq10 pass: « une mairie
    est-elle éligible ? » got the co-funding; who may apply now says what the documents say of
    towns, « pourquoi vous demandez mon numéro ? » why that item is asked). `words` are folded
    phrases (knowledge.faq_checks.holds); none: said when the question names no other."""

    words: tuple[str, ...]
    text: str
    text_en: str


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
    # faq7 pass: the rule's condition, told as a fact of the asker (a context sentence holding
    # a word of each group), and the one it is of (`of`) among others it is not (`not_of`)
    told: tuple[tuple[str, ...], ...] = ()
    # faq8 pass: the answers a told condition takes over (« …can we still apply? » is not "is
    # the call open?"), when the asking sentence asks whether they may (`told_asks`)
    told_over: tuple[str, ...] = ()
    told_asks: tuple[str, ...] = ()
    of: tuple[str, ...] = ()
    not_of: tuple[str, ...] = ()
    # faq10 pass: what the question must ask, one of these folded phrases, when set (« faut-il
    # que la commune finance ? » is no « qui peut déposer ? »; « faut-il un SIRET pour
    # candidater ? » is no « pourquoi vous demandez… ? »)
    asking: tuple[str, ...] = ()
    # faq8 pass: the value the answer gives for some fiches ("cofunding"): for a fiche named
    # whose text gives none, the documents' silence comes first (knowledge/faq_compose.py).
    # Not an `action`: an action's entry is matched without the fiche named, which moved
    # other letters' rankings.
    silent: str = ""
    # faq8 pass: a question asking which comes first, or in which order (`order_asks`), of the
    # things filed (`order_things`) is this entry's (the calendar's), folded phrases
    order_asks: tuple[str, ...] = ()
    # faq8 pass: the fiche this entry presents (« which fiche fits our project? », described)
    fiche: int = 0
    order_things: tuple[str, ...] = ()
    # faq9 pass: what the answer adds when the question names no fiche and no kind of spending
    # (« on peut avoir combien d'argent de la Région ? »: the ceilings, and the floors and the
    # co-funding that bound the amount too; not for « le plafond de la fiche 4 »)
    unnamed: str = ""
    unnamed_en: str = ""
    # faq10 pass: what the answer says of each thing the question names, at its `{named}`
    named: tuple[Named, ...] = ()

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


def load_entries(knowledge: Knowledge) -> tuple[Entry, ...]:
    """The entries of faq.toml, in their order."""
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
            told=tuple(tuple(group) for group in e.get("told", ())),
            told_over=tuple(e.get("told_over", ())),
            told_asks=tuple(e.get("told_asks", ())),
            of=tuple(e.get("of", ())),
            not_of=tuple(e.get("not_of", ())),
            asking=tuple(_plain(w) for w in e.get("asking", ())),
            silent=e.get("silent", ""),
            order_asks=tuple(e.get("order_asks", ())),
            fiche=int(e.get("fiche", 0)),
            order_things=tuple(e.get("order_things", ())),
            unnamed=e.get("unnamed", "").strip(),
            unnamed_en=e.get("unnamed_en", "").strip(),
            named=tuple(
                Named(tuple(_plain(w) for w in n.get("words", ())), n["text"], n["text_en"])
                for n in e.get("named", ())
            ),
        )
        for e in raw
    )


def _plain(phrase: str) -> str:
    """A phrase as `knowledge.faq_checks.holds` compares it: folded words, single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(phrase)))


def asks_it(entry: Entry, question: str) -> bool:
    """The question asks what the entry answers, as far as its `asking` phrases say (faq10
    pass): an entry without them answers any question its phrasings match. Whole folded
    words, as knowledge.faq_checks.holds compares them."""
    if not entry.asking:
        return True
    plain = f" {_plain(question)} "
    return any(f" {w} " in plain for w in entry.asking)
