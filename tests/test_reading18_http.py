"""Issue 22, reading18, end to end over real HTTP (the bot's real entry point against the Bot API
stand-in): one message correcting two earlier answers of different kinds — the commune and the
total — changes both, says both, and the conversation goes on at the question it was at."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, stored_state, tap
from tests.test_reading_http import last_text


def test_the_commune_and_the_total_corrected_in_one_message_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 1801
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "Harnes")
    tap(fake, chat, "quartier")
    tap(fake, chat, "(1)")
    say(fake, chat, "7000")
    say(fake, chat, "2000")
    say(
        fake,
        chat,
        "je reprends : pas à Harnes, à Courrières, et le coût total c'est 7500 pas 7000",
    )
    said = last_text(fake, chat, 2).replace("\u202f", " ").replace("\xa0", " ")
    assert "Je change la commune (c'était : Harnes" in said
    assert "J'ai corrigé « Coût total » : 7 500 € (au lieu de 7 000 €)" in said
    assert "Combien apportent les collectivités locales" in said  # where the person was
    answers = stored_state(bot.db, chat)["answers"]
    assert answers["place"]["name"] == "Courrières"
    assert answers["total"] == "7500.00"
    assert answers["request"] == "2000.00"
    assert "cofunding" not in answers
