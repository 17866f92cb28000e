"""The console's work queue: which leads need someone, filtered, sorted, assigned, changed
in bulk and exported exactly as shown.

Every filter and sort has an index (see `_m009_work_queue`), and a page reads its rowids from
an index first and only then its rows, so a page stays fast with 100,000 leads
(benchmarks/queue.py measures it). Queries only; wording lives in the console's templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, TextIO

from knowledge.local_time import day_start
from storage import staff
from storage.export import export_chunks, stream
from storage.export_process import BudgetSpent, export_apart
from storage.staff import STATUSES, Desk, SearchTooBroad, budget, fts_query
from storage.store import Store

VERDICTS = ("fine", "review", "refused")
SORTS = ("date", "waiting", "amount", "commune")
MAX_BULK = 200  # leads changed by one bulk action (one page is 50)


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the list shows: every filter is optional; `waiting` is a number of days a lead
    has stayed « nouveau »; `assigned` is a staff id, 0 for nobody, None for anyone; the
    days `since` and `until` are days of `zone` (the region's: staff's days)."""

    territory: str | None = None
    fiche: int | None = None
    status: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    words: str = ""
    wants_contact: bool = False
    verdict: str | None = None
    commune: str = ""
    epci: str = ""
    waiting: int | None = None
    assigned: int | None = None
    sort: str = "date"
    zone: str = "UTC"

    def where(self, now: dt.datetime) -> tuple[str, list[Any]]:
        where: list[str] = ["1 = 1"]
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            where.append(clause)
            params.extend(values)

        if self.since:
            add("created_at >= ?", day_start(self.since, self.zone))
        if self.until:
            add("created_at < ?", day_start(self.until + dt.timedelta(days=1), self.zone))
        if self.territory:
            add("territory = ?", self.territory)
        if self.fiche:
            add("fiche = ?", self.fiche)
        if self.status in STATUSES:
            # With the territory or the fiche (no index leads with them), SQLite, which has no
            # statistics, would drive the count by `leads_q_status` and read every « nouveau »
            # row (4 s at 1,000,000 leads); the unary plus keeps it on a covering index.
            add("+status = ?" if self.territory or self.fiche else "status = ?", self.status)
        if self.wants_contact:
            add("wants_contact = 1")
        if self.verdict in VERDICTS:
            add("verdict = ?", self.verdict)
        if self.commune:
            add("commune = ? collate nocase", self.commune)
        if self.epci:
            add("epci = ?", self.epci)
        if self.waiting is not None:
            limit = now - dt.timedelta(days=self.waiting)
            add("status = 'nouveau' and created_at <= ?", _iso(limit))
        if self.assigned == 0:
            add("assigned_to is null")
        elif self.assigned is not None:
            add("assigned_to = ?", self.assigned)
        query = fts_query(self.words) if self.words.strip() else ""
        if self.words.strip() and not query:
            add("0 = 1")
        elif query:
            add(
                "(rowid in (select rowid from leads_fts where leads_fts match ?) or chat_id in "
                "(select m.chat_id from messages_fts join messages m "
                "on m.rowid = messages_fts.rowid where messages_fts match ? "
                "and m.direction = 'in'))",
                query,
                query,
            )
        return " and ".join(where), params

    def order(self) -> str:
        return {
            "waiting": "created_at asc, number asc",
            "amount": "cast(request as real) desc, number desc",
            "commune": "commune collate nocase asc, created_at desc",
        }.get(self.sort, "created_at desc, number desc")


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


