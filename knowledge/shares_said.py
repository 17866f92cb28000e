"""Whether an amount and the share of the total said beside it agree (issue 22, reading16;
several givers each with theirs, reading22). A share is said rounded: « 30 % » for 29.6 % is
the same, within half a point; « environ 25 % » for 24.2 %, within two and a half points.
One source for the co-funding and the request (`dialogs.stated_share`). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

ROUNDING = Decimal("0.005")  # « 30 % » for 29.6 %: a share is said rounded to the point
# « environ 25 % » for 24.2 % (reading19: asked back): a share said to be approximate (an
# `about` word of money_words.toml before it) is rounded to five points at most
ABOUT_ROUNDING = Decimal("0.025")


def agree(amount: Decimal, rate: Decimal, total: Decimal, about: bool = False) -> bool:
    """Whether `amount` is `rate` (a fraction: 0.3 for 30 %) of `total`, as a rounded share."""
    return abs(amount / total - rate) <= (ABOUT_ROUNDING if about else ROUNDING)


def each_agrees(amounts: Sequence[Decimal], rates: Sequence[Decimal], total: Decimal) -> bool:
    """Several givers, each said with an amount and its share, in the same order (« la ville
    1 500 € (15 %) et l'agglo 1 000 € (10 %) »): as many of each, two at least, each pair
    agreeing. A share left without its amount, or one that disagrees, is no agreement."""
    return (
        len(amounts) == len(rates) >= 2
        and bool(total)
        and all(agree(a, r, total) for a, r in zip(amounts, rates, strict=True))
    )
