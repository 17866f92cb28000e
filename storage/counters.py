"""Counters for the statistics, kept by triggers in the same transaction as each change.

/stats and the console's statistics page counted every lead and every user: 5 s with 1,000,000
rows, on the thread the conversations share (issue 28). Triggers now keep, per day and overall,
how many leads have each combination of the dimensions the statistics show (fiche, territory,
status, and the three flags), and how many people gave their consent each day. A period (the
last 7 or 30 days) is the sum of the whole days after its first day, plus that first day's rows
counted exactly from the `created_at` / `consent_at` indexes: a day's rows at most.

Values are kept as the statistics show them: a missing fiche, territory or status as "?", a
flag as 0 or 1.
"""

from __future__ import annotations

import collections
import datetime as dt
import sqlite3

import sqlite_utils

# (fiche, territory, status, wants_contact, call_closed, eligible) -> leads
Combo = tuple[str, str, str, int, int, int]

_DIMS = ("fiche", "territory", "status", "wants_contact", "call_closed", "eligible")


def _values(row: str) -> str:
    """The SQL for one lead's dimensions as counted, from `new` or `old`."""
    return (
        f"coalesce(cast({row}.fiche as text), '?'), coalesce({row}.territory, '?'), "
        f"coalesce({row}.status, '?'), coalesce({row}.wants_contact, 0) != 0, "
        f"coalesce({row}.call_closed, 0) != 0, coalesce({row}.eligible, 0) != 0"
    )


def _bump(table: str, row: str, step: int, day: bool) -> str:
    columns = ("day, " if day else "") + ", ".join(_DIMS)
    values = (f"coalesce(substr({row}.created_at, 1, 10), ''), " if day else "") + _values(row)
    return (
        f"insert into {table} ({columns}, n) values ({values}, {step}) "
        f"on conflict ({columns}) do update set n = n + {step};"
    )


def _user_bump(table: str, row: str, step: int, day: bool) -> str:
    if not day:
        return f"update {table} set n = n + {step};"
    return (
        f"insert into {table} (day, n) values (coalesce(substr({row}.consent_at, 1, 10), ''), "
        f"{step}) on conflict (day) do update set n = n + {step};"
    )


def migrate(db: sqlite_utils.Database) -> None:
    """Create the counters, their triggers, and fill them from the rows already there."""
    dims = ", ".join(f"{d} {'integer' if d in _DIMS[3:] else 'text'} not null" for d in _DIMS)
    keys = ", ".join(_DIMS)
    db.execute(
        f"create table lead_counts (day text not null, {dims}, n integer not null, "
        f"primary key (day, {keys})) without rowid"
    )
    db.execute(
        f"create table lead_totals ({dims}, n integer not null, "
        f"primary key ({keys})) without rowid"
    )
    db.execute("create table consent_counts (day text primary key, n integer not null)")
    db.execute("create table consent_totals (n integer not null)")
    db.execute("create index if not exists users_consent_at on users (consent_at)")
    changed = ", ".join(("created_at", *_DIMS))
    for name, event, bodies in (
        ("insert", "insert", [(_bump, "new", 1)]),
        ("delete", "delete", [(_bump, "old", -1)]),
        ("update", f"update of {changed}", [(_bump, "old", -1), (_bump, "new", 1)]),
    ):
        sql = "".join(
            fn(table, row, step, day)
            for fn, row, step in bodies
            for table, day in (("lead_counts", True), ("lead_totals", False))
        )
        db.execute(f"create trigger lead_counts_{name} after {event} on leads begin {sql} end")
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
        f"insert into lead_counts select coalesce(substr(created_at, 1, 10), ''), "
        f"{_values('leads')}, "
        f"count(*) from leads group by 1, 2, 3, 4, 5, 6, 7"
    )
    db.execute(
        f"insert into lead_totals select {_values('leads')}, count(*) from leads "
        "group by 1, 2, 3, 4, 5, 6"
    )
    db.execute(
        "insert into consent_counts select coalesce(substr(consent_at, 1, 10), ''), count(*) "
        "from users group by 1"
    )
    db.execute("insert into consent_totals select count(*) from users")


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
