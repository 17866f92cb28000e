"""A whole followed by its detail, marked by a sign or a word rather than « dont » (reading22):
« 9 000 (6 000 animation + 3 000 matériel) », « un total de 12 000 : 7 000 de personnel et
5 000 de fournitures », « 12 000 au total, soit 7 000 de personnel et 5 000 de fournitures ».
The amount reader (`knowledge.money`) takes the first amount when the others add up to it
exactly; this says whether the message marks them as its detail: one of money_words.toml
`detail_marks` between the whole and the next number (the whole's currency and « au total »
aside), opening what follows the whole. Without a mark, « la ville 5000, l'agglo 3000, le
département 2000 » stays three amounts (they happen to add up). Pure: the marks are data.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.money_words import DETAIL_MARKS

_NUMBER = re.compile(r"\d(?:[\d.,]|\s(?=\d{3}\b))*")
# What may stand between the whole and its mark: its currency, « au total », « en tout », a comma.
_AFTER_WHOLE = re.compile(
    r"^(?:\s|,|€|\b(?:euros?|eur|k|au total|en tout|in total|total|overall)\b)*"
)


@lru_cache(maxsize=1)
def _marks() -> re.Pattern[str]:
    words = sorted(DETAIL_MARKS, key=len, reverse=True)
    parts = [re.escape(m) if not m[0].isalnum() else rf"\b{re.escape(m)}\b" for m in words]
    return re.compile("|".join(parts))


def marked(folded: str) -> bool:
    """Whether a folded message marks what follows its first number as that number's detail:
    the mark opens what comes right after the whole (« mairie : 2000, agglo : 1000,
    département : 1000 » marks no detail: « agglo » comes first)."""
    numbers = list(_NUMBER.finditer(folded))
    if len(numbers) < 3:
        return False
    between = _AFTER_WHOLE.sub("", folded[numbers[0].end() : numbers[1].start()])
    return bool(_marks().match(between))
