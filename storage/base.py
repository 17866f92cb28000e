"""What every part of the store shares: its errors, the rows it hands out, the clock, and the
connection with its transactions and migrations (`Core`).

The store's jobs are modules beside this one (turns and outbox, leads and audit, reminders,
the inbox, privacy), each a class over `Core`; `storage.store.Store` puts them together."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

import storage.migrations as migrations

log = logging.getLogger("storage.store")  # the store's logger, under its usual name


class StorageError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


class ChangedMeanwhile(Exception):
    """A turn's write found the chat's stored state gone since its turn read it: the person
    was erased meanwhile by another process (`python -m bot.desk erase`), or their
    conversation purged. Nothing of the turn was written (`Turns.record_turn`)."""


class _Unread:
    """The caller of `record_turn` did not read the chat's state (tests, benchmarks)."""


UNREAD = _Unread()


@dataclass(frozen=True, slots=True)
class Outgoing:
    id: int
    chat_id: int
    position: int
    text: str
    buttons: list[list[str]]
    columns: int
    document: bytes | None = None  # sent as a file (never stored: it would copy the data)
    filename: str = ""


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: int
    update_id: int
    chat_id: int | None
    raw: str
    attempts: int


F = TypeVar("F", bound=Callable[..., Any])


def groupable(fn: F) -> F:
    """Marks a store call the SQLite thread may run inside one transaction with other such
    calls waiting at the same time (`storage.writer`): it writes only through
    `transaction()`, never commits or checkpoints on its own, and its result means nothing
    until its writes are committed (the writer answers after the COMMIT)."""
    fn.groupable = True  # type: ignore[attr-defined]
    return fn


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _owner_only(path: str) -> None:
    """Create the database file readable by its owner only (0600), and tighten an existing
    one and its WAL/shared-memory files (SQLite gives those the database file's mode)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        if os.path.exists(name):
            os.chmod(name, 0o600)


def integrity_problems(path: str | Path) -> list[str]:
    """`PRAGMA quick_check` on the database file, read-only (a missing file has none): the
    problems SQLite reports in a file that opens as a database.
    Run at start-up, before anything is confirmed to Telegram: a corrupt page would
    otherwise let the bot take updates it can never handle."""
    if str(path) == ":memory:" or not Path(path).exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, timeout=30)
        try:
            rows = conn.execute("pragma quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:
        raise  # locked, or cannot be opened: not a damaged file (the caller decides)
    except sqlite3.DatabaseError as exc:
        # A damaged schema (a page of sqlite_master, or of a long trigger's text, garbled)
        # fails before quick_check can run: that is damage too, unlike a file that is not a
        # database at all, which opening the store refuses (exit code 3).
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_CORRUPT":
            return [str(exc)]
        return []
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


class Core:
    """The connection, its transactions and its migrations."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.grouping = False  # inside the writer's group transaction (`storage.writer`)
        # Deletions so far, and how many of them a completed scrub covers: while the first is
        # ahead, erased text may linger in the search indexes or the WAL (`storage.scrub`).
        self.deletions = 0
        self.scrubbed_through = 0
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                _owner_only(self.path)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            self.migrate()
            conn.execute("BEGIN IMMEDIATE")  # fail now, clearly, if we could never write
            conn.execute("ROLLBACK")
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"{self.path}: base de données inutilisable ({exc})") from exc

    def close(self) -> None:
        self.db.conn.close()

    def data_version(self) -> int:
        """SQLite's `data_version` on this connection: it changes when another connection
        commits (`python -m bot.desk erase` in its own process, the scrub), never for this
        connection's own writes, and reading it reads no table. The bot looks at it every
        second to act at once on an erasure made elsewhere (`bot.jobs.erasures_wake_job`)."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def reader(self) -> sqlite3.Connection:
        """A connection of its own for a long read (an export) in another thread: WAL gives
        it a snapshot while the chats write, and the chats' connection and thread stay free."""
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA query_only = ON")
        return conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT: the connection is in autocommit mode, so `with conn`
        alone would not group statements. Tolerates sqlite-utils helpers that commit early.
        Inside a group of calls (`storage.writer`) it is a savepoint: a failure undoes this
        call's writes only, and the group's COMMIT makes them durable."""
        conn = self.db.conn
        if self.grouping:
            conn.execute("SAVEPOINT unit")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO unit")
                    conn.execute("RELEASE unit")
                raise
            if conn.in_transaction:
                conn.execute("RELEASE unit")
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if conn.in_transaction:
            conn.execute("COMMIT")

    def migrate(self) -> list[str]:
        """Apply pending migrations, recording each in the `migrations` table."""
        if "migrations" not in self.db.table_names():
            self.db["migrations"].create({"name": str, "applied_at": str}, pk="name")
        done = {row["name"] for row in self.db["migrations"].rows}
        unknown = sorted(done - {name for name, _ in migrations.MIGRATIONS})
        if unknown:  # a rollback after an upgrade: this code does not know that schema
            raise sqlite3.DatabaseError(
                f"base créée par une version plus récente du bot (migration {unknown[-1]} "
                "inconnue ici) : lancez cette version-là, ou restaurez la sauvegarde faite "
                "avant la mise à jour"
            )
        applied = []
        for name, migration in migrations.MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                migration(self.db)
                self.db["migrations"].insert({"name": name, "applied_at": _now()})
            applied.append(name)
        return applied

    def _mark_sent(self, message_ids: Iterable[int]) -> None:
        """Replies delivered, inside the caller's transaction: a turn's own (`mark_sent`), or
        with its inbox row's outcome (`inbox_done`, `inbox_failed`), one trip for both."""
        ids = [i for i in message_ids if i]
        if ids:
            marks = ",".join("?" * len(ids))
            self.db.conn.execute(f"update messages set sent = 1 where id in ({marks})", ids)
