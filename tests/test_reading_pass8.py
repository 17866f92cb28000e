"""Issue 22, eighth pass, through the real dialog and over the Bot API stand-in: free words are
kept as an answer (the role's and the audience's « Autre », a description) only when they read
as one — not an intent, a complaint, a question, a wish or an amount — and a typed button of
the erasure's confirmation does what the button does, never erasing on a typed word."""

from __future__ import annotations

import json

import pytest

from dialogs.flow import Guide
from knowledge import load_knowledge
from knowledge.suggest import suggest
from storage.sqlite import sqlite3
from tests.dialog_driver import Chat, started
from tests.test_bot_app import Harness, harness
from tests.test_reading_context import TO_SHEET

TO_PROJECT = ("tap:association", "Lens", "tap:quartier")
__all__ = ["harness"]  # the Bot API stand-in's fixture, shared with test_bot_app


# ---------------------------------------------------------------- the role, the audience
@pytest.mark.parametrize(
    "typed",
    [
        "je voudrais être contacté",
        "on peut m'appeler ?",
        "contactez-moi svp",
        "je voudrais qu'on me rappelle",
    ],
)
def test_being_contacted_at_the_role_is_the_talk_intent_not_a_role(
    guide: Guide, typed: str
) -> None:
    chat = started(Chat(guide))
    chat.text(typed)
    assert "role" not in chat.state.answers and "role_text" not in chat.state.answers
    assert "Contacts généraux de l'appel" in chat.said
    assert "Qui êtes-vous" in chat.said, "then the question again"


@pytest.mark.parametrize(
    "typed",
    [
        "c'est nul ce truc",
        "this bot is useless",
        "pourquoi vous demandez ça",
        "on demande 5000 euros",
        "je comprends pas la question",
        "Villeneuve d'Ascq",
    ],
)
def test_a_complaint_a_question_or_an_amount_is_no_role(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide))
    chat.text(typed)
    assert "role" not in chat.state.answers and "role_text" not in chat.state.answers
    assert chat.state.step == "role"


@pytest.mark.parametrize("typed", ["une SCIC", "une régie de quartier", "une mutuelle"])
def test_a_role_in_free_words_is_still_kept_as_other(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide))
    chat.text(typed)
    assert chat.state.answers["role"] == "other"
    assert chat.state.answers["role_text"] == typed


