"""Staff export of 100,000 generated leads to CSV: time and peak memory, three ways.

- in process: `Desk.export_document` on the store's connection (what `python -m bot.desk
  export` does, Desk.export_csv into bytes);
- by its own process (`Desk.export_apart`, what /export sends as a document: a child process
  writes the CSV, `storage.export_process`): wall time, and the CPU the bot's process spent
  (reading the pipe) beside the child's;
- streamed (`Desk.export_stream`, what the console's download reads): the bot's process's
  Python heap while it reads every piece and keeps none (tracemalloc).

Peak memory is measured with tracemalloc around the export only, in a second run (tracemalloc
slows what it watches). Targets (issue 28): < 1.5 s, constant memory when streamed.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from dialogs.fields import export_columns
from storage import Store
from storage.staff import Desk

LEADS = 100_000
COMMUNES = [
    ("Liévin", "62510", "CA de Lens - Liévin", "artois"),
    ("Calais", "62193", "CA Grand Calais Terres et Mers", "littoral"),
    ("Roubaix", "59512", "Métropole Européenne de Lille", "metropole"),
    ("Douai", "59178", "CA du Douaisis", "hainaut"),
]


def fill(store: Store, count: int, seed: int = 7) -> None:
    with store.transaction():
        store.db["leads"].insert_all(generated(count, seed), batch_size=5_000)


def generated(count: int, seed: int = 7, first: int = 1) -> Iterator[dict[str, object]]:
    """Leads numbered from `first`, one at a time (a million fit in no memory as a list)."""
    rng = random.Random(seed)
    for number in range(first, first + count):
        commune, insee, epci, territory = rng.choice(COMMUNES)
        total = rng.randrange(2_000, 400_000)
        yield (
            {
                "id": f"{number}-0",
                "number": number,
                "chat_id": number,
                "user_id": number,
                "created_at": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00+00:00",
                "updated_at": "2026-11-22T10:00:00+00:00",
                "status": "nouveau",
                "first_name": f"Porteur {number}",
                "role": "association",
                "commune": commune,
                "insee": insee,
                "epci": epci,
                "territory": territory,
                "fiche": rng.randrange(1, 5),
                "total": f"{total}.00",  # amounts are decimal text (migration 007)
                "request": f"{total // 2}.00",
                "cofunding": f"{total // 5}.00",
                "kind": "operating",
                "priority_area": None,
                "activity_funding": "no",
                "audience": "youth",
                "description": 'Un jardin partagé; des ateliers "cuisine"',
                "eligible": rng.randrange(2),
                "call_closed": 0,
                "checks": json.dumps({"floor": "pass", "ceiling": "pass"}),
                "contacts": "X, Y",
                "wants_contact": rng.randrange(2),
                "contact": "06 12 34 56 78",
                "note": None,
            }
        )


def main(count: int = LEADS) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "export.sqlite3")
        fill(store, count)
        desk = Desk(store, export_columns(), "Europe/Paris")  # times in the region's zone
        in_process, peak = _timed(desk.export_document)
        apart, _ = _timed(desk.export_apart)
        assert apart[1] == in_process[1], "the child writes the same bytes"
        cpu = time.process_time()
        children = os.times()
        start = time.perf_counter()
        streamed = sum(len(piece) for piece in desk.export_stream()[1])
        stream_wall = time.perf_counter() - start
        ours = time.process_time() - cpu
        child = sum(os.times()[2:4]) - sum(children[2:4])
        tracemalloc.start()
        for _piece in desk.export_stream()[1]:
            pass
        _, stream_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        store.close()
    written, payload = in_process[1]
    assert written == count and streamed == len(payload)
    return [
        ("leads exported", f"{written:,}"),
        ("in process (export_document)", f"{in_process[0]:.2f} s, peak {peak / 2**20:.0f} MiB"),
        ("own process (export_apart)", f"{apart[0]:.2f} s wall (target < 1.5 s)"),
        (
            "streamed (export_stream)",
            f"{stream_wall:.2f} s wall; CPU: ours {ours:.2f} s, the child's {child:.2f} s; "
            f"our peak {stream_peak / 2**20:.1f} MiB",
        ),
        ("CSV size", f"{len(payload) / 2**20:.0f} MiB"),
        ("load average", f"{os.getloadavg()[0]:.1f}"),
    ]


def _timed(export: Callable[[], tuple[int, bytes]]) -> tuple[tuple[float, tuple[int, bytes]], int]:
    """(wall seconds, the export's result) of a first run, and a second run's traced peak."""
    start = time.perf_counter()
    result = export()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (elapsed, result), peak


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
