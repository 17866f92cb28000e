"""Issue 22, thirteenth pass, end to end over real HTTP (the bot's real entry point against the
Bot API stand-in): a restart in words asks first with two buttons while /recommencer acts at
once; a restart put off to later keeps the answers."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap
from tests.test_reading_http import last_text


def test_a_restart_in_words_is_confirmed_with_buttons_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, _bot = env
    chat = 1301
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "Lens")
    tap(fake, chat, "quartier")
    tap(fake, chat, "(1)")
    say(fake, chat, "on reprend tout depuis le début")
    assert "effacées" in last_text(fake, chat)
    labels = [label for label, _data in fake.last_buttons(chat)]
    assert labels == ["Oui, tout recommencer", "Non, continuer"]
    tap(fake, chat, "continuer")  # carry on: back at the total, nothing lost
    assert "coût total" in last_text(fake, chat)
    say(fake, chat, "20000")
    say(fake, chat, "laissez tomber je vais recommencer plus tard")
    said = last_text(fake, chat)
    assert "gardées" in said and "/start" in said
    say(fake, chat, "recommencer")
    tap(fake, chat, "Oui, tout recommencer")
    assert "Qui êtes-vous" in last_text(fake, chat, 2)
    say(fake, chat, "/recommencer")  # no answer left: at once, and the command always is
    assert "On recommence" in last_text(fake, chat, 2)
