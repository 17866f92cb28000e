"""What the regional team reads: leads, transcripts, search, export, statistics.

One `Desk` serves both the staff commands in Telegram and `python -m storage`, so a number seen
in the chat is the number the cron job prints. Queries only; wording lives in `dialogs.staff_views`.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import re
import sqlite3
import time
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from knowledge.text import fold, whole_number
from storage.store import Store

STATUSES = ("nouveau", "contacté", "clos")
PAGE_SIZE = 5

# The spreadsheet's columns: (French header, lead column, shape). The store's own columns come
# first and last; the answers' columns between them are given by the caller (the question
# table's, `dialogs.fields.export_columns`), so a new question adds its column there.
Column = tuple[str, str, str]
HEAD_COLUMNS: tuple[Column, ...] = (
    ("Numéro", "number", "text"),
    ("Créée le", "created_at", "text"),
    ("Mise à jour le", "updated_at", "text"),
    ("Statut", "status", "text"),
    ("Prénom", "first_name", "text"),
)
TAIL_COLUMNS: tuple[Column, ...] = (
    ("Éligible", "eligible", "flag"),
    ("Appel clos", "call_closed", "flag"),
    ("Vérifications", "checks", "text"),
    ("Contacts régionaux", "contacts", "text"),
    ("Souhaite être recontacté·e", "wants_contact", "flag"),
    ("Coordonnées", "contact", "text"),
    ("Note", "note", "text"),
)


def export_columns(answers: Sequence[Column]) -> tuple[Column, ...]:
    """Every column of the spreadsheet, in order, around the answers' columns."""
    return (*HEAD_COLUMNS, *answers, *TAIL_COLUMNS)


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
    "0612345678", "+33 6 12 34 56 78", "+33612345678", "0033 6…". `digits` holds only digits."""
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    forms = [digits, " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))]
    if len(digits) == 10 and digits.startswith("0"):
        rest = digits[1:]
        pairs = " ".join(rest[i : i + 2] for i in range(1, len(rest), 2))
        forms += [f"33{rest}", f"0033{rest}", f"33 {rest[0]} {pairs}", f"33 {rest}"]
    return list(dict.fromkeys(forms))


def fts_query(words: str) -> str:
    """Turn what staff typed into a safe, bounded FTS5 query: every word must appear
    (prefixes allowed from two letters on; at most MAX_QUERY_TERMS words of the first
    MAX_QUERY_CHARS characters); a phone number matches whatever its format."""
    words = words[:MAX_QUERY_CHARS]
    digits = re.sub(r"[\s.\-+/()]", "", words)
    if digits.isdigit() and len(digits) >= 6:
        return " OR ".join(f'"{form}"' for form in phone_forms(digits[:15]))
    tokens = re.findall(r"\w+", words)[:MAX_QUERY_TERMS]
    return " ".join(f'"{token}"*' if len(token) > 1 else f'"{token}"' for token in tokens)


class Desk:
    """The staff desk over one store. Synchronous: the bot calls it off the event loop."""

    def __init__(self, store: Store, answers: Sequence[Column] = ()) -> None:
        self.store = store
        self.db = store.db
        self.columns = export_columns(answers)

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

    @contextmanager
    def _budget(self, bounded: bool = True) -> Iterator[None]:
        """Interrupt a query that runs past SEARCH_BUDGET_S (SQLite's progress handler), so a
        pathological search cannot stall the thread the conversations share."""
        if not bounded:
            yield
            return
        deadline = time.monotonic() + SEARCH_BUDGET_S
        conn = self.db.conn
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_OPS)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc):
                raise SearchTooBroad from None
            raise
        finally:
            conn.set_progress_handler(None, 0)

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
        ISO dates, oui/non. The caller opens `out` with encoding 'utf-8-sig' (the BOM).

        SQLite formats each cell and the csv module writes the rows straight from the cursor:
        100,000 leads stay well under the 3 s target (see benchmarks/export.py)."""
        cells = ", ".join(_export_expression(column, shape) for _, column, shape in self.columns)
        sql = f"select {cells} from leads"
        params: list[Any] = []
        if since is not None:
            sql += " where created_at >= ?"
            params.append(since.isoformat())
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([header for header, _, _ in self.columns])
        cursor = self.db.conn.execute(sql + " order by number", params)
        count = 0
        while rows := cursor.fetchmany(2_000):
            writer.writerows(rows)
            count += len(rows)
        return count

    def export_document(self, since: dt.date | None = None) -> tuple[int, bytes]:
        """The CSV as the bytes of a file (UTF-8 with BOM), encoded as it is written so the
        text is never held twice in memory."""
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        count = self.export_csv(text, since)
        text.flush()
        payload = raw.getvalue()
        text.detach()
        return count, payload

    # ------------------------------------------------------------------ statistics
    def stats(self, now: dt.datetime) -> dict[str, dict[str, Any]]:
        """Conversations started, verdicts reached, by fiche / sub-territory / outcome,
        over the last 7 and 30 days and overall."""
        periods = {
            "7": (now - dt.timedelta(days=7)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "30": (now - dt.timedelta(days=30)).astimezone(dt.UTC).isoformat(timespec="seconds"),
            "all": "",
        }
        # One pass per period over the narrow covering index `leads_console`, counted here:
        # six grouped scans took 2.6 s for 100,000 leads on the shared SQLite thread, and
        # SQLite's GROUP BY sorts where a Counter does not.
        result: dict[str, dict[str, Any]] = {}
        for period, since in periods.items():
            started = self.db.execute(
                "select count(*) from users where coalesce(consent_at, '') >= ?", [since]
            ).fetchone()[0]
            where = "where created_at >= ?" if since else "where ? = ''"
            combos = collections.Counter(
                self.db.execute(
                    "select fiche, territory, status, wants_contact, call_closed, eligible "
                    f"from leads {where}",
                    [since],
                )
            )
            dims: dict[str, collections.Counter[str]] = {
                key: collections.Counter()
                for key in ("by_fiche", "by_territory", "by_outcome", "by_status")
            }
            wants_contact = 0
            for (fiche, territory, status, contact, closed, eligible), n in combos.items():
                outcome = "closed" if closed else "eligible" if eligible else "to_review"
                values = (fiche, territory, outcome, status)
                for key, value in zip(dims, values, strict=True):
                    dims[key]["?" if value is None else str(value)] += n
                wants_contact += n if contact else 0
            result[period] = {
                "started": int(started),
                "verdicts": sum(combos.values()),
                "wants_contact": wants_contact,
                **{
                    key: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
                    for key, counter in dims.items()
                },
            }
        return result

    def dropoff(self) -> list[dict[str, Any]]:
        """Where people stop, from `messages.step`: for each question (the step a message
        answered), how many chats answered it and how many of those went no further (their
        last message answers it and they have no lead). Most answered first: the funnel."""
        reached = {
            r["step"]: int(r["n"])
            for r in self.db.query(
                "select step, count(distinct chat_id) as n from messages "
                "where direction = 'in' and step is not null group by step"
            )
        }
        stopped = {
            r["step"]: int(r["n"])
            for r in self.db.query(
                "select m.step, count(*) as n from messages m join "
                "(select chat_id, max(id) as id from messages where direction = 'in' "
                "group by chat_id) last on m.id = last.id "
                "where m.chat_id not in (select chat_id from leads) group by m.step"
            )
        }
        return [
            {"step": step, "reached": n, "stopped": stopped.get(step, 0)}
            for step, n in sorted(reached.items(), key=lambda item: (-item[1], item[0]))
        ]

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


def _export_expression(column: str, shape: str) -> str:
    """The SQL that renders one export cell: whole amounts without decimals, others with a
    decimal comma; flags as oui/non; everything else as stored (dates are ISO already).
    Amounts are stored as decimal text ("45000.50"), so they are rewritten as text, never
    through a float."""
    if shape == "amount":  # a negative amount is neutralised like text
        return _neutralised(
            f"case when {column} is null then '' "
            f"when {column} like '%.00' then substr({column}, 1, length({column}) - 3) "
            f"else replace({column}, '.', ',') end"
        )
    if shape == "flag":
        return f"case when {column} then 'oui' else 'non' end"
    return _neutralised(f"coalesce({column}, '')")


def _neutralised(expression: str) -> str:
    """OWASP's CSV-injection rule in SQL: a cell starting with =, +, -, @, tab or CR gets a
    leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula
    ("+33 6 12 34 56 78" stays readable as '+33 6 12 34 56 78)."""
    quote = "''''"  # SQL for a one-character string holding an apostrophe
    return (
        f"case when substr({expression}, 1, 1) in ('=', '+', '-', '@', char(9), char(13)) "
        f"then {quote} || {expression} else {expression} end"
    )
