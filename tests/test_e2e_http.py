"""End to end over real HTTP: the bot's real entry point against a Bot API stand-in on 127.0.0.1.

One full conversation to a verdict with the right contact; then a conversation interrupted by
SIGKILL mid-dialog, the bot restarted, and the conversation continuing at the same step.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fake_telegram import TOKEN, FakeTelegram, StandIn

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: object = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for the bot {what}")


class Bot:
    def __init__(self, stand_in: StandIn, db: Path, log: Path) -> None:
        self.stand_in = stand_in
        self.db = db
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.stand_in.url,
            "DATABASE_PATH": str(self.db),
        }
        env.pop("WEBHOOK_URL", None)
        fake = self.stand_in.fake
        polls_before = sum(1 for m, _ in fake.calls if m == "getUpdates")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(
            lambda: sum(1 for m, _ in fake.calls if m == "getUpdates") > polls_before,
            what=[m for m, _ in fake.calls],
        )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[FakeTelegram, Bot]]:
    fake = FakeTelegram()
    with StandIn(fake) as stand_in:
        bot = Bot(stand_in, tmp_path / "bot.sqlite3", tmp_path / "bot.log")
        bot.start()
        try:
            yield fake, bot
        finally:
            bot.stop()
    log = (tmp_path / "bot.log").read_text(errors="replace")
    assert TOKEN not in log, "the token leaked into the logs"
    assert "Traceback" not in log, log


def say(fake: FakeTelegram, chat: int, text: str) -> None:
    count = len(fake.sent(chat))
    fake.queue(fake.text_update(chat, text))
    wait_for(
        lambda: len(fake.sent(chat)) > count and _settled(fake, chat),
        what=(text, [m for m, _ in fake.calls][-8:], fake.sent(chat)[-1:]),
    )


def tap(fake: FakeTelegram, chat: int, label: str) -> None:
    buttons = fake.last_buttons(chat)
    data = next((d for text, d in buttons if label.lower() in text.lower()), None)
    assert data is not None, f"no button {label!r} in {buttons}"
    count = len(fake.sent(chat))
    fake.queue(fake.button_update(chat, data))
    wait_for(lambda: len(fake.sent(chat)) > count and _settled(fake, chat))


def _settled(fake: FakeTelegram, chat: int) -> bool:
    """The last message of a turn asks something (has buttons or ends a question)."""
    sent = fake.sent(chat)
    last = sent[-1]
    return bool(last.get("reply_markup")) or str(last["text"]).rstrip().endswith(("?", ")", "."))


def test_full_conversation_then_crash_and_resume(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    chat = 501
    say(fake, chat, "/start")
    assert "DSDT" in fake.sent(chat)[-1]["text"]
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "Dunkerque")
    tap(fake, chat, "jeunes")
    tap(fake, chat, "(2)")
    say(fake, chat, "12 000 €")
    say(fake, chat, "4000")
    say(fake, chat, "3 600")
    tap(fake, chat, "Non")
    tap(fake, chat, "Voir le résultat")
    wait_for(lambda: any("recontact" in label for label, _ in fake.last_buttons(chat)))
    verdict = "\n".join(str(p["text"]) for p in fake.sent(chat)[-5:])
    assert "Déborah FACON" in verdict and "Frédéric AUTIN" in verdict  # Littoral
    assert "CU de Dunkerque" in verdict and "clos" in verdict
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
