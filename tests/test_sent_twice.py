"""The total sent twice in a row (a double tap on « send », a phone resending on a bad network)
was taken as the next question's answer: « 12000 » twice made the request 12 000 €, the whole
cost, said as noted. The second is not taken: the bot says it got the same message twice and
offers the amount as a button; a tap takes it, another amount typed is taken as usual, and the
same message typed a third time is the answer. Later amounts alike (a request and a co-funding
of 4 000 € each) are common and taken."""

from __future__ import annotations

from dialogs.flow import Guide
from tests.dialog_driver import Chat, started

TWICE = "deux fois de suite"


def at_total(guide: Guide, lang: str = "fr") -> Chat:
    audience = "tap:quartier" if lang == "fr" else "tap:neighbourhood"
    chat = started(Chat(guide, lang=lang), "tap:association", "Lens", audience, "tap:(2)")
    assert chat.state.step == "total"
    return chat


def test_the_total_sent_twice_is_not_the_request(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("12000")
    chat.text("12000")
    assert TWICE in chat.said, chat.said
    assert chat.state.step == "request" and "request" not in chat.state.answers
    assert any("12" in label for label, _data in chat.buttons()), chat.buttons()
    chat.tap("12")  # it was meant: a tap takes it
    assert chat.state.answers["request"] == "12000.00"
    assert chat.state.step != "request"


def test_another_amount_typed_after_is_taken_as_usual(guide: Guide) -> None:
    chat = at_total(guide)
    for typed in ("12000", "12000"):
        chat.text(typed)
    assert TWICE in chat.said and "request" not in chat.state.answers
    chat.text("4 000")
    assert chat.state.answers["request"] == "4000.00"
    assert "12 000" not in chat.said, "the amount offered is not offered again"


def test_the_same_message_a_third_time_is_the_answer(guide: Guide) -> None:
    chat = at_total(guide, lang="en")
    for typed in ("12000", "12000"):
        chat.text(typed)
    assert "twice in a row" in chat.said, chat.said
    chat.text("12000")
    assert chat.state.answers["request"] == "12000.00"


def test_a_request_and_a_cofunding_alike_are_taken(guide: Guide) -> None:
    chat = at_total(guide)
    for typed in ("12000", "4000", "4000"):
        chat.text(typed)
    assert TWICE not in chat.said
    assert chat.state.answers["request"] == chat.state.answers["cofunding"] == "4000.00"


def test_a_message_in_between_means_it_was_no_copy(guide: Guide) -> None:
    """« 12000 », then /aide or a question, then « 12000 »: not sent twice in a row."""
    for between in ("/aide", "c'est quoi le plancher ?"):
        chat = at_total(guide)
        chat.text("12000")
        if between.startswith("/"):
            chat.command(between)
        else:
            chat.text(between)
        chat.text("12000")
        assert TWICE not in chat.said, (between, chat.said)
        assert chat.state.answers["request"] == "12000.00"
