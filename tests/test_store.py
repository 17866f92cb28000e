"""The store's promise: one turn is one transaction — all of it, or nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.desk import main as desk_main
from storage import Store
from tests.console_fixtures import add_lead


def record(store: Store, **overrides: Any) -> list[Any]:
    """One consenting turn, with whatever the test needs changed."""
    turn: dict[str, Any] = {
        "chat_id": 1,
        "user_id": 1,
        "update_id": 10,
        "first_name": "Zoé",
        "kind": "text",
        "text": "bonjour",
        "step_before": "place",
        "state_json": "{}",
        "step_after": "audience",
        "language": "fr",
        "replies": [("Pour qui ?", [], 1)],
        "consent_now": True,
        "notice_version": "1",
        "lead": None,
    }
    return store.record_turn(**{**turn, **overrides})


@contextmanager
def store_before(path: Path, version: str) -> Iterator[Store]:
    """A database made as it was before migration `version` (the later ones left out), for a
    migration's test to fill; closed on exit, so the next `Store(path)` migrates it."""
    import storage.migrations as migrations

    with pytest.MonkeyPatch.context() as patch:
        earlier = [m for m in migrations.MIGRATIONS if m[0] < version]
        patch.setattr(migrations, "MIGRATIONS", earlier)
        old = Store(path)
        try:
            yield old
        finally:
            old.close()


def test_a_turn_that_fails_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    with pytest.raises(ValueError):
        record(
            store,
            reminders=[{"deadline": "full_file", "date": "2015-01-23", "due_at": "not a date"}],
        )
    for table in ("users", "messages", "conversations", "reminders"):
        assert store.db[table].count == 0, table
    assert not store.db.conn.in_transaction
    store.close()


def test_search_index_follows_text_changes_and_ignores_sent_marks(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    out = record(store, text="un jardin partagé", replies=[("Fiche quatre proposée", [], 1)])
    conn = store.db.conn

    def hits(word: str) -> int:
        return conn.execute(
            "select count(*) from messages_fts where messages_fts match ?", [word]
        ).fetchone()[0]

    changes = conn.total_changes
    store.mark_sent(*(o.id for o in out))
    assert conn.total_changes - changes == 1  # the sent flag only: the index was left alone
    # what people wrote is searched; the bot's replies are not indexed at all (issue 28)
    assert hits("jardin") == 1 and hits("quatre") == 0
    conn.execute(
        "update messages set text = 'un potager' where kind = 'text' and direction = 'in'"
    )
    assert hits("jardin") == 0 and hits("potager") == 1
    conn.execute("insert into messages_fts(messages_fts) values('integrity-check')")
    store.close()


def test_migration_014_takes_the_replies_out_of_the_search_index(tmp_path: Path) -> None:
    """A database whose index holds the bot's replies (before 014): after the migration they
    are out of it, what people wrote is still found, and deleting either kind of message
    (an erasure) leaves a sound index."""
    import storage.migrations as store_module

    path = tmp_path / "old.sqlite3"
    found = "select count(*) from messages_fts where messages_fts match ?"
    with store_before(path, "014") as old:
        record(old, text="un jardin partagé", replies=[("Fiche quatre proposée", [], 1)])
        record(old, update_id=11, text="une ressourcerie", replies=[("Quatrième question", [], 1)])
        assert old.db.execute(found, ["quatre"]).fetchone()[0] == 1  # indexed, as it was

    store = Store(path)
    conn = store.db.conn

    def hits(word: str) -> int:
        return conn.execute(found, [word]).fetchone()[0]

    assert hits("quatre") == 0 and hits("quatrieme") + hits("quatrième") == 0
    assert hits("jardin") == 1 and hits("ressourcerie") == 1
    record(store, update_id=12, text="un potager", replies=[("Fiche quatre encore", [], 1)])
    assert hits("potager") == 1 and hits("quatre") == 0
    conn.execute("delete from messages where update_id in (10, 12)")  # both directions
    assert hits("jardin") == 0 and hits("potager") == 0 and hits("ressourcerie") == 1
    conn.execute("insert into messages_fts(messages_fts) values('integrity-check')")
    totals = "select block from messages_fts_data where id = 1"  # FTS5's row count, sizes
    before = conn.execute(totals).fetchone()
    with store.transaction():  # run again (a renamed migration): the index is left as it is
        store_module._m014_search_what_people_wrote(store.db)
    assert conn.execute(totals).fetchone() == before  # no reply "deleted" a second time
    assert hits("ressourcerie") == 1
    store.close()


def test_migration_007_turns_real_amounts_into_exact_decimal_text(tmp_path: Path) -> None:
    """A database made before 007 (amounts as REAL) keeps its leads, their amounts become
    decimal text with cents, and the search index still follows the rows."""
    path = tmp_path / "old.sqlite3"
    with store_before(path, "007") as old:  # amounts as REAL, as before 007
        old.db["leads"].insert(
            {
                "id": "a",
                "number": 1,
                "total": 1999.99,
                "request": 20000.0,
                "cofunding": None,
                "description": "un jardin partagé",
            }
        )
        assert old.db.execute("select typeof(total) from leads").fetchone()[0] == "real"

    store = Store(path)
    rows = store.db.execute(
        "select total, request, cofunding, typeof(total), typeof(request) from leads"
    ).fetchall()
    assert rows == [("1999.99", "20000.00", None, "text", "text")]
    types = {c.name: c.type for c in store.db["leads"].columns}
    assert {types["total"], types["request"], types["cofunding"]} == {"TEXT"}
    store.db.execute("update leads set description = 'un verger' where id = 'a'")
    hits = store.db.execute(
        "select leads.id from leads join leads_fts on leads_fts.rowid = leads.rowid "
        "where leads_fts match 'verger'"
    ).fetchall()
    assert hits == [("a",)]  # the rows kept their rowid, the index its triggers
    store.close()


def test_data_version_changes_for_another_process_only(tmp_path: Path) -> None:
    """The bot looks at `data_version` every second to act at once on an erasure made by the
    desk (another process): its own turns, a checkpoint and a reader must not wake it, or the
    look would cost a round of erasure queries after every turn."""
    store = Store(tmp_path / "bot.sqlite3")
    seen = store.data_version()
    add_lead(store, 1)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reader = store.reader()
    reader.execute("select count(*) from leads").fetchone()
    reader.close()
    assert store.data_version() == seen
    assert desk_main(["--db", str(tmp_path / "bot.sqlite3"), "erase", "1", "--yes"]) == 0
    assert store.data_version() != seen  # the desk's own connection committed
    store.close()
