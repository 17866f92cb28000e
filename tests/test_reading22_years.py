"""A total told among years is the total (reading22, issue 22): « pour 2014 » beside an amount
plainly said as money is a year, and « lancée en 2012 » dates the action's start, not another
year's amount. Years alone, or a year written with its euros, are still no silent total.
Through the real dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import at_total


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        ("Madame, Monsieur, notre action, lancée en 2012, coûtera pour 2014 31 200 €.", "31200"),
        ("depuis 2010 on anime ce lieu ; pour 2015 le budget total est de 7 400 €", "7400"),
        ("projet créé en 2011 dont le coût global est de 12 k€ au titre de 2014", "12000"),
    ],
)
def test_a_total_among_years_is_the_total(guide: Guide, typed: str, total: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert Decimal(chat.state.answers["total"]) == Decimal(total)
    assert chat.state.step == "request"


def test_an_english_total_among_years(guide: Guide) -> None:
    chat = at_total(guide, "en")
    chat.text("The scheme was launched in 2012; its total cost for 2014 is 14,800 euros")
    assert Decimal(chat.state.answers["total"]) == Decimal("14800")


@pytest.mark.parametrize(
    "typed",
    [
        "l'action a démarré en 2012 et continue en 2014",  # years alone
        "pour 2014 € de matériel et 3 000 € d'animation",  # a year-shaped amount with its euros
        "2000 pour le matériel, 3000 pour l'animation",  # two parts, no plain money: asked
        "l'an passé on a eu 3 000 € pour 2013",  # another year's amount only
    ],
)
def test_years_alone_or_euros_written_are_not_taken(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert "total" not in chat.state.answers or not chat.state.answers["total"]
    assert chat.state.step == "total"
