"""What an erasure leaves behind once it is finished: only the erasure log (the lead numbers
marked erased in `lead_numbers`, audit lines with counts). The job row that queued the staff
messages to delete, and that held the erased lead numbers with the erasure's dates, goes when
staff have been told; a database that kept finished jobs loses them at its next start."""

from __future__ import annotations

import json
from pathlib import Path

from storage import Store
from tests.console_fixtures import add_lead


def _audit(store: Store) -> list[tuple[str, str, str]]:
    return [
        (str(a), str(b), str(c))
        for a, b, c in store.db.conn.execute("select actor, action, detail from audit")
    ]


def test_a_finished_erasure_keeps_only_the_erasure_log(tmp_path: Path) -> None:
    """The bot's round (`announce_erasures`) ends each job with `erasure_done`: the row stayed
    (numbers « [1, 2] », created and done dates) for ever. Now it goes; the numbers stay
    marked erased, and the audit says staff were told and how many messages went."""
    store = Store(tmp_path / "db.sqlite3")
    add_lead(store, 1, said="mon secret")
    add_lead(store, 1, said="un second projet", conversation=2)
    add_lead(store, 2)
    with store.db.conn:  # two staff messages quoted lead n° 1 (a transcript, a card)
        store.db.conn.executemany(
            "insert into staff_copies (lead_number, chat_id, message_id, created_at) "
            "values (1, 901, ?, '2026-01-01')",
            [(77,), (78,)],
        )
    store.erase_person(1, 1)
    [job] = store.pending_erasures()
    assert job["numbers"] == [1, 2] and job["messages"], job
    store.erasure_done(job["id"], [tuple(m) for m in job["messages"][:1]])
    assert store.db.conn.execute("select count(*) from erasures").fetchone() == (0,)
    assert store.pending_erasures() == []
    erased = store.db.conn.execute(
        "select number, reason from lead_numbers where erased_at is not null order by number"
    ).fetchall()
    assert erased == [(1, "erasure"), (2, "erasure")], "the log keeps which numbers went"
    told = [row for row in _audit(store) if row[1] == "erasure-told"]
    assert told == [("bot", "erasure-told", "1/2 messages deleted")]
    assert any(action == "erasure" for _, action, _ in _audit(store))
    store.erasure_done(job["id"])  # a round that ends twice (a restart): nothing more
    assert len([row for row in _audit(store) if row[1] == "erasure-told"]) == 1
    store.close()


def test_finished_jobs_kept_by_an_older_database_go_at_start(tmp_path: Path) -> None:
    """A database written before migration 023 kept every finished job (messages emptied,
    numbers and dates kept): opening it removes them and keeps a pending one."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    conn = store.db.conn
    with conn:
        conn.execute(
            "insert into erasures (numbers, messages, created_at, done_at) "
            "values ('[3, 4]', '[]', '2026-01-01', '2026-01-01')"
        )
        conn.execute(
            "insert into erasures (numbers, messages, created_at) values ('[7]', ?, '2026-01-02')",
            [json.dumps([[901, 5]])],
        )
        conn.execute("delete from migrations where name = '023_forget_done_erasures'")
    store.close()
    store = Store(path)
    left = store.db.conn.execute("select numbers, done_at from erasures").fetchall()
    assert left == [("[7]", None)], left
    assert [e["messages"] for e in store.pending_erasures()] == [[[901, 5]]]
    store.close()
