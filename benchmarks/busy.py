"""Other chats' reply time while staff work runs on a big database: quiet, during an erasure
(with the index scrub that follows it), during /stats, during /export.

A real PTB Application (recording request, no network) on the scale curve's database of N rows
(benchmarks/scale.py); CHATS chats each go through a whole conversation to the verdict, a short
pause between a person's messages. After a moment the staff action starts, the way the bot runs
it. Figure: each update's handling time (process_update), p50 and p99, per situation.
Target (issue 28): p99 during each action within 1.5x of the quiet run.

Run: `.venv/bin/python -m benchmarks.busy [N]` (default 100,000; the issue asks 1,000,000).
`--tag NAME`: the scale curve's database of that name.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

CHATS = 20
PAUSE = 0.05  # seconds between a person's messages
Action = Callable[[Any], Awaitable[None]]


async def erasure(h: Any) -> None:
    service = h.app.bot_data.service
    await service.db(service.store.erase_person, 4242, 4242)
    staff = h.app.bot_data.staff
    if hasattr(staff, "start_scrub"):  # the stepwise scrub, as after a real erasure
        staff.start_scrub()
        if staff._scrubbing is not None:
            await staff._scrubbing


async def stats(h: Any) -> None:
    from storage.staff import Desk

    service = h.app.bot_data.service
    await service.db(Desk(service.store).stats, h.app.bot_data.now())


async def export(h: Any) -> None:
    from dialogs.fields import export_columns
    from storage.staff import Desk

    desk = Desk(h.app.bot_data.service.store, export_columns())  # /export's real columns
    if hasattr(desk, "export_apart"):  # what /export does in each checkout
        await asyncio.to_thread(desk.export_apart)
    else:
        await h.app.bot_data.service.db(desk.export_document)


async def situation(
    path: Any, first_chat: int, action: Action | None
) -> tuple[list[float], float]:
    from benchmarks import dialog
    from tests.test_bot_app import Harness

    script, _ = await dialog.record_script()
    h = Harness(path)
    await h.start()
    chats = range(first_chat, first_chat + CHATS)
    per_chat = dialog.replay(script, chats, h.app.bot, first_id=first_chat * 100)
    latencies: list[float] = []

    async def person(updates: list[Any]) -> None:
        for update in updates:
            start = time.perf_counter()
            await h.app.process_update(update)
            latencies.append(time.perf_counter() - start)
            await asyncio.sleep(PAUSE)

    talking = asyncio.gather(*(person(u) for u in per_chat))
    took = 0.0
    if action is not None:
        await asyncio.sleep(0.5)
        start = time.perf_counter()
        await action(h)
        took = time.perf_counter() - start
    await talking
    await h.stop()
    return latencies, took


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main(rows: int = 100_000, tag: str = "bench") -> list[tuple[str, str]]:
    from benchmarks.scale import database

    path = database(rows, tag)
    result = []
    quiet = 0.0
    for index, (label, action) in enumerate(
        (("quiet", None), ("erasure", erasure), ("statistics", stats), ("export", export))
    ):
        load = os.getloadavg()[0]
        latencies, took = asyncio.run(situation(path, 9_000_000 + index * 1_000, action))
        tail = p99(latencies)
        quiet = quiet or tail
        result.append(
            (
                f"{label} ({rows:,} rows)",
                f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {tail * 1000:.0f} ms "
                f"({tail / quiet:.2f}x quiet); action {took:.2f} s; load {load:.1f}",
            )
        )
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    tag = "bench"
    if "--tag" in args:
        tag = args[args.index("--tag") + 1]
        del args[args.index("--tag") : args.index("--tag") + 2]
    for label, value in main(int(args[0]) if args else 100_000, tag):
        print(f"{label:28} {value}")
