"""SQLite through sqlite-utils: the only door to the database.

One transaction per conversation turn stores the incoming message, the new state, the outgoing
replies (marked unsent) and the lead, *before* anything is sent: a crash after it loses nothing,
and a redelivered update finds its replies and only sends those not yet sent. Tables and columns
are named for a human reading them in Datasette or `sqlite-utils`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from storage import counters
from storage.scrub import Scrub

log = logging.getLogger(__name__)


class StorageError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


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


def reminder_due(day: str) -> str:
    """A reminder goes out at 09:00, Paris time, on its day (stored in UTC)."""
    moment = dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(9, 0), tzinfo=ZoneInfo("Europe/Paris")
    )
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {
            "user_id": int,
            "chat_id": int,
            "first_name": str,
            "language": str,
            "consent_at": str,
            "notice_version": str,
            "created_at": str,
        },
        pk="user_id",
    )
    db["conversations"].create(
        {"chat_id": int, "user_id": int, "step": str, "state": str, "updated_at": str},
        pk="chat_id",
    )
    db["messages"].create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "direction": str,
            "update_id": int,
            "position": int,
            "kind": str,
            "text": str,
            "buttons": str,
            "columns": int,
            "step": str,
            "created_at": str,
            "sent": int,
        },
        pk="id",
    )
    db["messages"].create_index(["update_id", "direction", "position"], unique=True)
    db["messages"].create_index(["chat_id", "id"])
    db["leads"].create(
        {
            "id": str,
            "chat_id": int,
            "user_id": int,
            "created_at": str,
            "updated_at": str,
            "status": str,
            "first_name": str,
            "role": str,
            "commune": str,
            "insee": str,
            "epci": str,
            "territory": str,
            "fiche": int,
            "total": float,
            "request": float,
            "cofunding": float,
            "kind": str,
            "priority_area": str,
            "activity_funding": str,
            "audience": str,
            "description": str,
            "eligible": int,
            "call_closed": int,
            "checks": str,
            "contacts": str,
            "wants_contact": int,
            "contact": str,
            "note": str,
        },
        pk="id",
    )
    db["leads"].create_index(["created_at"])
    db["audit"].create({"id": int, "at": str, "actor": str, "action": str, "detail": str}, pk="id")


LEAD_SEARCH_COLUMNS = [
    "first_name",
    "role",
    "commune",
    "epci",
    "audience",
    "description",
    "contact",
    "note",
]


def _m002_staff(db: sqlite_utils.Database) -> None:
    """Lead numbers staff can type, full-text search, notifications and reminders."""
    db.execute("alter table leads add column number integer")
    for position, row in enumerate(db.query("select id from leads order by created_at, id"), 1):
        db.execute("update leads set number = ? where id = ?", [position, row["id"]])
    db["leads"].create_index(["number"], unique=True)
    db["leads"].create_index(["chat_id"])
    db["messages"].enable_fts(["text"], create_triggers=True, tokenize="unicode61")
    db["leads"].enable_fts(LEAD_SEARCH_COLUMNS, create_triggers=True, tokenize="unicode61")
    db["notifications"].create(
        {
            "id": int,
            "lead_id": str,
            "chat_id": int,  # the person's chat: erased with them
            "staff_user_id": int,
            "created_at": str,
            "sent": int,
        },
        pk="id",
    )
    db["notifications"].create_index(["lead_id", "staff_user_id"], unique=True)
    db["reminders"].create(
        {
            "id": int,
            "chat_id": int,
            "user_id": int,
            "deadline": str,  # calendar step id in call.toml
            "deadline_date": str,
            "due_at": str,
            "language": str,
            "created_at": str,
            "sent_at": str,
            "cancelled_at": str,
        },
        pk="id",
    )
    db["reminders"].create_index(["chat_id", "deadline", "due_at"], unique=True)
    db["audit"].add_column("user_id", int)


def _m003_search_triggers(db: sqlite_utils.Database) -> None:
    """Re-index a row only when an indexed column changes. sqlite-utils' update triggers fire
    on any column, so marking a reply sent re-tokenised its text: a third of a turn's cost."""
    for table, columns in (("messages", ["text"]), ("leads", LEAD_SEARCH_COLUMNS)):
        quoted = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        db.execute(f'drop trigger if exists "{table}_au"')
        db.execute(
            f'create trigger "{table}_au" after update of {quoted} on "{table}" begin\n'
            f'  insert into "{table}_fts" ("{table}_fts", rowid, {quoted}) '
            f"values('delete', old.rowid, {old});\n"
            f'  insert into "{table}_fts" (rowid, {quoted}) values (new.rowid, {new});\n'
            "end"
        )


