"""A lead written again unchanged, as every turn after the verdict writes it: the time of
that write and what it leaves in the leads' search index, with the storage as it was before
migration 019 (every write re-indexed the lead), before 020 (the verdict worked out again on
every write) and now, on the same database of LEADS other leads, in the same run.

Each write is the bot's own (`Leads._upsert_lead`, in its own transaction as `record_turn`
runs it); rounds alternate the three schemas so a shared machine disturbs them alike. Figure:
microseconds of CPU per write (median of the rounds), rows changed per write (SQLite's count,
its triggers' rows included), and the index's stored blocks after WRITES writes (each
re-indexing adds a segment that the automatic merges and an erasure's scrub rewrite later).

Run: `.venv/bin/python -m benchmarks.lead_rewrite [WRITES [ROUNDS]]`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storage import Store

LEADS = 1_000
WRITES = 500
NOW = "2014-11-27T10:00:00+00:00"
LEAD: dict[str, Any] = {  # the lead a benchmark conversation stores at its verdict
    "conversation": 0,
    "activity_funding": "no",
    "as_of": "2014-11-27",
    "audience": "neighbourhood",
    "checks": {
        "activity_funding": "ok",
        "ceiling": "ok",
        "cofunding": "unknown",
        "floor": "ok",
        "full_file_deadline": "ok",
        "intercommunality": "unknown",
        "priority_area": "ok",
        "short_form_deadline": "ok",
    },
    "closed": False,
    "cofunding": "0.00",
    "commune": "Liévin",
    "contacts": ["Priscille DOLEZ"],
    "description": "un jardin partagé au pied des immeubles",
    "eligible": True,
    "epci": "CA de Lens - Liévin",
    "fiche": 4,
    "insee": "62510",
    "kind": "investment",
    "priority_area": "yes",
    "request": "20000.00",
    "role": "association",
    "territory": "artois",
    "total": "40000.00",
    "wants_contact": False,
}
SCHEMAS = (("before 019", "019"), ("before 020", "020"), ("now", ""))


@contextmanager
def store_as(path: Path, before: str) -> Iterator[Store]:
    """A store whose database stops before migration `before` ("" for every migration)."""
    import storage.migrations as migrations

    kept = migrations.MIGRATIONS
    if before:
        migrations.MIGRATIONS = [m for m in kept if m[0] < before]
    try:
        store = Store(path)
    finally:
        migrations.MIGRATIONS = kept
    try:
        yield store
    finally:
        store.close()


def fill(store: Store) -> None:
    with store.transaction():
        for chat in range(1, LEADS + 1):
            store._upsert_lead(chat, chat, "Ada", {**LEAD, "commune": f"Commune {chat}"}, NOW)


def rewrites(store: Store, writes: int) -> tuple[float, float, tuple[int, int]]:
    """CPU microseconds per write, rows changed per write, the index's blocks (rows, bytes)."""
    conn = store.db.conn
    changes, cpu = conn.total_changes, time.process_time()
    for _ in range(writes):
        with store.transaction():
            store._upsert_lead(1, 1, "Ada", {**LEAD, "commune": "Commune 1"}, NOW)
    cpu = (time.process_time() - cpu) / writes * 1e6
    rows = (conn.total_changes - changes) / writes
    blocks = conn.execute("select count(*), sum(length(block)) from leads_fts_data").fetchone()
    return cpu, rows, (int(blocks[0]), int(blocks[1]))


def main(writes: int = WRITES, rounds: int = 3) -> list[tuple[str, str]]:
    cpu: dict[str, list[float]] = {name: [] for name, _ in SCHEMAS}
    last: dict[str, tuple[float, tuple[int, int], tuple[int, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for name, before in SCHEMAS:
                path = Path(tmp) / f"{before or 'now'}-{round_}.sqlite3"
                with store_as(path, before) as store:
                    fill(store)
                    start = store.db.execute(
                        "select count(*), sum(length(block)) from leads_fts_data"
                    ).fetchone()
                    per_write, rows, blocks = rewrites(store, writes)
                cpu[name].append(per_write)
                last[name] = (rows, (int(start[0]), int(start[1])), blocks)
    out = [("leads, unchanged writes of one", f"{LEADS:,}, {writes:,} (rounds: {rounds})")]
    for name, _ in SCHEMAS:
        rows, start, blocks = last[name]
        out.append(
            (
                name,
                f"{statistics.median(cpu[name]):.0f} us CPU per write "
                f"({min(cpu[name]):.0f}-{max(cpu[name]):.0f}), {rows:.0f} rows changed, "
                f"index {start[0]:,} blocks / {start[1]:,} bytes -> {blocks[0]:,} / "
                f"{blocks[1]:,}",
            )
        )
    out.append(("load average", f"{os.getloadavg()[0]:.1f}"))
    return out


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    for label, value in main(*arguments):
        print(f"{label:32} {value}")
