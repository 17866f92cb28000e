"""`python -m storage backup` on a database of 100,000 leads, each with a short transcript
(as the bot stores it: messages in and out, with their search index): time and size of the
copy, and the time of the integrity check the test suite runs on copies.

Usage: python -m benchmarks.backup [LEADS] [MESSAGES_PER_LEAD]  (default 100000 and 10).
Generation is not timed; the backup is (one step of SQLite's online backup API, then
`PRAGMA quick_check` on the copy, as the command does).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.export import fill
from storage import Store
from storage.ops import backup
from storage.sqlite import sqlite3

LEADS = 100_000
MESSAGES = 10  # per lead: five questions and five answers, a short conversation


def add_transcripts(store: Store, leads: int, per_lead: int) -> None:
    texts = ("Dunkerque", "un jardin partagé au pied des immeubles", "12 000 €", "Oui")
    rows = (
        (
            chat,
            chat,
            "in" if i % 2 == 0 else "out",
            chat * 100 + i,
            i,
            "text",
            texts[i % len(texts)] if i % 2 == 0 else "Quel est le montant total du projet ?",
            "budget",
            "2026-11-22T10:00:00+00:00",
            1,
        )
        for chat in range(1, leads + 1)
        for i in range(per_lead)
    )
    with store.transaction():
        store.db.conn.executemany(
            "insert into messages (chat_id, user_id, direction, update_id, position, kind, "
            "text, step, created_at, sent) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def main(leads: int = LEADS, per_lead: int = MESSAGES) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "live.sqlite3", Path(tmp) / "copy.sqlite3"
        store = Store(source)
        fill(store, leads)
        add_transcripts(store, leads, per_lead)
        store.db.conn.execute("pragma wal_checkpoint(truncate)")
        load = os.getloadavg()[0]
        done = backup(source, target)  # the store stays open, as the running bot's would
        start = time.perf_counter()
        copy = sqlite3.connect(target)
        check = copy.execute("pragma integrity_check").fetchone()[0]
        copy.close()
        integrity = time.perf_counter() - start
        store.close()
        size = source.stat().st_size
    return [
        ("leads / messages", f"{leads:,} / {leads * per_lead:,}"),
        ("database size", f"{size / 2**20:.0f} MiB"),
        ("backup (copy + quick_check)", f"{done.seconds:.2f} s, {done.size / 2**20:.0f} MiB"),
        ("integrity_check of the copy", f"{integrity:.2f} s ({check})"),
        ("load average (1 min) at start", f"{load:.1f}"),
    ]


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    for label, value in main(*args):
        print(f"{label:32} {value}")
