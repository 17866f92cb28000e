"""CPU per update of the whole bot process over HTTP, beside a bare PTB echo bot.

Both run as real processes polling the same Bot API stand-in on 127.0.0.1 (at most 100 updates
per getUpdates, as Telegram). 40 chats each send the 11 updates of a conversation to the
verdict (texts and button taps), waiting for the answer before the next, as people do. The
process's own CPU time (user + system, from /proc) is read before and after the load. Ours runs
the real conversation (dialog, SQLite inbox and transcript, replies); the echo answers each
update with one message. A second echo also acknowledges each button tap
(`answerCallbackQuery`), as Telegram asks every bot to: the bare bot that keeps the rules, and
the request our taps cost too (in polling mode; in webhook mode ours acknowledges in the
webhook's answer). Flood limits (PTB's AIORateLimiter) on and off.

Also reported: getUpdates calls and deliveries per update (a delivery counts each time an update
is handed out: more than 1.0 would mean re-fetching).

Run: `.venv/bin/python -m benchmarks.http_cpu [ROWS [off|on|both [TAG]]]` (ROWS: the bot's
database holds the scale curve's ROWS rows first, see benchmarks/scale.py). Webhook mode:
`.venv/bin/python -m benchmarks.http_cpu 0 webhook` (or `webhook-on`): ours served updates on
its webhook (each POSTed as Telegram does, its 200 the confirmation) beside ours polling and
the echoes, same run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.fake_telegram import TOKEN, FakeTelegram, StandIn
from tests.http_bot import ROOT, Bot, push, wait_for
from tests.test_load_http import conversation

CHATS = 40
SECRET = "benchmark-webhook-secret"
STEPS = 11  # updates in `conversation`

ECHO = """
import sys
from telegram import Update
from telegram.ext import (AIORateLimiter, ApplicationBuilder, CallbackQueryHandler,
                          MessageHandler, filters)

base, limited, ack = sys.argv[1], sys.argv[2] == "on", sys.argv[4] == "ack"
builder = ApplicationBuilder().token(sys.argv[3]).base_url(f"{base}/bot")
if limited:
    builder = builder.rate_limiter(AIORateLimiter())
app = builder.build()

async def echo(update, context):
    if ack and update.callback_query is not None:
        await update.callback_query.answer()
    await context.bot.send_message(update.effective_chat.id, "echo")

app.add_handler(MessageHandler(filters.ALL, echo))
app.add_handler(CallbackQueryHandler(echo))
app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0)
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def echo_conversation(fake: FakeTelegram, chat: int) -> None:
    """The same number and kinds of updates as `conversation`, each waiting for its answer."""
    kinds = ["text", "tap", "tap", "text", "tap", "tap", "text", "text", "text", "tap", "tap"]
    for kind in kinds:
        count = len(fake.sent(chat))
        if kind == "text":
            push(fake, lambda: fake.text_update(chat, "bonjour"))
        else:
            push(fake, lambda: fake.button_update(chat, "x"))
        wait_for(lambda count=count: len(fake.sent(chat)) > count, timeout=90)


def load(fake: FakeTelegram, first: int, talk: Callable[[FakeTelegram, int], None]) -> None:
    with ThreadPoolExecutor(max_workers=CHATS) as pool:
        for future in [pool.submit(talk, fake, first + i) for i in range(CHATS)]:
            future.result()


