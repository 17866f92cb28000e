"""The claims of an answer that its passages must hold: numbers, dates, amounts, names,
e-mails and URLs (issue 23). Used by tests/test_claims.py on every FAQ answer, in French and
English, and by anyone checking a new entry.

A claim is compared with the passages' text in a normal form: case and accents folded, digits
without their grouping ("2 000 €", "€2,000" and "2000" are one number), phones as their ten
digits (`knowledge.text.phone_digits`: the "+33" form our contact cards add beside a number
is that same number, so it holds wherever the number does). What is *not* a claim: the notes our
data adds to every contact card (contacts.toml, their own source).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.text import EMAIL_IN_TEXT, PHONE_IN_TEXT, fold, phone_digits

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
_NUMBER = re.compile(r"\d+(?:[\s\u00a0\u202f.,]\d{3})*(?:[.,]\d+)?")
_CAPS = re.compile(r"\b[A-ZÀ-Ý][A-ZÀ-Ý-]{2,}\b")
_ORDINAL = re.compile(r"^\s*(?:[•-]\s*)?\d{1,2}[.)/](?=\s|$)", re.M)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # "number" | "phone" | "email" | "url" | "month" | "name"
    value: str  # normal form
    shown: str  # as written in the answer


def _number(text: str) -> str:
    """'2 000' / '2,000' / '150.000' -> '2000'; a decimal part is kept ('2,5' -> '2.5')."""
    grouped = re.sub(r"(?<=\d)[\s\u00a0\u202f.,](?=\d{3}\b)", "", text)
    return grouped.replace(",", ".")


def claims(text: str) -> list[Claim]:
    """Every claim of one sentence (or text)."""
    out: list[Claim] = []
    text = _ORDINAL.sub(" ", text)  # "2. Fiche synthétique…": layout
    for url in _URL.findall(text):
        out.append(Claim("url", fold(url.rstrip(".,;")), url))
    text = _URL.sub(" ", text)
    for email in EMAIL_IN_TEXT.findall(text):
        out.append(Claim("email", email.lower(), email))
    text = EMAIL_IN_TEXT.sub(" ", text)
    for phone in PHONE_IN_TEXT.findall(text):
        out.append(Claim("phone", phone_digits(phone), phone))
    text = PHONE_IN_TEXT.sub(" ", text)
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
        phones = frozenset(phone_digits(p) for p in PHONE_IN_TEXT.findall(joined))
        numbers = frozenset(
            _number(n.strip()) for n in _NUMBER.findall(PHONE_IN_TEXT.sub(" ", joined))
        )
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
