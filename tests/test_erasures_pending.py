"""The erasure round's question, « which erasures have staff not been told about yet? », is
asked every second another connection writes and every 30 s, on the chats' SQLite thread: it
is answered through an index of the pending ones, not by reading every erasure ever made."""

from __future__ import annotations

from pathlib import Path

from storage import Store


def test_pending_erasures_are_found_through_an_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    conn = store.db.conn
    with conn:
        conn.executemany(
            "insert into erasures (numbers, messages, created_at, done_at) "
            "values ('[1]', '[]', '2026-01-01', '2026-01-01')",
            [()] * 50,
        )
        conn.execute(
            "insert into erasures (numbers, messages, created_at) values ('[7]', '[]', '2026-01-02')"
        )
    asked: list[str] = []
    conn.set_trace_callback(asked.append)
    pending = store.pending_erasures()  # the round's own query, as the bot runs it
    conn.set_trace_callback(None)
    assert [e["numbers"] for e in pending] == [[7]]
    selects = [sql for sql in asked if sql.lstrip().lower().startswith("select")]
    assert selects, asked
    for sql in selects:
        plan = " ".join(str(row[3]) for row in conn.execute(f"explain query plan {sql}"))
        assert "SCAN erasures" not in plan or "USING INDEX erasures_pending" in plan, plan
    store.close()
