"""Dialog throughput: full conversations (every step to the verdict, transcript and state
persisted in SQLite) pushed through a real PTB Application with process_update and a recording
request, beside a bare PTB echo bot on the same kind of updates, in the same run.

Target (issue: reliability and performance): ours >= 0.5x the bare echo in updates/s.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from tests.fake_telegram import TOKEN, FakeTelegram, RecordingRequest
from tests.test_bot_app import Harness, run_to_verdict

CONVERSATIONS = 60


async def ours(conversations: int) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        h = Harness(Path(tmp) / "bench.sqlite3")
        await h.start()
        pushed = 0
        original = h.push

        async def counting(update: dict[str, Any]) -> None:
            nonlocal pushed
            pushed += 1
            await original(update)

        h.push = counting  # type: ignore[method-assign]
        start = time.perf_counter()
        await asyncio.gather(*(run_to_verdict(h, 1000 + i) for i in range(conversations)))
        elapsed = time.perf_counter() - start
        await h.stop()
    return pushed, elapsed


async def echo(updates: int) -> tuple[int, float]:
    fake = FakeTelegram()
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(RecordingRequest(fake))
        .get_updates_request(RecordingRequest(fake))
        .concurrent_updates(True)
        .build()
    )

    async def reply(update: Update, context: Any) -> None:
        assert update.effective_chat is not None
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, "echo")

    app.add_handler(MessageHandler(filters.ALL, reply))
    app.add_handler(CallbackQueryHandler(reply))
    await app.initialize()
    batch = [
        Update.de_json(
            fake.button_update(2000 + i % 60, "1|x")
            if i % 3
            else fake.text_update(2000 + i % 60, "Liévin"),
            app.bot,
        )
        for i in range(updates)
    ]
    start = time.perf_counter()
    await asyncio.gather(*(app.process_update(u) for u in batch))
    elapsed = time.perf_counter() - start
    await app.shutdown()
    return updates, elapsed


def main(conversations: int = CONVERSATIONS) -> list[tuple[str, str]]:
    count, ours_time = asyncio.run(ours(conversations))
    echo_count, echo_time = asyncio.run(echo(count))
    ours_rate, echo_rate = count / ours_time, echo_count / echo_time
    return [
        ("conversations to the verdict", f"{conversations} ({count} updates)"),
        ("ours, updates/s", f"{ours_rate:,.0f}"),
        ("bare PTB echo, updates/s", f"{echo_rate:,.0f}"),
        ("ours / echo", f"{ours_rate / echo_rate:.2f}x (target >= 0.5x)"),
        ("ours / Telegram's 30 msg/s", f"{ours_rate / 30:,.0f}x"),
    ]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
