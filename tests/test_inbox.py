"""The inbox, in process with a real SQLite store: one chat's updates in order, chats
concurrently (a stuck chat holds only itself), failures retried then parked without their
content in the log, replay after a crash, and duplicates told from reused update ids."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from telegram import Update

from bot.inbox import Inbox, chat_of, digest
from storage import Store
from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.test_store import record

T = TypeVar("T")


class App:
    """Records the order updates are handled in; some are held, some fail."""

    def __init__(self) -> None:
        self.bot = None
        self.handled: list[int] = []
        self.hold: dict[str, asyncio.Event] = {}
        self.fail: set[str] = set()
        self.busy: set[str] = set()  # fail with a transient error (a busy database)

    async def process_update(self, update: Update) -> None:
        text = update.effective_message.text if update.effective_message else ""
        if text in self.hold:
            await self.hold[text].wait()
        if text in self.fail or text in self.busy:
            from bot.inbox import current_turn

            turn = current_turn()
            assert turn is not None
            error: Exception = (
                sqlite3.OperationalError("database is locked")
                if text in self.busy
                else ValueError(f"cannot read {text!r}")
            )
            turn.errors.append(error)  # as on_error does
            return
        self.handled.append(update.update_id)


def database(path: Path) -> tuple[Store, Callable[..., Awaitable[Any]], ThreadPoolExecutor]:
    store = Store(path)
    pool = ThreadPoolExecutor(max_workers=1)

    async def db(fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, lambda: fn(*args))

    return store, db, pool


async def test_one_chat_in_order_others_go_on_while_it_is_stuck(tmp_path: Path) -> None:
    fake, app = FakeTelegram(), App()
    store, db, pool = database(tmp_path / "bot.sqlite3")
    inbox = Inbox(app, store, db)
    app.hold["stuck"] = asyncio.Event()
    updates = [fake.text_update(1, "stuck"), fake.text_update(1, "after")]
    updates += [fake.text_update(chat, f"hello {chat}") for chat in range(2, 52)]
    await inbox.add(updates)
    async with asyncio.timeout(5):
        while len(app.handled) < 50:
            await asyncio.sleep(0.005)
    assert 1 not in app.handled and 2 not in app.handled  # chat 1 waits for its first update
    app.hold["stuck"].set()
    await inbox.idle()
    assert app.handled[-2:] == [1, 2]
    assert store.inbox_pending() == []
    pool.shutdown()
    store.close()


async def test_a_failing_update_is_parked_by_kind_without_its_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake, app = FakeTelegram(), App()
    store, db, pool = database(tmp_path / "bot.sqlite3")
    told: list[int | None] = []

    async def on_parked(chat: int | None) -> None:
        told.append(chat)

    inbox = Inbox(app, store, db, max_attempts=3, retry_base=0.01, on_parked=on_parked)
    secret = "06 12 34 56 78 rue des Lilas"
    app.fail.add(secret)
    app.busy.add("locked 06 12")
    broken = {"update_id": 99, "message": {"chat": {"id": 7, "type": "private"}, "text": secret}}
    with caplog.at_level(logging.DEBUG):
        await inbox.add(
            [
                fake.text_update(5, secret),
                fake.text_update(5, "next"),
                broken,
                fake.text_update(8, "locked 06 12"),
            ]
        )
        await inbox.idle()
    assert app.handled == [2]  # the next update of the chat still goes through
    assert told == [5, 7, 8]  # each person is told once
    parked = store.db.conn.execute(
        "select update_id, attempts, error from inbox where status = 'parked' order by id"
    ).fetchall()
    # A failure that will come back (a bug, an update PTB cannot parse) is parked at once;
    # a transient one (a busy database) is tried again, up to max_attempts.
    assert parked == [(1, 1, "ValueError"), (99, 1, "KeyError"), (3, 3, "OperationalError")]
    assert "parked after 3 attempts" in caplog.text and "parked after 1 attempts" in caplog.text
    assert "06 12" not in caplog.text and "Lilas" not in caplog.text
    pool.shutdown()
    store.close()


async def test_replay_after_a_crash_and_duplicates(tmp_path: Path) -> None:
    fake, app = FakeTelegram(), App()
    store, db, pool = database(tmp_path / "bot.sqlite3")
    first = Inbox(app, store, db)
    app.hold["slow"] = asyncio.Event()
    updates = [fake.text_update(1, "slow"), fake.text_update(1, "two"), fake.text_update(2, "x")]
    assert await first.add(updates) == 3
    await asyncio.sleep(0.05)
    await first.close(grace=0)  # "crash": chat 1's updates are stored, not handled
    assert [r.update_id for r in store.inbox_pending()] == [1, 2]

    app.hold.clear()
    second = Inbox(app, store, db)
    assert await second.replay() == 2
    assert await second.add(updates) == 0  # Telegram handing them over again: known
    await second.idle()
    assert sorted(app.handled) == [1, 2, 3] and app.handled.count(1) == 1

    # After a week of silence Telegram may reuse update ids: new content, a new update.
    reused = fake.text_update(1, "une vraie question", update_id=2)
    assert await second.add([reused]) == 1
    await second.idle()
    assert app.handled.count(2) == 2
    pool.shutdown()
    store.close()


def test_chat_and_digest_read_from_the_raw_json() -> None:
    fake = FakeTelegram()
    text = fake.text_update(11, "a")
    tap = fake.button_update(12, "0|x")
    inline = fake.inline_update(13, "plancher")
    assert [chat_of(u) for u in (text, tap, inline, {"update_id": 1})] == [11, 12, 13, None]
    again = {**text, "update_id": text["update_id"] + 1}
    assert digest(text) == digest(again)  # the digest is the content; the id is kept beside
    assert digest(text) != digest(fake.text_update(11, "a"))  # another message_id


def test_old_rows_are_pruned_and_parked_ones_are_the_persons_data(tmp_path: Path) -> None:
    import datetime as dt

    store = Store(tmp_path / "bot.sqlite3")
    store.db.conn.execute(  # a person who consented (one who did not: the test below)
        "insert into users (user_id, chat_id, created_at) values (3, 3, '2026-01-01')"
    )
    fake = FakeTelegram()
    done, parked, waiting = (fake.text_update(3, t) for t in ("a", "mon adresse", "c"))
    rows = store.inbox_add(
        [(u["update_id"], digest(u), 3, str(u)) for u in (done, parked, waiting)]
    )
    store.inbox_done(rows[0].id)
    store.inbox_failed(rows[1].id, "ValueError", max_attempts=1)
    assert [r["raw"] for r in store.user_data(3, 3)["unprocessed"]] == [str(parked)]
    now = dt.datetime.now(dt.UTC)
    assert store.inbox_prune(now - dt.timedelta(days=2), now - dt.timedelta(days=730)) == 0
    later = now + dt.timedelta(days=3)
    assert store.inbox_prune(later, now - dt.timedelta(days=730)) == 1  # the handled one
    assert store.inbox_prune(later, later) == 1  # the parked one, past retention
    assert [r.id for r in store.inbox_pending()] == [rows[2].id]  # never a waiting one
    store.erase(3, 3)
    store.close()


def test_a_parked_update_from_a_chat_that_never_consented_goes_with_the_handled_ones(
    tmp_path: Path,
) -> None:
    """Nothing is kept before consent, but an update the bot could not handle in a chat that
    never consented (« J'accepte » tapped while the database failed, say) stayed parked with
    its text for the whole retention period, 730 days. It goes when handled ones do (2 days);
    a consented chat's parked update stays, the person's data until then."""
    import datetime as dt

    store = Store(tmp_path / "bot.sqlite3")
    store.db.conn.execute(
        "insert into users (user_id, chat_id, created_at) values (4, 4, '2026-01-01')"
    )
    fake = FakeTelegram()
    updates = [fake.text_update(chat, "mon adresse : 3 rue des Lilas") for chat in (5, 4)]
    rows = store.inbox_add(
        [
            (u["update_id"], digest(u), chat, str(u))
            for u, chat in zip(updates, (5, 4), strict=True)
        ]
    )
    for row in rows:
        store.inbox_failed(row.id, "ValueError", max_attempts=1)
    now = dt.datetime.now(dt.UTC)
    retention = now - dt.timedelta(days=730)
    assert store.inbox_prune(now - dt.timedelta(days=2), retention) == 0, "not yet"
    assert store.inbox_prune(now + dt.timedelta(days=3), retention) == 1
    left = store.db.conn.execute("select chat_id, status from inbox").fetchall()
    assert left == [(4, "parked")], left
    store.close()


def test_after_two_quiet_days_a_new_update_is_not_taken_for_an_old_turn(tmp_path: Path) -> None:
    """The daily pruning empties the inbox after two days without updates; the next update's
    row must not take an id a stored turn already has (it was answered as a duplicate:
    nothing), nor may the updates after it."""
    import datetime as dt

    store = Store(tmp_path / "bot.sqlite3")
    fake = FakeTelegram()
    first = [fake.text_update(3, "bonjour"), fake.text_update(4, "bonjour")]
    rows = store.inbox_add(
        [(u["update_id"], digest(u), c, str(u)) for u, c in zip(first, (3, 4), strict=True)]
    )
    for row, chat in zip(rows, (3, 4), strict=True):
        record(store, chat_id=chat, user_id=chat, update_id=row.update_id, turn=row.id)
        store.inbox_done(row.id)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    assert store.inbox_prune(later, later) == 2  # two quiet days: the inbox is empty
    again = [fake.text_update(3, "je reviens"), fake.text_update(4, "moi aussi")]
    new = store.inbox_add(
        [(u["update_id"], digest(u), c, str(u)) for u, c in zip(again, (3, 4), strict=True)]
    )
    assert [r.id for r in new] == [rows[-1].id + 1, rows[-1].id + 2]
    for row, chat in zip(new, (3, 4), strict=True):
        seen, _state, _earlier = store.begin_turn(row.update_id, chat, row.id)
        assert not seen  # a new turn: the person is answered
    store.close()
