"""Issue 22, reading14, end to end over real HTTP (the bot's real entry point against the Bot
API stand-in): a letter typed at « Qui êtes-vous ? » is answered and nothing it names stored;
a full-width postcode is the commune's."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap
from tests.test_reading_http import last_text


def test_a_question_at_the_role_and_a_full_width_postcode_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, _bot = env
    chat = 1401
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    say(
        fake,
        chat,
        "Bonjour, nous sommes un centre social de Roubaix et nous préparons un projet au titre "
        "de la fiche 2. Pourriez-vous me communiquer les coordonnées de la personne ressource ? "
        "Cordialement",
    )
    said = last_text(fake, chat, 2)
    assert "ANTOINE" in said and "Qui êtes-vous" in said  # answered, then asked again
    tap(fake, chat, "association")  # the role's buttons are still there: nothing was taken
    say(fake, chat, "６２８００")
    assert "Liévin" in last_text(fake, chat, 2)
