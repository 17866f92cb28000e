"""The real bot over real HTTP, for the end-to-end tests and the HTTP benchmarks: `python -m bot`
started, killed and stopped against the Bot API stand-in (tests/fake_telegram.py), updates
pushed in order, and `say` / `tap` waiting until the turn is over (confirmed to Telegram,
handled in the inbox, its replies stored and all sent). One place for what every HTTP test
needs, so a change to how the bot starts or what "done" means is made once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.sqlite import sqlite3
from tests.fake_telegram import TOKEN, FakeTelegram, StandIn

ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: object = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)  # polling the stand-in, never the bot
    raise AssertionError(f"timed out waiting for the bot {what}")


class Bot:
    def __init__(
        self, stand_in: StandIn, db: Path, log: Path, extra: dict[str, str] | None = None
    ) -> None:
        self.extra = extra or {}
        self.stand_in = stand_in
        self.db = db
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        """The settings `python -m bot` runs with: this stand-in, this database, the extras."""
        return {
            **{k: v for k, v in os.environ.items() if k != "WEBHOOK_URL"},
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.stand_in.url,
            "DATABASE_PATH": str(self.db),
            **self.extra,
        }

    def run_another(self, timeout: float) -> subprocess.CompletedProcess[str]:
        """One more `python -m bot` on the same settings, run to its exit (one that must refuse
        to start), its output captured."""
        return subprocess.run(
            [sys.executable, "-m", "bot"],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, ready: str = "getUpdates") -> None:
        """Start `python -m bot`; ready once it makes its first `ready` call to the stand-in."""
        env = self.environment()
        fake = self.stand_in.fake
        calls_before = sum(1 for m, _ in fake.calls if m == ready)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:  # a cold start on a loaded machine can take long; never leave the process behind
            wait_for(
                lambda: sum(1 for m, _ in fake.calls if m == ready) > calls_before,
                timeout=60.0,
                what=[m for m, _ in fake.calls],
            )
        except AssertionError:
            self.stop()
            raise

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
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[FakeTelegram, Bot]]:
    fake = FakeTelegram()
    extra = getattr(request.module, "BOT_ENV", {})  # a test module may add settings
    with StandIn(fake) as stand_in:
        bot = Bot(stand_in, tmp_path / "bot.sqlite3", tmp_path / "bot.log", extra)
        fake.db_path = str(bot.db)  # type: ignore[attr-defined]
        try:
            bot.start()
            yield fake, bot
        finally:
            bot.stop()
    log = (tmp_path / "bot.log").read_text(errors="replace")
    assert TOKEN not in log, "the token leaked into the logs"
    assert "Traceback" not in log, log


def turn_done(fake: FakeTelegram, chat: int, update_id: int, count: int) -> bool:
    """The bot's turn is over: the update is confirmed to Telegram, its inbox row is handled,
    and its replies are stored and all marked sent (before consent nothing is stored: a reply
    has arrived)."""
    sent = fake.sent(chat)
    if len(sent) <= count or fake.acked < update_id:
        return False
    conn = sqlite3.connect(f"file:{fake.db_path}?mode=ro", uri=True, timeout=5)
    try:
        (handled,) = conn.execute(
            "select count(*) from inbox where update_id = ? and status = 'done'", [update_id]
        ).fetchone()
        unsent, stored = conn.execute(
            "select coalesce(sum(sent = 0), 0), count(*) from messages "
            "where update_id = ? and direction = 'out'",
            [update_id],
        ).fetchone()
    except sqlite3.OperationalError:  # the database is not created yet
        handled, unsent, stored = 0, 0, 0
    finally:
        conn.close()
    if not handled:
        return False
    return unsent == 0 and len(sent) >= count + stored


def stored_replies(conn: sqlite3.Connection, chat: int) -> list[str]:
    """The bot's replies to a chat as stored, in order: what the chat should have received."""
    return [
        text
        for (text,) in conn.execute(
            "select text from messages where chat_id = ? and direction = 'out' order by id",
            [chat],
        )
    ]


PUSH = threading.Lock()  # update ids must reach the stand-in in order, as Telegram's would


def push(fake: FakeTelegram, make: Callable[[], dict[str, Any]]) -> int:
    with PUSH:
        update = make()
        fake.queue(update)
    return int(update["update_id"])


def say(fake: FakeTelegram, chat: int, text: str, timeout: float = 20.0) -> None:
    count = len(fake.sent(chat))
    update_id = push(fake, lambda: fake.text_update(chat, text))
    wait_for(lambda: turn_done(fake, chat, update_id, count), timeout, (chat, text))


def tap(fake: FakeTelegram, chat: int, label: str, timeout: float = 20.0) -> None:
    buttons = fake.last_buttons(chat)
    data = next((d for text, d in buttons if label.lower() in text.lower()), None)
    assert data is not None, f"{chat}: no button {label!r} in {buttons}"
    count = len(fake.sent(chat))
    update_id = push(fake, lambda: fake.button_update(chat, data))
    wait_for(lambda: turn_done(fake, chat, update_id, count), timeout, (chat, label))


def to_the_total(fake: FakeTelegram, chat: int) -> None:
    """An association in Dunkerque, for young people, fiche 2: the total cost asked."""
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "Dunkerque")
    tap(fake, chat, "jeunes")
    tap(fake, chat, "(2)")


def to_the_activity(fake: FakeTelegram, chat: int) -> None:
    """`to_the_total`, then amounts that pass: the double-funding question (yes / no) asked."""
    to_the_total(fake, chat)
    say(fake, chat, "12 000 €")
    say(fake, chat, "4000")
    say(fake, chat, "3 600")


def to_the_verdict(fake: FakeTelegram, chat: int) -> None:
    """One whole conversation, typed and tapped: an association in Dunkerque, fiche 2, amounts
    that pass, to the verdict (11 updates)."""
    to_the_activity(fake, chat)
    tap(fake, chat, "Non")
    tap(fake, chat, "Voir le résultat")


def stored_state(db: Path, chat: int) -> dict[str, Any]:
    """The chat's conversation state as stored (empty when there is none)."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("select state from conversations where chat_id = ?", [chat]).fetchone()
    finally:
        conn.close()
    return dict(json.loads(row[0])) if row else {}


def erase_from_desk(db: Path, person: int) -> float:
    """Staff erase lead `person` from the command line while the bot runs (`python -m bot.desk
    erase N --yes`, a process of its own, as staff do); the monotonic time it returned, from
    which the person's notice is timed (tests/test_outside5_http.py, benchmarks/erasure_notice.py)."""
    subprocess.run(
        [sys.executable, "-m", "bot.desk", "erase", str(person), "--yes"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_PATH": str(db)},
        check=True,
        capture_output=True,
    )
    return time.monotonic()
