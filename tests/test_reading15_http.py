"""Issue 22, reading15, end to end over real HTTP (the bot's real entry point against the Bot API
stand-in): intents in words do what their command does — the data summary itself, the erasure's
own confirmation with its buttons (nothing erased before the tap), through the same code as
/mesdonnees and /effacer."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, to_the_total, wait_for
from tests.test_reading_http import last_text


def texts(fake: FakeTelegram, chat: int, count: int = 3) -> str:
    return "\n".join(str(p.get("text", "")) for p in fake.sent(chat)[-count:])


def test_data_asked_in_words_is_shown_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, _bot = env
    chat = 1501
    to_the_total(fake, chat)  # an association in Dunkerque
    say(fake, chat, "vous gardez quoi comme infos sur moi ?")
    wait_for(lambda: bool(fake.documents(chat)), what="the JSON of the data")
    said = texts(fake, chat)
    assert "Voici ce que nous gardons sur vous" in said and "Dunkerque" in said
    assert "tapez" not in said


def test_erasure_asked_in_words_is_confirmed_then_done_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, _bot = env
    chat = 1502
    to_the_total(fake, chat)
    say(fake, chat, "je veux que vous effaciez tout ce que je vous ai dit")
    assert "C'est définitif" in last_text(fake, chat)
    labels = [label for label, _data in fake.last_buttons(chat)]
    assert labels == ["🗑 Oui, tout effacer", "Annuler"]
    tap(fake, chat, "Annuler")  # nothing erased on words, nor on a cancel
    assert "rien n'est effacé" in last_text(fake, chat)
    say(fake, chat, "please delete everything you have about me")
    tap(fake, chat, "erase everything")  # the English message switched the language
    assert "everything is erased" in last_text(fake, chat)
    say(fake, chat, "/mesdonnees")
    wait_for(lambda: len(fake.documents(chat)) >= 1, what="the JSON of the data")
    assert "Nous ne gardons rien sur vous" in texts(fake, chat)  # a fresh chat: French again
