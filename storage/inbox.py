"""The durable inbox: updates written down before they are handled, so none is lost to a crash
and none blocks the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from storage.base import Core, InboxRow, _now, groupable


class Inbox(Core):
    """Updates received, handled, failed or parked."""

    # ------------------------------------------------------------------ the inbox
    @groupable
    def inbox_add(self, updates: Iterable[tuple[int, str, int | None, str]]) -> list[InboxRow]:
        """Store updates (update_id, digest, chat, raw JSON) in one transaction; return the new
        rows. One already held (same id, same content) is skipped: Telegram handed it over
        again because we died before confirming it."""
        now = _now()
        added: list[InboxRow] = []
        conn = self.db.conn
        with self.transaction():
            # A row's id is the key of its turn (`messages.turn`), so it must never be one a
            # stored turn already has. SQLite gives max(id) + 1, and the daily pruning empties
            # the inbox after two quiet days: the next update got id 1, was taken for the
            # first turn ever stored, and went unanswered. Hence past both maxima (indexed).
            (next_id,) = conn.execute(
                "select max(coalesce((select max(id) from inbox), 0), "
                "coalesce((select max(turn) from messages), 0)) + 1"
            ).fetchone()
            for update_id, digest, chat_id, raw in updates:
                row = conn.execute(
                    "insert into inbox (id, update_id, digest, chat_id, raw, received_at) "
                    "values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id",
                    [next_id, update_id, digest, chat_id, raw, now],
                ).fetchone()
                if row is not None:
                    added.append(InboxRow(row[0], update_id, chat_id, raw, 0))
                    next_id += 1
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

    @groupable
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

    @groupable
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
        (which hold what the person sent) older than the retention period — or, from a chat
        that never consented (no `users` row: consent creates it), as soon as handled ones: we
        keep nothing before consent, and an update the bot could not handle there (the consent
        tap itself, say) held its text for the whole retention period."""

        def iso(moment: dt.datetime) -> str:
            return moment.astimezone(dt.UTC).isoformat(timespec="seconds")

        with self.transaction():
            return self.db.conn.execute(
                "delete from inbox where (status = 'done' and received_at < ?) "
                "or (status = 'parked' and received_at < ?) "
                "or (status = 'parked' and received_at < ? and not exists "
                "(select 1 from users u where u.chat_id = inbox.chat_id))",
                [iso(done_before), iso(parked_before), iso(done_before)],
            ).rowcount
