"""Two amounts corrected at the recap, the last one with its old value taken back (reading23,
issue 22): « finalement on demande 3 000 à la Région et la mairie met 2 000, pas 1 500 » left
both answers as they were (« pas 1 500 » named no answer, so the message was not read as
corrections). A clause that only takes back the value the previous clause's answer held now
confirms that answer; any other value taken back still changes nothing. Through the real
dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat


def at_recap(guide: Guide) -> Chat:
    """Total 10 000, request 4 000, co-funding 1 500, no activity programme: the recap."""
    chat = Chat(guide, OPEN)
    chat.start()
    for turn in ("tap:association", "Lens", "tap:quartier", "tap:(1)", "10 000", "4 000"):
        chat.tap(turn[4:]) if turn.startswith("tap:") else chat.text(turn)
    chat.text("1 500")
    chat.tap("Non")
    assert chat.state.step == "summary"
    return chat


def amounts(chat: Chat) -> tuple[Decimal, Decimal, Decimal]:
    a = chat.state.answers
    return Decimal(a["total"]), Decimal(a["request"]), Decimal(a["cofunding"])


@pytest.mark.parametrize(
    "typed",
    [
        "en fait on demande 4 500 à la Région et la commune apporte 2 500, pas 1 500",
        "finalement on sollicite 4 500 de la Région ; la ville donnera 2 500, pas 1 500",
    ],
)
def test_two_amounts_the_last_with_its_old_value(guide: Guide, typed: str) -> None:
    chat = at_recap(guide)
    chat.text(typed)
    assert amounts(chat) == (Decimal(10000), Decimal(4500), Decimal(2500))
    said = chat.said.replace("\u202f", " ")
    assert "(au lieu de 4 000" in said and "(au lieu de 1 500" in said


@pytest.mark.parametrize(
    "typed",
    [
        # 1 000 is no answer's value: which one it takes back is unknown
        "en fait on demande 4 500 à la Région et la commune apporte 2 500, pas 1 000",
        # 4 000 was the request, not the co-funding the clause before it names
        "en fait on demande 4 500 à la Région et la commune apporte 2 500, pas 4 000",
    ],
)
def test_a_value_taken_back_that_the_answer_did_not_hold_changes_nothing(
    guide: Guide, typed: str
) -> None:
    chat = at_recap(guide)
    chat.text(typed)
    assert amounts(chat) == (Decimal(10000), Decimal(4000), Decimal(1500))
