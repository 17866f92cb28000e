"""The SQLite thread, with group commit: the chats' store calls that are waiting together share
one transaction.

Every store call of the bot runs on one thread (never on the event loop). A turn writes twice
(its messages and state before anything is sent, its inbox row and the replies marked sent
after), and the COMMIT of each write was a third of that thread's time (issue 28): each
transaction writes its pages to the WAL again, the same table and index pages turn after turn.
Here, when the thread picks up a call marked `groupable` (the turn's own calls: few
statements, no commit of their own, nothing but the chat's rows) and more such calls are
already waiting, it runs them all inside one `BEGIN IMMEDIATE … COMMIT`, each call's
`transaction()` as a savepoint of it, and answers every caller only once that COMMIT returned.

What callers can count on is unchanged: a call's result (and so anything done because of it:
a reply sent, an update confirmed to Telegram) comes after its writes are committed; a call
that fails rolls back its own writes only (its savepoint), the others of the group commit; if
the group's transaction itself fails (the COMMIT, or SQLite aborting the transaction), every
call of the group gets the error and none of their writes stays, as if each had failed alone.
Nothing waits to make a group: it is whatever was already queued, so a call alone is run as
before, and a crash loses only calls nobody was answered for.

Calls not marked (staff work, erasure, migrations, checkpoints) run alone, in queue order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from storage.base import Core
from storage.sqlite import sqlite3

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_GROUP = 64  # calls per transaction: bounds how long the first caller waits for its answer


@dataclass(slots=True)
class _Call:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]
    value: Any = None
    error: BaseException | None = None


def _settle(calls: list[_Call]) -> None:
    """On the event loop: answer every caller of a group at once (one wake-up for all)."""
    for call in calls:
        if call.future.cancelled():
            continue
        if call.error is not None:
            call.future.set_exception(call.error)
        else:
            call.future.set_result(call.value)


class Writer:
    """One thread that runs store calls in order, grouping the waiting groupable ones."""

    def __init__(self, core: Core, name: str = "sqlite", max_group: int = MAX_GROUP) -> None:
        self.core = core
        self.max_group = max_group
        self.groups = 0  # transactions run for more than one call (tests, benchmarks)
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._calls.put(_Call(fn, args, kwargs, loop, future))
        return await future

    def shutdown(self, wait: bool = True) -> None:
        """Stop after the calls already queued (like an executor's shutdown)."""
        self._calls.put(None)
        if wait and self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        held: _Call | None = None
        while True:
            call = held if held is not None else self._calls.get()
            held = None
            if call is None:
                return
            group = [call]
            if groupable(call.fn):
                while len(group) < self.max_group:
                    try:
                        more = self._calls.get_nowait()
                    except queue.Empty:
                        break
                    if more is None:  # stop once this group is answered
                        self._calls.put(None)
                        break
                    if not groupable(more.fn):
                        held = more  # runs alone, next
                        break
                    group.append(more)
            if len(group) == 1:
                self._alone(call)
            else:
                self._together(group)
            self._answer(group)

    def _alone(self, call: _Call) -> None:
        try:
            call.value = call.fn(*call.args, **call.kwargs)
        except BaseException as exc:  # the caller gets it, as from an executor
            call.error = exc

    def _together(self, group: list[_Call]) -> None:
        """One transaction for the group; each call's own `transaction()` is a savepoint."""
        conn = self.core.db.conn
        if not self._begin(conn):  # the write lock is taken (a scrub step, a staff shell):
            for call in group:  # each call as it would run alone: a read still reads, a
                self._alone(call)  # write waits the usual busy timeout, and fails alone
            return
        self.groups += 1
        self.core.grouping = True
        try:
            for call in group:
                self._alone(call)
                if not conn.in_transaction:  # SQLite aborted the transaction: all undone
                    raise call.error or RuntimeError("the group's transaction ended early")
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            log.warning(
                "a group of %d store calls rolled back (%s)", len(group), type(exc).__name__
            )
            for call in group:  # none of the group's writes stayed: every caller is told
                call.value = None
                if call.error is None:
                    call.error = exc
        finally:
            self.core.grouping = False

    @staticmethod
    def _begin(conn: sqlite3.Connection) -> bool:
        """Open the group's transaction if the write lock is free now; never wait for it."""
        (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    @staticmethod
    def _answer(group: list[_Call]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[_Call]] = {}
        for call in group:
            by_loop.setdefault(call.loop, []).append(call)
        for loop, calls in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, calls)


def groupable(fn: Callable[..., Any]) -> bool:
    """Marked by `storage.base.groupable` (bound methods forward the mark)."""
    return bool(getattr(fn, "groupable", False))
