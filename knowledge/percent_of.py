"""A percentage of an amount asked to be worked out (« 30 % de 12000 ça fait combien ? »,
"what's 30% of 15,000?"): reading20, issue 22 — typed at the description it got « Je n'ai pas
compris », at an amount step the call's co-funding rate. The result is arithmetic on the
person's own numbers, no fact of the call, so it is said plainly; nothing is stored from it.
The words are data (money_words.toml `[percent_of]`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from knowledge.asking import question_cue
from knowledge.money import parse_amount
from knowledge.money_tokens import prepare
from knowledge.money_words import PERCENT_OF, PERCENT_WORD
from knowledge.text import fold

# A percentage's number is said in at most this many words before its sign (« vingt-cinq »).
_RATE_WORDS = 3
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class PercentOf:
    rate: Decimal  # 30 for « 30 % »
    whole: Decimal
    result: Decimal


_OF = frozenset(PERCENT_OF["of"])
_ASKS = tuple(PERCENT_OF["asks"])


def percent_of(text: str, lang: str = "fr") -> PercentOf | None:
    """The percentage of an amount the message asks to work out; None when it asks no such
    thing (a description holding a share, « 30 % des places », a share said of an answer)."""
    if "%" not in text and not PERCENT_WORD.search(fold(text)):
        return None  # most messages: no percentage, nothing more read
    prepared = " ".join(prepare(text).replace("'", " ").split())
    if prepared.count("%") != 1 or not (
        question_cue(text) or any(f" {a} " in f" {prepared} " for a in _ASKS)
    ):
        return None
    before, after = (part.split() for part in prepared.split("%"))
    if not before or not after or after[0] not in _OF:
        return None
    rate = _rate(before, lang)
    whole = parse_amount(" ".join(after[1:]), lang)
    if rate is None or whole.amount is None or whole.problem is not None:
        return None
    return PercentOf(
        rate, whole.amount, (whole.amount * rate / _HUNDRED).quantize(Decimal("0.01"))
    )


def _rate(words: list[str], lang: str) -> Decimal | None:
    """The percentage's number: the longest run of the last words that reads as one number up
    to 100."""
    for size in range(min(_RATE_WORDS, len(words)), 0, -1):
        parsed = parse_amount(" ".join(words[-size:]), lang)
        if parsed.amount is not None and parsed.problem is None and 0 < parsed.amount <= _HUNDRED:
            # an amount said before it (« 3000 soit 30 % de 10000 ? »): a share checked, no sum
            before = parse_amount(" ".join(words[:-size]), lang)
            return parsed.amount if before.amount is None and not before.values else None
    return None
