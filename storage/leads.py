"""Leads and the audit trail: the lead a verdict leaves (one per conversation, numbered once and
for good), the staff told of it, their copies of it, and who did what."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from typing import Any

from sqlite_utils.db import jsonify_if_needed

from storage.base import Core, _now

# The columns of a lead the store fills itself, and those staff and the store's triggers own;
# every other column of `leads` takes the lead's value of the same name (the answers' columns,
# named by the question table's `lead`), so a question with a new column needs only the
# migration that adds it.
OWN_LEAD_COLUMNS = frozenset(
    {
        "id",
        "number",
        "chat_id",
        "user_id",
        "created_at",
        "updated_at",
        "status",
        "note",
        "first_name",
        "eligible",
        "call_closed",
        "wants_contact",
        "checks",
        "contacts",
    }
)
# The work queue's (009: the assignment, the verdict its trigger keeps from `checks`, the
# status's date, the jury's decision) and the open-data file's (013): a lead the person
# changes after the verdict (the fiche synthétique, a call-back asked) is written again, and
# that write must leave them alone. It set them all to NULL: the assignment, the decision and
# the amount granted were lost, and the verdict, NULL for an instant, was counted out of the
# statistics and back in by their trigger (issue 28).
STAFF_LEAD_COLUMNS = frozenset(
    {
        "assigned_to",
        "verdict",
        "status_at",
        "decision",
        "granted",
        "decided_on",
        "convention_on",
        "decision_ref",
        "payment",
        "paid_from",
        "paid_until",
    }
)


class Leads(Core):
    """Leads, staff notifications and the audit trail."""

    @functools.cached_property
    def lead_fields(self) -> tuple[str, ...]:
        """The columns of `leads` filled from the lead's values of the same name."""
        mine = OWN_LEAD_COLUMNS | STAFF_LEAD_COLUMNS
        return tuple(c for c in self.db["leads"].columns_dict if c not in mine)

    def _upsert_lead(
        self, chat_id: int, user_id: int, first_name: str, lead: dict[str, Any], now: str
    ) -> str:
        lead_id = f"{chat_id}-{lead['conversation']}"
        # Plain SQL: sqlite-utils' `query` wraps each statement in a savepoint (three trips).
        existing = self.db.conn.execute(
            "select created_at, status, note, number from leads where id = ?", [lead_id]
        ).fetchall()
        if existing:
            number = existing[0][3]
        else:  # AUTOINCREMENT: never a number an erased lead had
            number = self.db.conn.execute(
                "insert into lead_numbers (lead_id) values (?)", [lead_id]
            ).lastrowid
        row = {
            "id": lead_id,
            "number": number,
            "chat_id": chat_id,
            "user_id": user_id,
            "created_at": existing[0][0] if existing else now,
            "updated_at": now,
            "status": existing[0][1] if existing else "nouveau",
            "note": existing[0][2] if existing else None,
            "first_name": first_name,
            **{key: lead.get(key) for key in self.lead_fields},
            "eligible": int(bool(lead.get("eligible"))),
            "call_closed": int(bool(lead.get("closed"))),
            "wants_contact": int(bool(lead.get("wants_contact"))),
            "checks": json.dumps(lead.get("checks", {}), ensure_ascii=False),
            "contacts": ", ".join(lead.get("contacts", [])),
        }
        sql, names = self._lead_upsert
        self.db.conn.execute(sql, [jsonify_if_needed(row[name]) for name in names])
        return lead_id

    @functools.cached_property
    def _lead_upsert(self) -> tuple[str, tuple[str, ...]]:
        """One statement for the lead's row, and its columns in order: a new lead
        fires the insert triggers, a known one the update triggers, once. sqlite-utils'
        `upsert` re-read the table's schema and ran an insert then an update on every verdict
        (issue 28)."""
        names = (
            "id", "number", "chat_id", "user_id", "created_at", "updated_at", "status", "note",
            "first_name", *self.lead_fields, "eligible", "call_closed", "wants_contact",
            "checks", "contacts",
        )  # fmt: skip
        columns = ", ".join(f'"{n}"' for n in names)
        updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
        sql = (
            f"insert into leads ({columns}) values ({', '.join('?' * len(names))}) "
            f"on conflict(id) do update set {updates}"
        )
        return sql, names

    def _notify(self, lead_id: str, chat_id: int, staff: Iterable[int], now: str) -> None:
        for staff_user_id in staff:
            self.db.execute(
                "insert or ignore into notifications "
                "(lead_id, chat_id, staff_user_id, created_at, sent) values (?, ?, ?, ?, 0)",
                [lead_id, chat_id, staff_user_id, now],
            )

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

    def leads(self) -> list[dict[str, Any]]:
        return list(self.db.query("select * from leads order by created_at desc"))

    def lead_fate(self, number: int) -> str | None:
        """'erasure' or 'retention' if lead `number` existed and was deleted, else None."""
        row = self.db.conn.execute(
            "select reason from lead_numbers where number = ? and erased_at is not null",
            [number],
        ).fetchone()
        return str(row[0]) if row else None

    def record_staff_copies(
        self,
        number: int | None,
        chat_id: int,
        message_ids: list[int],
        person_chat: int | None = None,
    ) -> None:
        """Remember the messages that showed lead `number` (or, for a search hit in a chat
        without a lead, the person's chat) to a staff member, to delete them if the person
        erases their data (numbers and ids only)."""
        now = _now()
        with self.transaction():
            self.db.conn.executemany(
                "insert into staff_copies (lead_number, chat_id, message_id, created_at, "
                "person_chat) values (?, ?, ?, ?, ?)",
                [(number, chat_id, message_id, now, person_chat) for message_id in message_ids],
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
