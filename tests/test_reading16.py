"""Issue 22, reading16: the fifteenth pass's leftovers (docs/understanding.md, « Not done »).
Each through the real dialog (`tests.dialog_driver`)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, started

TO_TOTAL = ("tap:association", "Lens", "tap:quartier", "tap:(1)")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ------------------------------------------------------------ 2. waiting for quotes
@pytest.mark.parametrize(
    "said",
    [
        "le budget on l'a pas encore, on attend les devis",
        "on attend le devis",
        "pas encore chiffré",
    ],
)
def test_waiting_for_quotes_is_the_steps_dont_know(chat: Chat, said: str) -> None:
    started(chat, *TO_TOTAL)
    chat.text(said)
    assert chat.state.answers.get("total") is None
    assert "à préciser" in chat.said  # as the « Je ne sais pas » button says
    assert "Fiche synthétique au plus tard" not in chat.said  # never the FAQ's deadlines


def test_waiting_for_quotes_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)")
    chat.text("we're still waiting for quotes")
    assert chat.state.answers.get("total") is None
    assert "to be specified" in chat.said


def test_quotes_with_an_amount_are_the_amount(chat: Chat) -> None:
    started(chat, *TO_TOTAL)
    chat.text("on attend les devis mais ce sera 12000")
    assert "à préciser" not in chat.said
