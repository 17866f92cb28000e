"""SIGKILL during load, over real HTTP: 200 users run a full conversation while the real
`python -m bot` is killed at random moments (at least 5 times) and restarted each time.

No answer is lost, every conversation completes, and a reply goes out twice only across a kill:
the bot died between sending it and recording the send (or, before consent, between sending and
marking its update handled), and the inbox replayed that update at the restart. Every update is
confirmed to Telegram as soon as it is stored, so what is replayed comes from the inbox, never
from Telegram.
"""

from __future__ import annotations

import bisect
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, stored_replies
from tests.test_load_http import conversation

# The stand-in answers every request: a send timing out here would only mean the machine is
# overloaded (the driver's 200 threads share it), and a timed-out send that did arrive is sent
# again (the price of never losing one). Timeouts are tested in test_faults_http.
BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "TELEGRAM_READ_TIMEOUT": "30"}
USERS = 200
KILLS = 6
IN_FLIGHT = 1.0  # seconds a send written before a kill may wait for the stand-in's thread


def test_sigkill_at_random_moments_during_load(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    seed = int(os.environ.get("CRASH_SEED") or time.time_ns() % 1_000_000)
    rng = random.Random(seed)
    chats = [20_000 + i for i in range(USERS)]
    finished = threading.Event()
    kills: list[float] = []

    def killer() -> None:
        while len(kills) < KILLS and not finished.wait(rng.uniform(0.3, 3.0)):
            bot.kill()
            kills.append(time.monotonic())
            bot.start()

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=USERS + 1) as pool:
        killing = pool.submit(killer)
        for future in [pool.submit(conversation, fake, chat) for chat in chats]:
            future.result()
        finished.set()
        killing.result()
    elapsed = time.monotonic() - start
    assert len(kills) >= 5, f"only {len(kills)} kills during the run (seed {seed})"

    conn = sqlite3.connect(bot.db)
    repeated = welcome = 0
    for chat in chats:
        first_at: dict[str, float] = {}  # reply text -> when its first copy arrived
        kept: list[str] = []
        for params in fake.sent(chat):
            text = str(params["text"])
            if text in first_at:
                # a kill between the first copy and this one: only a restart repeats. The
                # stand-in stamps a send when its thread gets to it, which on a loaded machine
                # can be after the kill of the process that had already written it: a kill up
                # to IN_FLIGHT seconds before the first stamp may still be the one in between.
                crossed = bisect.bisect_left(kills, params["_at"]) - bisect.bisect_right(
                    kills, first_at[text] - IN_FLIGHT
                )
                assert crossed > 0, (
                    f"seed {seed}: chat {chat} got a reply twice with no crash in between: "
                    f"{text[:80]!r}"
                )
                repeated += 1
                welcome += text == kept[0]  # before consent nothing is stored: asked again
                continue
            first_at[text] = params["_at"]
            kept.append(text)
        stored = stored_replies(conn, chat)
        assert kept[1:] == stored, f"seed {seed}: chat {chat}"  # nothing lost, in order
        unsent, incoming = conn.execute(
            "select sum(direction = 'out' and sent = 0), sum(direction = 'in') "
            "from messages where chat_id = ?",
            [chat],
        ).fetchone()
        assert (unsent, incoming) == (0, 10), f"seed {seed}: chat {chat}"
        place = "urbaine de Dunkerque" if chat % 2 == 0 else "Béthune"
        assert place in "\n".join(kept[-6:]), f"seed {seed}: chat {chat}"
    conn.close()
    print(
        f"\ncrash: {USERS} users, {len(kills)} SIGKILLs (seed {seed}) in {elapsed:.1f} s; "
        f"{repeated} replies repeated ({welcome} of them the welcome), each across a kill"
    )
