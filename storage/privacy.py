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


PURGE_BATCH = 500  # rows of each kind per step of the purge: a few milliseconds each
# ...when the search indexes delete in place (FTS5 secure-delete, `storage.sqlite`): each
# indexed row deleted costs 0.5-0.8 ms of CPU at 1,000,000 rows (its words found and removed
# from the index's pages) where a merge would have come later, off the chats' thread; 500 a
# step held the chats' thread about 1 s (seventh round, issue 28). 20: about 30 ms of CPU.
PURGE_BATCH_IN_PLACE = 20
# What the purge deletes by its own date, through an index on that date (migration 015).
PURGED_BY_DATE = (
    ("messages", "created_at"),
    ("reminders", "due_at"),
    ("conversations", "updated_at"),
    ("person_notices", "created_at"),  # a staff erasure's message the bot never could send
    # Who did what with which lead (staff ids, lead numbers, the person's erasures counted):
    # the log answers for what was done with people's data while that data may be kept, the
    # retention period, and no longer — it named staff and lead numbers for ever, long after
    # the leads were gone (the erased numbers stay marked in `lead_numbers`, without a date
    # limit and without anyone's id). Migration 024 indexes its date.
    ("audit", "at"),
)


def _whose(table: str, chat_id: int, user_id: int) -> tuple[str, list[Any]]:
    """Which rows of a personal table are the person's: what an erasure deletes and what
    its preview counts (one source for both)."""
    if table == "notifications":
        return "chat_id = ?", [chat_id]
    if table == "inbox":  # parked updates; those still to handle came after
        return "chat_id = ? and status = 'parked'", [chat_id]
    return "chat_id = ? or user_id = ?", [chat_id, user_id]


