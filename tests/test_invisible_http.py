"""A message of only invisible characters, over real HTTP against the Bot API stand-in: Telegram
sends it (a zero-width space, a right-to-left mark, a variation selector, a Hangul filler), the
intake drops the format characters, and the bot answered « I only read text and buttons (not
photos, stickers…) » or « I did not understand »: it now says the message is empty and asks
the question again, and nothing is stored as an answer."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, stored_state, to_the_total

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}
INVISIBLE = [
    "\u200b",  # zero-width space (dropped at intake: an empty text reaches the bot)
    "\u200f\u200e\u202b",  # right-to-left and left-to-right marks, an embedding
    "\ufe0f\ufe0e",  # variation selectors (marks, kept at intake)
    "\u200d",  # a zero-width joiner alone (kept at intake for emoji sequences)
    "\u3164 \u2800",  # a Hangul filler and a braille blank, "blank" letters
    "\u200b\u00a0\u2060",  # a no-break space and a word joiner
]


def test_an_invisible_message_is_said_empty_and_the_question_asked_again(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 63_001
    to_the_total(fake, chat)  # the total cost asked: any amount-looking text would be read
    before = stored_state(bot.db, chat)
    for text in INVISIBLE:
        say(fake, chat, text)
        said = str(fake.sent(chat)[-1]["text"])
        assert "vide" in said and "coût total" in said, (text, said)
        assert "ne lis que le texte" not in said and "pas compris" not in said
        now = stored_state(bot.db, chat)
        assert now["answers"] == before["answers"] and now["step"] == before["step"], text
    say(fake, chat, "12 000 €")  # and the conversation goes on
    assert stored_state(bot.db, chat)["answers"] != before["answers"]
