"""The person's rights and the retention period: what we keep about someone, erasing it all,
the nightly purge, and scrubbing what SQLite keeps of deleted rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.base import _now, log
from storage.leads import Leads
from storage.scrub import SEARCH_INDEXES, Scrub

__all__ = ["PERSONAL_TABLES", "SEARCH_INDEXES", "Erasure", "Privacy"]

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


class Privacy(Leads):
    """Access, erasure, purge and scrub."""

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
            messages += [  # search hits quoting the person's chat before any lead
                [r[0], r[1]]
                for r in conn.execute(
                    "select chat_id, message_id from staff_copies where person_chat = ?",
                    [chat_id],
                )
            ]
            conn.execute("delete from staff_copies where person_chat = ?", [chat_id])
            # one staff message may quote the person twice (a list, then a search): once
            messages = [list(m) for m in dict.fromkeys(tuple(m) for m in messages)]
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

    def pending_erasures(self) -> list[dict[str, Any]]:
        """Erasures staff have not yet been told about, oldest first."""
        return [
            {**r, "numbers": json.loads(r["numbers"]), "messages": json.loads(r["messages"])}
            for r in self.db.query("select * from erasures where done_at is null order by id")
        ]

    def erasure_done(
        self, erasure_id: int, deleted: Sequence[tuple[int, int]] | Sequence[list[int]] = ()
    ) -> None:
        """Staff were told and the messages deleted: forget the message ids. A deleted message
        may quote other people too (a list, search results): its other copies are forgotten
        as well, so their erasure does not count it as a message it could not delete."""
        with self.transaction():
            self.db.execute(
                "update erasures set done_at = ?, messages = '[]' where id = ?",
                [_now(), erasure_id],
            )
            self.db.conn.executemany(
                "delete from staff_copies where chat_id = ? and message_id = ?",
                [(int(chat), int(message)) for chat, message in deleted],
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