def _before(cutoff: dt.datetime) -> str:
    return cutoff.astimezone(dt.UTC).isoformat(timespec="seconds")


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
    def sent_after(self, chat_id: int, update_id: int) -> bool:
        """Whether this chat has a stored message that Telegram numbered after `update_id`
        (sent later, whenever it reached us): what an erasure's confirmation does not cover.
        Through the chat's own rows (index on chat_id): in proportion to the person."""
        row = self.db.conn.execute(
            "select 1 from messages where chat_id = ? and direction = 'in' and update_id > ? "
            "limit 1",
            [chat_id, update_id],
        ).fetchone()
        return row is not None

    def keep_state(self, chat_id: int, state_json: str) -> None:
        """Store a chat's state outside a turn (the erasure's confirmation asked or answered,
        which stores no message): only a chat that has a stored state (consented) has one
        written; the retention clock (`updated_at`) is left alone."""
        with self.transaction():
            self.db.conn.execute(
                "update conversations set state = ? where chat_id = ?", [state_json, chat_id]
            )

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

    def erasure_preview(self, chat_id: int, user_id: int) -> Erasure:
        """What `erase_person` would delete, counted and deleting nothing: what staff are
        shown before they erase someone who asked by another channel (the desk, the console).
        Through the person's own rows (indexed by chat and user)."""
        conn = self.db.conn
        rows = {}
        for table in PERSONAL_TABLES:
            where, params = _whose(table, chat_id, user_id)
            rows[table] = int(
                conn.execute(f"select count(*) from {table} where {where}", params).fetchone()[0]
            )
        numbers = [
            int(r[0])
            for r in conn.execute(
                "select number from leads where (chat_id = ? or user_id = ?) "
                "and number is not null order by number",
                [chat_id, user_id],
            )
        ]
        marks = ",".join("?" * len(numbers)) or "null"
        staff = conn.execute(
            "select count(*) from (select staff_user_id, message_id from notifications "
            "where chat_id = ? and message_id is not null union select chat_id, message_id "
            f"from staff_copies where person_chat = ? or lead_number in ({marks}))",
            [chat_id, chat_id, *numbers],
        ).fetchone()[0]
        return Erasure(rows, numbers, int(staff))

    def erase(self, chat_id: int, user_id: int) -> int:
        """Delete every row about a person; secure_delete zeroes the freed bytes."""
        return self.erase_person(chat_id, user_id).total

    def erase_person(self, chat_id: int, user_id: int, tell: bool = False) -> Erasure:
        """Delete every row about a person and say what went. The lead numbers are marked
        erased (never reused); the staff notification messages about them are queued in
        `erasures` so the bot deletes them and tells staff (numbers and ids only).
        `tell`: staff erased the person at their request by another channel (the desk, the
        console): what went is queued in `person_notices`, with their language, for the bot
        to tell them in Telegram (`person_notices`, `person_told`): delivery stays the bot's,
        whichever process erased."""
        rows: dict[str, int] = {}
        conn = self.db.conn
        now = _now()
        with self.transaction():
            spoken = conn.execute(
                "select language from users where user_id = ? or chat_id = ? limit 1",
                [user_id, chat_id],
            ).fetchone()
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
                where, params = _whose(table, chat_id, user_id)
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
            if tell and sum(rows.values()):
                conn.execute(
                    "insert into person_notices (chat_id, language, erasure, created_at) "
                    "values (?, ?, ?, ?)",
                    [
                        chat_id,
                        spoken[0] if spoken else None,
                        json.dumps({"rows": rows, "leads": numbers}),
                        now,
                    ],
                )
            self.audit("person", "erasure", f"{sum(rows.values())} rows")
        self.deletions += 1
        return Erasure(rows, numbers, len(messages))

    def person_notices(self) -> list[tuple[int, int, str, Erasure]]:
        """Staff erasures whose person the bot has not told yet, oldest first: (id, chat,
        language, what went)."""
        found = []
        for id_, chat, language, erasure in self.db.conn.execute(
            "select id, chat_id, language, erasure from person_notices order by id"
        ):
            what = json.loads(erasure)
            found.append(
                (int(id_), int(chat), language or "fr", Erasure(what["rows"], what["leads"], 0))
            )
        return found

    def person_told(self, notice_id: int) -> None:
        """The person was told (or can never be: they blocked the bot): the chat id goes."""
        with self.transaction():
            self.db.conn.execute("delete from person_notices where id = ?", [notice_id])

    def pending_erasures(self) -> list[dict[str, Any]]:
        """Erasures staff have not yet been told about, oldest first."""
        return [
            {**r, "numbers": json.loads(r["numbers"]), "messages": json.loads(r["messages"])}
            for r in self.db.query("select * from erasures where done_at is null order by id")
        ]

    def erasure_done(
        self, erasure_id: int, deleted: Sequence[tuple[int, int]] | Sequence[list[int]] = ()
    ) -> None:
        """Staff were told and the messages deleted: the job goes. Its row held the erased
        lead numbers and the staff messages quoting the person until then; once done nothing
        needs them, and a row kept for ever would link the numbers to the erasure's time long
        after the person is gone. What the erasure log needs stays: `lead_numbers` says each
        number was erased and when, the audit that an erasure happened (`erase_person`) and,
        here, that staff were told and how many messages went (counts, no id). A deleted
        message may quote other people too (a list, search results): its other copies are
        forgotten as well, so their erasure does not count it as a message it could not
        delete."""
        with self.transaction():
            row = self.db.conn.execute(
                "select messages from erasures where id = ?", [erasure_id]
            ).fetchone()
            if row is not None:
                quoting = len(json.loads(row[0]))
                self.db.conn.execute("delete from erasures where id = ?", [erasure_id])
                self.audit("bot", "erasure-told", f"{len(deleted)}/{quoting} messages deleted")
            self.db.conn.executemany(
                "delete from staff_copies where chat_id = ? and message_id = ?",
                [(int(chat), int(message)) for chat, message in deleted],
            )

    def purge(self, cutoff: dt.datetime, batch: int | None = None) -> int:
        """Delete transcripts, leads, state and reminders last touched before `cutoff`: every
        step at once (the command line, tests). The bot runs the steps one by one on the
        chats' thread, so chats' turns pass between two."""
        deleted = 0
        while step := self.purge_step(cutoff, batch):
            deleted += step
        self.purge_done(cutoff, deleted)
        return deleted

    def purge_step(self, cutoff: dt.datetime, batch: int | None = None) -> int:
        """One short transaction of the retention purge: up to `batch` old leads (their
        numbers marked, their staff notifications with them), messages, reminders and states,
        found through their date's index (migration 015); the people themselves once nothing
        of theirs is left. Rows deleted; 0 when the purge is done. Each step is whole: a stop
        between two leaves a smaller purge for the next night. Issue 28: one transaction
        scanning every table held the chats' thread at 03:00 for seconds at 1,000,000 rows.
        `batch`: by default smaller when the indexes delete in place (`PURGE_BATCH_IN_PLACE`)."""
        if batch is None:
            batch = PURGE_BATCH_IN_PLACE if self.secure_delete else PURGE_BATCH
        before = _before(cutoff)
        conn = self.db.conn
        deleted = 0
        with self.transaction():
            leads = [
                row[0]
                for row in conn.execute(
                    "select id from leads where updated_at < ? limit ?", [before, batch]
                )
            ]
            if leads:
                marks = ", ".join("?" * len(leads))
                conn.execute(
                    "update lead_numbers set lead_id = null, erased_at = ?, reason = 'retention' "
                    f"where lead_id in ({marks})",
                    [_now(), *leads],
                )
                deleted += conn.execute(
                    f"delete from notifications where lead_id in ({marks})", leads
                ).rowcount
                deleted += conn.execute(f"delete from leads where id in ({marks})", leads).rowcount
            for table, column in PURGED_BY_DATE:
                deleted += conn.execute(
                    f"delete from {table} where rowid in "
                    f"(select rowid from {table} where {column} < ? limit ?)",
                    [before, batch],
                ).rowcount
            if not deleted:  # the people last: nothing of theirs is left to point to them
                deleted = conn.execute(
                    "delete from users where rowid in (select rowid from users u "
                    "where created_at < ? "
                    "and not exists (select 1 from conversations c where c.chat_id = u.chat_id) "
                    "and not exists (select 1 from leads l where l.user_id = u.user_id) "
                    "limit ?)",
                    [before, batch],
                ).rowcount
        if deleted:
            self.deletions += 1  # the deleted text is left to the scrub
        return deleted

    def purge_done(self, cutoff: dt.datetime, deleted: int) -> None:
        """The purge's one audit line (how many rows, before when)."""
        with self.transaction():
            self.audit("retention", "purge", f"{deleted} rows before {_before(cutoff)}")

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
