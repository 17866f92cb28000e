"""Who gives each part of an amount said with its breakdown (« 12 000 dont 4 000 de la mairie
et 8 000 de notre part », "12k, of which 4k from the town and 8k from us"). Only what a local
authority gives is the call's local co-funding: the whole read alone was a silent misreading
(issue 22, reading17). The words naming givers are data (money_words.toml `[givers]`); this
module only splits the message and adds up, so the dialog can take the local part when every
part's giver is sure, and ask otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from knowledge.money import parse_amount
from knowledge.money_words import GIVERS as _G
from knowledge.text import fold, normalize


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
    )


_BREAKDOWN = re.compile(
    "|".join(
        rf"(?<!\d){re.escape(w)}(?!\d)" if not w[0].isalpha() else rf"\b{re.escape(w)}\b"
        for w in sorted(_G["breakdown"], key=len, reverse=True)
    )
)
_LOCAL, _OTHER = _words(_G["local"]), _words(_G["other"])
# Between two parts: a comma, a semicolon, a plus, "et", "and" (a piece without an amount
# belongs to the part before it: « 4 000 de la mairie et de l'agglo »).
_PARTS = re.compile(r",(?!\d)|[;+]|\bet\b|\band\b")  # "4,000" is one amount

Giver = Literal["local", "other"]


@dataclass(frozen=True, slots=True)
class Part:
    amount: Decimal
    giver: Giver | None  # None: no giver named, or words of both kinds


@dataclass(frozen=True, slots=True)
class Breakdown:
    """A whole and its parts, in the order typed; a remainder no part names is a part whose
    giver is unknown."""

    whole: Decimal
    parts: tuple[Part, ...]
    said_whole: bool = True  # False: the whole is the parts' sum (`given_parts`)

    def given(self, giver: Giver | None) -> Decimal:
        return sum((p.amount for p in self.parts if p.giver == giver), Decimal(0))


def breakdown(text: str, lang: str = "fr") -> Breakdown | None:
    """The whole and its parts when the message is one amount, a breakdown word, then parts
    each of one amount that add up to the whole at most, and at least one part names its
    giver; else None (read as before)."""
    folded = fold(text[:300])
    cut = _BREAKDOWN.search(folded)
    if cut is None:
        return None
    whole = parse_amount(folded[: cut.start()], lang).amount
    if whole is None or whole <= 0:
        return None
    pieces: list[tuple[Decimal, str]] = []
    for piece in _PARTS.split(folded[cut.end() :].strip(" ()")):
        amount = parse_amount(piece, lang).amount if any(c.isdigit() for c in piece) else None
        if amount is None and not _has_number(piece, lang):
            if not pieces:
                return None
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + piece)
            continue
        if amount is None:
            return None  # a piece holding something unreadable: not a breakdown we can read
        pieces.append((amount, piece))
    if not pieces or sum(a for a, _w in pieces) > whole:
        return None
    parts = [Part(amount, _giver(words)) for amount, words in pieces]
    if all(p.giver is None for p in parts):
        return None  # « dont 2 000 € de matériel et 6 000 € d'animation »: costs, no givers
    rest = whole - sum(p.amount for p in parts)
    if rest:
        parts.append(Part(rest, None))
    return Breakdown(whole, tuple(parts))


def given_parts(text: str, lang: str = "fr") -> Breakdown | None:
    """Two parts or more, each one amount with its giver, and no whole said (« la commune met
    2 000 et l'agglo 1 500 », "1,000 from the town + 500 from the county"): their sum is the
    whole (reading19: asked back as several amounts). None when a piece holds no amount or
    several, or names no giver, or both kinds: read as before (asked back)."""
    folded = fold(text[:300])
    if not _PARTS.search(folded) or not (_LOCAL.search(folded) or _OTHER.search(folded)):
        return None  # most answers: one amount, no giver named; no parse
    pieces: list[tuple[Decimal, str]] = []
    for piece in _PARTS.split(folded.strip(" ()")):
        if not piece.strip():
            continue
        if not _has_number(piece, lang):
            if not pieces:
                return None  # « la commune et l'agglo : 2000 et 1500 »: which is whose?
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + " " + piece)
            continue
        amount = parse_amount(piece, lang).amount
        if amount is None or amount <= 0:
            return None
        pieces.append((amount, piece))
    parts = tuple(Part(amount, _giver(words)) for amount, words in pieces)
    if len(parts) < 2 or any(p.giver is None for p in parts):
        return None
    return Breakdown(sum((p.amount for p in parts), Decimal(0)), parts, said_whole=False)


def given_locally(text: str) -> bool:
    """Whether the words name a local authority as the giver, and no other (« la communauté
    d'agglomération 1000 € »): such an amount is local co-funding, whatever the question on
    screen."""
    return _giver(text) == "local"


def _has_number(piece: str, lang: str) -> bool:
    return parse_amount(piece, lang).problem not in ("not_a_number", "empty")


def _giver(words: str) -> Giver | None:
    key = normalize(words)
    local, other = bool(_LOCAL.search(key)), bool(_OTHER.search(key))
    if local == other:
        return None
    return "local" if local else "other"
