"""Group commit on the SQLite thread (`storage.writer`): turns waiting together share one
transaction, and each caller is answered only once its writes are committed; a call that
fails undoes its own writes only; a group whose transaction ends badly tells every caller."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storage import Store
from storage.base import groupable
from storage.sqlite import sqlite3
from storage.writer import Writer
from tests.test_store import record


@dataclass
class Rig:
    path: Path
    store: Store
    writer: Writer


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    """A store and its SQLite thread, as `Conversations` has them."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    writer = Writer(store)
    yield Rig(path, store, writer)
    writer.shutdown()
    store.close()


def visible(path: Path, sql: str) -> int:
    """What another connection (another process, after a crash) would read."""
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


async def queued(writer: Writer, *calls: tuple[Any, ...]) -> list[Any]:
    """Hold the thread with a call that waits, queue `calls` behind it, release: the calls
    are then all waiting together, as turns of several chats are under load."""
    gate = threading.Event()
    holding = asyncio.ensure_future(writer.call(gate.wait, 5))
    await asyncio.sleep(0.05)
    futures = [asyncio.ensure_future(writer.call(fn, *args)) for fn, *args in calls]
    await asyncio.sleep(0.05)
    gate.set()
    await holding
    return list(await asyncio.gather(*futures, return_exceptions=True))


@groupable  # one `record_turn`, as the bot's turn calls it
def turn(store: Store, chat: int, **overrides: Any) -> Any:
    return record(store, chat_id=chat, user_id=chat, update_id=chat, **overrides)


async def test_waiting_turns_share_one_commit_and_are_answered_after_it(rig: Rig) -> None:
    path, store, writer = rig.path, rig.store, rig.writer
    seen_inside: list[int] = []

    @groupable
    def look() -> None:  # runs inside the group, after the three turns' writes
        seen_inside.append(visible(path, "select count(*) from conversations"))

    results = await queued(writer, (turn, store, 1), (turn, store, 2), (turn, store, 3), (look,))
    assert writer.groups == 1
    assert seen_inside == [0]  # not committed while the group ran: nobody was answered yet
    assert [len(r) for r in results[:3]] == [1, 1, 1]
    assert visible(path, "select count(*) from conversations") == 3  # answered: committed


async def test_a_failing_call_undoes_its_own_writes_only(rig: Rig) -> None:
    path, store, writer = rig.path, rig.store, rig.writer

    @groupable
    def failing() -> Any:  # fails after its first writes, inside its transaction
        bad = [{"deadline": "full_file", "date": "2015-01-23", "due_at": "not a date"}]
        return turn(store, 2, reminders=bad)

    results = await queued(writer, (turn, store, 1), (failing,), (turn, store, 3))
    assert writer.groups == 1
    assert isinstance(results[1], ValueError)
    assert visible(path, "select count(*) from conversations where chat_id in (1, 3)") == 2
    assert visible(path, "select count(*) from messages where chat_id = 2") == 0
    assert visible(path, "select count(*) from users where user_id = 2") == 0


async def test_a_group_whose_transaction_ends_tells_every_caller(rig: Rig) -> None:
    path, store, writer = rig.path, rig.store, rig.writer

    @groupable
    def abort() -> None:  # what SQLite does on a full disk or an I/O error: all rolled back
        store.db.conn.execute("ROLLBACK")

    results = await queued(writer, (turn, store, 1), (abort,), (turn, store, 3))
    assert writer.groups == 1
    assert all(isinstance(r, Exception) for r in results)  # nobody may send or confirm
    assert visible(path, "select count(*) from messages") == 0
    assert not store.db.conn.in_transaction
    assert len(await writer.call(turn, store, 4)) == 1  # and the thread goes on


async def test_a_held_write_lock_does_not_stop_reads_nor_wait_longer(rig: Rig) -> None:
    path, store, writer = rig.path, rig.store, rig.writer
    await writer.call(turn, store, 1)
    staff = sqlite3.connect(path, isolation_level=None)  # a staff shell holding the lock
    staff.execute("BEGIN IMMEDIATE")
    results = await queued(
        writer,
        (store.begin_turn, 99, 1, None),
        (store.state_of, 1),
        (turn, store, 2),
    )
    staff.execute("ROLLBACK")
    staff.close()
    assert results[0][1] == "{}" and results[1] == "{}"  # the reads read
    assert isinstance(results[2], sqlite3.OperationalError)  # the write failed, alone
    assert writer.groups == 0


def test_only_the_turns_own_calls_are_grouped() -> None:
    from storage.writer import groupable as marked

    store_methods = {name for name in dir(Store) if marked(getattr(Store, name, None))}
    assert store_methods == {
        "attachments",
        "begin_turn",
        "inbox_add",
        "inbox_done",
        "inbox_failed",
        "mark_attachments",
        "mark_sent",
        "record_turn",
        "send_failed",
        "state_of",
        "unsent",
    }


@pytest.mark.parametrize("size", [1, 3])
async def test_shutdown_answers_what_was_queued(tmp_path: Path, size: int) -> None:
    store = Store(tmp_path / "db.sqlite3")
    writer = Writer(store)
    calls = [asyncio.ensure_future(writer.call(turn, store, chat)) for chat in range(size)]
    await asyncio.sleep(0)
    writer.shutdown(wait=False)
    assert [len(r) for r in await asyncio.gather(*calls)] == [1] * size
    store.close()
