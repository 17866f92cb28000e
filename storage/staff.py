"""What the regional team reads: leads, transcripts, search, export, statistics.

One `Desk` serves both the staff commands in Telegram and `python -m bot.desk`, so a number seen
in the chat is the number the cron job prints. Queries only; wording lives in `dialogs.staff_views`.
The spreadsheet's columns and its CSV pieces live in `storage.export`, the statistics' counters
in `storage.counters`.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

import sqlite_utils

from knowledge.local_time import day_start
from knowledge.text import fold, whole_number
from storage import counters
from storage.export import Column, export_chunks, export_columns, stream
from storage.export_process import export_apart
from storage.funnel import funnel
from storage.sqlite import sqlite3
from storage.store import Store

__all__ = [
    "PAGE_SIZE",
    "STATUSES",
    "Column",
    "Desk",
    "LeadFilter",
    "SearchTooBroad",
    "export_columns",
    "fts_query",
    "parse_filter",
    "search_terms",
    "typed_syntax",
]

STATUSES = ("nouveau", "contacté", "clos")
PAGE_SIZE = 5
# Characters of one staff note, the console's and Telegram's (/note, « Ajouter une note »): a
# longer one is refused with its length said, never cut (its end was lost without a word).
NOTE_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class LeadFilter:
    """Which leads /leads shows: by sub-territory key, fiche number and/or status."""

    territory: str | None = None
    fiche: int | None = None
    status: str | None = None

    def encode(self) -> str:
        """Compact form for button data (64 bytes at most)."""
        return f"{self.territory or ''}.{self.fiche or ''}.{self.status or ''}"

    @classmethod
    def decode(cls, text: str) -> LeadFilter:
        parts = ([*text.split("."), "", "", ""])[:3]
        territory, fiche, status = parts
        return cls(
            territory or None,
            whole_number(fiche, 99),  # forged button data: "²" or 30 digits is no filter
            status if status in STATUSES else None,
        )


def parse_filter(
    text: str, territories: dict[str, str], fiches: Collection[int]
) -> LeadFilter | None:
    """'/leads littoral', '/leads fiche 4', '/leads contacté', '/leads 2 clos'; None if unknown.

    `territories` maps each sub-territory key to its name; a word of the name works too
    ("artois", "hainaut", "métropole"); `fiches` are the call's fiche numbers.
    """
    words = fold(text).replace("fiche", " ").split()
    territory: str | None = None
    fiche: int | None = None
    status: str | None = None
    folded_status = {fold(s): s for s in STATUSES}
    folded_status["contacte"] = "contacté"
    for word in words:
        if (number := whole_number(word, 99)) is not None and number in fiches:
            fiche = number
        elif word in folded_status:
            status = folded_status[word]
        else:
            match = [
                key
                for key, name in territories.items()
                if word == fold(key) or word in fold(name).replace("-", " ").split()
            ]
            if len(match) != 1:
                return None
            territory = match[0]
    return LeadFilter(territory, fiche, status)


MAX_QUERY_CHARS = 200  # what staff type into /search or the console's search box
MAX_QUERY_TERMS = 8
SEARCH_BUDGET_S = 0.5  # a search never holds the SQLite thread (the users' turns) longer
PROGRESS_OPS = 10_000  # SQLite instructions between two looks at the clock


class SearchTooBroad(Exception):
    """The search ran out of its time budget: staff are asked for more precise words."""


def phone_forms(digits: str) -> list[str]:
    """The ways a French phone number is written, as FTS phrases: "06 12 34 56 78",
    "0612345678", "+33 6 12 34 56 78", "+33612345678", "0033 6…", "+33 (0)6 12…" (its
    "(0)" is a token of its own). `digits` holds only digits."""
    international = digits[4:] if digits.startswith("0033") else None
    if international is None and digits.startswith("33") and len(digits) in (11, 12):
        international = digits[2:]
    if international is not None:  # "+33 (0)6…" keeps a 0 the national form does not repeat
        zero = len(international) == 10 and international.startswith("0")
        digits = "0" + (international[1:] if zero else international)
    forms = [digits, " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))]
    if len(digits) == 10 and digits.startswith("0"):
        rest = digits[1:]
        pairs = " ".join(rest[i : i + 2] for i in range(1, len(rest), 2))
        forms += [f"33{rest}", f"0033{rest}", f"33 {rest[0]} {pairs}", f"33 {rest}"]
        forms += [f"33 0 {rest[0]} {pairs}"]
    return list(dict.fromkeys(forms))


def search_terms(words: str) -> list[str]:
    """The words a search looks for, as staff typed them: a phone number's digits, or the
    runs of letters and digits, each once (at most MAX_QUERY_TERMS, of the first
    MAX_QUERY_CHARS characters). Full-text syntax is not read as such: « jardin AND » looks for « jardin »
    and « AND », « -jardin » and « "jardin » for « jardin », « * » for nothing. The staff
    views say these words back (`dialogs.staff_views.searched_line`)."""
    words = words[:MAX_QUERY_CHARS]
    digits = re.sub(r"[\s.\-+/()]", "", words)
    if digits.isdigit() and len(digits) >= 6:
        return [digits[:15]]
    return list(dict.fromkeys(re.findall(r"\w+", words)))[:MAX_QUERY_TERMS]  # each word once


# What people type as full-text search syntax (FTS5's, or a web engine's): said to be
# searched as plain words, so that nobody reads « -jardin » results as « without jardin ».
_SYNTAX = re.compile(r'["*()^:+]|(?:^|\s)-\w|\b(?:AND|OR|NOT|NEAR)\b')


def typed_syntax(words: str) -> bool:
    """Whether staff typed search syntax (operators, quotes, a star), which is not read."""
    digits = re.sub(r"[\s.\-+/()]", "", words[:MAX_QUERY_CHARS])
    return not (digits.isdigit() and len(digits) >= 6) and bool(_SYNTAX.search(words))


def fts_query(words: str) -> str:
    """Turn what staff typed into a safe, bounded FTS5 query: every word of `search_terms`
    must appear (prefixes allowed from two letters on, each quoted: never an FTS5 syntax
    error); a phone number matches whatever its format."""
    terms = search_terms(words)
    if len(terms) == 1 and terms[0].isdigit() and len(terms[0]) >= 6:
        return " OR ".join(f'"{form}"' for form in phone_forms(terms[0]))
    return " ".join(f'"{token}"*' if len(token) > 1 else f'"{token}"' for token in terms)


class Desk:
    """The staff desk over one store. Synchronous: the bot calls it off the event loop."""

    def __init__(self, store: Store, answers: Sequence[Column] = (), zone: str = "UTC") -> None:
        self.store = store
        self.db = store.db
        self.zone = zone  # the region's, in which staff read times and name days
        self.columns = export_columns(answers, zone)

    # ------------------------------------------------------------------ leads
    def leads(
        self,
        flt: LeadFilter = LeadFilter(),
        offset: int = 0,
        limit: int = PAGE_SIZE,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        words: str = "",
    ) -> tuple[list[dict[str, Any]], int]:
        """The newest leads matching the filter (and, for the console, created between two
        days and holding `words` in their card or transcript), and how many match in all."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if since:
            where.append("created_at >= ?")
            params.append(since.isoformat())
        if until:
            where.append("created_at < ?")
            params.append((until + dt.timedelta(days=1)).isoformat())
        query = fts_query(words) if words.strip() else ""
        if words.strip() and not query:
            return [], 0
        if query:
            where.append(
                "(rowid in (select rowid from leads_fts where leads_fts match ?) or chat_id in "
                "(select m.chat_id from messages_fts join messages m "
                "on m.rowid = messages_fts.rowid where messages_fts match ? "
                "and m.direction = 'in'))"
            )
            params += [query, query]
        if flt.territory:
            where.append("territory = ?")
            params.append(flt.territory)
        if flt.fiche:
            where.append("fiche = ?")
            params.append(flt.fiche)
        if flt.status:
            where.append("status = ?")
            params.append(flt.status)
        clause = " and ".join(where)
        with self._budget(bool(query)):
            total = next(self.db.query(f"select count(*) as n from leads where {clause}", params))[
                "n"
            ]
            # The page's rowids first, from the (created_at, number) index alone, then only
            # those rows: a deep page no longer reads every row it skips.
            rows = list(
                self.db.query(
                    "select leads.* from (select rowid as r from leads "
                    f"where {clause} order by created_at desc, number desc limit ? offset ?) "
                    "as page join leads on leads.rowid = page.r "
                    "order by leads.created_at desc, leads.number desc",
                    [*params, limit, max(0, offset)],
                )
            )
        return rows, int(total)

    def _budget(self, bounded: bool = True) -> AbstractContextManager[None]:
        return budget(self.db.conn, bounded)

    def lead(self, number: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from leads where number = ?", [number]))
        return rows[0] if rows else None

    def transcript(self, lead: dict[str, Any]) -> list[dict[str, Any]]:
        """Every message of the lead's chat, in order, with its time."""
        return self.store.transcript(int(lead["chat_id"]))

    def set_status(self, number: int, status: str, actor: int) -> bool:
        if status not in STATUSES or self.lead(number) is None:
            return False
        with self.store.transaction():
            self.db.execute("update leads set status = ? where number = ?", [status, number])
            self.store.audit(
                f"staff:{actor}", "status", f"lead {number} -> {status}", actor, number
            )
        return True

    def add_note(self, number: int, note: str, actor: int, today: dt.date | None = None) -> bool:
        """Append a dated note; `today` comes from the adapter's clock (the CLI's: the day)."""
        lead = self.lead(number)
        if lead is None:
            return False
        stamp = (today or dt.date.today()).isoformat()
        text = f"{lead['note']}\n" if lead.get("note") else ""
        text += f"[{stamp}] {note.strip()}"
        with self.store.transaction():
            self.db.execute("update leads set note = ? where number = ?", [text, number])
            self.store.audit(f"staff:{actor}", "note", f"lead {number}", actor, number)
        return True

    # ------------------------------------------------------------------ search
    def search(self, words: str, limit: int = 10) -> list[dict[str, Any]]:
        """Leads whose card or transcript holds every word; one hit per lead (or per chat
        still without a verdict), newest first, with a snippet showing the words."""
        query = fts_query(words)
        if not query:
            return []
        with self._budget():
            return self._search(query, limit)

    def _search(self, query: str, limit: int) -> list[dict[str, Any]]:
        hits: dict[str, dict[str, Any]] = {}
        for row in self.db.query(
            "select l.number, l.chat_id, l.created_at, "
            "snippet(leads_fts, -1, '«', '»', '…', 10) as snippet "
            "from leads_fts join leads l on l.rowid = leads_fts.rowid "
            "where leads_fts match ? order by l.created_at desc limit ?",
            [query, limit],
        ):
            hits.setdefault(f"lead{row['number']}", row)
        for row in self.db.query(
            "select m.chat_id, m.created_at, "
            "snippet(messages_fts, 0, '«', '»', '…', 10) as snippet, "
            "(select max(number) from leads where leads.chat_id = m.chat_id) as number "
            "from messages_fts join messages m on m.rowid = messages_fts.rowid "
            "where messages_fts match ? and m.direction = 'in' "
            "order by m.id desc limit ?",
            [query, limit * 4],
        ):
            key = f"lead{row['number']}" if row["number"] else f"chat{row['chat_id']}"
            hits.setdefault(key, row)
        return sorted(hits.values(), key=lambda r: r["created_at"], reverse=True)[:limit]

    # ------------------------------------------------------------------ export
    def export_csv(self, out: TextIO, since: dt.date | None = None) -> int:
        """Write the leads as a French spreadsheet expects: `;` separator, decimal comma,
        times in the region's zone (`knowledge.local_time`), oui/non. The caller opens `out` with encoding 'utf-8-sig' (the BOM).
        Written piece by piece: memory stays the same whatever the number of leads."""
        count = 0
        where, params = _since(since, self.zone)
        for text, rows in export_chunks(self.db.conn, self.columns, where, params, zone=self.zone):
            out.write(text)
            count += rows
        return count

    def export_stream(self, since: dt.date | None = None) -> tuple[int, Iterator[bytes]]:
        """How many leads, and the CSV's bytes (UTF-8 with BOM) piece by piece, read from a
        snapshot by a process of its own (`storage.export_process`): the bot's process only
        copies bytes from a pipe, so its chats do not wait behind the export (issue 28). Call
        it, and iterate, off the event loop. An in-memory database (tests) has no file a
        process could open: read here, on a connection of its own."""
        where, params = _since(since, self.zone)
        if self.store.path != ":memory:":
            return export_apart(self.store.path, self.columns, where, params, self.zone)
        conn = self.store.reader()
        conn.execute("begin")  # one snapshot: the count and the rows agree
        count = int(
            conn.execute(f"select count(*) from leads where {where}", params).fetchone()[0]
        )
        pieces = export_chunks(conn, self.columns, where, params, zone=self.zone)
        return stream(conn, count, pieces)

    def export_apart(self, since: dt.date | None = None) -> tuple[int, bytes]:
        """`export_document` from a connection of its own (a worker thread, not the chats')."""
        count, pieces = self.export_stream(since)
        return count, b"".join(pieces)

    def export_document(self, since: dt.date | None = None) -> tuple[int, bytes]:
        """The CSV as the bytes of a file (UTF-8 with BOM), for a Telegram document."""
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        count = self.export_csv(text, since)
        text.flush()
        payload = raw.getvalue()
        text.detach()
        return count, payload

    # ------------------------------------------------------------------ statistics
    def stats(self, now: dt.datetime) -> dict[str, dict[str, Any]]:
        """Conversations started, verdicts reached, by fiche / sub-territory / outcome (the
        verdict, deadlines aside) / status, and how many found the call closed, over the last
        7 and 30 days and overall."""
        periods = {
            "7": (now - dt.timedelta(days=7)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "30": (now - dt.timedelta(days=30)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "all": "",
        }
        # Counters kept by triggers (storage.counters): a few hundred rows per period, where
        # counting every lead took 5 s at 1,000,000 on the thread the chats share.
        result: dict[str, dict[str, Any]] = {}
        for period, since in periods.items():
            started = counters.consents(self.db.conn, since)
            combos = counters.lead_combos(self.db.conn, since)
            dims: dict[str, collections.Counter[str]] = {
                key: collections.Counter()
                for key in ("by_fiche", "by_territory", "by_outcome", "by_status")
            }
            wants_contact = call_closed = 0
            for (fiche, territory, status, contact, closed, verdict), n in combos.items():
                # Keys, not words (dialogs.staff_views.VERDICT_LABELS words them): the outcome
                # is the work queue's verdict, deadlines aside; a closed call is counted apart,
                # as in 2026 it is every lead's.
                values = (fiche, territory, verdict, status)
                for key, value in zip(dims, values, strict=True):
                    dims[key]["?" if value is None else str(value)] += n
                wants_contact += n if contact else 0
                call_closed += n if closed else 0
            result[period] = {
                "started": int(started),
                "verdicts": sum(combos.values()),
                "wants_contact": wants_contact,
                "call_closed": call_closed,
                **{
                    key: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
                    for key, counter in dims.items()
                },
            }
        return result

    def charts(
        self, now: dt.datetime, weeks: int = 12
    ) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[int, int]], list[tuple[dt.date, int]]]:
        """The console's statistics page (statistics, the funnel by step, leads per week), read
        from a connection of its own: call it from a worker thread, not the chats' SQLite
        thread (the funnel reads every outgoing message)."""
        with self._apart() as apart:
            return apart.stats(now), funnel(apart.db), apart.leads_per_week(weeks, now.date())

    def stats_apart(self, now: dt.datetime) -> dict[str, dict[str, Any]]:
        """`stats` from a connection of its own, for /stats in a worker thread: on the chats'
        SQLite thread its 10-30 ms at 1,000,000 rows held every chat's turn behind it (other
        chats' reply p99 2x a quiet run's during /stats, issue 28)."""
        with self._apart() as apart:
            return apart.stats(now)

    @contextmanager
    def _apart(self) -> Iterator[Desk]:
        """This desk over a read-only connection of its own (closed after)."""
        conn = self.store.reader()
        try:
            apart = Desk(self.store, zone=self.zone)
            apart.db = sqlite_utils.Database(conn)
            yield apart
        finally:
            conn.close()

    def leads_per_week(self, weeks: int, today: dt.date) -> list[tuple[dt.date, int]]:
        """Leads created each week (Monday first) over the last `weeks` weeks, empty weeks
        included, oldest first."""
        monday = today - dt.timedelta(days=today.weekday())
        first = monday - dt.timedelta(weeks=weeks - 1)
        counts = {
            r["week"]: int(r["n"])
            for r in self.db.query(
                "select date(created_at, 'weekday 0', '-6 days') as week, count(*) as n "
                "from leads where created_at >= ? group by week",
                [first.isoformat()],
            )
        }
        days = [first + dt.timedelta(weeks=i) for i in range(weeks)]
        return [(day, counts.get(day.isoformat(), 0)) for day in days]

    def lead_fate(self, number: int) -> str | None:
        """Why lead `number` is gone ('erasure' or 'retention'), or None if it never was."""
        return self.store.lead_fate(number)


def _since(since: dt.date | None, zone: str) -> tuple[str, list[Any]]:
    """The export's condition: every lead, or those created on or after a day of `zone`."""
    return ("created_at >= ?", [day_start(since, zone)]) if since else ("1 = 1", [])


@contextmanager
def budget(conn: sqlite3.Connection, bounded: bool = True) -> Iterator[None]:
    """Interrupt a query that runs past SEARCH_BUDGET_S (SQLite's progress handler), so a
    pathological search cannot stall the thread the conversations share."""
    if not bounded:
        yield
        return
    deadline = time.monotonic() + SEARCH_BUDGET_S
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_OPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise SearchTooBroad from None
        raise
    finally:
        conn.set_progress_handler(None, 0)
