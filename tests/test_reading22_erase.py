"""« Erase me » said in a longer sentence is the erasure intent (reading22, issue 22): an
imperative of erasing opening the message (« supprimez … », "delete …", lexicon.toml
`orders` of the erase rule) is an order up to the rules' length, and still asks to confirm;
« retirez tous mes renseignements » too. An infinitive in a project's words (« effacer les tags
du quartier ») and an order that holds an amount (a correction's words) are not. Through the
real dialog (tests.dialog_driver); the same words over HTTP in tests/test_reading22_http.py."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat, at_total, full_run

CONFIRM_FR = "Effacer toutes vos réponses"


@pytest.mark.parametrize(
    "typed",
    [
        "supprimez toutes les infos que je vous ai données",
        "effacez donc tout ce que je vous ai écrit jusqu'ici",
        "retirez tous mes renseignements de votre fichier",
        "effacez cette conversation",  # answered by the FAQ (« Tapez /effacer »)
        "supprimez mon dossier s'il vous plaît",
        "je voudrais que mes données soient effacées",
        "je veux être oubliée",
    ],
)
def test_an_erasure_ordered_in_a_sentence_asks_to_confirm(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert CONFIRM_FR in chat.said
    assert chat.state.answers["place"]["name"] == "Lens"  # nothing erased before confirming


def test_an_english_erasure_order_asks_to_confirm(guide: Guide) -> None:
    chat = at_total(guide, "en")
    chat.text("delete every single thing that you have stored about me")
    assert "Erase all your answers" in chat.said


def test_an_erasure_word_in_a_project_is_the_project(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.text("on veut effacer les tags du quartier avec les jeunes")
    assert CONFIRM_FR not in chat.said


def test_a_cafe_conversation_in_a_sheet_field_is_kept(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    full_run(chat, 1)
    chat.tap("fiche synthétique")
    chat.text("Un café conversation pour supprimer la solitude")
    assert (
        chat.state.answers["sheet"]["title"] == "Un café conversation pour supprimer la solitude"
    )


def test_an_erasure_word_in_a_sheet_title_is_the_title(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    full_run(chat, 1)
    chat.tap("fiche synthétique")
    chat.text("Effacer les tags du quartier")
    assert chat.state.answers["sheet"]["title"] == "Effacer les tags du quartier"


def test_an_order_holding_an_amount_is_no_erasure(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("oubliez ce que j'ai dit avant, le coût total c'est 15 000 €")
    assert CONFIRM_FR not in chat.said