class Queue:
    """The work queue over one store. Synchronous, like the Desk it extends."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk  # its export columns are the question table's
        self.store = desk.store
        self.db = desk.db

    def page(
        self, query: QueueQuery, now: dt.datetime, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the leads matching `query`, in its order, and how many match."""
        clause, params = query.where(now)
        order = query.order()
        with self.desk._budget(bool(query.words.strip())):
            total = self.db.execute(f"select count(*) from leads where {clause}", params)
            count = int(total.fetchone()[0])
            rows = list(
                self.db.query(
                    "select leads.* from (select rowid as r from leads "
                    f"where {clause} order by {order} limit ? offset ?) as page "
                    f"join leads on leads.rowid = page.r order by {order}",
                    [*params, limit, max(0, offset)],
                )
            )
        return rows, count

    def export_csv(self, query: QueueQuery, now: dt.datetime, out: TextIO) -> int:
        """Exactly the leads the list shows, in its order, as the staff spreadsheet (the
        columns and formats of `Desk.export_csv`), written from the cursor in pieces."""
        where, params, order = self._export_query(query, now)
        count = 0
        with self.desk._budget(bool(query.words.strip())):
            for text, rows in export_chunks(
                self.db.conn, self.desk.columns, where, params, order, self.desk.zone
            ):
                out.write(text)
                count += rows
        return count

    def export_stream(self, query: QueueQuery, now: dt.datetime) -> tuple[int, Iterator[bytes]]:
        """`export_csv`'s bytes (UTF-8 with BOM) piece by piece, from a snapshot on a
        connection of its own: call it, and iterate, off the event loop and the chats' SQLite
        thread (issue 28). A search too broad is refused while counting, before any byte."""
        where, params, order = self._export_query(query, now)
        bounded = bool(query.words.strip())
        if self.store.path != ":memory:":  # written by a process of its own, as Desk's
            try:
                return export_apart(
                    self.store.path,
                    self.desk.columns,
                    *(where, params, self.desk.zone, order),
                    budget_s=staff.SEARCH_BUDGET_S if bounded else None,
                )
            except BudgetSpent:
                raise SearchTooBroad from None
        conn = self.store.reader()
        try:
            conn.execute("begin")  # one snapshot: the count and the rows agree
            with budget(conn, bounded):
                total = conn.execute(f"select count(*) from leads where {where}", params)
                count = int(total.fetchone()[0])
        except BaseException:
            conn.close()
            raise
        return stream(
            conn,
            count,
            export_chunks(conn, self.desk.columns, where, params, order, self.desk.zone),
        )

    @staticmethod
    def _export_query(query: QueueQuery, now: dt.datetime) -> tuple[str, list[Any], str]:
        clause, params = query.where(now)
        order = query.order()
        if clause != "1 = 1":
            # A filtered export reads only the matching rows, found through the filters'
            # indexes, then sorts them: "+" keeps SQLite from walking the whole table in the
            # sort's index order instead (7,186 of 100,000 leads: 839 -> 257 ms).
            order = ", ".join("+" + part.strip() for part in order.split(","))
        return clause, list(params), order

    def set_status(self, numbers: list[int], status: str, actor: int, now: dt.datetime) -> int:
        """Change the status of several leads at once; how many were changed (each audited)."""
        if status not in STATUSES:
            return 0
        return self._change(
            numbers[:MAX_BULK],
            "status = ?, status_at = ?",
            [status, _iso(now)],
            actor,
            "status",
            f"-> {status}",
        )

    def assign(self, numbers: list[int], to: int | None, actor: int) -> int:
        """Give several leads to one staff member (None: to nobody)."""
        return self._change(
            numbers[:MAX_BULK], "assigned_to = ?", [to], actor, "assign", f"-> {to or '-'}"
        )

    def _change(
        self, numbers: list[int], sets: str, values: list[Any], actor: int, action: str, what: str
    ) -> int:
        changed = 0
        with self.store.transaction():
            for number in dict.fromkeys(numbers):
                cursor = self.db.conn.execute(
                    f"update leads set {sets} where number = ?", [*values, number]
                )
                if cursor.rowcount:
                    changed += 1
                    self.store.audit(
                        f"staff:{actor}", action, f"lead {number} {what}", actor, number
                    )
        return changed

    def epcis(self) -> list[str]:
        """The intercommunalities that have leads, for the filter (from the index alone)."""
        return [
            r[0]
            for r in self.db.execute(
                "select distinct epci from leads where epci is not null order by epci"
            )
        ]


def with_sort(query: QueueQuery, sort: str) -> QueueQuery:
    return replace(query, sort=sort if sort in SORTS else "date")


DECISIONS = ("granted", "refused")
PUBLICATION_COLUMNS = ("convention_on", "decision_ref", "payment", "paid_from", "paid_until")


@dataclass(frozen=True, slots=True)
class Publication:
    """What the open-data file needs beside a granted subsidy's amount and day, as staff
    recorded it (each optional here; `dialogs.open_data` says which the file requires)."""

    convention_on: dt.date | None = None
    reference: str = ""
    payment: str = ""  # "unique" / "échelonné"
    paid_from: dt.date | None = None
    paid_until: dt.date | None = None

    def values(self) -> list[str | None]:
        return [
            self.convention_on.isoformat() if self.convention_on else None,
            self.reference or None,
            self.payment or None,
            self.paid_from.isoformat() if self.paid_from else None,
            self.paid_until.isoformat() if self.paid_until else None,
        ]


def decide(
    store: Store,
    number: int,
    decision: str | None,
    granted: str | None,
    decided_on: dt.date | None,
    actor: int,
    publication: Publication | None = None,
) -> bool:
    """Record the jury's decision on a lead (None clears it): granted or refused, the amount
    granted as exact decimal text, the day of the decision, and for a granted subsidy what
    its publication needs (cleared otherwise). Audited; False if no such lead."""
    if decision is not None and decision not in DECISIONS:
        return False
    kept = publication if decision == "granted" and publication else Publication()
    sets = ", ".join(f"{column} = ?" for column in PUBLICATION_COLUMNS)
    with store.transaction():
        cursor = store.db.conn.execute(
            f"update leads set decision = ?, granted = ?, decided_on = ?, {sets} where number = ?",
            [
                decision,
                granted if decision == "granted" else None,
                decided_on.isoformat() if decision and decided_on else None,
                *kept.values(),
                number,
            ],
        )
        if not cursor.rowcount:
            return False
        store.audit(f"staff:{actor}", "decision", f"lead {number} -> {decision}", actor, number)
    return True


def granted_leads(store: Store) -> list[dict[str, Any]]:
    """The leads the jury granted, in the order of their decision (through the decision's
    index): the rows of the open-data file."""
    return list(
        store.db.query(
            "select * from leads where decision = 'granted' order by decided_on, number"
        )
    )
