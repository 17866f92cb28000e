"""The claims of an answer that its passages must hold: numbers, dates, amounts, names,
e-mails and URLs (issue 23). Used by tests/test_claims.py on every FAQ answer, in French and
English, and by anyone checking a new entry.

A claim is compared with the passages' text in a normal form: case and accents folded, digits
without their grouping ("2 000 €", "€2,000" and "2000" are one number), phones as their ten
digits. What is *not* a claim: the +33 form of a phone (derived from the phone itself), and the
notes our data adds to every contact card (contacts.toml, their own source).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.text import EMAIL_IN_TEXT, fold

MONTHS = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Visible markers of a sentence that is our reading, not the documents' words.
MARKERS = ("notre lecture", "a confirmer", "our reading", "to be confirmed")

_URL = re.compile(r"(?:https?://|www\.)[^\s«»\"'<>)]+")
_PHONE = re.compile(r"\b0\d(?:[\s.-]?\d\d){4}\b")
_DERIVED_PHONE = re.compile(r"\(\+33[^)]*\)")
_NUMBER = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d{3})*(?:[.,]\d+)?")
_CAPS = re.compile(r"\b[A-ZÀ-Ý][A-ZÀ-Ý-]{2,}\b")
_ORDINAL = re.compile(r"^\s*(?:[•-]\s*)?\d{1,2}[.)/](?=\s|$)", re.M)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # "number" | "phone" | "email" | "url" | "month" | "name"
    value: str  # normal form
    shown: str  # as written in the answer


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _number(text: str) -> str:
    """'2 000' / '2,000' / '150.000' -> '2000'; a decimal part is kept ('2,5' -> '2.5')."""
    grouped = re.sub(r"(?<=\d)[\s\u00a0\u202f.,](?=\d{3}\b)", "", text)
    return grouped.replace(",", ".")


def claims(text: str) -> list[Claim]:
    """Every claim of one sentence (or text)."""
    out: list[Claim] = []
    text = _ORDINAL.sub(" ", _DERIVED_PHONE.sub(" ", text))  # "2. Fiche synthétique…": layout
    for url in _URL.findall(text):
        out.append(Claim("url", fold(url.rstrip(".,;")), url))
    text = _URL.sub(" ", text)
    for email in EMAIL_IN_TEXT.findall(text):
        out.append(Claim("email", email.lower(), email))
    text = EMAIL_IN_TEXT.sub(" ", text)
    for phone in _PHONE.findall(text):
        out.append(Claim("phone", _digits(phone), phone))
    text = _PHONE.sub(" ", text)
    for number in _NUMBER.findall(text):
        out.append(Claim("number", _number(number.strip()), number))
    folded = fold(text)
    for month in MONTHS:
        # English "may" is mostly the verb: a month only beside a day or a year ("1 May")
        pattern = r"\b\d{1,2}\s+may\b|\bmay\s+\d" if month == "may" else rf"\b{month}\b"
        if re.search(pattern, folded):
            out.append(Claim("month", month, month))
    for name in _CAPS.findall(text):
        out.append(Claim("name", fold(name), name))
    return out


@dataclass(frozen=True, slots=True)
class Corpus:
    """The cited passages' text in the forms claims are compared with."""

    folded: str
    digits: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Corpus:
        joined = "\n".join(texts)
        phones = frozenset(_digits(p) for p in _PHONE.findall(joined))
        numbers = frozenset(_number(n.strip()) for n in _NUMBER.findall(_PHONE.sub(" ", joined)))
        return cls(fold(joined), phones, numbers)

    def holds(self, claim: Claim) -> bool:
        if claim.kind == "phone":
            return claim.value in self.digits
        if claim.kind == "number":
            return claim.value in self.numbers
        if claim.kind in ("month", "name"):
            return re.search(rf"\b{re.escape(claim.value)}\b", self.folded) is not None
        return claim.value in self.folded  # e-mail, URL: as written


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def is_marked(sentence: str) -> bool:
    folded = fold(sentence)
    return any(m in folded for m in MARKERS)


def unsupported(text: str, corpus: Corpus) -> list[tuple[str, Claim]]:
    """(sentence, claim) for every claim of the text its passages do not hold."""
    return [(s, c) for s in sentences(text) for c in claims(s) if not corpus.holds(c)]
