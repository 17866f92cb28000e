"""A handled, contained failure is logged by ids, its kind and where it was raised: never a
traceback, never the exception's message (it can quote what a person typed). And a button's
acknowledgement (answerCallbackQuery, cosmetic) that fails never fails the turn.

Both were found by the soak (`python -m benchmarks.soak`): a 429 or a proxy's page answering
answerCallbackQuery failed the whole update, which was tried again with a growing pause and
logged a traceback each time."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap
from tests.test_bot_app import Harness

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}
SECRET = "06 12 34 56 78 rue des Lilas"


async def test_a_contained_failure_logs_ids_kind_and_place_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    inbox = h.app.bot_data.inbox
    store = h.app.bot_data.conversations.store
    real = store.begin_turn
    # once each: chat 1's database is busy (tried again), chat 2 meets a bug (parked)
    failures: dict[int, Exception] = {1: sqlite3.OperationalError(SECRET), 2: ValueError(SECRET)}

    def flaky(update_id: int, chat_id: int, *args: Any) -> Any:
        if chat_id in failures:
            raise failures.pop(chat_id)
        return real(update_id, chat_id, *args)

    store.begin_turn = flaky
    try:
        with caplog.at_level(logging.DEBUG):
            await inbox.add([h.fake.text_update(1, "/start")])  # busy once, then handled
            await inbox.idle()
            await inbox.add([h.fake.text_update(2, "/start")])  # a bug: parked, apologised
            await inbox.idle()
    finally:
        await h.stop()
    assert "DSDT" in h.replies(1)[-1]
    assert "Je n'ai pas pu traiter votre dernier message" in h.replies(2)[-1]  # then go on
    place = "tests/test_contained_logs.py:"
    assert f"update 1 could not be handled (OperationalError at {place}" in caplog.text
    assert f"update 2 could not be handled (ValueError at {place}" in caplog.text
    assert "Traceback" not in caplog.text and "Lilas" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info], "a handled failure logged exc_info"


def test_a_button_acknowledgement_that_fails_does_not_fail_the_turn(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 2201
    say(fake, chat, "/start")
    faults = iter(["notjson", "429", "502", "timeout"] * 3)
    fake.retry_after = 5
    fake.fault = lambda m, p: next(faults, None) if m == "answerCallbackQuery" else None
    tap(fake, chat, "accepte", timeout=10)
    assert "Qui êtes-vous" in str(fake.sent(chat)[-1]["text"])
    tap(fake, chat, "association", timeout=10)
    conn = sqlite3.connect(f"file:{bot.db}?mode=ro", uri=True)
    try:
        retried = conn.execute("select count(*) from inbox where attempts > 0").fetchone()[0]
    finally:
        conn.close()
    assert retried == 0  # no update tried twice for a spinner
    assert [kind for _, kind in fake.failures] == ["notjson", "429"]