def _m005_console(db: sqlite_utils.Database) -> None:
    """Staff console and a staff side safe with personal data.

    `lead_numbers` hands out lead numbers with AUTOINCREMENT, so a number is never reused after
    an erasure, and remembers (without any personal data) that number N was erased. Staff
    notifications keep their Telegram message id, so an erasure can delete them. `erasures`
    queues what staff must be told and which messages to delete (numbers and ids only).
    Console login tokens and sessions are stored hashed. Audit rows say which lead they concern.
    """
    db.execute(
        "create table lead_numbers (number integer primary key autoincrement, "
        "lead_id text unique, erased_at text, reason text)"
    )
    db.execute(
        "insert into lead_numbers (number, lead_id) "
        "select number, id from leads where number is not null order by number"
    )
    db["notifications"].add_column("message_id", int)
    # One narrow covering index for the console and /stats: newest-first pages, the filters,
    # their counts and the statistics read it instead of the wide rows (100,000 leads: ~6 MB
    # of index against ~60 MB of table).
    db["leads"].create_index(
        [
            "created_at",
            "number",
            "territory",
            "fiche",
            "status",
            "wants_contact",
            "call_closed",
            "eligible",
        ],
        index_name="leads_console",
    )
    db["audit"].add_column("lead", int)
    db["erasures"].create(
        {"id": int, "numbers": str, "messages": str, "created_at": str, "done_at": str},
        pk="id",
    )
    db["console_tokens"].create(
        {"token_hash": str, "user_id": int, "created_at": str, "expires_at": str, "used_at": str},
        pk="token_hash",
    )
    db["console_sessions"].create(
        {"id_hash": str, "user_id": int, "csrf": str, "created_at": str, "expires_at": str},
        pk="id_hash",
    )
    # Transcripts and cards the bot sent staff (/lead, "Ouvrir"): deleted on erasure too.
    db["staff_copies"].create(
        {"id": int, "lead_number": int, "chat_id": int, "message_id": int, "created_at": str},
        pk="id",
    )
    db["staff_copies"].create_index(["lead_number"])


def _m006_documents(db: sqlite_utils.Database) -> None:
    """The lead keeps what regenerates the person's fiche synthétique (JSON of the answers,
    never the file), and an outgoing reply names the file it carries, so a reply resent after
    a crash gets its file again. Both go with the person's rows on erasure and purge."""
    db.execute("alter table leads add column sheet text")


def _m004_inbox(db: sqlite_utils.Database) -> None:
    """The inbox: every update from Telegram, stored before it is confirmed, processed later.

    An update is known by its update_id *and* a digest of its content: Telegram reuses update
    ids after a week without updates, and a reused id must not pass for a duplicate. A turn's
    messages are keyed by their inbox row (`turn`) instead of the update id, for the same
    reason. Outgoing messages Telegram keeps refusing are parked (`failed_at`), never retried
    forever."""
    db.execute(
        "create table inbox (id integer primary key, update_id integer not null, "
        "digest text not null, chat_id integer, raw text, received_at text not null, "
        "attempts integer not null default 0, status text not null default 'pending', "
        "done_at text, error text)"
    )
    db.execute("create unique index inbox_update on inbox (update_id, digest)")
    db.execute("create index inbox_status on inbox (status, id)")
    db.execute("create index inbox_chat on inbox (chat_id)")
    db.execute("alter table messages add column turn integer")
    db.execute("alter table messages add column failed_at text")
    db.execute("alter table messages add column send_failures integer")
    db.execute("drop index if exists idx_messages_update_id_direction_position")
    db.execute("create index messages_update on messages (update_id)")
    db.execute("create unique index messages_turn on messages (turn, direction, position)")


def _m007_money_text(db: sqlite_utils.Database) -> None:
    """Amounts as exact decimal text ("45000.50"), never binary floats: a REAL column stores
    1999.99 as 1999.98999…, and money must stay Decimal end to end. SQLite cannot change a
    column's type in place, so each amount column is added as text, filled, and swapped in
    (none of them is indexed or read by a trigger, which DROP COLUMN requires)."""
    for column in ("total", "request", "cofunding"):
        db.execute(f'alter table leads add column "{column}_text" text')
        db.execute(
            f'update leads set "{column}_text" = '
            f'case when "{column}" is null then null else printf(\'%.2f\', "{column}") end'
        )
        db.execute(f'alter table leads drop column "{column}"')
        db.execute(f'alter table leads rename column "{column}_text" to "{column}"')


