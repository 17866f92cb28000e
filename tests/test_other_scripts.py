"""A message written in a script the bot cannot read (Cyrillic, Arabic, Chinese…) is told, in
French and in English, which languages it reads, and the question is asked again: it was « Je
n'ai pas compris 🙂 » or the consent question, in French only, as if the person had mistyped.
A message with a word of French or English in it is read as before."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_place, started

LANGUAGES_FR = "Je ne lis que le français et l'anglais"
LANGUAGES_EN = "I can only read French and English"


@pytest.mark.parametrize("typed", ["Привет, вы говорите по-русски?", "مرحبا", "你好", "Γειά σου"])
def test_the_first_message_in_another_script_says_which_languages_are_read(
    guide: Guide, typed: str
) -> None:
    chat = Chat(guide)
    chat.command("/start")
    chat.text(typed)
    assert LANGUAGES_FR in chat.said and LANGUAGES_EN in chat.said, chat.said
    assert chat.state.step == "consent" and not chat.state.consent
    assert "acceptez-vous" in chat.said  # the question again, its buttons on screen
    assert chat.buttons()


def test_a_commune_or_a_project_in_another_script_is_not_a_mistake(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("里尔")
    assert LANGUAGES_FR in chat.said and LANGUAGES_EN in chat.said, chat.said
    assert chat.state.step == "place" and "place" not in chat.state.answers
    chat = started(Chat(guide, lang="en"), "tap:association", "Lille", "tap:neighbourhood")
    chat.text("Огород для соседей")
    assert LANGUAGES_EN in chat.said and LANGUAGES_FR not in chat.said, chat.said
    assert "fiche" not in chat.state.answers


def test_words_of_french_or_english_among_them_are_read_as_before(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lille (里尔)")
    assert LANGUAGES_FR not in chat.said
    assert chat.state.answers["place"]["name"] == "Lille"
