"""Fiche 4's two parts (investment and operating) in one message, with or without a whole.

People split a request in many shapes: "20 000 d'invest et 10 000 de fonctionnement",
"invest : 8k / fonct : 3k", "15 000 dont 10 000 d'invest et 5 000 de fonctionnement", and by
shares of a whole: "on demande 25 000 : 60 % en investissement, le reste en fonctionnement",
"20 000 en tout dont 15 000 d'investissement", "moitié-moitié sur 20 000". A message is cut
at "et", commas, colons, "dont"…; each piece is read for the part it names, an amount, a share
("60 %", "la moitié": `knowledge.share`), "the rest" or "half and half" (the words:
`[parts]` and `[choices.kind]` of the lexicon). The parts are taken only when they add up: a whole named beside them must be their
sum, shares of a whole must leave nothing over. Pure (issue 22).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from knowledge import lexicon as lx
from knowledge.money import parse_amount
from knowledge.share import share as share_of
from knowledge.text import normalize

KINDS = ("investment", "operating")
CENT = Decimal("0.01")

# Where a message is cut: "et", commas, colons, semicolons, "plus"; "dont" / "soit" / "of
# which" part a whole from its parts ("15 000 dont 10 000 d'invest …").
_SPLIT = re.compile(
    r"\s*(?:[,;:+/]|\bet\b|\band\b|\bplus\b|\bdont\b|\bsoit\b|\bof which\b|\bincluding\b)\s*",
    re.IGNORECASE,
)
# Words that say the amount before them is a whole its parts come out of ("20 000 dont …").
_OF_WHICH = re.compile(r"\b(?:dont|of which|including)\b", re.IGNORECASE)


@dataclass
class Scan:
    """What the pieces of a message hold: amounts by the part they name, other amounts (a
    whole), shares by part ("60 %": 0.6), the part said to be "the rest", "half and half"."""

    found: dict[str, Decimal] = field(default_factory=dict)
    others: list[Decimal] = field(default_factory=list)
    shares: dict[str, Decimal] = field(default_factory=dict)
    rest: str = ""
    halves: bool = False
    clash: bool = False  # a part named twice, or a piece naming both parts with an amount


def scan(text: str, lang: str) -> Scan:
    """The message's pieces read one by one (see the module's docstring)."""
    lex = lx.lexicon()
    kinds = {k: lex.choices["kind"][k] for k in KINDS}
    out = Scan()
    label: list[str] = []  # a part named alone before its amount ("invest : 8k")
    for piece in _SPLIT.split(text):
        key = normalize(piece)
        if key in lex.choices["kind"]["both"]:
            continue  # "les deux : …" (not the number two)
        named = [k for k, words in kinds.items() if any(lx.has_phrase(key, w) for w in words)]
        if lx.any_phrase(key, lex.halves):
            out.halves = True
        share = share_of(piece)  # "60 % en investissement", "la moitié en fonctionnement"
        if share is not None:
            part = named or label
            if len(part) == 1:
                out.shares[part[0]] = share
            label = []
            continue
        if len(named) == 1 and lx.any_phrase(key, lex.rest):
            out.rest, label = named[0], []
            continue
        parsed = parse_amount(piece, lang)
        if parsed.amount is None or parsed.problem:
            label = named if parsed.amount is None else []
            continue
        named, label = named or label, []
        if len(named) == 1 and named[0] not in out.found:
            out.found[named[0]] = parsed.amount
        elif not named:
            out.others.append(parsed.amount)
        else:
            out.clash = True
    return out


def parts(text: str, lang: str, names_total: bool = False) -> dict[str, Decimal] | None:
    """Both parts, each once, when the message gives them or lets them be worked out from a
    whole it names (shares, "the rest", halves, or a whole "en tout" / "dont" one part);
    None otherwise (the person is asked). `names_total`: the words name the project's total
    cost ("le projet coûte 50 000 dont 30 000 d'invest"): that whole is no request, no part
    is worked out from it."""
    found = scan(text, lang)
    if found.clash:
        return None
    if len(found.found) == 2 and not found.shares:
        whole = sum(found.found.values(), Decimal(0))
        return found.found if all(other == whole for other in found.others) else None
    if len(found.others) != 1 or names_total or found.others[0] <= 0:
        return None
    whole = found.others[0]
    result = dict(found.found)
    if found.halves and not result and not found.shares:
        half = (whole / 2).quantize(CENT)
        return {"investment": half, "operating": whole - half}
    for kind, share in found.shares.items():
        if kind in result or not 0 < share < 1:
            return None
        result[kind] = (whole * share).quantize(CENT)
    if len(result) == 1:
        (kind,) = result
        other = next(k for k in KINDS if k != kind)
        said_whole = lx.any_phrase(normalize(text), lx.lexicon().whole) or bool(
            _OF_WHICH.search(text)
        )
        if found.rest != other and not said_whole:
            return None
        result[other] = whole - result[kind]
    if len(result) != 2 or any(v <= 0 for v in result.values()):
        return None
    return result if sum(result.values(), Decimal(0)) == whole else None


def total_beside(text: str, lang: str) -> tuple[Decimal, dict[str, Decimal]] | None:
    """(total cost, parts) when a message typed at the total gives the total and both parts
    of the request beside it ("coût total 50 000, on demande 20 000 d'invest et 10 000 de
    fonct"): one amount besides the parts, larger than their sum, and no "dont" (a whole
    "dont" its parts splits the cost, not the request). The caller checks that the words
    name the request."""
    found = scan(text, lang)
    if found.clash or found.shares or len(found.found) != 2 or len(found.others) != 1:
        return None
    if _OF_WHICH.search(text):
        return None
    whole = found.others[0]
    if whole <= sum(found.found.values(), Decimal(0)):
        return None
    return whole, found.found
