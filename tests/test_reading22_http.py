"""An erasure ordered in a sentence, over real HTTP against the Bot API stand-in (reading22):
« supprimez toutes les infos que je vous ai données » typed at the total was answered « Je n'ai
pas reconnu de montant »; it now asks to confirm with the bot's buttons, erases on « Oui, tout
effacer », and « Annuler » keeps everything."""

from __future__ import annotations

import pytest

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, to_the_total

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat)]


def rows(bot: Bot, chat: int) -> dict[str, int]:
    conn = sqlite3.connect(bot.db)
    try:
        return {
            table: conn.execute(
                f"select count(*) from {table} where chat_id = ?", [chat]
            ).fetchone()[0]
            for table in ("conversations", "messages")
        }
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("chat", "typed"),
    [
        (62_201, "supprimez toutes les infos que je vous ai données"),
        (62_202, "retirez tous mes renseignements de votre fichier"),
    ],
)
def test_an_erasure_order_in_words_asks_then_erases(
    env: tuple[FakeTelegram, Bot], chat: int, typed: str
) -> None:
    fake, bot = env
    to_the_total(fake, chat)
    say(fake, chat, typed)
    assert "Effacer toutes vos réponses" in texts(fake, chat)[-1], texts(fake, chat)[-1]
    assert all(rows(bot, chat).values())  # nothing erased before confirming
    tap(fake, chat, "Oui, tout effacer")
    assert "tout est effacé" in texts(fake, chat)[-1]
    assert rows(bot, chat) == {"conversations": 0, "messages": 0}


def test_an_erasure_order_cancelled_keeps_everything(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    chat = 62_203
    to_the_total(fake, chat)
    say(fake, chat, "delete every single thing that you have stored about me")
    assert "Erase all your answers" in texts(fake, chat)[-1], texts(fake, chat)[-1]
    tap(fake, chat, "Cancel")
    assert all(rows(bot, chat).values())