class WebhookFake(FakeTelegram):
    """Telegram's side in webhook mode: an update is POSTed to the bot's webhook (as Telegram
    does, one at a time per chat) instead of waiting for a getUpdates; its 200 confirms it,
    as a getUpdates offset does in polling mode. A tap's 200 names `answerCallbackQuery`,
    which Telegram would run: its work, not the bot's."""

    url = ""

    def queue(self, update: dict[str, Any]) -> None:
        super().queue(update)  # kept for `sent`/`last_buttons`; nobody polls in this mode
        request = urllib.request.Request(
            self.url,
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            assert response.status == 200, response.status
        with self.lock:
            self.acked = max(self.acked, int(update["update_id"]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure_ours(
    limited: bool,
    database: Path | None = None,
    webhook: bool = False,
    extra: dict[str, str] | None = None,
) -> tuple[float, float, float]:
    """Ours, on an empty database or on a copy of `database` (the scale curve); polling the
    stand-in, or with `webhook` served updates on its webhook; `extra`: more of its settings."""
    fake = WebhookFake() if webhook else FakeTelegram()
    with tempfile.TemporaryDirectory() as tmp, StandIn(fake) as stand_in:
        if database is not None:
            shutil.copyfile(database, Path(tmp) / "bench.sqlite3")
        settings = {"TELEGRAM_RATE_LIMIT": "on" if limited else "off", **(extra or {})}
        if webhook:
            port = free_port()
            fake.url = f"http://127.0.0.1:{port}/telegram"  # type: ignore[attr-defined]
            settings |= {
                "WEBHOOK_URL": fake.url,  # type: ignore[attr-defined]
                "WEBHOOK_SECRET": SECRET,
                "LISTEN": "127.0.0.1",
                "PORT": str(port),
            }
        bot = Bot(stand_in, Path(tmp) / "bench.sqlite3", Path(tmp) / "bench.log", settings)
        fake.db_path = str(bot.db)  # type: ignore[attr-defined]
        bot.start(ready="setWebhook" if webhook else "getUpdates")
        if webhook:
            wait_for(lambda: serving(port), timeout=60.0, what="the webhook server")
        assert bot.process is not None
        before = cpu_seconds(bot.process.pid)
        calls, deliveries = fake.get_updates_calls, fake.deliveries
        load(fake, 50_000, conversation)
        used = cpu_seconds(bot.process.pid) - before
        calls, deliveries = fake.get_updates_calls - calls, fake.deliveries - deliveries
        bot.stop()
    updates = CHATS * STEPS
    return used / updates * 1000, calls / updates, deliveries / updates


def serving(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def measure_echo(limited: bool, ack: bool = False) -> tuple[float, float, float]:
    fake = FakeTelegram()
    with tempfile.TemporaryDirectory() as tmp, StandIn(fake) as stand_in:
        script = Path(tmp) / "echo.py"
        script.write_text(ECHO)
        process = subprocess.Popen(
            [
                sys.executable,
                str(script),
                stand_in.url,
                "on" if limited else "off",
                TOKEN,
                "ack" if ack else "-",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: fake.get_updates_calls > 0, what="the echo bot")
            before = cpu_seconds(process.pid)
            calls, deliveries = fake.get_updates_calls, fake.deliveries
            load(fake, 60_000, echo_conversation)
            used = cpu_seconds(process.pid) - before
            calls, deliveries = fake.get_updates_calls - calls, fake.deliveries - deliveries
        finally:
            process.terminate()
            process.wait(timeout=20)
    updates = CHATS * STEPS
    return used / updates * 1000, calls / updates, deliveries / updates


def main(
    rows_in_db: int = 0, modes: tuple[bool, ...] = (False, True), tag: str = "bench"
) -> list[tuple[str, str]]:
    """Both modes on an empty database; with `rows_in_db`, on the scale curve's database of
    that many rows (benchmarks.scale, databases named `tag`)."""
    database = None
    if rows_in_db:
        from benchmarks.scale import database as scale_database

        database = scale_database(rows_in_db, tag)
    rows = []
    lock = threading.Lock()  # one measurement at a time: they share the 2 cores
    for limited in modes:
        with lock:
            ours = measure_ours(limited, database)
            echo = measure_echo(limited)
            acked = measure_echo(limited, ack=True)
        label = "flood limits on" if limited else "flood limits off"
        rows.append(
            (
                f"CPU/update, {label}",
                f"ours {ours[0]:.2f} ms, echo {echo[0]:.2f} ms: {ours[0] / echo[0]:.2f}x; "
                f"echo acknowledging taps {acked[0]:.2f} ms: {ours[0] / acked[0]:.2f}x "
                f"(load {os.getloadavg()[0]:.1f})",
            )
        )
        rows.append(
            (
                f"getUpdates per update, {label}",
                f"ours {ours[1]:.2f} calls, {ours[2]:.2f} deliveries; "
                f"echo {echo[1]:.2f} calls, {echo[2]:.2f} deliveries",
            )
        )
    return rows


def webhook_main(limited: bool = False) -> list[tuple[str, str]]:
    """Ours in webhook mode beside ours polling and both echoes, same run, one after the
    other (the echoes poll: PTB's own webhook server needs tornado, which is not installed)."""
    polled = measure_ours(limited)
    hooked = measure_ours(limited, webhook=True)
    echo = measure_echo(limited)
    acked = measure_echo(limited, ack=True)
    label = "flood limits on" if limited else "flood limits off"
    return [
        (
            f"CPU/update, webhook, {label}",
            f"ours webhook {hooked[0]:.2f} ms, ours polling {polled[0]:.2f} ms: "
            f"{hooked[0] / polled[0]:.2f}x; echo {echo[0]:.2f} ms: {hooked[0] / echo[0]:.2f}x "
            f"(polling {polled[0] / echo[0]:.2f}x); echo acknowledging taps {acked[0]:.2f} ms: "
            f"{hooked[0] / acked[0]:.2f}x (polling {polled[0] / acked[0]:.2f}x) "
            f"(load {os.getloadavg()[0]:.1f})",
        )
    ]


if __name__ == "__main__":
    # `python -m benchmarks.http_cpu [ROWS [off|on|both [TAG]]]`: on a database of ROWS rows
    # (the scale curve's, named TAG), one mode or both.
    if len(sys.argv) > 2 and sys.argv[2].startswith("webhook"):  # webhook, webhook-on
        for label, value in webhook_main(sys.argv[2] == "webhook-on"):
            print(f"{label:36} {value}")
        sys.exit(0)
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    chosen = {"off": (False,), "on": (True,)}.get(sys.argv[2] if len(sys.argv) > 2 else "")
    tag = sys.argv[3] if len(sys.argv) > 3 else "bench"
    for label, value in main(size, chosen or (False, True), tag):
        print(f"{label:36} {value}")
