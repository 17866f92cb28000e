"""Issue 22, reading21, end to end over real HTTP (the bot's real entry point against the Bot API
stand-in): at the recap, two answers corrected in one message change both and are said with their
old values; a total corrected in English there is changed (not its ✏️ button); a correction said
with a doubt changes nothing."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, stored_state, tap
from tests.test_reading_http import last_text


def _to_recap(fake: FakeTelegram, chat: int, english: bool = False) -> None:
    say(fake, chat, "Hello, we would like to apply" if english else "/start")
    tap(fake, chat, "agree" if english else "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "Lens")
    tap(fake, chat, "neighbourhood" if english else "quartier")
    tap(fake, chat, "(1)")
    for amount in ("10000", "2500", "2500"):
        say(fake, chat, amount)
    tap(fake, chat, "No" if english else "Non")


def test_two_amounts_corrected_at_the_recap_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    chat = 2101
    _to_recap(fake, chat)
    say(fake, chat, "la demande c'est 3000 et la commune met 2000")
    said = last_text(fake, chat, 2).replace("\u202f", " ").replace("\xa0", " ")
    assert "« Demande à la Région » : 3 000 € (au lieu de 2 500 €)" in said
    assert "« Co-financement local » : 2 000 € (au lieu de 2 500 €)" in said
    answers = stored_state(bot.db, chat)["answers"]
    assert (answers["total"], answers["request"], answers["cofunding"]) == (
        "10000.00",
        "3000.00",
        "2000.00",
    )


def test_a_total_in_english_and_a_doubt_at_the_recap_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 2102
    _to_recap(fake, chat, english=True)
    say(fake, chat, "I think the total might be 12,000 actually, let me check")
    assert "not changing anything" in last_text(fake, chat, 2)
    assert stored_state(bot.db, chat)["answers"]["total"] == "10000.00"
    say(fake, chat, "actually the total is 14,000")
    assert stored_state(bot.db, chat)["answers"]["total"] == "14000.00"
