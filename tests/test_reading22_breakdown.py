"""A total with its detail opened by a sign or a word (reading22, issue 22): « : », « ( »,
« soit », « = » right after the whole (money_words.toml `detail_marks`, knowledge.breakdown)
make the parts its detail when they add up to it exactly — the whole is the total. Parts that
do not add up, or givers listed with colons (« mairie : 2000, agglo : 1000 … », no mark right
after the whole), are not. And a year right after the budget's words (« budget prévisionnel
2014 : 13 500 € »), or another year's amount before this year's (« en 2013 … pour 2014 … »).
Through the real dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import at_total


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        ("11 000 (8 000 de salaires + 3 000 de location)", "11000"),
        ("coût total de 15 500 : 9 000 d'animation et 6 500 de matériel", "15500"),
        ("20 000 € en tout, soit 14 000 € de personnel et 6 000 € de frais", "20000"),
        ("7 500 = 5 000 + 2 500", "7500"),
        ("budget prévu 2015 : 19 800 euros", "19800"),
        ("en 2012 on avait 6 000 €, pour 2015 le projet coûte 9 500 €", "9500"),
    ],
)
def test_a_total_with_its_marked_detail_is_the_total(guide: Guide, typed: str, total: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert Decimal(chat.state.answers["total"]) == Decimal(total)
    assert chat.state.step == "request"


@pytest.mark.parametrize(
    "typed",
    [
        "15 500 : 9 000 d'animation et 5 000 de matériel",  # the parts do not add up
        "11 000, 8 000 de salaires et 3 000 de location",  # no mark after the whole
    ],
)
def test_unmarked_or_unequal_parts_are_asked(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert not chat.state.answers.get("total")


def test_givers_listed_with_colons_are_added_not_cut(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("10000")
    chat.text("3000")
    chat.text("mairie : 2000, agglo : 1000, département : 1000")
    assert Decimal(chat.state.answers.get("cofunding") or 0) != Decimal("2000")
