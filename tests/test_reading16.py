"""Issue 22, reading16: the fifteenth pass's leftovers (docs/understanding.md, « Not done »).
Each through the real dialog (`tests.dialog_driver`)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge import Knowledge
from knowledge.faq_details import DetailReader
from knowledge.places import Gazetteer
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


# ------------------------------------------------------------ 4. a percentage in words
@pytest.mark.parametrize(
    "question",
    [
        "la commune doit mettre 30 pour cent ?",
        "on peut demander quatre-vingts pour cent à la région ?",
        "is 30 percent enough?",
        "la région peut payer 100 % du projet ?",
        "la région peut payer cent pour cent du projet ?",
    ],
)
def test_a_percentage_is_a_rate_never_an_amount(knowledge: Knowledge, question: str) -> None:
    details = DetailReader(knowledge, Gazetteer.from_knowledge(knowledge)).read(question)
    assert details.amount is None


def test_an_amount_beside_a_percentage_is_still_read(knowledge: Knowledge) -> None:
    details = DetailReader(knowledge, Gazetteer.from_knowledge(knowledge)).read(
        "si je demande 5000 € c'est 30 pour cent ?"
    )
    assert details.amount == 5000


def test_a_percentage_asked_in_the_dialog_gets_no_amount_answer(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000")
    chat.text("on peut demander quatre-vingts pour cent à la région ?")
    assert "100 €" not in chat.said.replace("\u202f", " ").replace("\xa0", " ")


# ------------------------------------------------------------ 1. not an association, a collective
@pytest.mark.parametrize(
    "said",
    [
        "on n'est pas une asso, on est un collectif d'habitants",
        "on est pas une association mais un collectif d'habitants du quartier",
        "we're not an association, we're a residents collective",
    ],
)
def test_a_collective_that_is_no_association_is_inhabitants(guide: Guide, said: str) -> None:
    chat = Chat(guide, lang="en" if said.startswith("we") else "fr")
    started(chat)
    chat.text(said)
    assert chat.state.answers.get("role") == "inhabitant"  # never the association just negated
    assert chat.state.step == "place"


def test_a_collective_alone_is_still_asked(chat: Chat) -> None:
    started(chat)
    chat.text("on est un collectif d'habitants")  # declared as an association or not: open
    assert chat.state.answers.get("role") is None and chat.state.step == "role"
    chat.text("on n'est pas une asso, on est un collectif")  # nothing left but the negated
    assert chat.state.answers.get("role") is None and chat.state.step == "role"


# ------------------------------------------------------------ 3. an amount with its share
def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("said", ["3000 soit 30 %", "3000 (30%)", "3 000 €, soit 30 pour cent"])
def test_an_amount_with_its_right_share_is_the_amount(chat: Chat, said: str) -> None:
    started(chat, *TO_TOTAL, "10000", "5000")
    chat.text(said)
    assert chat.state.answers.get("cofunding") == "3000.00"


def test_an_amount_with_a_wrong_share_is_never_stored(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "5000")
    chat.text("3000 soit 20 %")
    assert "cofunding" not in chat.state.answers
    said = _plain(chat.said)
    assert "30 %" in said and "20 %" in said  # the disagreement said
    labels = [label for label, _data in chat.buttons()]
    assert any("3 000" in _plain(b) for b in labels) and any("2 000" in _plain(b) for b in labels)
    chat.tap("20\xa0%")
    assert chat.state.answers.get("cofunding") == "2000.00"


def test_a_share_beside_an_amount_at_the_request(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000")
    chat.text("on demande 5000, soit 50 % du total")
    assert chat.state.answers.get("request") == "5000.00"


def test_a_wrong_share_said_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "10000", "5000")
    chat.text("3,000 (20%)")
    assert "cofunding" not in chat.state.answers
    assert "Which one is right?" in chat.said and "not 20%" in _plain(chat.said)
