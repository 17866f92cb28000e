"""Other chats' reply time while staff work runs on a big database: quiet, during an erasure
(with the index scrub that follows it), during /stats, during /export (its CSV written by a
process of its own, `storage.export_process`), and during the eighth round's /export (written
by a worker thread of the bot's process) for the comparison in the same run; and "quiet, as
long": no action for LONG_QUIET seconds with people arriving, the long actions' baseline.

A real PTB Application (recording request, no network) on the scale curve's database of N rows
(benchmarks/scale.py); CHATS chats each go through a whole conversation to the verdict, a short
pause between a person's messages. After a moment the staff action starts, the way the bot runs
it; while it lasts, a new person arrives whenever one finishes (seventh round: the stepwise
scrub lasted 5-12 s at 1,000,000 rows, the first conversations about 1 s). Figure: each
update's handling time (process_update), p50 and p99, per situation.
Target (issue 28): p99 during each action within 1.5x of the quiet run.

Run: `.venv/bin/python -m benchmarks.busy [N]` (default 100,000; the issue asks 1,000,000).
`--tag NAME`: the scale curve's database of that name. `--rounds R`: the situations R times,
interleaved, each round erasing another person. `--only quiet,export,long,idle`: which
situations, in that order (all: quiet, export, long, idle, erasure, stats, thread).
`--people K`: how many may arrive during an action (MORE; a 1,000,000-row export lasts
40-135 s, about 20 people a second). A p99 of 280 updates is their third slowest, and on an
idle machine one stall of 100 ms anywhere decides it: the rounds give each situation's p99 as
a range, and the p99 of all its updates pooled, against the quiet runs' pooled p99 and
(eleventh round) against the pooled "quiet, as long", which lasts as long as the round's
export before it. The pre-built updates are frozen out of the collector (`gc.freeze()`), and
each line gives the load average before and after.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

CHATS = 20
PAUSE = 0.05  # seconds between a person's messages
MORE = 400  # people who may arrive while an action lasts (each a whole conversation, ~1 s)
Action = Callable[[Any], Awaitable[None]]
SERVED = [0]  # people who went through a conversation in the last situation


PERSON = 4242  # the first round's erased person; round r erases PERSON + r * 7919


async def erasure(h: Any, person: int = PERSON) -> None:
    service = h.app.bot_data.service
    await service.db(service.store.erase_person, person, person)
    staff = h.app.bot_data.staff
    if hasattr(staff, "start_scrub"):  # the stepwise scrub, as after a real erasure
        staff.start_scrub()
        if staff._scrubbing is not None:
            await staff._scrubbing


async def stats(h: Any) -> None:
    from storage.staff import Desk

    service = h.app.bot_data.service
    desk = Desk(service.store)
    if hasattr(desk, "stats_apart"):  # what /stats does in each checkout
        await asyncio.to_thread(desk.stats_apart, h.app.bot_data.now())
    else:
        await service.db(desk.stats, h.app.bot_data.now())


async def export(h: Any) -> None:
    from dialogs.fields import export_columns
    from storage.staff import Desk

    desk = Desk(h.app.bot_data.service.store, export_columns())  # /export's real columns
    if hasattr(desk, "export_apart"):  # what /export does in each checkout
        await asyncio.to_thread(desk.export_apart)
    else:
        await h.app.bot_data.service.db(desk.export_document)


async def export_idle(h: Any) -> None:
    """/export with its process in SCHED_IDLE instead of niceness 10 (eleventh round)."""
    from storage import export_process

    export_process.SCHEDULING = "idle"
    try:
        await export(h)
    finally:
        export_process.SCHEDULING = "nice"


async def export_in_thread(h: Any) -> None:
    """The eighth round's /export, for the comparison in the same run: the CSV made by a
    worker thread of the bot's process on a reader connection of its own (what
    `Desk.export_apart` did before `storage.export_process`)."""
    from dialogs.fields import export_columns
    from storage.export import export_chunks, stream
    from storage.staff import Desk

    desk = Desk(h.app.bot_data.service.store, export_columns())

    def made_here() -> tuple[int, bytes]:
        conn = desk.store.reader()
        conn.execute("begin")
        count = int(conn.execute("select count(*) from leads").fetchone()[0])
        pieces = export_chunks(conn, desk.columns, zone=desk.zone)
        count, encoded = stream(conn, count, pieces)
        return count, b"".join(encoded)

    await asyncio.to_thread(made_here)


LONG_QUIET = [45.0]  # seconds: as long as the round's export took (set by main)


async def long_quiet(h: Any) -> None:
    """Nothing for as long as an export lasts, people arriving all along: the export's
    baseline. A p99 over 50 s of arrivals meets more of a shared machine's stalls than one
    over the short quiet run (280 updates in about 2 s), whatever the export does."""
    await asyncio.sleep(LONG_QUIET[0])


async def situation(
    path: Any, first_chat: int, action: Action | None
) -> tuple[list[float], float]:
    from benchmarks import dialog
    from tests.test_bot_app import Harness

    script, _ = await dialog.record_script()
    h = Harness(path)
    await h.start()
    # During an action, new people keep arriving until it ends (the first CHATS, then one
    # more whenever a person finishes): an action outlasting the first conversations (a
    # stepwise scrub: seconds) is met by chats for all its length, not only its first second.
    more = MORE if action is not None else 0
    chats = range(first_chat, first_chat + CHATS + more)
    per_chat = dialog.replay(script, chats, h.app.bot, first_id=first_chat * 100)
    # The pre-built updates out of the collector's walks (perf10: two full collections of
    # 155-158 ms made a long stretch's p99), as the bot freezes what it loads at start-up.
    gc.collect()
    gc.freeze()
    waiting = iter(per_chat[CHATS:])
    acting = asyncio.Event()
    latencies: list[float] = []

    async def person(updates: list[Any] | None) -> None:
        while updates is not None:
            for update in updates:
                start = time.perf_counter()
                await h.app.process_update(update)
                latencies.append(time.perf_counter() - start)
                await asyncio.sleep(PAUSE)
            updates = next(waiting, None) if acting.is_set() else None

    talking = asyncio.gather(*(person(u) for u in per_chat[:CHATS]))
    took = 0.0
    if action is not None:
        await asyncio.sleep(0.5)
        acting.set()
        start = time.perf_counter()
        await action(h)
        took = time.perf_counter() - start
        acting.clear()
    await talking
    await h.stop()
    gc.unfreeze()
    SERVED[0] = len(per_chat) - sum(1 for _ in waiting)  # people left unserved: none wanted
    return latencies, took


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


SITUATIONS = ("quiet", "export", "long", "idle", "erasure", "stats", "thread")


def main(
    rows: int = 100_000, tag: str = "bench", rounds: int = 1, only: tuple[str, ...] = SITUATIONS
) -> list[tuple[str, str]]:
    """Each round runs the situations in `only` (keys of SITUATIONS) in that order; "long"
    (no action, people arriving) lasts as long as the round's export before it, so that
    the export's p99 is set against a quiet stretch of the same length (the tenth round:
    a 2-s quiet run met fewer of the machine's stalls than a 45-s one)."""
    from benchmarks.scale import database

    path = database(rows, tag)
    result = []
    pooled: dict[str, list[float]] = {}
    tails: dict[str, list[float]] = {}
    for round_ in range(rounds):
        table: dict[str, tuple[str, Action | None]] = {
            "quiet": ("quiet", None),
            "export": ("export", export),
            "long": ("quiet, as long", long_quiet),
            "idle": ("export, SCHED_IDLE", export_idle),
            "erasure": ("erasure", partial(erasure, person=PERSON + round_ * 7919)),
            "stats": ("statistics", stats),
            "thread": ("export in a thread", export_in_thread),
        }
        quiet = 0.0
        for index, key in enumerate(only):
            label, action = table[key]
            load = os.getloadavg()[0]
            first_chat = 9_000_000 + (round_ * len(only) + index) * 10_000
            latencies, took = asyncio.run(situation(path, first_chat, action))
            if key == "export":
                LONG_QUIET[0] = took
            if key == "long":
                took = LONG_QUIET[0]
            tail = p99(latencies)
            quiet = quiet or tail
            pooled.setdefault(label, []).extend(latencies)
            tails.setdefault(label, []).append(tail)
            result.append(
                (
                    f"{label} ({rows:,} rows{f', round {round_ + 1}' if rounds > 1 else ''})",
                    f"p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {tail * 1000:.0f} "
                    f"ms ({tail / quiet:.2f}x the round's first); {len(latencies)} updates, "
                    f"{SERVED[0]} people; action {took:.2f} s; load {load:.1f} -> "
                    f"{os.getloadavg()[0]:.1f}",
                )
            )
    for baseline in ("quiet", "quiet, as long"):
        if rounds > 1 and baseline in pooled:
            base = p99(pooled[baseline])
            for label, latencies in pooled.items():
                result.append(
                    (
                        f"{label}, {rounds} rounds",
                        f"p99 per round {min(tails[label]) * 1000:.0f}-"
                        f"{max(tails[label]) * 1000:.0f} ms; pooled ({len(latencies)} updates) "
                        f"p99 {p99(latencies) * 1000:.0f} ms = {p99(latencies) / base:.2f}x "
                        f"the pooled '{baseline}'",
                    )
                )
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    options = {"--tag": "bench", "--rounds": "1", "--only": ",".join(SITUATIONS), "--people": ""}
    for name in options:
        if name in args:
            options[name] = args[args.index(name) + 1]
            del args[args.index(name) : args.index(name) + 2]
    size = int(args[0]) if args else 100_000
    if options["--people"]:
        MORE = int(options["--people"])
    only = tuple(options["--only"].split(","))
    for label, value in main(size, options["--tag"], int(options["--rounds"]), only):
        print(f"{label:28} {value}")
