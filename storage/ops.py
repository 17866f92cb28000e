"""What operations need from the database: figures for monitoring, and a live backup.

Both read only. `figures` answers from indexes (inbox_status, messages_unsent, the lead
numbers' sequence) so a scrape every few seconds costs microseconds, whatever the size of the
database. `backup` uses SQLite's online backup API: one read transaction over a WAL database
sees one consistent moment while the bot goes on writing (writers are not blocked).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.sqlite import sqlite3


def figures(store: Any, now: dt.datetime) -> dict[str, Any]:
    """Counts for /metrics and /healthz; no row's content, nothing about a person."""
    conn: sqlite3.Connection = store.db.conn

    def one(sql: str) -> Any:
        row = conn.execute(sql).fetchone()
        return row[0] if row else None

    oldest = one("select received_at from inbox where status = 'pending' order by id limit 1")
    age = (now - dt.datetime.fromisoformat(oldest)).total_seconds() if oldest else 0.0
    return {
        "inbox_pending": one("select count(*) from inbox where status = 'pending'"),
        "oldest_pending_age": max(age, 0.0),
        "inbox_parked": one("select count(*) from inbox where status = 'parked'"),
        "replies_unsent": one(
            "select count(*) from messages where direction = 'out' and sent = 0 "
            "and failed_at is null"
        ),
        "replies_parked": one(
            "select count(*) from messages where direction = 'out' and sent = 0 "
            "and failed_at is not null"
        ),
        "leads_created": one("select seq from sqlite_sequence where name = 'lead_numbers'") or 0,
        # people erased by staff whom the bot has not told yet (a small table: sent, deleted)
        "erasure_notices_pending": one("select count(*) from person_notices"),
    }


class BackupError(Exception):
    """The backup could not be made; the message says why (no partial file is left)."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    seconds: float
    check: str  # PRAGMA quick_check's answer on the copy: "ok"


def backup(source: str | Path, target: str | Path) -> Backup:
    """Copy a live database to `target` (created 0600: it holds people's data), consistent
    at one moment, then check the copy. Written beside the target and renamed into place,
    so an interrupted backup never leaves a half file under the target's name."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(f"{source} : base introuvable")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("la copie ne peut pas remplacer la base elle-même")
    partial = target.with_name(f".{target.name}.partial")
    started = time.perf_counter()
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)
    try:
        # A plain connection that only reads: a read-only one would leave -wal and -shm
        # files behind when no bot runs (it may not delete them on closing).
        src = sqlite3.connect(source)
        dst = sqlite3.connect(partial)
        try:
            src.execute("PRAGMA busy_timeout = 10000")
            src.backup(dst)  # all pages in one step: one read transaction, one moment
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            check = str(dst.execute("PRAGMA quick_check").fetchone()[0])
        finally:
            dst.close()
            src.close()
        if check != "ok":
            raise BackupError(f"la copie n'est pas intègre : {check}")
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise BackupError(f"{source} : {exc}") from exc
        raise
    return Backup(target, target.stat().st_size, time.perf_counter() - started, check)


# The tables that name a person by chat and user (storage.privacy.PERSONAL_TABLES, less the
# staff notifications and the inbox, which follow a person's rows and are erased with them).
PEOPLE_TABLES = ("users", "conversations", "messages", "leads", "reminders")


def _people(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    return {
        (int(chat), int(user))
        for table in PEOPLE_TABLES
        for chat, user in conn.execute(f"select distinct chat_id, user_id from {table}")
        if chat is not None and user is not None
    }


def _latest_rows(conn: sqlite3.Connection) -> dict[int, tuple[Any, ...]]:
    """Each chat's latest stored message, as what identifies that row: id, update, position
    and time (an id alone may be taken again once the newest rows are deleted)."""
    return {
        int(row[0]): tuple(row[1:])
        for row in conn.execute(
            "select chat_id, id, update_id, position, created_at from messages "
            "where id in (select max(id) from messages group by chat_id)"
        )
    }


def _users(conn: sqlite3.Connection) -> dict[int, Any]:
    return {
        int(user): created
        for user, created in conn.execute("select user_id, created_at from users")
    }


def _still_there(conn: sqlite3.Connection, chat: int, row: tuple[Any, ...]) -> bool:
    found = conn.execute(
        "select 1 from messages where id = ? and chat_id = ? and update_id is ? "
        "and position is ? and created_at is ?",
        [row[0], chat, *row[1:]],
    ).fetchone()
    return found is not None


def gone_since(restored: sqlite3.Connection, kept: str | Path) -> list[tuple[int, int]]:
    """After a restore: the people (chat, user) whose rows in the restored database the
    database kept aside at the restore (the one from before it) no longer has — erased with
    /effacer or purged by the retention period since the backup. Either they are not in the
    kept file at all, or they started again since (a new conversation, same chat): then the
    backup's latest message of theirs is no longer in the kept file (an erasure takes every
    row; the purge takes the oldest first, so their latest only once all went), or their
    users row was created anew (it goes only with everything else of theirs). The audit
    cannot say whom: it keeps only that an erasure happened. Refused (BackupError) when the
    kept file cannot be read, fails its check, or holds nobody: erasing on its word would
    then erase everyone."""
    kept = Path(kept)
    if not kept.is_file():
        raise BackupError(f"{kept} : base introuvable")
    people = _people(restored)
    latest = _latest_rows(restored)
    created = _users(restored)
    try:
        conn = sqlite3.connect(f"file:{kept}?mode=ro", uri=True)
        try:
            check = str(conn.execute("PRAGMA quick_check").fetchone()[0])
            if check != "ok":
                raise BackupError(f"{kept} n'est pas intègre : {check}")
            still = _people(conn)
            if not still:
                raise BackupError(
                    f"{kept} ne contient personne : est-ce bien la base d'avant la restauration ?"
                )
            chats = {chat for chat, _user in still}
            users = {user for _chat, user in still}
            renewed = {u for u, day in _users(conn).items() if created.get(u, day) != day}

            def erased(chat: int, user: int) -> bool:
                if chat not in chats and user not in users:
                    return True  # not in the kept file at all
                row = latest.get(chat)  # or started again since
                return user in renewed or (row is not None and not _still_there(conn, chat, row))

            gone = [(chat, user) for chat, user in sorted(people) if erased(chat, user)]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{kept} : {exc}") from exc
    return gone
