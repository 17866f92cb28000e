"""The statistics' counters (storage.counters) against the rows themselves: after inserts,
changes of status, flags and rule statuses, erasures and a purge, with leads on both sides of a
period's first day, every figure of /stats equals what counting the rows gives — the outcome
being the verdict of each lead's rule statuses, deadlines aside (dialogs.staff_views.verdict_of,
the Python twin of the SQL the queue's trigger runs), and the closed call a count apart."""

from __future__ import annotations

import collections
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from dialogs.fields import lead_columns
from dialogs.staff_views import VERDICT_LABELS, verdict_of
from storage import Store
from storage.queue import VERDICTS
from storage.staff import Desk
from tests.test_store import store_before

NOW = dt.datetime(2026, 11, 22, 15, 30, tzinfo=dt.UTC)


def counted(store: Store, now: dt.datetime) -> dict[str, dict[str, Any]]:
    """/stats computed the slow way, from every row."""
    result = {}
    for period, days in (("7", 7), ("30", 30), ("all", None)):
        since = "" if days is None else (now - dt.timedelta(days=days)).isoformat()
        started = store.db.execute(
            "select count(*) from users where coalesce(consent_at, '') >= ?", [since]
        ).fetchone()[0]
        rows = store.db.execute(
            "select fiche, territory, status, wants_contact, call_closed, checks from leads "
            "where created_at >= ?",
            [since],
        ).fetchall()
        dims: dict[str, collections.Counter[str]] = {
            k: collections.Counter()
            for k in ("by_fiche", "by_territory", "by_outcome", "by_status")
        }
        for fiche, territory, status, _contact, _closed, checks in rows:
            outcome = verdict_of(json.loads(checks or "{}"))
            for key, value in zip(dims, (fiche, territory, outcome, status), strict=True):
                dims[key]["?" if value is None else str(value)] += 1
        result[period] = {
            "started": started,
            "verdicts": len(rows),
            "wants_contact": sum(1 for r in rows if r[3]),
            "call_closed": sum(1 for r in rows if r[4]),
            **{k: dict(sorted(c.items(), key=lambda i: (-i[1], i[0]))) for k, c in dims.items()},
        }
    return result


STATUSES = ("pass", "warn", "unknown", "fail")


def checks(rng: random.Random) -> str | None:
    """Rule statuses as a verdict stores them, deadlines among them (left aside)."""
    if rng.randrange(10) == 0:
        return None
    rules = rng.sample(["floor", "ceiling", "cofunding", "full_file_deadline"], 2)
    return json.dumps({rule: rng.choice(STATUSES) for rule in rules})


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def test_counters_match_the_rows_through_changes_erasures_and_a_purge(tmp_path: Path) -> None:
    rng = random.Random(28)
    store = Store(tmp_path / "db.sqlite3")
    desk = Desk(store)
    for number in range(1, 301):
        moment = NOW - dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 45))
        if number % 50 == 0:  # exactly on a period's first instant
            moment = NOW - dt.timedelta(days=7)
        with store.transaction():
            store.db["users"].insert(
                {
                    "user_id": number,
                    "chat_id": number,
                    "consent_at": None if number % 37 == 0 else stamp(moment),
                }
            )
            store.db["leads"].insert(
                {
                    "id": f"{number}-1",
                    "number": number,
                    "chat_id": number,
                    "user_id": number,
                    "created_at": stamp(moment),
                    "updated_at": stamp(moment),
                    "status": "nouveau",
                    "fiche": rng.choice([1, 2, 3, 4, None]),
                    "territory": rng.choice(["artois", "littoral", None]),
                    "wants_contact": rng.randrange(2),
                    "call_closed": int(number % 11 != 0),
                    "eligible": rng.randrange(2),
                    "checks": checks(rng),
                }
            )
    assert desk.stats(NOW) == counted(store, NOW)
    for number in rng.sample(range(1, 301), 60):
        desk.set_status(number, rng.choice(["contacté", "clos"]), actor=1)
    for number in rng.sample(range(1, 301), 60):  # a changed answer: a new verdict
        with store.transaction():
            store.db.execute(
                "update leads set checks = ?, call_closed = ? where number = ?",
                [checks(rng), rng.randrange(2), number],
            )
    with store.transaction():
        store.db.execute("update leads set fiche = 2, wants_contact = 1 where number % 7 = 0")
        store.db.execute("update users set consent_at = ? where user_id % 5 = 0", [stamp(NOW)])
    for number in rng.sample(range(1, 301), 25):
        store.erase_person(number, number)
    store.purge(NOW - dt.timedelta(days=40))
    stats = desk.stats(NOW)
    assert stats == counted(store, NOW)
    assert 0 < stats["7"]["verdicts"] < stats["30"]["verdicts"] < stats["all"]["verdicts"]
    assert stats["7"]["started"] > 0 and "?" in stats["all"]["by_fiche"]
    # The queue's verdicts, each with its words: one set of keys for the filter and the counts
    assert set(stats["all"]["by_outcome"]) == set(VERDICTS) == set(VERDICT_LABELS)
    assert 0 < stats["all"]["call_closed"] < stats["all"]["verdicts"]
    store.close()


