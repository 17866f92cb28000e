"""What the soak reads in the bot's database, read-only and never in the bot's way: an update's
inbox status, the rows still naming a person after /effacer, the replies never delivered, the
search index entries whose row is gone. Apart from the walk (benchmarks/soak.py), which
keeps the bot busy; a read that finds the database busy returns nothing and is asked again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.sqlite import sqlite3


class BotDatabase:
    """Read-only queries on the bot's database at `db`."""

    db: Path

    def query(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
        except sqlite3.OperationalError:
            return []
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:  # not created yet, or busy: asked again later
            return []
        finally:
            conn.close()

    def status(self, update_id: int) -> str | None:
        rows = self.query("select status from inbox where update_id = ?", [update_id])
        return str(rows[0][0]) if rows else None

    def person_rows(self, chat: int) -> dict[str, int]:
        """Rows that still name this person, in every table with a chat or user column."""
        found: dict[str, int] = {}
        for (table,) in self.query("select name from sqlite_master where type = 'table'"):
            columns = {r[1] for r in self.query(f'pragma table_info("{table}")')}
            named = [c for c in ("chat_id", "user_id") if c in columns]
            if table.endswith("_fts") or not named or table in ("audit", "staff_copies"):
                continue  # audit: staff's actions; staff_copies: staff's chats (by lead number)
            where = " or ".join(f"{c} = ?" for c in named)
            rows = self.query(f'select count(*) from "{table}" where {where}', [chat] * len(named))
            if rows and rows[0][0]:
                found[table] = int(rows[0][0])
        return found

    def undelivered(self) -> set[int]:
        """Stored replies never delivered once the run settled: unsent, or dropped."""
        rows = self.query(
            "select id from messages where direction = 'out' and (sent = 0 or failed_at is not null)"
        )
        return {int(r[0]) for r in rows}

    def search_orphans(self) -> int:
        """Search index entries whose row is gone (an erased text still findable)."""
        total = 0
        for table in ("messages", "leads"):
            rows = self.query(
                f"select count(*) from {table}_fts_docsize d "
                f"where not exists (select 1 from {table} t where t.rowid = d.id)"
            )
            total += int(rows[0][0]) if rows else 0
        return total
