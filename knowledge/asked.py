"""What kind of answer a question asks for: a question asking "how many", "how much" or "which
year" is answered only by a text that holds a number.

BM25 and the FAQ's matcher find the text that shares the question's *topic*; they cannot see
that « combien de membres compte un jury ? » asks a count the jury's entry does not hold, or
that "how many inhabitants does the region have?" is not answered by the passage about the
Region's aims. Quoting such a text would be a neighbouring answer stated with confidence; the
bot says it is not sure instead (knowledge/faq.py). "When" is not checked: « quand contacter
l'intercommunalité ? » is rightly answered « au préalable », with no date.

`Asked` adds what the call's data says a question asks (faq.toml `[asked]`, faq4 pass): the
thing a question counts, a date, a sum, and the years it names must be in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.faq_text import SPELLINGS, STOP_WORDS, stem
from knowledge.money_words import LAW
from knowledge.text import fold

# Asking phrases whose answer is a number (a count, an amount, a rate, a year), on folded words
# with SMS spellings expanded ("cb" -> "combien").
_QUANTITY = re.compile(
    r"\b(combien|quel (?:montant|pourcentage|nombre)|quelle (?:somme|annee|date)"
    r"|how (?:many|much)|(?:what|which) (?:year|date|amount|percentage))\b"
)
# Numbers written as words count as numbers (« quatre rencontres territoriales »); "un" and
# "one" do not: they are articles and pronouns far more often.
_NUMBERS = """deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent cents mille
    two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand"""
NUMBER_WORDS = frozenset(_NUMBERS.split())
_DIGIT = re.compile(r"\d")
# Digits that are no quantity: a fiche's number (« la fiche 4 concerne… ») and a phone number.
_NOT_A_QUANTITY = re.compile(
    r"\bfiches?\s*\d+(?:\s*(?:,|et|a|and|to|-)\s*\d+)*|(?:\+33\s?|\b0)\d(?:[\s.-]?\d\d){4}\b"
)


def _words(text: str) -> list[str]:
    folded = fold(text).replace("'", " ").replace("’", " ").replace("-", " ")
    return [SPELLINGS.get(w, w) for w in re.findall(r"[a-z0-9]+", folded)]


def wants_number(question: str) -> bool:
    """The question asks for a count, an amount, a rate or a year."""
    return bool(_QUANTITY.search(" ".join(_words(question))))


def holds_number(text: str) -> bool:
    """The text holds a number, in digits or in words."""
    text = _NOT_A_QUANTITY.sub(" ", fold(text))
    return bool(_DIGIT.search(text)) or any(w in NUMBER_WORDS for w in _words(text))


def fits(question: str, answer: str) -> bool:
    """The answer is of the kind the question asks for (as far as this can be told)."""
    return not wants_number(question) or holds_number(answer)


# A year as the question writes it (« en 2017 », "in 2013").
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What names the text the answer comes from, not what it says: « Cadre d'intervention DSDT
# (2014) », the source line in italics.
_LABELS = re.compile(r"\((?:19|20)\d\d\)|<i>.*?</i>.*?(?=<i>|$)", re.S)


_GERUND = re.compile(r" \w+ (?=\w{3,}ing )")  # "when examining": the word before a gerund
# An answer's sentences: its lines (a contact's line), or sentences ending with . ; ! ?
_SENTENCES = re.compile(r"\n|(?<=[.;!?])\s+")


@dataclass(frozen=True)
class Need:
    """What a question needs its answer to hold (faq.toml `[[asked.need]]`): « quel est le
    budget… » a sum (€, euros), « quelle est la durée maximale d'un projet ? » a duration
    (mois, ans…), « quand… ? » a time (a date, a year, « au préalable », « avant »), « peut-on
    financer de l'investissement… ? » a kind of spending. The ceilings hold numbers, and were
    the answer to a project's maximum duration."""

    name: str
    openers: tuple[str, ...]  # folded phrases of the question, as words
    marks: frozenset[str]  # words of the answer; a mark with a sign (€) is found anywhere
    years: bool = False  # a year (« 2014 ») is a mark too
    unless: tuple[str, ...] = ()  # phrases holding an opener that ask nothing (« quand même »)
    # `near`: the mark must be in a sentence of the answer holding one of the question's own
    # words, those of `general` aside (« quel est le calendrier des paiements ? » is not the
    # calendar of the filing dates)
    near: bool = False
    general: frozenset[str] = frozenset()  # stems
    # `patterns`: regular expressions on the folded answer that are marks too (a phone number)
    patterns: tuple[re.Pattern[str], ...] = ()
    # `owner`: the thing whose value is asked (« le numéro de téléphone *de la communauté
    # d'agglomération* », « le montant maximum *d'un microprojet* », "the intercommunality's
    # phone") must be in the sentence holding the mark, unless it is a `general` word (the
    # Region, the call, the aid: what every answer is of). Its words: `linkers` open it,
    # `skip` words (determiners, titles) are passed over; the first other word is its head.
    owner: bool = False
    linkers: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> Need:
        return cls(
            str(raw.get("name", "")),
            tuple(_phrase(w) for w in raw.get("openers", ())),
            frozenset(fold(m) for m in raw.get("marks", ())),
            bool(raw.get("years", False)),
            tuple(_phrase(w) for w in raw.get("unless", ())),
            bool(raw.get("near", False)),
            frozenset(stem(w) for t in raw.get("general", ()) for w in _words(t)),
            tuple(re.compile(p) for p in raw.get("patterns", ())),
            bool(raw.get("owner", False)),
            frozenset(w for t in raw.get("linkers", ()) for w in _words(t)),
            frozenset(w for t in raw.get("skip", ()) for w in _words(t)),
        )

    def answered(self, words: str, answer: str) -> bool:
        """The answer holds a mark, if the question (its words, space-padded) asks this need;
        with `near`, in a sentence that holds one of the question's words saying what it is
        about: « when will the regional jury meet? » is not answered by the filing dates
        beside the juries; with `owner`, in a sentence that names the thing whose value is
        asked: « le numéro de téléphone de la communauté d'agglomération » is not answered by
        the Region's contacts, whose phones are theirs."""
        if not self.asked(words):
            return True
        owners = self.owners(words) if self.owner else set()
        if owners:
            return any(
                self.held(s) and owners & {stem(w) for w in _words(s)}
                for s in _SENTENCES.split(answer)
            )
        if not self.near:
            return self.held(answer)
        skip = {w for p in self.openers + self.unless for w in p.split()}
        topic = {
            stem(w)
            for w in words.split()
            if w not in skip and w not in STOP_WORDS and not w.isdigit()
        } - self.general
        if not topic:
            return self.held(answer)
        return any(
            self.held(s) and topic & {stem(w) for w in _words(s)} for s in _SENTENCES.split(answer)
        )

    def owners(self, words: str) -> set[str]:
        """The stems of the heads of what the question asks the value of, after each opener
        (« …de téléphone *de* la *communauté*… », « montant maximum *d'un microprojet* ») or
        before it ("the *intercommunality* 's phone"); general heads (the Region, the aid)
        name nothing particular and are left out."""
        seen = words.split()
        heads: set[str] = set()
        for opener in self.openers:
            size = len(opener.split())
            for i in range(len(seen) - size + 1):
                if " ".join(seen[i : i + size]) != opener:
                    continue
                after = seen[i + size :]
                if after and after[0] in self.linkers:
                    rest = [w for w in after[1:] if w not in self.skip]
                    if rest:
                        heads.add(stem(rest[0]))
                if i >= 2 and seen[i - 1] == "s" and seen[i - 2] not in self.skip:
                    heads.add(stem(seen[i - 2]))  # "the intercommunality's phone"
        return heads - self.general

    def asked(self, words: str) -> bool:
        """The question (its words, space-padded) asks what this need is about."""
        for phrase in self.unless:
            words = words.replace(f" {phrase} ", " ")
        # "…what they check when examining projects": a conjunction before a gerund
        words = _GERUND.sub(" ", words)
        return any(f" {p} " in words for p in self.openers)

    def held(self, answer: str) -> bool:
        """The answer holds one of the marks."""
        folded = fold(answer)
        words = " " + " ".join(_words(answer)) + " "
        if self.years and _YEAR.search(folded):
            return True
        if any(p.search(folded) for p in self.patterns):
            return True
        return any(
            (f" {m} " in words) if re.fullmatch(r"[a-z0-9 ]+", m) else (m in folded)
            for m in self.marks
        )


