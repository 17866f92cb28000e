"""Reminders of the call's deadlines: planned with a turn, claimed once when due, cancelled on
request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from storage.base import Core, Outgoing, _now


def reminder_due(moment: str) -> str:
    """When a reminder goes out, as the dialog planned it (an aware ISO time, its 09:00 in the
    region's time zone), stored in UTC; anything else is refused (the turn rolls back)."""
    due = dt.datetime.fromisoformat(moment)
    if due.tzinfo is None:
        raise ValueError(f"reminder time without a time zone: {moment!r}")
    return due.astimezone(dt.UTC).isoformat(timespec="seconds")


class Reminders(Core):
    """The reminders a person asked for."""

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