def test_migration_017_counts_the_leads_already_there_by_verdict(tmp_path: Path) -> None:
    """A database counted by the flag `eligible` (migration 011, deadlines included): opened
    by this checkout, its counters are counted again once by verdict, and kept after."""
    path = tmp_path / "old.sqlite3"
    with store_before(path, "017") as old:
        rng = random.Random(17)
        for number in range(1, 41):
            with old.transaction():
                old.db["leads"].insert(
                    {
                        "id": f"{number}-1",
                        "number": number,
                        "chat_id": number,
                        "created_at": stamp(NOW - dt.timedelta(days=number)),
                        "status": "nouveau",
                        "call_closed": 1,
                        "eligible": 0,  # the call is closed: « non », deadlines included
                        "checks": checks(rng),
                    }
                )
        columns = [row[1] for row in old.db.execute("pragma table_info(lead_totals)").fetchall()]
        assert "eligible" in columns and "verdict" not in columns  # as 011 made it

    store = Store(path)
    columns = [row[1] for row in store.db.execute("pragma table_info(lead_totals)").fetchall()]
    assert "verdict" in columns and "eligible" not in columns
    assert Desk(store).stats(NOW) == counted(store, NOW)
    with store.transaction():
        store.db.execute("update leads set checks = ? where number <= 10", ['{"floor": "fail"}'])
    stats = Desk(store).stats(NOW)
    assert stats == counted(store, NOW) and stats["all"]["by_outcome"]["refused"] >= 10
    assert stats["all"]["call_closed"] == 40
    store.close()


def test_the_statistics_read_the_counters_and_no_more_than_a_day_of_leads(
    tmp_path: Path,
) -> None:
    """What keeps /stats O(1) in the number of leads (5 ms at 1,000,000, docs/staff.md): none
    of its queries scans `leads` or `users`; they read the counters and, for a period's first
    day, the leads and people of that day through the `created_at` / `consent_at` indexes."""
    store = Store(tmp_path / "db.sqlite3")
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    Desk(store).stats(NOW)
    store.db.conn.set_trace_callback(None)
    assert statements
    for sql in statements:
        plan = " | ".join(
            row[-1] for row in store.db.execute(f"explain query plan {sql}").fetchall()
        )
        assert "SCAN leads" not in plan and "SCAN users" not in plan, (sql, plan)
        if "from leads" in sql or "from users" in sql:
            assert "USING" in plan and "INDEX" in plan, (sql, plan)
    store.close()


