"""The fiche synthétique's free-text questions do not swallow what is not an answer (sheet2,
issue 22): a skip said in a sentence skips, as the « Passer » button does, and is never saved
as the field's text; a real answer that holds « passer » or « sauter » as the project's verb
stays the answer. Through the real dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat, full_run


def at_title(guide: Guide) -> Chat:
    chat = Chat(guide, OPEN)
    full_run(chat, 1)
    chat.tap("fiche synthétique")
    assert chat.state.step == "sheet_title"
    return chat


@pytest.mark.parametrize(
    "typed",
    [
        "on saute celle-ci, on ne sait pas encore",
        "sautons cette étape, le nom n'est pas décidé",
        "alors là on sait pas encore du tout, on passe",
        "skip this one, not decided yet",
    ],
)
def test_a_skip_in_a_sentence_skips_and_saves_nothing(guide: Guide, typed: str) -> None:
    chat = at_title(guide)
    chat.text(typed)
    assert chat.state.answers["sheet"]["title"] == ""
    assert chat.state.step == "sheet_structure"  # the next question, as the button does


@pytest.mark.parametrize(
    "typed",
    [
        "Passer le permis ensemble",
        "Sauter les obstacles",
        "on passe le permis, pas encore de voiture",  # a skip word's verb, not a skip
        "on passe, c'est le centre social",  # a clause that answers: kept as typed
    ],
)
def test_a_real_answer_with_a_skip_word_is_kept(guide: Guide, typed: str) -> None:
    chat = at_title(guide)
    chat.text(typed)
    assert chat.state.answers["sheet"]["title"] == typed
    assert chat.state.step == "sheet_structure"


def test_a_sentence_skip_at_a_long_field_skips_it_too(guide: Guide) -> None:
    chat = at_title(guide)
    chat.text("Jardin du Marais")
    chat.text("Les Amis du Marais")
    assert chat.state.step == "sheet_partners"
    chat.text("on saute celle-ci, les partenaires ne sont pas encore fixés")
    assert chat.state.answers["sheet"]["partners"] == ""
    assert chat.state.step == "sheet_participation"


def test_a_form_answer_corrected_at_a_sheet_question_changes_it(guide: Guide) -> None:
    chat = at_title(guide)
    total = int(Decimal(chat.state.answers["total"]))
    chat.text(
        f"ah avant ça : le coût total c'est {total + 5000} et pas {total}, je me suis trompé"
    )
    assert Decimal(chat.state.answers["total"]) == total + 5000
    assert "title" not in chat.state.answers["sheet"]  # never the project's title
    assert "Coût total" in chat.said and chat.state.step == "summary"  # said, re-checked
    chat.tap("Voir le résultat")  # the verdict re-checked with the new total
    chat.tap("fiche synthétique")
    assert chat.state.step == "sheet_title"  # the sheet goes on where it was


def test_the_commune_corrected_at_a_sheet_question_changes_it(guide: Guide) -> None:
    chat = at_title(guide)
    chat.text("Jardin du Marais")
    chat.text("je corrige une erreur : le projet est à Liévin et pas à Lens, pardon")
    assert chat.state.answers["place"]["name"] == "Liévin"
    assert "structure" not in chat.state.answers["sheet"]
    assert chat.state.answers["sheet"]["title"] == "Jardin du Marais"


@pytest.mark.parametrize(
    "typed", ["Fête de quartier à Liévin", "3 ateliers de 2 h", "pas 3 mais 4 ateliers en fait"]
)
def test_an_answer_with_a_place_or_an_amount_stays_the_answer(guide: Guide, typed: str) -> None:
    chat = at_title(guide)
    before = dict(chat.state.answers)
    chat.text(typed)
    assert chat.state.answers["sheet"]["title"] == typed
    assert {k: v for k, v in chat.state.answers.items() if k != "sheet"} == {
        k: v for k, v in before.items() if k != "sheet"
    }
