"""End to end over real HTTP: the bot's real entry point against a Bot API stand-in on 127.0.0.1.

One full conversation to a verdict with the right contact; then a conversation interrupted by
SIGKILL mid-dialog, the bot restarted, and the conversation continuing at the same step.
"""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, to_the_verdict, wait_for


def test_full_conversation_then_crash_and_resume(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    chat = 501
    to_the_verdict(fake, chat)
    assert "DSDT" in fake.sent(chat)[0]["text"]  # the first message: the call's name
    wait_for(lambda: any("recontact" in label for label, _ in fake.last_buttons(chat)))
    verdict = "\n".join(str(p["text"]) for p in fake.sent(chat)[-5:])
    assert "Déborah FACON" in verdict and "Frédéric AUTIN" in verdict  # Littoral
    assert "Communauté urbaine de Dunkerque" in verdict and "clos" in verdict
    assert {m for m, _ in fake.calls} >= {
        "getMe",
        "setMyCommands",
        "deleteWebhook",
        "getUpdates",
        "sendMessage",
        "answerCallbackQuery",
    }

    other = 502
    say(fake, other, "/start")
    tap(fake, other, "accepte")
    tap(fake, other, "habitant")
    say(fake, other, "Béthune")
    assert "Pour qui est le projet" in fake.sent(other)[-1]["text"]
    bot.kill()
    bot.start()
    tap(fake, other, "Tous")  # the button sent before the crash still answers its question
    assert "Décrivez votre projet" in fake.sent(other)[-1]["text"]
    say(fake, other, "/retour")
    assert "Pour qui est le projet" in fake.sent(other)[-1]["text"]
    texts = [str(p["text"]) for p in fake.sent(other)]
    assert texts.count(texts[0]) == 1  # nothing was re-sent after the restart
