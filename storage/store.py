"""SQLite through sqlite-utils: the only door to the database.

One transaction per conversation turn stores the incoming message, the new state, the outgoing
replies (marked unsent) and the lead, *before* anything is sent: a crash after it loses nothing,
and a redelivered update finds its replies and only sends those not yet sent. Tables and columns
are named for a human reading them in Datasette or `sqlite-utils`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils


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


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
]


class Store:
    """Synchronous store; the bot calls it from one worker thread, never the event loop."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA foreign_keys = ON")
            self.db = sqlite_utils.Database(conn)
            self.migrate()
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"{self.path}: base de données inutilisable ({exc})") from exc

    def close(self) -> None:
        self.db.conn.close()

    def migrate(self) -> list[str]:
        """Apply pending migrations, recording each in the `migrations` table."""
        if "migrations" not in self.db.table_names():
            self.db["migrations"].create({"name": str, "applied_at": str}, pk="name")
        done = {row["name"] for row in self.db["migrations"].rows}
        applied = []
        for name, migration in MIGRATIONS:
            if name in done:
                continue
            with self.db.conn:
                migration(self.db)
                self.db["migrations"].insert({"name": name, "applied_at": _now()})
            applied.append(name)
        return applied

    # ------------------------------------------------------------------ conversation turns
    def load_state(self, chat_id: int) -> str | None:
        rows = list(self.db.query("select state from conversations where chat_id = ?", [chat_id]))
        return rows[0]["state"] if rows else None

    def seen(self, update_id: int) -> bool:
        return bool(
            list(
                self.db.query(
                    "select 1 from messages where update_id = ? and direction = 'in'", [update_id]
                )
            )
        )

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
    ) -> list[Outgoing]:
        """Store one turn atomically; return the outgoing rows to send (all unsent)."""
        now = _now()
        out: list[Outgoing] = []
        with self.db.conn:
            if consent_now:
                self.db["users"].upsert(
                    {
                        "user_id": user_id,
                        "chat_id": chat_id,
                        "first_name": first_name,
                        "language": language,
                        "consent_at": now,
                        "notice_version": notice_version,
                        "created_at": now,
                    },
                    pk="user_id",
                )
            self.db["messages"].insert(
                {
                    "chat_id": chat_id,
                    "user_id": user_id,
                    "direction": "in",
                    "update_id": update_id,
                    "position": 0,
                    "kind": kind,
                    "text": text,
                    "buttons": None,
                    "columns": None,
                    "step": step_before,
                    "created_at": now,
                    "sent": 1,
                }
            )
            for position, (reply_text, buttons, columns) in enumerate(replies):
                row_id = (
                    self.db["messages"]
                    .insert(
                        {
                            "chat_id": chat_id,
                            "user_id": user_id,
                            "direction": "out",
                            "update_id": update_id,
                            "position": position,
                            "kind": "text",
                            "text": reply_text,
                            "buttons": json.dumps(buttons, ensure_ascii=False),
                            "columns": columns,
                            "step": step_after,
                            "created_at": now,
                            "sent": 0,
                        }
                    )
                    .last_pk
                )
                out.append(Outgoing(int(row_id), chat_id, position, reply_text, buttons, columns))
            self.db["conversations"].upsert(
                {
                    "chat_id": chat_id,
                    "user_id": user_id,
                    "step": step_after,
                    "state": state_json,
                    "updated_at": now,
                },
                pk="chat_id",
            )
            if self._has_user(user_id):
                self.db["users"].update(user_id, {"language": language})
            if lead is not None:
                self._upsert_lead(chat_id, user_id, first_name, lead, now)
        return out

    def _has_user(self, user_id: int) -> bool:
        return bool(list(self.db.query("select 1 from users where user_id = ?", [user_id])))

    def _upsert_lead(
        self, chat_id: int, user_id: int, first_name: str, lead: dict[str, Any], now: str
    ) -> None:
        lead_id = f"{chat_id}-{lead['conversation']}"
        existing = list(
            self.db.query("select created_at, status, note from leads where id = ?", [lead_id])
        )
        row = {
            "id": lead_id,
            "chat_id": chat_id,
            "user_id": user_id,
            "created_at": existing[0]["created_at"] if existing else now,
            "updated_at": now,
            "status": existing[0]["status"] if existing else "nouveau",
            "note": existing[0]["note"] if existing else None,
            "first_name": first_name,
            **{
                key: lead.get(key)
                for key in (
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
                )
            },
            "eligible": int(bool(lead.get("eligible"))),
            "call_closed": int(bool(lead.get("closed"))),
            "wants_contact": int(bool(lead.get("wants_contact"))),
            "checks": json.dumps(lead.get("checks", {}), ensure_ascii=False),
            "contacts": ", ".join(lead.get("contacts", [])),
        }
        self.db["leads"].upsert(row, pk="id")

    def mark_sent(self, message_id: int) -> None:
        with self.db.conn:
            self.db["messages"].update(message_id, {"sent": 1})

    def unsent(self, update_id: int | None = None) -> list[Outgoing]:
        """Replies stored but not yet sent (for one update, or all: after a crash)."""
        where = "direction = 'out' and sent = 0"
        params: list[Any] = []
        if update_id is not None:
            where += " and update_id = ?"
            params.append(update_id)
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
            "transcript": rows(
                "select direction, kind, text, step, created_at from messages "
                "where chat_id = ? or user_id = ? order by id",
                chat_id,
                user_id,
            ),
        }

    def erase(self, chat_id: int, user_id: int) -> int:
        """Delete every row about a person; secure_delete zeroes the freed bytes."""
        deleted = 0
        with self.db.conn:
            for table, where in (
                ("messages", "chat_id = ? or user_id = ?"),
                ("leads", "chat_id = ? or user_id = ?"),
                ("conversations", "chat_id = ? or user_id = ?"),
                ("users", "chat_id = ? or user_id = ?"),
            ):
                cursor = self.db.conn.execute(
                    f"delete from {table} where {where}", [chat_id, user_id]
                )
                deleted += cursor.rowcount
            self.db["audit"].insert(
                {"at": _now(), "actor": "person", "action": "erasure", "detail": f"{deleted} rows"}
            )
        self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted
