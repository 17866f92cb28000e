"""The inbox: updates are stored in SQLite first, then handled by one worker per chat.

Whoever receives updates (the poller, the webhook) calls `Inbox.add`: once it returns, the
updates are on disk and may be confirmed to Telegram. Workers then hand each update to PTB's
`Application.process_update`, one chat's updates in order, different chats concurrently, so a
chat Telegram holds back (429 retry_after, a request hanging) holds only its own queue.

An update whose handling fails is tried again with a growing pause; after `max_attempts` it is
parked (kept in the inbox, no longer tried), logged by its ids and error kind only, and the
person is told something went wrong. After a crash `replay()` picks up what was stored and not
handled; the turn's key (the inbox row) makes a replay of an already stored turn a no-op.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.failures import transient
from bot.metrics import Metrics
from knowledge.text import clean_all
from storage import InboxRow, Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(slots=True)
class Turn:
    """The inbox row being handled, visible to the handlers through a context variable."""

    row: int
    errors: list[BaseException] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)  # replies delivered, marked with the row


CURRENT: contextvars.ContextVar[Turn | None] = contextvars.ContextVar("inbox_turn", default=None)


def current_turn() -> Turn | None:
    return CURRENT.get()


def digest(raw: dict[str, Any]) -> str:
    """What tells a redelivered update (same content) from a reused update id (new content)."""
    body = {k: v for k, v in raw.items() if k != "update_id"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()


def chat_of(raw: dict[str, Any]) -> int | None:
    """The chat an update belongs to (its queue), read from the raw JSON so that an update
    PTB cannot parse still gets a queue; else the user; None when neither is present."""
    for key, body in raw.items():
        if key == "update_id" or not isinstance(body, dict):
            continue
        for holder in (body, body.get("message")):
            if isinstance(holder, dict) and isinstance(holder.get("chat"), dict):
                chat = holder["chat"].get("id")
                if isinstance(chat, int):
                    return chat
        user = body.get("from") or body.get("user")
        if isinstance(user, dict) and isinstance(user.get("id"), int):
            return int(user["id"])
    return None


class Inbox:
    """Durable intake plus per-chat workers around an initialised PTB Application."""

    def __init__(
        self,
        application: Any,
        store: Store,
        db: Callable[..., Awaitable[Any]],
        *,
        max_attempts: int = MAX_ATTEMPTS,
        retry_base: float = 0.5,
        retry_cap: float = 30.0,
        on_parked: Callable[[int | None], Awaitable[None]] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.application = application
        self.store = store
        self.db = db  # runs a store call on the SQLite thread
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.on_parked = on_parked
        self.metrics = metrics or Metrics()
        self._queues: dict[int, collections.deque[InboxRow]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._closing = asyncio.Event()
        self._solo = -1  # queue keys for updates without a chat (each its own)

    # ------------------------------------------------------------------ intake
    async def add(self, updates: Iterable[dict[str, Any]]) -> int:
        """Store updates, then queue the new ones. Raises if the database refuses (locked):
        the caller must then not confirm them to Telegram."""
        # Every string (texts, captions, button data, names) cleaned once, here at intake,
        # before it is stored, echoed, searched or written into a document: a lone surrogate
        # could not even be written to SQLite, U+0008 breaks every XML document.
        updates = [clean_all(u) for u in updates]
        rows = [
            (int(u["update_id"]), digest(u), chat_of(u), json.dumps(u, ensure_ascii=False))
            for u in updates
        ]
        self.metrics.received.inc(len(rows))
        added = await self.db(self.store.inbox_add, rows) if rows else []
        for row in added:
            self._enqueue(row)
        return len(added)

    async def replay(self) -> int:
        """Queue what a previous run stored and did not handle (called once, at start)."""
        pending = await self.db(self.store.inbox_pending)
        for row in pending:
            self._enqueue(row)
        if pending:
            log.info("replaying %d stored updates not handled by the previous run", len(pending))
        return len(pending)

    def _enqueue(self, row: InboxRow) -> None:
        key = row.chat_id
        if key is None:
            key, self._solo = self._solo, self._solo - 1
        queue = self._queues.setdefault(key, collections.deque())
        queue.append(row)
        if key not in self._workers:
            self._workers[key] = asyncio.create_task(self._work(key), name=f"inbox-{key}")

    @property
    def open(self) -> bool:
        """Taking and handling updates (False once `close` has begun)."""
        return not self._closing.is_set()

    @property
    def backlog(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def idle(self) -> None:
        """Wait until every queued update is handled (tests, a clean stop)."""
        while self._workers:
            await asyncio.wait(list(self._workers.values()))

    async def close(self, grace: float) -> None:
        """Stop: let workers finish what they hold for `grace` seconds, then cancel them;
        whatever is unhandled stays pending in the inbox for the next start."""
        self._closing.set()
        workers = list(self._workers.values())
        if workers:
            _, late = await asyncio.wait(workers, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late)

    # ------------------------------------------------------------------ workers
    async def _work(self, key: int) -> None:
        queue = self._queues[key]
        try:
            while queue and not self._closing.is_set():
                await self._handle(queue[0])
                queue.popleft()
        finally:
            # Closing (or cancelled) with rows left: they stay pending in the database and are
            # replayed at the next start.
            del self._workers[key]
            self._queues.pop(key, None)

    async def _handle(self, row: InboxRow) -> None:
        attempts = row.attempts
        while True:
            turn = Turn(row.id)
            token = CURRENT.set(turn)
            try:
                with self.metrics.time_turn():
                    raw = json.loads(row.raw)
                    update = Update.de_json(raw, self.application.bot)
                    await self.application.process_update(update)  # errors reach on_error
            except Exception as exc:  # the update cannot even be parsed
                turn.errors.append(exc)
            finally:
                CURRENT.reset(token)
            if not turn.errors:
                await self._persist(self.store.inbox_done, row.id, turn.sent)
                self.metrics.done.inc()
                return
            error = type(turn.errors[-1]).__name__
            # A failure that will not go away (a bug this update meets, an update PTB cannot
            # parse) is parked at once; a transient one is tried again with a growing pause.
            limit = self.max_attempts if transient(turn.errors[-1]) else 1
            attempts, parked = await self._persist(
                self.store.inbox_failed, row.id, error, limit, turn.sent
            )
            if parked:
                self.metrics.parked.inc()
                # ids and the error's kind only: never the update's content
                log.warning(
                    "update %s (inbox row %s) parked after %d attempts (%s)",
                    row.update_id,
                    row.id,
                    attempts,
                    error,
                )
                if self.on_parked is not None:
                    with contextlib.suppress(Exception):
                        await self.on_parked(row.chat_id)
                return
            log.info(
                "update %s (inbox row %s) failed (%s), attempt %d of %d",
                row.update_id,
                row.id,
                error,
                attempts,
                self.max_attempts,
            )
            await self._pause(min(self.retry_base * 2 ** (attempts - 1), self.retry_cap))
            if self._closing.is_set():
                return

    async def _persist(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A store call that must happen (a locked database delays it, never skips it)."""
        delay = 0.1
        while True:
            try:
                return await self.db(fn, *args)
            except Exception as exc:
                if self._closing.is_set():
                    raise
                log.warning("database busy (%s); retrying in %.1f s", type(exc).__name__, delay)
                await self._pause(delay)
                delay = min(delay * 2, 5.0)

    async def _pause(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), delay)