def _m008_unsent_index(db: sqlite_utils.Database) -> None:
    """Replies not yet sent (or parked), found without scanning every message: at start
    (replies a crash left), at each turn (the chat's earlier unsent replies) and at each
    /metrics scrape. Partial: a reply leaves it once sent, so it stays a few rows."""
    db.execute(
        "create index messages_unsent on messages (chat_id, id) "
        "where direction = 'out' and sent = 0"
    )


def _m009_person_indexes(db: sqlite_utils.Database) -> None:
    """Every row about a person found through an index: erasure deletes `chat_id = ? or
    user_id = ?` in each table, and without both columns indexed SQLite read whole tables
    (0.5 s at 100,000 rows; issue 28)."""
    for table, column in (
        ("messages", "user_id"),
        ("leads", "user_id"),
        ("conversations", "user_id"),
        ("reminders", "user_id"),
        ("users", "chat_id"),
        ("notifications", "chat_id"),
    ):
        db.execute(f"create index if not exists {table}_{column} on {table} ({column})")


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_staff", _m002_staff),
    ("003_search_triggers", _m003_search_triggers),
    ("005_console", _m005_console),
    ("006_documents", _m006_documents),
    ("004_inbox", _m004_inbox),
    ("007_money_text", _m007_money_text),
    ("008_unsent_index", _m008_unsent_index),
    ("009_person_indexes", _m009_person_indexes),
    ("010_counters", counters.migrate),
]


LEAD_FIELDS = (
    "role",
    "commune",
    "insee",
    "epci",
    "territory",
    "fiche",
    "total",
    "request",
    "cofunding",
    "kind",
    "priority_area",
    "activity_funding",
    "audience",
    "description",
    "contact",
    "sheet",
)
PERSONAL_TABLES = (
    "messages",
    "leads",
    "notifications",
    "reminders",
    "conversations",
    "users",
    "inbox",
)


