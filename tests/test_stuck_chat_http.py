"""One chat Telegram holds back must not slow anyone else, over real HTTP.

The stand-in hands out at most 100 updates per getUpdates, as Telegram does. 50 users run the
first five steps of a conversation three times against the same `python -m bot`: alone; while
one other chat's sends hang 15 s, past the bot's read timeout (and it keeps writing); while
that chat gets 429 with retry_after 30 s on every send. The 50 users' reply latency (update
handed out -> first reply) must stay within 2x of the run without the stuck chat. (With the
former late-acknowledging poller the offset stayed pinned on the stuck chat's update: p99 was
59 s against 0.2 s.)
"""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.fake_telegram import FakeTelegram
from tests.test_e2e_http import Bot, env, push, say, tap  # noqa: F401  (env: fixture)

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "TELEGRAM_READ_TIMEOUT": "2"}
USERS = 50
STUCK = 66_666


def conversation(fake: FakeTelegram, chat: int) -> None:
    """The first five steps of a conversation (250 updates for 50 users: well past the 100 a
    getUpdates returns, which is what pinned the old poller)."""
    say(fake, chat, "/start", timeout=60)
    tap(fake, chat, "accepte", timeout=60)
    tap(fake, chat, "association", timeout=60)
    say(fake, chat, "Dunkerque" if chat % 2 == 0 else "Béthune", timeout=60)
    tap(fake, chat, "jeunes", timeout=60)


def latencies(fake: FakeTelegram, chats: list[int]) -> list[float]:
    wanted = set(chats)
    result = []
    for update_id, served in list(fake.served_at.items()):
        chat = fake.chat_of.get(update_id)
        if chat not in wanted:
            continue
        replies = [p["_at"] for p in fake.sent(chat) if p["_at"] >= served]
        if replies:
            result.append(replies[0] - served)
    return sorted(result)


def run(fake: FakeTelegram, first_chat: int, stuck: bool) -> tuple[float, float, float]:
    """50 conversations (with the stuck chat writing every 0.2 s if asked): seconds, p50, p99."""
    chats = [first_chat + i for i in range(USERS)]
    done = threading.Event()

    def keep_writing() -> None:
        while not done.wait(0.2):
            push(fake, lambda: fake.text_update(STUCK, "allô ?"))

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=USERS + 1) as pool:
        writer = pool.submit(keep_writing) if stuck else None
        for future in [pool.submit(conversation, fake, chat) for chat in chats]:
            future.result()
        done.set()
        if writer is not None:
            writer.result()
    elapsed = time.monotonic() - start
    lat = latencies(fake, chats)
    assert len(lat) >= USERS * 5
    return elapsed, statistics.median(lat), lat[int(0.99 * (len(lat) - 1))]


def test_a_stuck_chat_holds_only_itself(env: tuple[FakeTelegram, Bot]) -> None:  # noqa: F811
    fake, _bot = env
    mode = {"fault": ""}

    def fault(method: str, params: dict[str, Any]) -> str | None:
        if method == "sendMessage" and int(params["chat_id"]) == STUCK and mode["fault"]:
            return mode["fault"]
        return None

    fake.fault = fault
    fake.retry_after = 30
    fake.timeout_delay = 15

    base = run(fake, 40_000, stuck=False)
    mode["fault"] = "timeout"
    hanging = run(fake, 42_000, stuck=True)
    mode["fault"] = "429"
    limited = run(fake, 41_000, stuck=True)

    stuck_429 = sum(1 for _, chat, kind in fake.failed_at if chat == STUCK and kind == "429")
    stuck_hang = sum(1 for _, chat, kind in fake.failed_at if chat == STUCK and kind == "timeout")
    print(
        f"\nstuck chat, {USERS} other users (seconds, p50, p99 of update -> first reply):"
        f"\n  alone            {base[0]:.1f} s, p50 {base[1] * 1000:.0f} ms, p99 {base[2] * 1000:.0f} ms"
        f"\n  429 retry 30 s   {limited[0]:.1f} s, p50 {limited[1] * 1000:.0f} ms, "
        f"p99 {limited[2] * 1000:.0f} ms ({stuck_429} × 429 to the stuck chat)"
        f"\n  sends hang 15 s  {hanging[0]:.1f} s, p50 {hanging[1] * 1000:.0f} ms, "
        f"p99 {hanging[2] * 1000:.0f} ms ({stuck_hang} held sends)"
    )
    assert stuck_429 >= 1 and stuck_hang >= 1  # the chat really was stuck
    # Within 2x of the run without the stuck chat (50 ms of slack for the scheduler: the
    # driver's 50 threads share 2 cores with the bot).
    for name, figures in (("429", limited), ("hang", hanging)):
        assert figures[2] <= 2 * base[2] + 0.05, (name, figures, base)
