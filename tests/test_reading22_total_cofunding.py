"""The total and the co-funding in one message at the total (reading22, issue 22): « la ville
nous donne 6 000 », « la commune en finance 9 000 » named the place (« la ville », « la
commune »), so both amounts were asked back. The commune or the town said as a giver
(lexicon.toml names.cofunding) names the co-funding: both filled, both said, the request asked
next. A co-funding over the total is still asked, nothing recorded. Through the real dialog
(tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import at_total


@pytest.mark.parametrize(
    ("typed", "total", "cofunding"),
    [
        ("le budget est de 32 000 € et la commune en finance 8 000", "32000", "8000"),
        ("coût total 18 000, la ville nous verse 4 500 €", "18000", "4500"),
        ("ça coûte 26 000 € et la ville prend en charge 5 000", "26000", "5000"),
    ],
)
def test_the_total_and_the_cofunding_in_one_message(
    guide: Guide, typed: str, total: str, cofunding: str
) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert Decimal(chat.state.answers["total"]) == Decimal(total)
    assert Decimal(chat.state.answers["cofunding"]) == Decimal(cofunding)
    assert chat.state.answers["place"]["name"] == "Lens"  # the place untouched
    assert "Co-financement local" in chat.said and chat.state.step == "request"


def test_in_english(guide: Guide) -> None:
    chat = at_total(guide, "en")
    chat.text("the whole thing costs 14,000 and the city funds 3,000")
    assert Decimal(chat.state.answers["total"]) == Decimal("14000")
    assert Decimal(chat.state.answers["cofunding"]) == Decimal("3000")


def test_a_cofunding_over_the_total_is_asked(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("le projet coûte 30 000 et la ville en finance 40 000")
    assert not chat.state.answers.get("total") and not chat.state.answers.get("cofunding")
    assert chat.state.step == "total"
