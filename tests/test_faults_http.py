"""Telegram misbehaving, over real HTTP: the real `python -m bot` polls the stand-in while 10 %
of sendMessage calls fail with 429 (retry after 1 s), 502 or a timeout (the request is held
unanswered past the bot's read timeout), and one user has blocked the bot (403).

Every other user still gets every reply, in order, each exactly once; after a 429 the bot waits
as long as Telegram asked before sending to that chat again; the blocked user is logged and
skipped without holding anyone up."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, push, stored_replies, wait_for
from tests.test_load_http import conversation

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "TELEGRAM_READ_TIMEOUT": "0.5"}
USERS = 40
BLOCKED = 99_999


def test_ten_percent_of_sends_fail_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    rng = random.Random(2026)
    lock = threading.Lock()

    def fault(method: str, params: dict[str, Any]) -> str | None:
        if method != "sendMessage":
            return None
        if int(params["chat_id"]) == BLOCKED:
            return "403"
        with lock:
            if rng.random() < 0.10:
                return rng.choice(["429", "502", "timeout"])
        return None

    fake.retry_after = 1
    fake.fault = fault
    chats = [30_000 + i for i in range(USERS)]
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        blocked = push(fake, lambda: fake.text_update(BLOCKED, "/start"))
        for future in [pool.submit(conversation, fake, chat) for chat in chats]:
            future.result()
    wait_for(lambda: fake.acked >= blocked, what="the blocked user's update")

    kinds = [kind for _, _, kind in fake.failed_at]
    assert {"429", "502", "timeout", "403"} <= set(kinds), kinds
    conn = sqlite3.connect(bot.db)
    for chat in chats:
        texts = [str(p["text"]) for p in fake.sent(chat)]
        stored = stored_replies(conn, chat)
        assert texts[1:] == stored, chat  # every reply, in order, none twice
        sends = [p["_at"] for p in fake.sent(chat)]
        for at, failed_chat, kind in fake.failed_at:
            if kind == "429" and failed_chat == chat:
                later = [s for s in sends if s > at]
                assert not later or later[0] - at >= 0.95, (chat, later[0] - at)
    assert conn.execute("select count(*) from messages where sent = 0").fetchone() == (0,)
    conn.close()
    assert not fake.sent(BLOCKED)
    wait_for(lambda: "blocked the bot" in bot.log.read_text(errors="replace"))
    print(
        f"\nfaults over HTTP: {USERS} users, "
        + ", ".join(f"{kinds.count(k)} × {k}" for k in ("429", "502", "timeout", "403"))
    )
