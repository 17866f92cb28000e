"""The person's rights across a restart, over real HTTP against the Bot API stand-in: whether
the erasure's confirmation is the last thing on screen was kept in the process's memory only,
so after a restart between /effacer and the answer a typed « oui » was read as the current
question's answer (and « annule » went back one answer) instead of being the confirmation's."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, push, say, stored_state, to_the_activity, turn_done, wait_for

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat)]


def answers(bot: Bot, chat: int) -> dict[str, object]:
    return dict(stored_state(bot.db, chat).get("answers") or {})


def test_the_erasure_confirmation_survives_a_restart(env: tuple[FakeTelegram, Bot]) -> None:
    """At the double-funding question (yes / no), /effacer, then the bot restarts; the person
    types « oui »: it is the confirmation's (tap the button; never erased on words), not the
    answer « yes, other funding ». « annule » then cancels the erasure, and the conversation
    goes on where it was."""
    fake, bot = env
    chat = 62_001
    to_the_activity(fake, chat)
    before = answers(bot, chat)
    no = next(data for label, data in fake.last_buttons(chat) if label.startswith("Non"))
    say(fake, chat, "/effacer")
    bot.stop()
    bot.start()
    say(fake, chat, "oui")
    said = texts(fake, chat)[-1]
    assert "touchez le bouton" in said, said
    assert any("Oui, tout effacer" in label for label, _ in fake.last_buttons(chat))
    assert answers(bot, chat) == before, "« oui » was taken as an answer"
    say(fake, chat, "annule")
    assert "rien n'est effacé" in texts(fake, chat)[-1]
    assert answers(bot, chat) == before, "« annule » went back one answer"
    count = len(fake.sent(chat))  # the question's own buttons are still there and still work
    update_id = push(fake, lambda: fake.button_update(chat, no))
    wait_for(lambda: turn_done(fake, chat, update_id, count))
    assert answers(bot, chat) != before
