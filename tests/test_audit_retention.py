"""The audit is kept for the retention period, no longer: who did what with which lead (staff
ids, lead numbers, times) stayed for ever, long after the leads it was about were purged.
Its old rows now go with the nightly purge, through an index on their date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storage import Store

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
CUTOFF = NOW - dt.timedelta(days=730)


def test_audit_rows_past_the_retention_period_go_with_the_purge(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    conn = store.db.conn
    with conn:
        for age, action in ((800, "console:lead"), (731, "note"), (10, "console:lead")):
            conn.execute(
                "insert into audit (at, actor, action, detail, user_id, lead) "
                "values (?, 'staff:901', ?, '', 901, 12)",
                [(NOW - dt.timedelta(days=age)).isoformat(timespec="seconds"), action],
            )
    steps = []
    while step := store.purge_step(CUTOFF, batch=1):  # a row a step, as the bot's steps go
        steps.append(step)
    store.purge_done(CUTOFF, sum(steps))
    left = conn.execute("select actor, action, at from audit order by id").fetchall()
    assert [(actor, action) for actor, action, _ in left] == [
        ("staff:901", "console:lead"),  # 10 days old: kept
        ("retention", "purge"),  # the purge's own line
    ], left
    assert steps == [1, 1], steps
    store.close()
