"""The store's promise: one turn is one transaction — all of it, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Store


def test_a_turn_that_fails_midway_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    with pytest.raises(ValueError):
        store.record_turn(
            chat_id=1,
            user_id=1,
            update_id=10,
            first_name="Zoé",
            kind="text",
            text="bonjour",
            step_before="place",
            state_json="{}",
            step_after="audience",
            language="fr",
            replies=[("Pour qui ?", [], 1)],
            consent_now=True,
            notice_version="1",
            lead=None,
            reminders=[{"deadline": "full_file", "date": "2015-01-23", "due": "not a date"}],
        )
    for table in ("users", "messages", "conversations", "reminders"):
        assert store.db[table].count == 0, table
    assert not store.db.conn.in_transaction
    store.close()
