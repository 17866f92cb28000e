"""Years said beside amounts (reading22).

A year said beside an amount said as money: « notre action représente pour 2014 un coût
total de 23 500 € », "its total cost for 2014 is 23,500 euros". The amount reader
(`knowledge.money`) already knows a year after « en », « depuis »; after « pour », "for",
« au titre de » (money_words.toml `year_beside_money`) a number may as well be euros
(« 2000 pour le matériel, 3000 pour… »), so it is a year only when another amount of the same
message is plainly money — grouped digits (« 23 500 ») or a scale word (« 23 k », « mille ») —
and the year itself is written bare: four ungrouped digits of a plausible year, no currency
right after it (« pour 2014 € de matériel » stays an amount).

The year an action began (« notre action, lancée en 2012, … », money_words.toml
`[past_amounts] started`) dates its start: it does not make the amount another year's
(`knowledge.amount_story`).

Pure; the words are data, the rule here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.money_tokens import Amount
from knowledge.money_words import PAST_AMOUNTS, YEAR_BESIDE_MONEY

# The years people write about such a project: its history and the next years.
FIRST_YEAR, LAST_YEAR = 1990, 2030
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONEY_AFTER = r"\s*(?:€|e\b|eur|k\b|k€|ke\b|mille|mil\b|thousand|grand)"


def _year_shaped(amount: Amount) -> bool:
    value = amount.value
    return (
        value == value.to_integral_value()
        and FIRST_YEAR <= value <= LAST_YEAR
        and not amount.grouped
        and not amount.last_word
        and amount.forms == {"digits"}
    )


def _plain_money(amount: Amount) -> bool:
    return amount.grouped or bool(amount.last_word)


def _bare_in(text: str, year: int) -> bool:
    """Whether the year is written somewhere in the text without a currency or scale after it."""
    for match in re.finditer(rf"(?<![\d.,]){year}(?![\d.,]\d)", text):
        if not re.match(_MONEY_AFTER, text[match.end() :], re.IGNORECASE):
            return True
    return False


def without_years(amounts: list[Amount], text: str) -> list[Amount]:
    """The amounts, less the years said after « pour » / "for"… beside an amount plainly
    said as money; `amounts` itself when there is none to drop."""
    if len(amounts) < 2 or not any(_plain_money(a) for a in amounts):
        return amounts
    kept = [
        a
        for a in amounts
        if not (
            _year_shaped(a)
            and YEAR_BESIDE_MONEY.search(" ".join(a.before))
            and _bare_in(text, int(a.value))
        )
    ]
    return kept if kept else amounts


@lru_cache(maxsize=1)
def _started() -> re.Pattern[str]:
    words = sorted(PAST_AMOUNTS["started"], key=len, reverse=True)
    verbs = "|".join(r"[\s'’-]+".join(re.escape(w) for w in v.split()) for v in words)
    return re.compile(rf"\b(?:{verbs})\s+(?:(?:en|in|depuis|since)\s+)?(?:19|20)\d\d\b")


def without_start(folded: str) -> str:
    """A folded message less the phrases dating the action's start (« lancée en 2012 »,
    "began in 2012"): such a year says when it began, not that an amount is another year's."""
    if not _YEAR.search(folded):
        return folded  # most messages: no year, no pattern of fifty verbs run
    return _started().sub(" ", folded)
