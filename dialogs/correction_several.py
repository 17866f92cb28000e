"""Several amounts named in one message, each with its value: "le total c'est 12 000 et la
demande 3 500", "oups j'ai inversé : total 10000, demande 3000", "le projet coûte 10000 et on
demande 3000" typed at the total (issue 22: answers fill any slot, from any step); at an amount
question, one clause naming no answer is that question's ("30 000 en tout et on demande
10 000" at the total).

The message is cut into clauses (at commas, colons, "et", "and"); each clause that holds an
amount must name exactly one amount answer (`correction_shapes.names_table`), each answer
once. The values are then checked together, in the table's order (the total before the request
it bounds), each by its question's validator against the answers as they will be, on a copy
(`record_amounts`); `dialogs.correction_reading` turns them into typed corrections and makes
them — or, when one does not fit or a clause's amount names no answer, nothing is changed and
the message is read as usual (the step asks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from dialogs.correction_shapes import names_table
from dialogs.model import State
from dialogs.question import Question
from dialogs.table import BY_KEY, ORDER, applies
from dialogs.validators import Accepted, Context
from knowledge import Knowledge
from knowledge.money import parse_amount
from knowledge.money_givers import given_locally
from knowledge.negated import taken_back
from knowledge.reading import Reading

# Where one answer's clause ends; a comma or a point between two digits is part of an amount;
# "dont" ("budget 20000 dont 5000 de la région") opens another.
_CLAUSES = re.compile(
    r"\s*(?:[;:/]|(?<!\d)[,.]|[,.](?!\d)|\bet\b|\band\b|\bpuis\b|\bthen\b|\bdont\b)\s*",
    re.IGNORECASE,
)
# A number as amounts are typed ("20000", "20 000", "20k", "5 000 €"), to cut a piece between two.
_NUMBER = re.compile(r"\d(?:[\d.,]|\s(?=\d{3}\b))*(?:\s?(?:k|K|€|euros?|eur)\b|€)?")
AMOUNTS = frozenset(key for key in ORDER if BY_KEY[key].shape == "amount")
MAX_WORDS = 24  # a few clauses, not a paragraph


def named_amounts(reading: Reading) -> dict[str, str] | None:
    """{answer: its clause} when every clause holding an amount names one amount answer, each
    answer once, and two or more are named; else None."""
    if len(reading.key.split()) > MAX_WORDS or "?" in reading.text:
        return None
    found: dict[str, str] = {}
    here = reading.context.step if reading.context.step in AMOUNTS else ""
    unnamed: list[str] = []
    last = ""  # the answer the previous clause named
    for piece in clauses(reading.text):
        if last and _takes_back_old(piece, last, reading):
            continue  # « … la mairie met 2 000, pas 1 500 »: the co-funding held 1 500
        clause = meant(piece)
        if clause is None:
            continue  # "on demande pas 5000": a value taken back, the next clause says it
        parsed = parse_amount(clause, reading.context.lang, nothing_is_zero=True)
        if parsed.amount is None and parsed.problem in ("empty", "not_a_number"):
            continue  # "oups j'ai inversé", "le total est bon": no value here
        names = [k for k in Reading(clause).names_in(names_table()) if k in AMOUNTS]
        if not names:
            names = held(piece, reading)  # "pas 5000 mais 6000, …": the answer that held 5000
        if not names and here:
            if here != "cofunding" and given_locally(clause):
                return None  # « … et la communauté d'agglomération 1000 € » at the request
            if parse_amount(clause, reading.context.lang).amount is not None:
                unnamed.append(clause)  # "30 000 en tout" at the total: the question's own
            continue  # "no" in "wait, no, the grant is 2500": no "nothing" here
        if len(names) != 1 or names[0] in found:
            return None
        found[names[0]] = clause
        last = names[0]
    if unnamed:
        if len(unnamed) > 1 or here in found or not found:
            return None
        found[here] = unnamed[0]
    return found if len(found) >= 2 else None


def clauses(text: str) -> list[str]:
    """The message cut at its separators; a piece holding two numbers and no separator between
    them ("coût 20000 demande 5000", "we ask 5000 for a total cost of 20000") is cut after the
    first number when each side then names one amount answer, else before the second ("20000
    de coût 5000 de demande")."""
    pieces: list[str] = []
    for piece in _CLAUSES.split(text):
        numbers = list(_NUMBER.finditer(piece))
        if len(numbers) != 2:
            pieces.append(piece)
            continue
        first, second = numbers
        for cut in (first.end(), second.start()):
            halves = [piece[:cut].strip(), piece[cut:].strip()]
            if all(_names_one(half) for half in halves):
                pieces += halves
                break
        else:
            pieces.append(piece)
    return pieces


def meant(clause: str) -> str | None:
    """A clause without the value it takes back (« we ask 4000 not 5000 » -> « we ask 4000 »);
    None when its only value is taken back (« on demande pas 5000 », followed by « on demande
    4000 … »: reading15, a correction of one amount and a new one for the next question)."""
    found = taken_back(clause)
    if found is None or not _DIGIT.search(found[1]):
        return clause
    return found[0] if _DIGIT.search(found[0]) else None


_DIGIT = re.compile(r"\d")


def held(piece: str, reading: Reading) -> list[str]:
    """The one earlier amount answer whose value the piece takes back (« pas 5000 mais 6000 »,
    the request 5 000): a value taken back names its answer. [] when none or several."""
    found = taken_back(piece)
    if found is None:
        return []
    old = parse_amount(found[1], reading.context.lang).amount
    if old is None:
        return []
    keys = [
        k for k in AMOUNTS if (v := reading.context.answers.get(k)) is not None and _same(v, old)
    ]
    return keys if len(keys) == 1 else []


def _takes_back_old(piece: str, key: str, reading: Reading) -> bool:
    """Whether a clause is only a value taken back (« pas 1 500 », "not 1,500") and that value
    is what `key`, the answer the clause before it named, held (reading23, heldout8: the
    co-funding « met 2 000, pas 1 500 » was left unread, the two corrections with it). Any other
    value taken back still names no answer: the message is read as usual."""
    found = taken_back(f"x {piece}")
    if found is None or found[0].strip() != "x" or not _DIGIT.search(found[1]):
        return False
    old = parse_amount(found[1], reading.context.lang).amount
    value = reading.context.answers.get(key)
    return old is not None and value is not None and _same(value, old)


def _same(value: object, amount: Decimal) -> bool:
    try:
        return Decimal(str(value)) == amount
    except (InvalidOperation, ValueError):
        return False


def _names_one(clause: str) -> bool:
    return len([k for k in Reading(clause).names_in(names_table()) if k in AMOUNTS]) == 1


def record_amounts(
    trial: State, k: Knowledge, found: Mapping[str, str], pairs: list[tuple[Question, Accepted]]
) -> bool:
    """Validate and record on `trial` (a copy of the state) each amount `found` names, in the
    table's order, each with what it drops, adds and hooks, as its own question would; False at
    the first that does not apply or fit (the caller then keeps nothing). One place for the
    several corrections and the clauses' corrections (reading18)."""
    for key in ORDER:
        if key not in found:
            continue
        question = BY_KEY[key]
        if question.validate is None or not applies(key, trial.answers, k):
            return False
        result = question.validate(found[key], Context(trial.answers, trial.lang))
        if not isinstance(result, Accepted) or result.value is None:
            return False
        for drop in result.drop:
            trial.answers.pop(drop, None)
        trial.answers.update(result.also)
        if question.hook is not None:
            question.hook(trial, result.value)
        trial.answers[key] = result.value
        pairs.append((question, result))
    return True