@dataclass(frozen=True, slots=True)
class Erasure:
    """What one erasure removed: rows per table, the lead numbers, and the staff
    notifications queued for deletion. The scrub of the search indexes and the WAL follows,
    off the conversations' thread (`storage.scrub`)."""

    rows: dict[str, int]
    leads: list[int]
    staff_messages: int

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _owner_only(path: str) -> None:
    """Create the database file readable by its owner only (0600), and tighten an existing
    one and its WAL/shared-memory files (SQLite gives those the database file's mode)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        if os.path.exists(name):
            os.chmod(name, 0o600)


class Store:
    """Synchronous store; the bot calls it from one worker thread, never the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
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
        alone would not group statements. Tolerates sqlite-utils helpers that commit early."""
        conn = self.db.conn
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
        applied = []
        for name, migration in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                migration(self.db)
                self.db["migrations"].insert({"name": name, "applied_at": _now()})
            applied.append(name)
        return applied

    # ------------------------------------------------------------------ conversation turns
    def record_turn(
        self,
        *,
        chat_id: int,
        user_id: int,
        update_id: int,
        first_name: str,
        kind: str,
        text: str,
        step_before: str,
        state_json: str,
        step_after: str,
        language: str,
        replies: Iterable[tuple[str, list[list[str]], int]],
        consent_now: bool,
        notice_version: str,
        lead: dict[str, Any] | None,
        notify: Iterable[int] = (),
        reminders: Iterable[dict[str, Any]] = (),
        turn: int | None = None,
    ) -> list[Outgoing]:
        """Store one turn atomically; return the outgoing rows to send (all unsent).
        `turn` is the update's inbox row: the key that makes a replayed update a no-op."""
        now = _now()
        out: list[Outgoing] = []
        conn = self.db.conn  # plain SQL on the hot path: sqlite-utils re-reads the schema
        with self.transaction():
            if consent_now:
                conn.execute(
                    "insert into users (user_id, chat_id, first_name, language, consent_at, "
                    "notice_version, created_at) values (?, ?, ?, ?, ?, ?, ?) "
                    "on conflict(user_id) do update set chat_id = excluded.chat_id, "
                    "first_name = excluded.first_name, language = excluded.language, "
                    "consent_at = excluded.consent_at, notice_version = excluded.notice_version",
                    [user_id, chat_id, first_name, language, now, notice_version, now],
                )
            else:
                conn.execute(
                    "update users set language = ? where user_id = ? and language is not ?",
                    [language, user_id, language],
                )
            conn.execute(
                "insert into messages (chat_id, user_id, direction, update_id, turn, position, "
                "kind, text, step, created_at, sent) values (?, ?, 'in', ?, ?, 0, ?, ?, ?, ?, 1)",
                [chat_id, user_id, update_id, turn, kind, text, step_before, now],
            )
            for position, (reply_text, buttons, columns) in enumerate(replies):
                cursor = conn.execute(
                    "insert into messages (chat_id, user_id, direction, update_id, turn, "
                    "position, kind, text, buttons, columns, step, created_at, sent) "
                    "values (?, ?, 'out', ?, ?, ?, 'text', ?, ?, ?, ?, ?, 0)",
                    [
                        chat_id,
                        user_id,
                        update_id,
                        turn,
                        position,
                        reply_text,
                        json.dumps(buttons, ensure_ascii=False),
                        columns,
                        step_after,
                        now,
                    ],
                )
                row_id = cursor.lastrowid
                out.append(
                    Outgoing(int(row_id or 0), chat_id, position, reply_text, buttons, columns)
                )
            conn.execute(
                "insert into conversations (chat_id, user_id, step, state, updated_at) "
                "values (?, ?, ?, ?, ?) on conflict(chat_id) do update set "
                "user_id = excluded.user_id, step = excluded.step, state = excluded.state, "
                "updated_at = excluded.updated_at",
                [chat_id, user_id, step_after, state_json, now],
            )
            if lead is not None:
                lead_id = self._upsert_lead(chat_id, user_id, first_name, lead, now)
                self._notify(lead_id, chat_id, notify, now)
            for reminder in reminders:
                self.db.execute(
                    "insert or ignore into reminders (chat_id, user_id, deadline, deadline_date, "
                    "due_at, language, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                    [
                        chat_id,
                        user_id,
                        reminder["deadline"],
                        reminder["date"],
                        reminder_due(reminder["due"]),
                        language,
                        now,
                    ],
                )
        return out

    def _upsert_lead(
        self, chat_id: int, user_id: int, first_name: str, lead: dict[str, Any], now: str
    ) -> str:
        lead_id = f"{chat_id}-{lead['conversation']}"
        existing = list(
            self.db.query(
                "select created_at, status, note, number from leads where id = ?", [lead_id]
            )
        )
        if existing:
            number = existing[0]["number"]
        else:  # AUTOINCREMENT: never a number an erased lead had
            number = self.db.conn.execute(
                "insert into lead_numbers (lead_id) values (?)", [lead_id]
            ).lastrowid
        row = {
            "id": lead_id,
            "number": number,
            "chat_id": chat_id,
            "user_id": user_id,
            "created_at": existing[0]["created_at"] if existing else now,
            "updated_at": now,
            "status": existing[0]["status"] if existing else "nouveau",
            "note": existing[0]["note"] if existing else None,
            "first_name": first_name,
            **{key: lead.get(key) for key in LEAD_FIELDS},
            "eligible": int(bool(lead.get("eligible"))),
            "call_closed": int(bool(lead.get("closed"))),
            "wants_contact": int(bool(lead.get("wants_contact"))),
            "checks": json.dumps(lead.get("checks", {}), ensure_ascii=False),
            "contacts": ", ".join(lead.get("contacts", [])),
        }
        self.db["leads"].upsert(row, pk="id")
        return lead_id

    def _notify(self, lead_id: str, chat_id: int, staff: Iterable[int], now: str) -> None:
        for staff_user_id in staff:
            self.db.execute(
                "insert or ignore into notifications "
                "(lead_id, chat_id, staff_user_id, created_at, sent) values (?, ?, ?, ?, 0)",
                [lead_id, chat_id, staff_user_id, now],
            )

    # ------------------------------------------------------------------ reminders
    def pending_reminders(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Reminders neither sent nor cancelled (of one chat, or all), soonest first."""
        where = "sent_at is null and cancelled_at is null"
        params: list[Any] = []
        if chat_id is not None:
            where += " and chat_id = ?"
            params.append(chat_id)
        return list(
            self.db.query(f"select * from reminders where {where} order by due_at", params)
        )

    def cancel_reminders(self, chat_id: int, reminder_id: int | None = None) -> int:
        sql = "update reminders set cancelled_at = ? where chat_id = ? and sent_at is null"
        params: list[Any] = [_now(), chat_id]
        if reminder_id is not None:
            sql += " and id = ?"
            params.append(reminder_id)
        with self.transaction():
            return self.db.conn.execute(sql + " and cancelled_at is null", params).rowcount

    def claim_reminder(
        self, reminder_id: int, text_for: Callable[[dict[str, Any]], str]
    ) -> Outgoing | None:
        """Mark a due reminder sent and store its message (unsent) in one transaction: from
        then on the usual resend-after-crash path delivers it, and nothing claims it twice."""
        with self.transaction():
            rows = list(
                self.db.query(
                    "select * from reminders where id = ? and sent_at is null "
                    "and cancelled_at is null",
                    [reminder_id],
                )
            )
            if not rows:
                return None
            now = _now()
            text = text_for(rows[0])
            self.db.execute("update reminders set sent_at = ? where id = ?", [now, reminder_id])
            chat_id = rows[0]["chat_id"]
            row_id = (
                self.db["messages"]
                .insert(
                    {
                        "chat_id": chat_id,
                        "user_id": rows[0]["user_id"],
                        "direction": "out",
                        "update_id": None,
                        "position": 0,
                        "kind": "reminder",
                        "text": text,
                        "buttons": "[]",
                        "columns": 1,
                        "step": "reminder",
                        "created_at": now,
                        "sent": 0,
                    }
                )
                .last_pk
            )
        return Outgoing(int(row_id), chat_id, 0, text, [], 1)

    # ------------------------------------------------------------------ files sent with replies
    def mark_attachments(self, attachments: Iterable[tuple[int, str]]) -> None:
        """Record which file an outgoing reply carries ("calendar", "sheet") in its `kind`.
        Files are never stored: a reply resent after a crash is given its file again, made
        from the stored state."""
        pairs = [(kind, message_id) for message_id, kind in attachments if message_id]
        if not pairs:
            return
        with self.transaction():
            self.db.conn.executemany(
                "update messages set kind = ? where id = ? and direction = 'out'", pairs
            )

    def attachments(self, message_ids: Iterable[int]) -> dict[int, str]:
        """message id -> the file it carries, for the given outgoing replies that carry one."""
        ids = [i for i in message_ids if i]
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.conn.execute(
            f"select id, kind from messages where id in ({marks}) and direction = 'out' "
            "and kind not in ('text', 'reminder')",
            ids,
        )
        return {int(row[0]): str(row[1]) for row in rows}

    def state_of(self, chat_id: int) -> str | None:
        """A chat's stored conversation state (JSON), to rebuild a file for a resent reply."""
        row = self.db.conn.execute(
            "select state from conversations where chat_id = ?", [chat_id]
        ).fetchone()
        return str(row[0]) if row else None

    def pending_notifications(self) -> list[dict[str, Any]]:
        """Staff notifications stored but not yet delivered, with their lead."""
        return list(
            self.db.query(
                "select n.id as notification_id, n.staff_user_id, l.* from notifications n "
                "join leads l on l.id = n.lead_id where n.sent = 0 order by n.id"
            )
        )

    def mark_notified(self, notification_id: int, failed: bool = False) -> None:
        """Sent (1), or parked because Telegram refuses it for good (-1): never tried again."""
        with self.transaction():
            self.db["notifications"].update(notification_id, {"sent": -1 if failed else 1})

    def mark_sent(self, *message_ids: int) -> None:
        """One transaction for all the replies of a turn (they were delivered in order)."""
        if not message_ids:
            return
        with self.transaction():
            self._mark_sent(message_ids)

    def _mark_sent(self, message_ids: Iterable[int]) -> None:
        ids = [i for i in message_ids if i]
        if ids:
            marks = ",".join("?" * len(ids))
            self.db.conn.execute(f"update messages set sent = 1 where id in ({marks})", ids)

    def begin_turn(
        self, update_id: int, chat_id: int, turn: int | None = None
    ) -> tuple[bool, str | None, list[Outgoing]]:
        """Whether this update was already stored, the chat's state, and the chat's replies
        an earlier turn could not send (`unsent(chat_id=…)`): one trip to SQLite.
        With an inbox row (`turn`) the row is the key; without one, the update id."""
        conn = self.db.conn
        column, key = ("turn", turn) if turn is not None else ("update_id", update_id)
        seen = conn.execute(
            f"select 1 from messages where {column} = ? and direction = 'in' limit 1", [key]
        ).fetchone()
        state = conn.execute(
            "select state from conversations where chat_id = ?", [chat_id]
        ).fetchone()
        earlier = [] if seen is not None else self.unsent(chat_id=chat_id)
        return seen is not None, state[0] if state else None, earlier

    def unsent(
        self, update_id: int | None = None, turn: int | None = None, chat_id: int | None = None
    ) -> list[Outgoing]:
        """Replies stored but neither sent nor parked (for one turn, or all: after a crash;
        then those of updates still waiting in the inbox are left to their replay). With
        `chat_id`, only that chat's (the turn being handled is still pending, so its own
        replies are not among them)."""
        where = "direction = 'out' and sent = 0 and failed_at is null"
        params: list[Any] = []
        if chat_id is not None:
            where += " and chat_id = ?"
            params.append(chat_id)
        if turn is not None:
            where += " and turn = ?"
            params.append(turn)
        elif update_id is not None:
            where += " and update_id = ?"
            params.append(update_id)
        else:
            where += (
                " and (turn is null or turn not in "
                "(select id from inbox where status = 'pending'))"
            )
        rows = self.db.query(
            f"select id, chat_id, position, text, buttons, columns from messages where {where} "
            "order by id",
            params,
        )
        return [
            Outgoing(
                r["id"],
                r["chat_id"],
                r["position"],
                r["text"],
                json.loads(r["buttons"] or "[]"),
                r["columns"] or 1,
            )
            for r in rows
        ]

    def send_failed(self, message_id: int, error: str, max_rounds: int) -> bool:
        """One more round of sending this message failed; at `max_rounds` it is parked (never
        tried again; `failed_at` keeps when and the error's kind). True if now parked."""
        with self.transaction():
            row = self.db.conn.execute(
                "update messages set send_failures = coalesce(send_failures, 0) + 1, "
                "failed_at = case when coalesce(send_failures, 0) + 1 >= ? then ? end "
                "where id = ? returning failed_at",
                [max_rounds, f"{_now()} {error}", message_id],
            ).fetchone()
        return row is not None and row[0] is not None

    # ------------------------------------------------------------------ the inbox
    def inbox_add(self, updates: Iterable[tuple[int, str, int | None, str]]) -> list[InboxRow]:
        """Store updates (update_id, digest, chat, raw JSON) in one transaction; return the new
        rows. One already held (same id, same content) is skipped: Telegram handed it over
        again because we died before confirming it."""
        now = _now()
        added: list[InboxRow] = []
        with self.transaction():
            for update_id, digest, chat_id, raw in updates:
                row = self.db.conn.execute(
                    "insert into inbox (update_id, digest, chat_id, raw, received_at) "
                    "values (?, ?, ?, ?, ?) on conflict do nothing returning id",
                    [update_id, digest, chat_id, raw, now],
                ).fetchone()
                if row is not None:
                    added.append(InboxRow(row[0], update_id, chat_id, raw, 0))
        return added

    def inbox_pending(self) -> list[InboxRow]:
        """Updates stored but not yet handled (after a crash: to replay), oldest first."""
        return [
            InboxRow(*row)
            for row in self.db.conn.execute(
                "select id, update_id, chat_id, raw, attempts from inbox "
                "where status = 'pending' order by id"
            )
        ]

    def inbox_done(self, row_id: int, sent: Iterable[int] = ()) -> None:
        """Handled: keep only what recognises a redelivery (no chat, no content). The turn's
        replies delivered meanwhile are marked sent in the same transaction (one trip)."""
        with self.transaction():
            self._mark_sent(sent)
            self.db.conn.execute(
                "update inbox set status = 'done', raw = null, chat_id = null, done_at = ? "
                "where id = ?",
                [_now(), row_id],
            )

    def inbox_failed(
        self, row_id: int, error: str, max_attempts: int, sent: Iterable[int] = ()
    ) -> tuple[int, bool]:
        """One more failed attempt; parked (kept, no longer tried) at `max_attempts`.
        Returns the attempts so far and whether the update is now parked. Replies the attempt
        did deliver are marked sent: a retry must not send them again."""
        with self.transaction():
            self._mark_sent(sent)
            attempts = self.db.conn.execute(
                "update inbox set attempts = attempts + 1, error = ?, "
                "status = case when attempts + 1 >= ? then 'parked' else status end "
                "where id = ? returning attempts",
                [error, max_attempts, row_id],
            ).fetchone()
        count = int(attempts[0]) if attempts else max_attempts
        return count, count >= max_attempts

    def inbox_prune(self, done_before: dt.datetime, parked_before: dt.datetime) -> int:
        """Forget handled updates older than Telegram's redelivery window, and parked ones
        (which hold what the person sent) older than the retention period."""

        def iso(moment: dt.datetime) -> str:
            return moment.astimezone(dt.UTC).isoformat(timespec="seconds")

        with self.transaction():
            return self.db.conn.execute(
                "delete from inbox where (status = 'done' and received_at < ?) "
                "or (status = 'parked' and received_at < ?)",
                [iso(done_before), iso(parked_before)],
            ).rowcount

    def transcript(self, chat_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select direction, kind, text, step, created_at, update_id from messages "
                "where chat_id = ? order by id",
                [chat_id],
            )
        )

    def leads(self) -> list[dict[str, Any]]:
        return list(self.db.query("select * from leads order by created_at desc"))

    # ------------------------------------------------------------------ the person's rights
    def user_data(self, chat_id: int, user_id: int) -> dict[str, Any]:
        """Everything stored about a person, for /mesdonnees."""

        def rows(sql: str, *params: Any) -> list[dict[str, Any]]:
            return list(self.db.query(sql, list(params)))

        return {
            "user": rows("select * from users where user_id = ?", user_id),
            "conversation": rows(
                "select * from conversations where chat_id = ? or user_id = ?", chat_id, user_id
            ),
            "leads": rows(
                "select * from leads where chat_id = ? or user_id = ?", chat_id, user_id
            ),
            "reminders": rows(
                "select deadline, deadline_date, due_at, sent_at, cancelled_at from reminders "
                "where chat_id = ? or user_id = ?",
                chat_id,
                user_id,
            ),
            "transcript": rows(
                "select direction, kind, text, step, created_at from messages "
                "where chat_id = ? or user_id = ? order by id",
                chat_id,
                user_id,
            ),
            "unprocessed": rows(  # updates the bot could not handle, kept as received
                "select received_at, raw from inbox where chat_id = ? and status = 'parked'",
                chat_id,
            ),
        }

    def erase(self, chat_id: int, user_id: int) -> int:
        """Delete every row about a person; secure_delete zeroes the freed bytes."""
        return self.erase_person(chat_id, user_id).total

    def erase_person(self, chat_id: int, user_id: int) -> Erasure:
        """Delete every row about a person and say what went. The lead numbers are marked
        erased (never reused); the staff notification messages about them are queued in
        `erasures` so the bot deletes them and tells staff (numbers and ids only)."""
        rows: dict[str, int] = {}
        conn = self.db.conn
        now = _now()
        with self.transaction():
            leads = [
                (r[0], r[1])
                for r in conn.execute(
                    "select id, number from leads where chat_id = ? or user_id = ? "
                    "order by number",
                    [chat_id, user_id],
                )
            ]
            messages = [
                [r[0], r[1]]
                for r in conn.execute(
                    "select staff_user_id, message_id from notifications "
                    "where chat_id = ? and message_id is not null",
                    [chat_id],
                )
            ]
            numbers = [int(number) for _, number in leads if number is not None]
            for number in numbers:
                messages += [
                    [r[0], r[1]]
                    for r in conn.execute(
                        "select chat_id, message_id from staff_copies where lead_number = ?",
                        [number],
                    )
                ]
                conn.execute("delete from staff_copies where lead_number = ?", [number])
            for table in PERSONAL_TABLES:
                where = "chat_id = ? or user_id = ?"
                params: list[Any] = [chat_id, user_id]
                if table == "notifications":
                    where, params = "chat_id = ?", [chat_id]
                elif table == "inbox":  # parked updates; those still to handle came after
                    where, params = "chat_id = ? and status = 'parked'", [chat_id]
                rows[table] = conn.execute(f"delete from {table} where {where}", params).rowcount
            conn.executemany(
                "update lead_numbers set lead_id = null, erased_at = ?, reason = 'erasure' "
                "where lead_id = ?",
                [(now, lead_id) for lead_id, _ in leads],
            )
            if numbers or messages:
                conn.execute(
                    "insert into erasures (numbers, messages, created_at) values (?, ?, ?)",
                    [json.dumps(numbers), json.dumps(messages), now],
                )
            self.audit("person", "erasure", f"{sum(rows.values())} rows")
        self.deletions += 1
        return Erasure(rows, numbers, len(messages))

    def lead_fate(self, number: int) -> str | None:
        """'erasure' or 'retention' if lead `number` existed and was deleted, else None."""
        row = self.db.conn.execute(
            "select reason from lead_numbers where number = ? and erased_at is not null",
            [number],
        ).fetchone()
        return str(row[0]) if row else None

    def pending_erasures(self) -> list[dict[str, Any]]:
        """Erasures staff have not yet been told about, oldest first."""
        return [
            {**r, "numbers": json.loads(r["numbers"]), "messages": json.loads(r["messages"])}
            for r in self.db.query("select * from erasures where done_at is null order by id")
        ]

    def erasure_done(self, erasure_id: int) -> None:
        """Staff were told and the messages deleted: forget the message ids."""
        with self.transaction():
            self.db.execute(
                "update erasures set done_at = ?, messages = '[]' where id = ?",
                [_now(), erasure_id],
            )

    def record_staff_copies(self, number: int, chat_id: int, message_ids: list[int]) -> None:
        """Remember the messages that showed lead `number` to a staff member, to delete them if
        the person erases their data (lead number, chat and message ids only)."""
        now = _now()
        with self.transaction():
            self.db.conn.executemany(
                "insert into staff_copies (lead_number, chat_id, message_id, created_at) "
                "values (?, ?, ?, ?)",
                [(number, chat_id, message_id, now) for message_id in message_ids],
            )
            # Telegram lets a bot delete its messages for 48 hours: older ids are useless.
            cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).isoformat(timespec="seconds")
            self.db.conn.execute("delete from staff_copies where created_at < ?", [cutoff])

    def mark_notification_message(self, notification_id: int, message_id: int) -> None:
        """Remember which Telegram message carries a notification, to delete it on erasure."""
        with self.transaction():
            self.db.execute(
                "update notifications set message_id = ? where id = ?",
                [message_id, notification_id],
            )

    def purge(self, cutoff: dt.datetime) -> int:
        """Delete transcripts, leads, state and reminders last touched before `cutoff`."""
        before = cutoff.astimezone(dt.UTC).isoformat(timespec="seconds")
        deleted = 0
        with self.transaction():
            self.db.conn.execute(
                "update lead_numbers set lead_id = null, erased_at = ?, reason = 'retention' "
                "where lead_id in (select id from leads where updated_at < ?)",
                [_now(), before],
            )
            for sql in (
                "delete from messages where created_at < ?",
                "delete from notifications where lead_id in "
                "(select id from leads where updated_at < ?)",
                "delete from leads where updated_at < ?",
                "delete from reminders where due_at < ?",
                "delete from conversations where updated_at < ?",
                "delete from users where created_at < ? and chat_id not in "
                "(select chat_id from conversations) and user_id not in "
                "(select user_id from leads)",
            ):
                deleted += self.db.conn.execute(sql, [before]).rowcount
            self.audit("retention", "purge", f"{deleted} rows before {before}")
        self.deletions += 1
        return deleted

    def scrub(self) -> bool:
        """After deletions, all at once on this connection (the command line, tests): merge
        the search indexes and truncate the WAL, so erased text is gone from the files on
        disk. The bot runs the same work in small steps on its own connection instead.
        False if a reader holding old pages blocked the truncation (`scrub_pending` stays
        set, the caller tries again later); logged without any content."""
        target = self.deletions
        if not Scrub(self.db.conn, pages=1024).finish():
            log.warning(
                "erasure scrub incomplete: a reader holds old pages, the WAL was not "
                "truncated; will retry"
            )
            return False
        self.scrubbed(target)
        return True

    @property
    def scrub_pending(self) -> bool:
        return self.deletions > self.scrubbed_through

    def scrubbed(self, deletions: int) -> None:
        """A scrub that started after `deletions` deletions completed."""
        self.scrubbed_through = max(self.scrubbed_through, deletions)

    def audit(
        self,
        actor: str,
        action: str,
        detail: str = "",
        user_id: int | None = None,
        lead: int | None = None,
    ) -> None:
        """Who did what, when, about which lead: never the content of a person's messages."""
        self.db["audit"].insert(
            {
                "at": _now(),
                "actor": actor,
                "action": action,
                "detail": detail,
                "user_id": user_id,
                "lead": lead,
            }
        )
