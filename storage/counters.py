"""Counters for the statistics, kept by triggers in the same transaction as each change.

/stats and the console's statistics page counted every lead and every user: 5 s with 1,000,000
rows, on the thread the conversations share (issue 28). Triggers now keep, per day and overall,
how many leads have each combination of the dimensions the statistics show (fiche, territory,
status, and the three flags), and how many people gave their consent each day. A period (the
last 7 or 30 days) is the sum of the whole days after its first day, plus that first day's rows
counted exactly from the `created_at` / `consent_at` indexes: a day's rows at most.

Values are kept as the statistics show them: a missing fiche, territory, status or verdict as
"?", a flag as 0 or 1. The outcome counted is the lead's `verdict` column (the rules' statuses,
deadlines aside: « tout est bon » / « points à vérifier » / « une règle n'est pas respectée »,
as the work queue filters), with `call_closed` as a dimension of its own: in 2026 the 2014 call
is closed for every lead, and an outcome "deadlines included" said only that (migration 017;
011 counted the stored flag `eligible`, deadlines included).

The verdict column is itself set by a trigger (`storage.queue_schema`, after insert and after
an update of `checks`) through an UPDATE of the lead, which fires the update trigger here: the
lead is counted under its verdict whichever of the insert triggers runs first (the one that
reads no verdict yet is taken back by that update).
"""

from __future__ import annotations

import collections
import datetime as dt

import sqlite_utils

from storage.sqlite import sqlite3

# (fiche, territory, status, wants_contact, call_closed, verdict) -> leads
Combo = tuple[str, str, str, int, int, str]

_DIMS = ("fiche", "territory", "status", "wants_contact", "call_closed", "verdict")
# The dimensions migration 011 created (the last one the stored flag, deadlines included).
_DIMS_011 = (*_DIMS[:5], "eligible")
_FLAGS = ("wants_contact", "call_closed", "eligible")
_AS_COUNTED = {
    "fiche": "coalesce(cast({row}.fiche as text), '?')",
    "territory": "coalesce({row}.territory, '?')",
    "status": "coalesce({row}.status, '?')",
    "verdict": "coalesce({row}.verdict, '?')",
    **{flag: f"coalesce({{row}}.{flag}, 0) != 0" for flag in _FLAGS},
}


def _values(row: str, dims: tuple[str, ...] = _DIMS) -> str:
    """The SQL for one lead's dimensions as counted, from `new` or `old`."""
    return ", ".join(_AS_COUNTED[dim].format(row=row) for dim in dims)


def _bump(table: str, row: str, step: int, day: bool, dims: tuple[str, ...]) -> str:
    columns = ("day, " if day else "") + ", ".join(dims)
    values = (f"coalesce(substr({row}.created_at, 1, 10), ''), " if day else "") + _values(
        row, dims
    )
    return (
        f"insert into {table} ({columns}, n) values ({values}, {step}) "
        f"on conflict ({columns}) do update set n = n + {step};"
    )


def _lead_bumps(bodies: list[tuple[str, int]], dims: tuple[str, ...]) -> str:
    """A trigger's body: each (row, step) counted into the days' and the overall counters."""
    return "".join(
        _bump(table, row, step, day, dims)
        for row, step in bodies
        for table, day in (("lead_counts", True), ("lead_totals", False))
    )


def _user_bump(table: str, row: str, step: int, day: bool) -> str:
    if not day:
        return f"update {table} set n = n + {step};"
    return (
        f"insert into {table} (day, n) values (coalesce(substr({row}.consent_at, 1, 10), ''), "
        f"{step}) on conflict (day) do update set n = n + {step};"
    )


def migrate(db: sqlite_utils.Database) -> None:
    """Migration 011: the counters, their triggers, filled from the rows already there (with
    the dimensions of that time; 017 replaces the leads' counters)."""
    _lead_counters(db, _DIMS_011)
    db.execute("create table consent_counts (day text primary key, n integer not null)")
    db.execute("create table consent_totals (n integer not null)")
    db.execute("create index if not exists users_consent_at on users (consent_at)")
    for name, event, bodies in (
        ("insert", "insert", [("new", 1)]),
        ("delete", "delete", [("old", -1)]),
        ("update", "update of consent_at", [("old", -1), ("new", 1)]),
    ):
        sql = "".join(
            _user_bump(table, row, step, day)
            for row, step in bodies
            for table, day in (("consent_counts", True), ("consent_totals", False))
        )
        db.execute(f"create trigger consent_counts_{name} after {event} on users begin {sql} end")
    db.execute(
        "insert into consent_counts select coalesce(substr(consent_at, 1, 10), ''), count(*) "
        "from users group by 1"
    )
    db.execute("insert into consent_totals select count(*) from users")


