"""Issue 22, reading17, end to end over real HTTP (the bot's real entry point against the Bot API
stand-in): a whole with its breakdown by giver at the co-funding keeps only the part a local
authority gives, said; an unclear giver is asked with a button per reading."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, to_the_total
from tests.test_reading_http import last_text


def test_only_the_local_part_is_cofunding_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, _bot = env
    chat = 1701
    to_the_total(fake, chat)  # an association in Dunkerque, fiche 2
    say(fake, chat, "30000")
    say(fake, chat, "5000")
    say(fake, chat, "12 000 dont 4 000 de la mairie et 8 000 de Jean")
    labels = [
        label.replace("\u202f", " ").replace("\xa0", " ") for label, _d in fake.last_buttons(chat)
    ]
    assert "4 000 €" in labels and "12 000 €" in labels  # nothing stored: asked
    tap(fake, chat, "4\u202f000")
    said = last_text(fake, chat, 2).replace("\u202f", " ").replace("\xa0", " ")
    assert "J'ai noté 4 000 € de co-financement local" in said
