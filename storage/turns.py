"""Conversation turns and the outbox: one transaction per turn stores the incoming message,
the new state, the outgoing replies (marked unsent) and the lead, *before* anything is sent; a
redelivered update finds its replies and only sends those not yet sent."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from storage.base import UNREAD, ChangedMeanwhile, Outgoing, _now, _Unread, groupable
from storage.leads import Leads
from storage.reminders import reminder_due


class Turns(Leads):
    """Turns, their replies (the outbox) and the files sent with them."""

    # ------------------------------------------------------------------ conversation turns
    @groupable
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
        language_stored: str | None = None,
        state_read: str | _Unread | None = UNREAD,
    ) -> list[Outgoing]:
        """Store one turn atomically; return the outgoing rows to send (all unsent).
        `turn` is the update's inbox row: the key that makes a replayed update a no-op.
        `language_stored`: the person's language as the caller knows it is stored (the state
        it read was stored with it, in one transaction): the same, and the update is skipped
        (3.6 % of a turn's CPU for nothing, issue 28); None when unknown.
        `state_read`: the chat's stored state as the turn read it (`begin_turn`; None: none
        stored). If the turn read a stored state and the chat has none any more, another
        process erased the person (the desk, which cannot hold the bot's per-chat lock) or
        the purge took their conversation while the turn was in flight: `ChangedMeanwhile`
        is raised and nothing is written, so the turn brings back nothing of what was
        erased. Whether the row is there, not its text: the rights rewrite the state inside
        the turn (`keep_state`, the erasure question's mark), which is no erasure. Checked
        inside the write transaction, which holds SQLite's write lock: no erasure can come
        in between."""
        now = _now()
        out: list[Outgoing] = []
        conn = self.db.conn  # plain SQL on the hot path: sqlite-utils re-reads the schema
        with self.transaction():
            if state_read is not None and not isinstance(state_read, _Unread):
                row = conn.execute(
                    "select 1 from conversations where chat_id = ?", [chat_id]
                ).fetchone()
                if row is None:
                    raise ChangedMeanwhile(f"chat {chat_id}")
            if consent_now:
                conn.execute(
                    "insert into users (user_id, chat_id, first_name, language, consent_at, "
                    "notice_version, created_at) values (?, ?, ?, ?, ?, ?, ?) "
                    "on conflict(user_id) do update set chat_id = excluded.chat_id, "
                    "first_name = excluded.first_name, language = excluded.language, "
                    "consent_at = excluded.consent_at, notice_version = excluded.notice_version",
                    [user_id, chat_id, first_name, language, now, notice_version, now],
                )
            elif language != language_stored:
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
                        json.dumps(buttons, ensure_ascii=False) if buttons else "[]",
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
                        reminder_due(reminder["due_at"]),
                        language,
                        now,
                    ],
                )
        return out

    @groupable
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

    @groupable
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
        rows = self.db.conn.execute(  # plain SQL: once per turn, sqlite-utils' query re-parses
            f"select id, chat_id, position, text, buttons, columns from messages where {where} "
            "order by id",
            params,
        )
        return [
            Outgoing(id_, chat, position, text, json.loads(buttons or "[]"), columns or 1)
            for id_, chat, position, text, buttons, columns in rows
        ]

    @groupable
    def mark_sent(self, *message_ids: int) -> None:
        """One transaction for all the replies of a turn (they were delivered in order)."""
        if not message_ids:
            return
        with self.transaction():
            self._mark_sent(message_ids)

    @groupable
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

    # ------------------------------------------------------------------ files sent with replies
    @groupable
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

    @groupable
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

    @groupable
    def state_of(self, chat_id: int) -> str | None:
        """A chat's stored conversation state (JSON), to rebuild a file for a resent reply."""
        row = self.db.conn.execute(
            "select state from conversations where chat_id = ?", [chat_id]
        ).fetchone()
        return str(row[0]) if row else None

    def transcript(self, chat_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select direction, kind, text, buttons, step, created_at, update_id from messages "
                "where chat_id = ? order by id",
                [chat_id],
            )
        )