def test_migration_018_leaves_the_counters_alone_when_nothing_counted_changed(
    tmp_path: Path,
) -> None:
    """A lead written again with nothing counted changed (the bot's write names every column
    it fills, and the verdict's trigger updates the row once more) took itself out of the
    counters and put itself back, twice, before migration 018: 8 counter rows written for
    nothing. On a database made before 018, opened by this checkout, the same write leaves
    the counters alone, and a real change is still counted, once."""
    path = tmp_path / "old.sqlite3"
    lead = {"conversation": 1, "fiche": 4, "territory": "artois", "checks": {"floor": "pass"}}

    def counter_rows_written(store: Store, values: dict[str, Any]) -> int:
        """Counter rows the bot's own write of the lead changes (SQLite counts every row its
        triggers change: the lead's row and its verdict, its search index, the counters): the
        same write from the same rows without the counters' triggers first, rolled back."""
        with store.transaction():
            triggers = store.db.execute(
                "select name, sql from sqlite_master where name like 'lead_counts_%'"
            ).fetchall()
            for name, _ in triggers:
                store.db.execute(f"drop trigger {name}")
            before = store.db.conn.total_changes
            store._upsert_lead(7, 7, "Ada", values, stamp(NOW))
            uncounted = store.db.conn.total_changes - before
            store.db.conn.execute("rollback")
        with store.transaction():
            before = store.db.conn.total_changes
            store._upsert_lead(7, 7, "Ada", values, stamp(NOW))
            # Before the COMMIT, as above: at the COMMIT the search index writes out what it
            # buffered, a number of its own rows that differs between SQLite versions.
            changed = store.db.conn.total_changes - before
        return changed - uncounted

    with store_before(path, "018") as old:
        with old.transaction():
            old._upsert_lead(7, 7, "Ada", lead, stamp(NOW))
        assert counter_rows_written(old, lead) == 8  # nothing changed: out and in, twice

    store = Store(path)
    assert counter_rows_written(store, lead) == 0
    assert Desk(store).stats(NOW) == counted(store, NOW)
    assert counter_rows_written(store, {**lead, "checks": {"floor": "fail"}}) == 4
    stats = Desk(store).stats(NOW)
    assert stats == counted(store, NOW) and stats["all"]["by_outcome"] == {"refused": 1}
    assert counter_rows_written(store, {**lead, "fiche": 2, "checks": {"floor": "fail"}}) == 4
    assert Desk(store).stats(NOW) == counted(store, NOW)
    store.close()


def test_a_lead_written_again_keeps_what_staff_decided(tmp_path: Path) -> None:
    """The person fills the fiche synthétique or asks to be called after the verdict: the bot
    writes the lead again. Staff's assignment, the jury's decision and the open-data fields
    stay (that write set them all to NULL), and the verdict follows the rules' statuses."""
    store = Store(tmp_path / "db.sqlite3")
    lead = {"conversation": 1, "fiche": 4, "territory": "artois", "checks": {"floor": "pass"}}
    with store.transaction():
        store._upsert_lead(7, 7, "Ada", lead, stamp(NOW))
    staff = {
        "assigned_to": 5,
        "status_at": "2026-11-23",
        "decision": "granted",
        "granted": "1000.00",
        "decided_on": "2026-11-30",
        "convention_on": "2026-12-01",
        "decision_ref": "CP-2026-12",
        "payment": "unique",
        "paid_from": "2026-12-02",
        "paid_until": "2026-12-03",
    }
    with store.transaction():
        sets = ", ".join(f"{column} = ?" for column in staff)
        store.db.execute(f"update leads set {sets}", list(staff.values()))
    with store.transaction():
        store._upsert_lead(7, 7, "Ada", {**lead, "sheet": "{}", "wants_contact": True}, stamp(NOW))
    row = store.db.execute(f"select {', '.join(staff)}, verdict, wants_contact from leads")
    assert row.fetchone() == (*staff.values(), "fine", 1)
    with store.transaction():
        store._upsert_lead(7, 7, "Ada", {**lead, "checks": {"floor": "fail"}}, stamp(NOW))
    assert store.db.execute("select verdict, assigned_to from leads").fetchone() == ("refused", 5)
    # A column a later migration adds for staff is named in STAFF_LEAD_COLUMNS, or it is one
    # the dialog's lead fills: the answers' (the question table's) and the verdict's own
    assert set(store.lead_fields) <= {*lead_columns({}), "fiche", "contact", "sheet"}
    store.close()