def count_verdicts(db: sqlite_utils.Database) -> None:
    """Migration 017: the leads' counters by verdict (deadlines aside) beside `call_closed`,
    in place of the flag `eligible` (deadlines included): dropped, created again and counted
    once from the leads."""
    for name in ("insert", "delete", "update"):
        db.execute(f"drop trigger if exists lead_counts_{name}")
    db.execute("drop table if exists lead_counts")
    db.execute("drop table if exists lead_totals")
    _lead_counters(db, _DIMS)


def _lead_counters(db: sqlite_utils.Database, dims: tuple[str, ...]) -> None:
    """The leads' counters by day and overall, their triggers, and their first count."""
    typed = ", ".join(f"{d} {'integer' if d in _FLAGS else 'text'} not null" for d in dims)
    keys = ", ".join(dims)
    db.execute(
        f"create table lead_counts (day text not null, {typed}, n integer not null, "
        f"primary key (day, {keys})) without rowid"
    )
    db.execute(
        f"create table lead_totals ({typed}, n integer not null, "
        f"primary key ({keys})) without rowid"
    )
    changed = ", ".join(("created_at", *dims))
    for name, event, bodies in (
        ("insert", "insert", [("new", 1)]),
        ("delete", "delete", [("old", -1)]),
        ("update", f"update of {changed}", [("old", -1), ("new", 1)]),
    ):
        sql = _lead_bumps(bodies, dims)
        db.execute(f"create trigger lead_counts_{name} after {event} on leads begin {sql} end")
    groups = ", ".join(str(i) for i in range(1, len(dims) + 2))
    db.execute(
        f"insert into lead_counts select coalesce(substr(created_at, 1, 10), ''), "
        f"{_values('leads', dims)}, count(*) from leads group by {groups}"
    )
    db.execute(
        f"insert into lead_totals select {_values('leads', dims)}, count(*) from leads "
        f"group by {groups.rsplit(', ', 1)[0]}"
    )


def count_only_changes(db: sqlite_utils.Database) -> None:
    """Migration 018: the leads' update trigger runs only when what it counts changed.

    `update of …` fires on any UPDATE naming a counted column, changed or not: the lead's
    upsert on every turn after the verdict names them all, and the verdict's own trigger
    (`storage.queue_schema`) updates the row again, so each such turn took the lead out of
    its counters and put it back, twice (four upserts each, net nothing). The WHEN clause
    compares the lead's day and dimensions as counted before and after: a real change is
    counted as before, a no-op costs one comparison."""
    db.execute("drop trigger if exists lead_counts_update")
    changed = ", ".join(("created_at", *_DIMS))
    sql = _lead_bumps([("old", -1), ("new", 1)], _DIMS)
    counted = {
        row: f"coalesce(substr({row}.created_at, 1, 10), ''), {_values(row)}"
        for row in ("old", "new")
    }
    db.execute(
        f"create trigger lead_counts_update after update of {changed} on leads "
        f"when ({counted['old']}) is not ({counted['new']}) begin {sql} end"
    )


def _next_day(since: str) -> str:
    return (dt.date.fromisoformat(since[:10]) + dt.timedelta(days=1)).isoformat()


def lead_combos(conn: sqlite3.Connection, since: str) -> collections.Counter[Combo]:
    """Leads created at or after `since` (ISO, UTC; "" for all) by combination."""
    combos: collections.Counter[Combo] = collections.Counter()
    if not since:
        rows = conn.execute(f"select {', '.join(_DIMS)}, n from lead_totals where n != 0")
    else:
        rows = conn.execute(
            f"select {', '.join(_DIMS)}, sum(n) from lead_counts where day >= ? "
            f"group by {', '.join(_DIMS)} union all "
            f"select {_values('leads')}, 1 from leads where created_at >= ? and created_at < ?",
            [_next_day(since), since, _next_day(since)],
        )
    for *combo, n in rows:
        if n:  # a combination whose leads all went (erased, purged, changed)
            combos[tuple(combo)] += n  # type: ignore[index]
    return combos


def consents(conn: sqlite3.Connection, since: str) -> int:
    """People whose consent is dated at or after `since` (ISO, UTC; "" for everyone)."""
    if not since:
        return int(conn.execute("select n from consent_totals").fetchone()[0])
    days = conn.execute(
        "select coalesce(sum(n), 0) from consent_counts where day >= ?", [_next_day(since)]
    ).fetchone()[0]
    first = conn.execute(
        "select count(*) from users where consent_at >= ? and consent_at < ?",
        [since, _next_day(since)],
    ).fetchone()[0]
    return int(days) + int(first)
