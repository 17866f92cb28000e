"""An amount said as a part of the project's cost already given: « 3000 sur les 10000 du
total », « la ville met 5000 sur les 16000 du projet » (reading20, issue 22: asked back as two
amounts, a sum above the cost offered). The whole must be the total already answered and the
part one amount alone; anything else is left as it was read (asked). Pure; the words are data
(money_words.toml `[out_of]`)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from knowledge.money import Parsed, parse_amount
from knowledge.money_words import OUT_OF
from knowledge.text import fold


@lru_cache(maxsize=1)
def _before() -> re.Pattern[str]:
    words = sorted(OUT_OF["before"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def part_of_total(text: str, parsed: Parsed, total: Decimal | None, lang: str = "fr") -> Parsed:
    """The part, when `text` (read as several amounts) says one amount out of `total`, the
    total already answered; else `parsed` unchanged."""
    if parsed.problem != "several_numbers" or total is None:
        return parsed
    folded = fold(text)
    found = list(_before().finditer(folded))
    if len(found) != 1:
        return parsed
    cut = found[0]
    part = parse_amount(folded[: cut.start()], lang)
    whole = parse_amount(folded[cut.end() :], lang)
    if part.amount is None or part.problem or whole.amount != total or whole.problem:
        return parsed
    return part if part.amount < total else parsed
