"""A message's questions one by one: two questions in one message apart from each other
(issue 22, faq3 pass).

People write to a Region as a letter, and ask two things at once (« quel est le plancher pour
la fiche 3, et jusqu'à quand peut-on déposer le dossier complet ? »): one entry answering half of
it is a confident half-answer, and the whole was "not sure" or half-answered.

`questions` returns the sentences that ask (a '?', an asking phrase of knowledge/focus.py, or
one of `asking`: « nous nous demandons »), greeting and closing aside, each cut where a joiner
opens a second question (« , et quel… », « and what… », « ainsi que »: `[asks]` of
knowledge/data/faq.toml, data with its reasons). The FAQ (knowledge/faq.py) asks each one, and
`joined` puts their answers in one reply, each once, in the order asked. A letter's single
question is not asked again without its letter (docs/passages.md: neighbouring answers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from knowledge.faq_entries import Answer
from knowledge.focus import asking
from knowledge.letters import body
from knowledge.model import Source
from knowledge.text import fold

# A second question of fewer words than this asks about the first one's subject (« à quelle
# date la fiche synthétique doit être déposée, et auprès de qui ? », « où, et quand ? »): the
# sentence is one question, answered whole (cut, « auprès de qui ? » alone was not sure); a
# short question of its own after another (« c koi la GUP ? c pour qui ? ») need not be
# answered for the message to be
ELLIPTIC_WORDS = 4
_WORDS = re.compile(r"\w+")
# A sentence ends at its mark or a line break; not at a colon, which opens what the question
# asks about (« avec qui prendre contact : la Région, la ville ou l'intercommunalité ? »)
_SENTENCE = re.compile(r"(?<=[.;!?\n])\s*")


@dataclass(frozen=True, slots=True)
class Asked:
    """One question of a message; `marked`: it ends with '?' (it must be answered for the
    message to be), or it was cut from a sentence that asks two things."""

    text: str
    marked: bool


@dataclass(frozen=True, slots=True)
class Joiners:
    """`[asks]` of faq.toml: the words joining two questions in one sentence, and the words
    that open the second one (a joiner alone joins two things asked once: « le plancher et le
    plafond »)."""

    joiners: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()
    asking: tuple[str, ...] = ()  # phrases that make a sentence ask (« je me demande »)
    strong: tuple[str, ...] = ()  # joiners that join two things asked, before any word
    whom: tuple[str, ...] = ()  # phrases asking for a person to turn to (« à qui nous adresser »)
    # phrases asking the details of the person asked for just before (« …, ainsi que son
    # numéro de téléphone ? »)
    whose: tuple[str, ...] = ()
    # words of a question that point back at the sentence before it (« lesquels ? »)
    refers: tuple[str, ...] = ()
    which_fiche: tuple[str, ...] = ()  # « quelle fiche ? », "which fiche?"

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> Joiners:
        asks = raw.get("asks", {})
        return cls(
            tuple(fold(j) for j in asks.get("joiners", ())),
            tuple(fold(o) for o in asks.get("openers", ())),
            tuple(fold(p) for p in asks.get("asking", ())),
            tuple(fold(j) for j in asks.get("strong_joiners", ())),
            tuple(" ".join(_WORDS.findall(fold(w))) for w in asks.get("whom", ())),
            tuple(" ".join(_WORDS.findall(fold(w))) for w in asks.get("whose", ())),
            tuple(" ".join(_WORDS.findall(fold(w))) for w in asks.get("refers", ())),
            tuple(" ".join(_WORDS.findall(fold(w))) for w in asks.get("which_fiche", ())),
        )

    def asks(self, sentence: str) -> bool:
        """The sentence asks: a question's mark or words (knowledge/focus.py), or one of the
        `asking` phrases."""
        if asking(sentence):
            return True
        words = " " + " ".join(_WORDS.findall(fold(sentence))) + " "
        return any(f" {phrase} " in words for phrase in self.asking)

    def asks_whom(self, sentence: str) -> bool:
        """The sentence asks for a person to turn to (`whom`): « vers qui devons-nous nous
        tourner ? », "whom should we contact?"."""
        words = " " + " ".join(_WORDS.findall(fold(sentence))) + " "
        return any(f" {phrase} " in words for phrase in self.whom)

    def asks_whose(self, sentence: str) -> bool:
        """The sentence asks only the details of a person already asked for (`whose`: « son
        numéro de téléphone ? », "and their phone number?"), not for a person of its own."""
        words = " " + " ".join(_WORDS.findall(fold(sentence))) + " "
        return not self.asks_whom(sentence) and any(f" {p} " in words for p in self.whose)

    def pattern(self) -> re.Pattern[str] | None:
        """A joiner, with or without a comma before it, right before an opener."""
        return _pattern(self.joiners, self.openers, self.strong)


@lru_cache(maxsize=4)
def _pattern(
    joiners: tuple[str, ...], openers: tuple[str, ...], strong: tuple[str, ...]
) -> re.Pattern[str] | None:
    shapes = []
    if joiners and openers:
        joiner = "|".join(_loose(j) for j in sorted(joiners, key=len, reverse=True))
        opener = "|".join(_loose(o) for o in sorted(openers, key=len, reverse=True))
        shapes.append(rf",?\s+(?:{joiner})\s+(?=(?:{opener})\b)")
    if strong:
        shapes.append(
            r",?\s+(?:"
            + "|".join(_loose(j) for j in sorted(strong, key=len, reverse=True))
            + r")\s+"
        )
    return re.compile("|".join(shapes), re.IGNORECASE) if shapes else None


def _loose(opener: str) -> str:
    """An opener as a pattern on the written text: accents as written or not, an apostrophe,
    a hyphen or a space between its words (« jusqu'à », « est-ce », « s'il »)."""
    out = []
    for char in opener:
        if char == " ":
            out.append(r"[\s'’-]*")
        elif char.isalpha():
            out.append(f"[{char}{_ACCENTED.get(char, '')}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


_ACCENTED = {"a": "àâä", "e": "éèêë", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç"}


def questions(text: str, joiners: Joiners) -> list[Asked]:
    """The message's asking sentences (its greeting and closing aside), two questions joined in
    one sentence cut apart; [] when no sentence asks."""
    cut = joiners.pattern()
    out: list[Asked] = []
    for clause in _SENTENCE.split(body(text)):
        if not joiners.asks(clause):
            continue
        pieces: list[str] = []
        start = 0
        for joint in cut.finditer(clause) if cut else ():
            after = clause[joint.end() :]
            if len(_WORDS.findall(_until_next(after, cut))) < ELLIPTIC_WORDS:
                continue  # « …, et auprès de qui ? »: of the same thing, not cut
            pieces.append(clause[start : joint.start()])
            start = joint.end()
        pieces.append(clause[start:])
        pieces = [p.strip(" ,") for p in pieces if p.strip(" ,")]
        several = len(pieces) > 1
        for piece in pieces:
            marked = several or piece.rstrip().endswith("?")
            if out and len(_WORDS.findall(piece)) < ELLIPTIC_WORDS:
                marked = False  # « …la GUP ? c pour qui ? »: of the question before
            out.append(Asked(piece, marked))
    return out


def _until_next(text: str, cut: re.Pattern[str] | None) -> str:
    """The text up to the next joint, if any."""
    following = cut.search(text) if cut else None
    return text[: following.start()] if following else text


def joined(question: str, answers: Sequence[Answer]) -> Answer:
    """The answers to a message's questions as one reply, in the order asked: their texts one
    after the other (a doubt about one question said where it was asked), their sources as one
    (the first answer's document, every section and passage)."""
    first = next(a for a in answers if a.status != "unsure")
    sources = [a.source for a in answers if a.source is not None]
    source = first.source
    if source is not None:
        source = Source(
            source.doc,
            " ; ".join(dict.fromkeys(s.section for s in sources)),
            source.title,
            source.url,
            source.short,
            source.short_en,
            tuple(dict.fromkeys(p for s in sources for p in s.passages)),
        )
    return replace(
        first,
        question=question,
        score=min(a.score for a in answers),
        text="\n\n".join(a.text for a in answers),
        source=source,
        alternatives=(),
    )