@dataclass(frozen=True)
class Asked:
    """What a question asks that an answer must hold, beyond a number (faq.toml `[asked]`,
    faq4 pass): the thing counted of « combien de jeunes ? » next to a number (the amount
    floor holds numbers, not a number of young people), and the year the question names
    (« l'appel sera-t-il renouvelé en 2017 ? » is not answered by the 2014 calendar)."""

    count_openers: tuple[str, ...] = ()
    number_openers: tuple[str, ...] = ()
    needs: tuple[Need, ...] = ()
    not_counted: frozenset[str] = frozenset()
    reach: int = 3
    meaning_openers: tuple[str, ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()  # (GUP, Gestion Urbaine de Proximité)
    # `notes`: what an answer says of itself, not of what is asked (the contact cards'
    # « Coordonnées de 2014 : elles ont pu changer. »): set aside before any check, so that
    # « en quelle année… ? » is not answered by the card's note (faq9 pass)
    notes: tuple[str, ...] = ()

    @classmethod
    def from_raw(cls, faq: Mapping[str, Any], notes: Iterable[str] = ()) -> Asked:
        raw = faq.get("asked", {})
        short = faq.get("abbreviations", {})
        return cls(
            tuple(_phrase(w) for w in raw.get("count_openers", ())),
            tuple(_phrase(w) for w in raw.get("number_openers", ())),
            tuple(Need.from_raw(m) for m in raw.get("need", ())),
            frozenset(stem(w) for t in raw.get("not_counted", ()) for w in _words(t)),
            int(raw.get("reach", 3)),
            tuple(_phrase(w) for w in raw.get("meaning_openers", ())),
            tuple((k, v) for k, v in short.items() if isinstance(v, str)),
            tuple(sorted(set(notes), key=len, reverse=True)),
        )

    def spelt(self, question: str, answer: str) -> list[tuple[str, str]]:
        """The abbreviations whose meaning the question asks (« que veut dire FPH ? », "what
        does GUP stand for?") and that the answer does not spell out: (GUP, Gestion Urbaine de
        Proximité). An acronym's meaning is the documents' French words."""
        text = " " + " ".join(_words(question)) + " "
        if not any(f" {p} " in text for p in self.meaning_openers):
            return []
        said = " ".join(_words(answer))
        return [
            (short, long)
            for short, long in self.abbreviations
            if f" {_phrase(short)} " in text and _phrase(long) not in said
        ]

    def counted(self, question: str) -> str | None:
        """The stem of the thing a question counts (« combien de jeunes » -> jeun), or None."""
        text = " " + " ".join(_words(question)) + " "
        for opener in self.count_openers:
            at = text.find(" " + opener + " ")
            if at < 0:
                continue
            after = text[at + len(opener) + 2 :].split()
            if after and stem(after[0]) not in self.not_counted and not after[0].isdigit():
                return stem(after[0])
        return None

    def years(self, question: str, now: int | None = None) -> list[str]:
        """The years a question names (not « loi 1901 »), but the current one: « peut-on
        encore postuler en 2026 ? » asked in 2026 asks about now, which an answer read against
        today's date (the call closed) does answer."""
        folded = fold(question)
        laws = [law.span() for law in LAW.finditer(folded)]  # the amount reader's, one list
        return [
            m.group()
            for m in _YEAR.finditer(folded)
            if not any(start <= m.start() < end for start, end in laws) and m.group() != str(now)
        ]

    def fits(self, question: str, answer: str, passage: str = "", now: int | None = None) -> bool:
        """The answer is of the kind asked (`fits`), holds the thing counted next to a number,
        and every year the question names but `now`; a quoted excerpt, with the whole of its
        passage for the years (the excerpt may stop before « juillet 2013 »)."""
        for note in self.notes:
            answer = answer.replace(note, " ")
        if not fits(question, answer):
            return False
        said = _LABELS.sub(" ", answer)
        text = " " + " ".join(_words(question)) + " "
        if any(f" {p} " in text for p in self.number_openers) and not holds_number(said):
            return False
        if not all(n.answered(text, said) for n in self.needs):
            return False
        if any(year not in said + " " + passage for year in self.years(question, now)):
            return False
        thing = self.counted(question)
        return thing is None or _counts(
            thing, _words(_NOT_A_QUANTITY.sub(" ", fold(said))), self.reach
        )


def _phrase(text: str) -> str:
    return " ".join(_words(text))


def _counts(thing: str, words: Iterable[str], reach: int) -> bool:
    """A number, then the thing within `reach` words (« 3 800 microprojets », « 115
    associations gestionnaires », « quatre rencontres »)."""
    seen = list(words)
    return any(
        (word.isdigit() or word in NUMBER_WORDS)
        and any(stem(w) == thing for w in seen[i + 1 : i + 1 + reach])
        for i, word in enumerate(seen)
    )
