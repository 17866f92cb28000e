"""The retention purge in short steps (issue 28): found through the dates' indexes, a few
rows of each kind per transaction, the chats' turns passing between two, and at the end the
same rows gone as the one-transaction purge took: old leads (numbers marked, notifications
with them), messages, reminders, states, then the people nothing points to any more."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from bot.retention import purge_in_steps
from storage import Store
from storage.privacy import PURGED_BY_DATE
from tests.test_bot_app import Harness, run_to_verdict

NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
CUTOFF = NOW - dt.timedelta(days=730)
OLD, RECENT = 800, 10  # days


def _stamp(age: int) -> str:
    return (NOW - dt.timedelta(days=age)).isoformat(timespec="seconds")


def fill(store: Store, chats: range, age: int, *, talks_again: bool = False) -> None:
    """A person per chat, with a state, two messages, a lead, a notification, a reminder."""
    conn = store.db.conn
    for chat in chats:
        stamp = _stamp(age)
        conn.execute(
            "insert into users (user_id, chat_id, created_at) values (?, ?, ?)",
            [chat, chat, stamp],
        )
        state_stamp = _stamp(RECENT) if talks_again else stamp
        conn.execute(
            "insert into conversations (chat_id, user_id, updated_at) values (?, ?, ?)",
            [chat, chat, state_stamp],
        )
        for direction, text in (("in", f"Mirabelle{chat}"), ("out", "Merci")):
            conn.execute(
                "insert into messages (chat_id, user_id, direction, update_id, position, "
                "text, created_at) values (?, ?, ?, ?, 0, ?, ?)",
                [chat, chat, direction, chat, text, stamp],
            )
        lead = f"{chat}-0"
        number = conn.execute("insert into lead_numbers (lead_id) values (?)", [lead]).lastrowid
        conn.execute(
            "insert into leads (id, number, chat_id, user_id, created_at, updated_at, status) "
            "values (?, ?, ?, ?, ?, ?, 'nouveau')",
            [lead, number, chat, chat, stamp, stamp],
        )
        conn.execute(
            "insert into notifications (lead_id, chat_id, staff_user_id, created_at, sent) "
            "values (?, ?, 99, ?, 1)",
            [lead, chat, stamp],
        )
        conn.execute(
            "insert into reminders (chat_id, user_id, deadline, due_at) values (?, ?, 'x', ?)",
            [chat, chat, stamp],
        )


def left(store: Store) -> dict[str, list[Any]]:
    conn = store.db.conn
    tables = ("users", "conversations", "messages", "leads", "notifications", "reminders")
    out = {t: sorted(r[0] for r in conn.execute(f"select chat_id from {t}")) for t in tables}
    out["retention"] = sorted(
        r[0] for r in conn.execute("select number from lead_numbers where reason = 'retention'")
    )
    return out


def test_the_steps_delete_what_the_whole_purge_deletes_a_few_rows_at_a_time(
    tmp_path: Path,
) -> None:
    stores = [Store(tmp_path / f"{name}.sqlite3") for name in ("steps", "whole")]
    for store in stores:
        fill(store, range(1, 8), OLD)  # past the retention period
        fill(store, range(8, 10), RECENT)
        fill(store, range(10, 12), OLD, talks_again=True)  # an old person back recently
    steps, whole = stores
    counts = []
    while step := steps.purge_step(CUTOFF, batch=2):
        counts.append(step)
    total = whole.purge(CUTOFF)  # every step in one call, as the command line runs it

    assert len(counts) >= 4, counts  # 7 old leads, messages... 2 at a time
    assert max(counts) <= 2 * 6, counts  # at most `batch` of each kind per step
    assert sum(counts) == total
    assert left(steps) == left(whole)
    kept = left(steps)
    assert kept["leads"] == [8, 9]  # the old person back: their old lead goes
    assert kept["users"] == [8, 9, 10, 11]  # ...but they stay: their state is recent
    assert kept["conversations"] == [8, 9, 10, 11]
    assert kept["messages"] == [8, 8, 9, 9] and kept["notifications"] == [8, 9]
    assert kept["reminders"] == [8, 9]
    assert len(kept["retention"]) == 9  # each purged lead's number: gone by retention
    for store in stores:
        store.close()


def test_each_step_finds_its_rows_through_an_index(tmp_path: Path) -> None:
    """No step reads a whole table: every date it filters on has an index (migration 015)."""
    store = Store(tmp_path / "db.sqlite3")
    conn = store.db.conn
    for table, column in (*PURGED_BY_DATE, ("leads", "updated_at"), ("users", "created_at")):
        plan = " ".join(
            row[3]
            for row in conn.execute(
                f"explain query plan select rowid from {table} where {column} < ? limit 5", ["x"]
            )
        )
        assert f"USING COVERING INDEX {table}_{column}" in plan or (
            f"USING INDEX {table}_{column}" in plan
        ), (table, plan)
    plan = " ".join(
        row[3]
        for row in conn.execute(
            "explain query plan select rowid from users u where created_at < ? "
            "and not exists (select 1 from conversations c where c.chat_id = u.chat_id) "
            "and not exists (select 1 from leads l where l.user_id = u.user_id) limit 5",
            ["x"],
        )
    )
    assert "SCAN c" not in plan and "SCAN l" not in plan, plan
    store.close()


async def test_the_bot_purges_in_steps_between_the_chats_turns(tmp_path: Path) -> None:
    """The nightly job's path: each step is its own trip to the chats' SQLite thread, a chat
    goes on meanwhile, one audit line, and the purged words are left to the scrub."""
    h = Harness(tmp_path / "db.sqlite3")
    await h.start()
    service = h.app.bot_data.service
    fill(service.store, range(1000, 1012), OLD)
    steps = 0
    real_db = service.db

    async def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal steps
        steps += fn == service.store.purge_step
        return await real_db(fn, *args, **kwargs)

    service.db = counted
    store = service.store
    chat = run_to_verdict(h, 7)  # a conversation at the same time
    purged, _ = await asyncio.gather(purge_in_steps(service, CUTOFF, batch=3), chat)
    service.db = real_db
    assert purged == 12 * 7  # user, state, 2 messages, lead, notification, reminder each
    assert steps >= 8  # 12 of each kind, 3 at a time, the people last, then an empty step
    count = "select count(*) from {} where chat_id {}"
    for table in ("users", "conversations", "messages", "leads", "reminders"):
        assert store.db.conn.execute(count.format(table, ">= 1000")).fetchone()[0] == 0, table
    assert store.db.conn.execute(count.format("leads", "= 7")).fetchone()[0] == 1  # the chat's
    audit = [r["action"] for r in store.db["audit"].rows if r["action"] == "purge"]
    assert audit == ["purge"]
    assert store.scrub_pending
    await h.stop()
