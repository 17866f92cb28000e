"""Load over real HTTP: 200 simulated users run a full conversation at the same time against the
real `python -m bot` (polling a Bot API stand-in on 127.0.0.1). Every user gets every reply, in
order, none goes to the wrong chat, every transcript row is stored; p50/p99 are printed."""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, stored_replies, tap, wait_for

# The stand-in is not Telegram: its flood limits (1 message/s per chat, 30/s overall, which the
# bot honours in production) would make this a test of the limiter. They are switched off here.
# The stand-in answers every request: a send timing out here would only mean the machine is
# overloaded (the driver's 200 threads share it), and a timed-out send that did arrive is sent
# again (the price of never losing one). Timeouts are tested in test_faults_http.
BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "TELEGRAM_READ_TIMEOUT": "30"}

USERS = 200


def conversation(fake: FakeTelegram, chat: int) -> None:
    place = "Dunkerque" if chat % 2 == 0 else "Béthune"
    say(fake, chat, "/start", timeout=90)
    tap(fake, chat, "accepte", timeout=90)
    tap(fake, chat, "association", timeout=90)
    say(fake, chat, place, timeout=90)
    tap(fake, chat, "jeunes", timeout=90)
    tap(fake, chat, "(2)", timeout=90)
    say(fake, chat, "12 000 €", timeout=90)
    say(fake, chat, "4000", timeout=90)
    say(fake, chat, "3 600", timeout=90)
    tap(fake, chat, "Non", timeout=90)
    tap(fake, chat, "Voir le résultat", timeout=90)
    wait_for(lambda: any("recontact" in b for b, _ in fake.last_buttons(chat)), timeout=90)


def test_two_hundred_users_at_once(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    chats = [10_000 + i for i in range(USERS)]
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        for future in [pool.submit(conversation, fake, chat) for chat in chats]:
            future.result()
    elapsed = time.monotonic() - start

    conn = sqlite3.connect(bot.db)
    for chat in chats:
        texts = [str(p["text"]) for p in fake.sent(chat)]
        verdict = "\n".join(texts[-6:])
        if chat % 2 == 0:
            assert "urbaine de Dunkerque" in verdict and "Béthune" not in "\n".join(texts)
        else:
            assert "Béthune" in "\n".join(texts) and "Dunkerque" not in "\n".join(texts)
        stored = stored_replies(conn, chat)
        assert texts[1:] == stored, chat  # in order, nothing missing, nothing twice
        incoming = conn.execute(
            "select count(*) from messages where chat_id = ? and direction = 'in'", [chat]
        ).fetchone()[0]
        assert incoming == 10, chat  # every update after the consent one is in the transcript
    conn.close()

    latencies = []
    for update_id, served in fake.served_at.items():
        chat = fake.chat_of.get(update_id)
        if chat is None:
            continue
        replies = [p["_at"] for p in fake.sent(chat) if p["_at"] >= served]
        if replies:
            latencies.append((replies[0] - served) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(
        f"\nload: {USERS} users, {len(latencies)} updates in {elapsed:.1f} s; "
        f"update served -> first reply p50 {p50:.0f} ms, p99 {p99:.0f} ms"
    )
