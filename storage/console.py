"""Login tokens and sessions of the staff console, stored hashed.

A one-time link carries a random token; only its SHA-256 is stored, so a copy of the database
cannot be turned into a login. A token lives 10 minutes and works once. A session is a random
id (hashed the same way) with its own CSRF token, living 8 hours; sessions of people no longer
in STAFF_USER_IDS are deleted at start and refused on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from storage.store import Store

TOKEN_LIFETIME = dt.timedelta(minutes=10)
SESSION_LIFETIME = dt.timedelta(hours=8)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Session:
    id: str  # the raw id, as the (signed) cookie carries it
    user_id: int
    csrf: str
    expires_at: dt.datetime


class ConsoleAuth:
    """Issue and redeem login tokens; open, find and end sessions. Synchronous, like Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def issue_token(self, user_id: int, now: dt.datetime) -> str:
        """A fresh one-time login token for a staff member (the raw value goes in the link)."""
        token = secrets.token_urlsafe(32)
        with self.store.transaction():
            self.db.execute("delete from console_tokens where expires_at < ?", [_iso(now)])
            self.db.execute(
                "insert into console_tokens (token_hash, user_id, created_at, expires_at) "
                "values (?, ?, ?, ?)",
                [_hash(token), user_id, _iso(now), _iso(now + TOKEN_LIFETIME)],
            )
            self.store.audit(f"staff:{user_id}", "console:link", "", user_id)
        return token

    def redeem(self, token: str, now: dt.datetime) -> tuple[int | None, str]:
        """Use a token once: (user id, "ok") or (None, why: "unknown", "used", "expired").
        The row is marked used in the same transaction that reads it, so two clicks racing
        cannot both log in."""
        if not token or len(token) > 100:
            return None, "unknown"
        with self.store.transaction():
            rows = list(
                self.db.query("select * from console_tokens where token_hash = ?", [_hash(token)])
            )
            if not rows:
                return None, "unknown"
            row = rows[0]
            if row["used_at"]:
                return None, "used"
            if row["expires_at"] < _iso(now):
                return None, "expired"
            self.db.execute(
                "update console_tokens set used_at = ? where token_hash = ?",
                [_iso(now), row["token_hash"]],
            )
        return int(row["user_id"]), "ok"

    def open_session(self, user_id: int, now: dt.datetime) -> Session:
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = now + SESSION_LIFETIME
        with self.store.transaction():
            self.db.execute("delete from console_sessions where expires_at < ?", [_iso(now)])
            self.db.execute(
                "insert into console_sessions (id_hash, user_id, csrf, created_at, expires_at) "
                "values (?, ?, ?, ?, ?)",
                [_hash(session_id), user_id, csrf, _iso(now), _iso(expires)],
            )
            self.store.audit(f"staff:{user_id}", "console:login", "", user_id)
        return Session(session_id, user_id, csrf, expires)

    def session(self, session_id: str, now: dt.datetime) -> Session | None:
        """The live session with this id, or None (unknown, ended or expired)."""
        rows: list[dict[str, Any]] = list(
            self.db.query(
                "select * from console_sessions where id_hash = ? and expires_at >= ?",
                [_hash(session_id), _iso(now)],
            )
        )
        if not rows:
            return None
        row = rows[0]
        return Session(
            session_id,
            int(row["user_id"]),
            row["csrf"],
            dt.datetime.fromisoformat(row["expires_at"]),
        )

    def end_session(self, session_id: str) -> None:
        with self.store.transaction():
            self.db.execute("delete from console_sessions where id_hash = ?", [_hash(session_id)])

    def end_sessions_except(self, staff: frozenset[int]) -> int:
        """End the sessions and unused tokens of anyone no longer on the staff list."""
        marks = ",".join("?" * len(staff)) or "null"
        with self.store.transaction():
            ended = self.db.conn.execute(
                f"delete from console_sessions where user_id not in ({marks})", list(staff)
            ).rowcount
            self.db.conn.execute(
                f"delete from console_tokens where user_id not in ({marks})", list(staff)
            )
        return int(ended)
