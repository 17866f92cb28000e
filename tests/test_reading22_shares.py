"""Several givers at the co-funding, each with its amount and its share of the total
(reading22, issue 22): « la ville 1 500 € (15 %) et l'agglo 1 000 € (10 %) » was answered
« Indiquez un montant en euros, pas un pourcentage ». When every share agrees with its amount
(knowledge.shares_said), the givers' amounts are added and said as the co-funding step adds
them; a share that disagrees, or a share without its amount, is asked as before. Through the
real dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_total


def at_cofunding(guide: Guide) -> Chat:
    chat = at_total(guide)
    chat.text("20000")
    chat.text("6000")
    assert chat.state.step == "cofunding"
    return chat


@pytest.mark.parametrize(
    ("typed", "cofunding"),
    [
        ("la mairie 3 000 € (15 %) et l'agglo 2 000 € (10 %)", "5000"),
        ("ville : 4 000 € soit 20 %, département : 1 000 € soit 5 %", "5000"),
    ],
)
def test_givers_with_agreeing_shares_are_added(guide: Guide, typed: str, cofunding: str) -> None:
    chat = at_cofunding(guide)
    chat.text(typed)
    assert Decimal(chat.state.answers["cofunding"]) == Decimal(cofunding)
    assert "pas un pourcentage" not in chat.said


@pytest.mark.parametrize(
    "typed",
    [
        "la mairie 3 000 € (20 %) et l'agglo 2 000 € (10 %)",  # 3 000 € is 15 %, not 20 %
        "la mairie 15 % et l'agglo 2 000 € (10 %)",  # a share without its amount
    ],
)
def test_a_disagreeing_or_lone_share_is_asked(guide: Guide, typed: str) -> None:
    chat = at_cofunding(guide)
    chat.text(typed)
    assert not chat.state.answers.get("cofunding")
    assert chat.state.step == "cofunding"
