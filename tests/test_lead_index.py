"""Migration 019: a lead's words are re-indexed only when a searched column's value changed
(issue 28: the bot writes the whole lead again on each turn after the verdict; each such write
used to add a segment to the leads' search index for nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage import Store
from tests.test_store import store_before

NOW = "2026-12-07T13:00:00+00:00"
LEAD = {
    "conversation": 1,
    "fiche": 1,
    "territory": "artois",
    "description": "un jardin partagé",
    "checks": {"floor": "pass"},
}


def index_blocks(store: Store) -> tuple[int, int]:
    """The leads' index as stored: its rows and their bytes (a new segment changes both)."""
    row = store.db.execute("select count(*), sum(length(block)) from leads_fts_data").fetchone()
    return int(row[0]), int(row[1])


def write(store: Store, lead: dict[str, Any]) -> None:
    with store.transaction():
        store._upsert_lead(7, 7, "Ada", lead, NOW)


def found(store: Store, word: str) -> int:
    return int(
        store.db.execute(
            "select count(*) from leads_fts where leads_fts match ?", [word]
        ).fetchone()[0]
    )


def test_a_lead_written_again_unchanged_leaves_its_index_alone(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with store_before(path, "019") as old:
        write(old, LEAD)
        before = index_blocks(old)
        write(old, LEAD)
        assert index_blocks(old) != before  # before 019: taken out and put back

    store = Store(path)
    write(store, LEAD)
    before = index_blocks(store)
    write(store, {**LEAD, "checks": {"floor": "fail"}})  # a column not searched
    write(store, LEAD)
    assert index_blocks(store) == before
    assert found(store, "jardin") == 1
    write(store, {**LEAD, "description": "un verger"})  # a searched column: indexed as before
    assert found(store, "verger") == 1 and found(store, "jardin") == 0
    write(store, {**LEAD, "description": None})  # NULL is a value too
    assert found(store, "verger") == 0
    store.db.execute("insert into leads_fts(leads_fts) values('integrity-check')")
    store.close()


def rows_written(store: Store, lead: dict[str, Any]) -> int:
    """Rows the bot's write of a lead changes, its triggers' included (SQLite counts them)."""
    before = store.db.conn.total_changes
    write(store, lead)
    return store.db.conn.total_changes - before


def verdict(store: Store) -> str:
    return str(store.db.execute("select verdict from leads where id = '7-1'").fetchone()[0])


def test_migration_020_works_the_verdict_out_only_when_the_checks_changed(
    tmp_path: Path,
) -> None:
    """Before 020 the verdict's trigger ran on every write naming the checks: the row written
    a second time for the same verdict. On a database made before it, opened by this checkout,
    an unchanged lead is one row written; a change of the checks is worked out as before."""
    path = tmp_path / "old.sqlite3"
    with store_before(path, "020") as old:
        write(old, LEAD)
        assert rows_written(old, LEAD) == 2  # the lead, then its verdict again

    store = Store(path)
    assert rows_written(store, LEAD) == 1
    assert verdict(store) == "fine"
    assert rows_written(store, {**LEAD, "checks": {"floor": "fail"}}) >= 2
    assert verdict(store) == "refused"
    assert rows_written(store, {**LEAD, "checks": {"floor": "fail"}}) == 1
    write(store, {**LEAD, "checks": {"floor": "warn"}})
    assert verdict(store) == "review"
    store.close()
