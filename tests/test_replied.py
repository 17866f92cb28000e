"""A reply to an earlier question (swipe-reply) through the pure dialog: read as that answer's
(dialogs.replied), and only then; the HTTP path is in test_outside_http."""

from __future__ import annotations

from dialogs.flow import Guide
from dialogs.model import Event
from tests.dialog_driver import Chat, at_place, started


def asked(chat: Chat, words: str) -> str:
    return next(r.text for r in reversed(chat.all_replies) if words in r.text)


def test_a_reply_to_an_earlier_amount_corrects_it(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.tap("jeunes")
    chat.tap("(2)")
    chat.text("12000")
    assert "demandez-vous" in chat.said
    chat.send(Event.text("15 000", asked(chat, "Quel est le coût total")))
    assert chat.state.answers["total"] == "15000.00" and "corrigé « Coût total »" in chat.said
    assert "demandez-vous" in chat.said and "request" not in chat.state.answers


def test_a_reply_to_the_question_on_screen_is_its_answer(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.send(Event.text("Lens", asked(chat, "Dans quelle commune")))
    assert chat.state.answers["place"]["name"] == "Lens" and "Pour qui" in chat.said


def test_a_reply_to_a_message_that_asks_nothing_is_read_as_usual(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.tap("jeunes")
    welcome = chat.all_replies[0].text  # the welcome: no question of the form
    chat.send(Event.text("des ateliers de cuisine avec les jeunes du quartier", welcome))
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.answers.get("description", "").startswith("des ateliers")


def test_in_english_too(guide: Guide) -> None:
    chat = at_place(Chat(guide, lang="en"))
    chat.text("Lens")
    chat.tap("young")
    chat.send(Event.text("Liévin", asked(chat, "In which town")))
    assert chat.state.answers["place"]["name"] == "Liévin"


def test_a_question_asked_before_a_change_of_language(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    quoted = asked(chat, "Dans quelle commune")
    chat.command("/langue")
    chat.tap("English")
    chat.send(Event.text("Liévin", quoted))
    assert chat.state.answers["place"]["name"] == "Liévin", chat.said


def test_a_question_replied_to_an_earlier_question_is_answered(guide: Guide) -> None:
    """« c'est quoi un EPCI ? » replied to the commune's question asks about it: answered as
    any question is, the answers unchanged — not « I don't read a new answer »."""
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.tap("jeunes")
    before = dict(chat.state.answers)
    chat.send(Event.text("c'est quoi un EPCI ?", asked(chat, "Dans quelle commune")))
    assert "nouvelle réponse" not in chat.said and "intercommunalité" in chat.said.lower()
    assert chat.state.answers == before


def test_a_reply_to_an_earlier_field_of_the_sheet_is_read_by_that_field(guide: Guide) -> None:
    """At the e-mail's question, a reply to the phone's: read as a phone (a new number
    corrects it; words that are no phone say why, nothing kept), never as the e-mail."""
    from tests.test_corrections_pass5 import TO_SHEET

    chat = started(Chat(guide), *TO_SHEET, *["tap:Passer"] * 8, "03 21 12 34 56")
    assert chat.state.step == "sheet_email"
    phone = asked(chat, "numéro de téléphone")
    chat.send(Event.text("bonjour", phone))
    sheet = chat.state.answers["sheet"]
    assert "email" not in sheet and "déjà posée" in chat.said and "e-mail" in chat.said
    chat.send(Event.text("06 11 22 33 44", phone))
    sheet = chat.state.answers["sheet"]
    assert "email" not in sheet and sheet["phone"] != "03 21 12 34 56", sheet
    assert "au lieu de" in chat.said and chat.state.step == "sheet_email"
