"""The statistics' counters (storage.counters) against the rows themselves: after inserts,
changes of status and flags, erasures and a purge, with leads on both sides of a period's
first day, every figure of /stats equals what counting the rows gives."""

from __future__ import annotations

import collections
import datetime as dt
import random
from pathlib import Path
from typing import Any

from storage import Store
from storage.staff import Desk

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
            "select fiche, territory, status, wants_contact, call_closed, eligible from leads "
            "where created_at >= ?",
            [since],
        ).fetchall()
        dims: dict[str, collections.Counter[str]] = {
            k: collections.Counter()
            for k in ("by_fiche", "by_territory", "by_outcome", "by_status")
        }
        for fiche, territory, status, _contact, closed, eligible in rows:
            outcome = "closed" if closed else "no_rule_failed" if eligible else "rule_failed"
            for key, value in zip(dims, (fiche, territory, outcome, status), strict=True):
                dims[key]["?" if value is None else str(value)] += 1
        result[period] = {
            "started": started,
            "verdicts": len(rows),
            "wants_contact": sum(1 for r in rows if r[3]),
            **{k: dict(sorted(c.items(), key=lambda i: (-i[1], i[0]))) for k, c in dims.items()},
        }
    return result


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
                    "call_closed": int(number % 11 == 0),
                    "eligible": rng.randrange(2),
                }
            )
    assert desk.stats(NOW) == counted(store, NOW)
    for number in rng.sample(range(1, 301), 60):
        desk.set_status(number, rng.choice(["contacté", "clos"]), actor=1)
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
    store.close()
