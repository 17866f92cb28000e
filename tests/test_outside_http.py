"""The bot tried from outside, over real HTTP against the Bot API stand-in: what a person does in
Telegram that no conversation test did (December 2026, issue "try the product from outside").
Each test failed on the code before its fix."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, push, say, tap, to_the_verdict, turn_done, wait_for

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat)]


def send(fake: FakeTelegram, chat: int, **message: Any) -> None:
    """A message that is not typed text (a contact card, a photo…), and wait for the turn."""
    count = len(fake.sent(chat))

    def make() -> dict[str, Any]:
        update = fake.text_update(chat, "")
        del update["message"]["text"]
        update["message"].update(message)
        return update

    update_id = push(fake, make)
    wait_for(lambda: turn_done(fake, chat, update_id, count), what=(chat, message))


def lead_contact(bot: Bot, chat: int) -> tuple[Any, ...]:
    conn = sqlite3.connect(bot.db)
    try:
        row = conn.execute(
            "select wants_contact, contact from leads where chat_id = ? order by id desc",
            [chat],
        ).fetchone()
    finally:
        conn.close()
    return tuple(row) if row else ()


def test_a_shared_contact_card_is_the_phone_to_call_back(env: tuple[FakeTelegram, Bot]) -> None:
    """Asked for a phone, a Telegram user shares their contact card (📎 → Contact): Telegram
    sends its number without "+". It was answered « I only read text and buttons »."""
    fake, bot = env
    chat = 61_001
    to_the_verdict(fake, chat)
    tap(fake, chat, "recontacté")
    card = {"phone_number": "33612345678", "first_name": "Zoé", "user_id": chat}
    send(fake, chat, contact=card)
    said = texts(fake, chat)[-1]
    assert "+33612345678" in said and "ne lis que le texte" not in said
    assert lead_contact(bot, chat) == (1, "+33612345678")
    # Anywhere else, a contact card is not an answer: said kindly, nothing recorded
    say(fake, chat, "/recommencer")
    send(fake, chat, contact=card)
    assert "ne lis que le texte" in texts(fake, chat)[-1]
