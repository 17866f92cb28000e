"""The sixth outside pass, over real HTTP against the Bot API stand-in: what a person or an
attacker typing into the real bot met (December 2026). Each test failed on the code before its
fix."""

from __future__ import annotations

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, stored_state, to_the_total

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}
RLO, PDF = "\u202e", "\u202c"


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    """What the chat was sent, its no-break spaces (« 12 000 € ») as plain ones."""
    return [str(p["text"]).replace("\u202f", " ").replace("\xa0", " ") for p in fake.sent(chat)]


def test_an_amount_under_a_right_to_left_override_is_read_as_shown(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """« ‮00021 » is shown « 12000 » on every screen (the override reverses what follows it):
    intake dropped the override and read 21 €, an amount nobody saw. It is read as shown, and
    the transcript staff read says what the person saw; « 1‮0002 € », shown « 1€ 2000 », is
    two amounts and asked back, never 10 002 €."""
    fake, bot = env
    chat = 61_601
    to_the_total(fake, chat)
    say(fake, chat, f"1{RLO}0002 €")
    assert "plusieurs montants" in texts(fake, chat)[-1], texts(fake, chat)[-1]
    assert stored_state(bot.db, chat)["step"] == "total"
    say(fake, chat, f"{RLO}00021{PDF}")
    said = texts(fake, chat)[-1]
    assert "12 000 €" in said and "21 €" not in said, said
    assert stored_state(bot.db, chat)["answers"]["total"] == "12000.00"
    conn = sqlite3.connect(bot.db)
    try:
        typed = [
            t
            for (t,) in conn.execute(
                "select text from messages where chat_id = ? and direction = 'in'", [chat]
            )
        ]
    finally:
        conn.close()
    assert "12000" in typed and "00021" not in typed, typed


def test_the_total_sent_twice_is_asked_about_not_taken_as_the_request(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """Two updates with the same « 12 000 € » (a double tap on « send », a phone resending on a
    bad network): the second was the request, 12 000 €, the whole cost. The bot says it got it
    twice and offers the amount as a button; the state waits at the request."""
    fake, bot = env
    chat = 61_602
    to_the_total(fake, chat)
    say(fake, chat, "12 000 €")
    say(fake, chat, "12 000 €")
    said = texts(fake, chat)[-1]
    assert "deux fois de suite" in said, said
    state = stored_state(bot.db, chat)
    assert state["step"] == "request" and "request" not in state["answers"]
    assert any(
        "12 000" in label.replace("\u202f", " ").replace("\xa0", " ")
        for label, _ in fake.last_buttons(chat)
    ), fake.last_buttons(chat)