@pytest.mark.parametrize(
    "typed", ["12000", "ça change quoi pour le dossier ?", "trop de questions franchement"]
)
def test_an_amount_a_question_or_a_complaint_is_no_audience(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text(typed)
    assert "audience" not in chat.state.answers and "audience_text" not in chat.state.answers


def test_an_audience_in_free_words_is_still_kept(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text("des familles monoparentales")
    assert chat.state.answers["audience"] == "other"
    assert chat.state.answers["audience_text"] == "des familles monoparentales"


# ---------------------------------------------------------------- descriptions
@pytest.mark.parametrize(
    "typed", ["the whole thing would cost around 15k", "we'd like ten thousand from you"]
)
def test_an_amount_at_the_fiche_list_keeps_the_description(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *TO_PROJECT, "un truc sympa")
    assert chat.state.step == "fiche_confirm" and not chat.state.suggestion.get("fiche")
    chat.text(typed)
    assert chat.state.answers["description"] == "un truc sympa"
    assert "fiche" not in chat.state.answers and not chat.state.suggestion.get("fiche")


def test_an_amount_at_the_description_says_amounts_come_later(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_PROJECT)
    chat.text("on demande 10 000 euros")
    assert "description" not in chat.state.answers
    assert "montants un peu plus loin" in chat.said


def test_a_description_with_an_amount_and_a_fiche_s_words_is_kept(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_PROJECT)
    text = "un jardin partagé au pied des immeubles, budget 15 000 euros"
    chat.text(text)
    assert chat.state.answers["description"] == text


def test_short_words_match_keywords_whole_not_by_a_short_stem() -> None:
    """The French stem of "tenants" is "ten": "ten thousand" evoked fiche 4."""
    knowledge = load_knowledge()
    assert suggest(knowledge, "we'd like ten thousand from you") == []
    assert 4 in {s.fiche.number for s in suggest(knowledge, "a garden with the tenants")}
    assert suggest(knowledge, "des jeux pour les enfants"), "jeux -> jeu still matches"


# ---------------------------------------------------------------- the erasure's confirmation
async def to_place(h: Harness, chat: int) -> None:
    await h.text(chat, "/start")
    await h.tap(chat, "accepte")
    await h.tap(chat, "association")
    await h.text(chat, "Lens")


def answers(h: Harness, chat: int) -> str:
    """The stored state, less the mark that the erasure's confirmation is on screen (which
    /effacer sets and any answer clears: `bot.rights`)."""
    conn = sqlite3.connect(h.db)
    try:
        row = conn.execute("select state from conversations where chat_id = ?", [chat]).fetchone()
    finally:
        conn.close()
    if not row:
        return ""
    state = json.loads(row[0])
    state.pop("erase_asked", None)
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("typed", ["annule", "Annuler", "non merci", "cancel"])
async def test_cancel_typed_at_the_erasure_confirmation_cancels(
    harness: Harness, typed: str
) -> None:
    await to_place(harness, 41)
    before = answers(harness, 41)
    assert '"insee": "62498"' in before
    await harness.text(41, "/effacer")
    await harness.text(41, typed)
    assert harness.replies(41)[-1] == "D'accord, rien n'est effacé."
    assert answers(harness, 41) == before, "nothing erased, no answer taken back"


@pytest.mark.parametrize("typed", ["oui", "Oui, tout effacer", "ok efface tout"])
async def test_yes_typed_at_the_erasure_confirmation_never_erases(
    harness: Harness, typed: str
) -> None:
    await to_place(harness, 42)
    before = answers(harness, 42)
    await harness.text(42, "/effacer")
    await harness.text(42, typed)
    assert "touchez le bouton" in harness.replies(42)[-1]
    assert answers(harness, 42) == before, "erasing needs the tap"
    await harness.tap(42, "Oui, tout effacer")  # the buttons given again still erase
    assert "effacé" in harness.replies(42)[-1]
    assert answers(harness, 42) == ""


async def test_annule_typed_later_is_the_conversation_s_again(harness: Harness) -> None:
    await to_place(harness, 43)
    await harness.text(43, "/effacer")
    await harness.tap(43, "Annuler")
    await harness.text(43, "annule")  # no confirmation on screen: /retour's, as before
    assert "question précédente" in harness.replies(43)[-1]
    assert '"insee": "62498"' not in answers(harness, 43)


# ---------------------------------------------------------------- the fiche synthétique


@pytest.mark.parametrize("typed", ["oui", "ok", "merci", "c'est nul ce truc"])
def test_a_bare_yes_a_greeting_or_a_complaint_is_no_field_of_the_sheet(
    guide: Guide, typed: str
) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin des voisins")
    assert chat.state.step == "sheet_structure"
    chat.text(typed)
    assert "structure" not in chat.state.answers["sheet"]
    assert chat.state.step == "sheet_structure"
    assert "Passer" in chat.said


@pytest.mark.parametrize("typed", ["non", "aucun pour le moment", "2015", "Les Amis du Parc"])
def test_a_field_s_own_short_answers_are_kept(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin des voisins", "Les Amis du Parc")
    assert chat.state.step == "sheet_partners"
    chat.text(typed)
    assert chat.state.answers["sheet"]["partners"] == typed


# ---------------------------------------------------------------- a button's label typed
@pytest.mark.parametrize("typed", ["Non, c'est ma réponse", "non c'est ma reponse", "non"])
def test_the_ask_first_button_typed_keeps_the_words_as_the_answer(
    guide: Guide, typed: str
) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Repartir de zéro")
    assert "recommencer depuis le début" in chat.said
    chat.text(typed)
    assert chat.state.answers["sheet"] == {"title": "Repartir de zéro"}


def test_the_other_fiche_s_button_typed_chooses_it(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_PROJECT, "un jardin partagé au pied des immeubles")
    assert chat.state.suggestion.get("fiche")
    chat.text("plutôt la fiche 2")
    assert chat.state.answers["fiche"] == 2
    assert chat.state.answers["description"] == "un jardin partagé au pied des immeubles"
