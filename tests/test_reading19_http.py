"""Issue 22, reading19, end to end over real HTTP (the bot's entry point against the Bot API
stand-in): « my data » asked in other words sends the data summary, as /mesdonnees does."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, to_the_total, wait_for


def test_data_asked_in_other_words_is_shown_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, _bot = env
    chat = 1901
    to_the_total(fake, chat)  # an association in Dunkerque
    say(fake, chat, "vous savez quoi sur moi pour l'instant ?")
    wait_for(lambda: bool(fake.documents(chat)), what="the JSON of the data")
    said = "\n".join(str(p.get("text", "")) for p in fake.sent(chat)[-3:])
    assert "Voici ce que nous gardons sur vous" in said and "Dunkerque" in said
