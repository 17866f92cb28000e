"""Telegram misbehaving: 429 with retry_after, 502, timeouts and 403 on some sendMessage calls.
Every reply still reaches every user, in order; a user who blocked the bot is skipped alone."""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path
from typing import Any

import pytest

from storage.sqlite import sqlite3
from tests.test_bot_app import Harness, run_to_verdict

CHATS = list(range(300, 310))


def stored_replies(db: Path, chat: int) -> list[str]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "select text from messages where chat_id = ? and direction = 'out' and kind = 'text' "
        "order by id",
        [chat],
    ).fetchall()
    conn.close()
    return [text for (text,) in rows]


async def test_ten_percent_of_sends_fail_and_every_reply_still_arrives(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    rng = random.Random(6)

    def fault(method: str, params: dict[str, Any]) -> str | None:
        if method == "sendMessage" and rng.random() < 0.10:
            return rng.choice(["429", "502", "timeout"])
        return None

    h.fake.fault = fault
    await asyncio.gather(*(run_to_verdict(h, chat, place="Calais") for chat in CHATS))
    assert len(h.fake.failures) >= 10, "the faults were injected"
    for chat in CHATS:
        # the welcome before consent is never stored; everything after it is, and arrived
        assert h.replies(chat)[1:] == stored_replies(h.db, chat), chat
        assert any("Changer une réponse" in label for label, _ in h.fake.last_buttons(chat))
    conn = sqlite3.connect(h.db)
    assert conn.execute("select count(*) from messages where sent = 0").fetchone() == (0,)
    conn.close()
    await h.stop()


async def test_a_blocked_user_is_logged_and_skipped_others_unaffected(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    blocked = 301
    h.fake.fault = lambda m, p: (
        "403" if m == "sendMessage" and int(p["chat_id"]) == blocked else None
    )
    with caplog.at_level(logging.WARNING):
        await asyncio.gather(run_to_verdict(h, 300), h.text(blocked, "/start"))
    assert "blocked the bot" in caplog.text
    assert not h.replies(blocked)
    assert any("Changer une réponse" in label for label, _ in h.fake.last_buttons(300))
    assert h.replies(300)[1:] == stored_replies(h.db, 300)
    await h.stop()
