"""The export's document, byte for byte, on leads with awkward values: quotes, semicolons,
line breaks of three kinds, right-to-left marks, empty and missing cells, amounts with
cents, formula-like starts, worded values unknown to the words, a real in an INTEGER
column, a NUL character, times around a change of offset and of another shape. Every path that writes it
(the command line's file, the child process's stream, the console's download) gives the
bytes of `fixtures/export_awkward.csv`, which main wrote at cd66cd9; the eleventh round made
the lines in SQL, then gave them back to the csv module (issue 28), the same bytes each time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dialogs.fields import export_columns
from storage import Store
from storage.staff import Desk
from tests.console_fixtures import add_lead

GOLDEN = Path(__file__).parent / "fixtures" / "export_awkward.csv"
# each lead's stored values, written over what add_lead stored (column: value)
AWKWARD: list[dict[str, object]] = [
    {
        "first_name": "\u200fمريم\u200e Zoé",
        "description": 'atelier "cuisine"; suite\nligne\r\nfin\rx',
        "contact": "+33 6 12 34 56 78",
        "note": "=SUM(A1)",
        "total": "45000.50",
        "request": "12.05",
        "cofunding": "0.00",
        "created_at": "2026-03-29T00:59:59+00:00",
        "updated_at": "2026-03-29T01:00:00+00:00",
    },
    {
        column: None
        for column in (
            *("first_name", "role", "commune", "insee", "epci", "territory", "fiche"),
            *("description", "priority_area", "kind", "total", "request", "cofunding"),
            *("activity_funding", "audience", "verdict", "checks", "contacts", "contact"),
            *("note", "updated_at"),
        )
    },
    {
        "role": 'sur;mesure "x"',
        "description": "une ligne\nune autre",  # a line break only
        "epci": "retour\rseul",
        "total": "-3.10",
        "request": "1234567.89",
        "cofunding": "",
        "fiche": 0.1 + 0.2,  # 0.30000000000000004: SQLite would write 0.3
        "note": "\tx",
        "contact": "@x",
        "contacts": "-x",
        "first_name": "",
        "created_at": "2026-10-25 01:30:00",
        "updated_at": "2026-10-25T01:30:00Z",
    },
    {
        "checks": '{"floor": "weird;\\"state", "unknown": "ok"}',
        "note": '"',
        "contact": "a\x00;b",  # a NUL: SQLite's glob stops at it
        "description": "\u202eRTL override\u202c ; fin",
        "status": "en cours",
        "created_at": "2026-10-25T00:59:59+00:00",
        "updated_at": "2026-10-25T01:00:00+00:00",
    },
]


def awkward_store(path: Path) -> Store:
    """A database of the awkward leads (and a plain one), times fixed."""
    store = Store(path)
    for chat in range(1, len(AWKWARD) + 2):
        add_lead(store, chat)
    store.db.conn.execute(
        "update leads set created_at = '2026-11-22T10:00:00+00:00', "
        "updated_at = '2026-11-23T10:00:00+00:00'"
    )
    for chat, values in enumerate(AWKWARD, start=1):
        sets = ", ".join(f"{column} = ?" for column in values)
        store.db.conn.execute(
            f"update leads set {sets} where chat_id = ?", [*values.values(), chat]
        )
    return store


def test_every_export_path_writes_the_same_bytes_as_before_on_awkward_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.queue import Queue, QueueQuery

    monkeypatch.chdir(tmp_path)
    store = awkward_store(Path("db.sqlite3"))
    desk = Desk(store, export_columns(), "Europe/Paris")
    golden = GOLDEN.read_bytes()
    assert golden.startswith("\ufeff".encode()) and golden.count("\ufeff".encode()) == 1
    assert desk.export_document() == (5, golden), "the command line's file"
    count, pieces = desk.export_stream()  # the child process
    assert (count, b"".join(pieces)) == (5, golden)
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    count, pieces = Queue(desk).export_stream(QueueQuery(), now)  # the console's download
    assert count == 5 and sorted(b"".join(pieces).split(b"\r\n")) == sorted(golden.split(b"\r\n"))
    store.close()


def write_golden(path: Path) -> None:
    """What made the fixture, run in main's checkout before the change."""
    store = awkward_store(path.with_suffix(".sqlite3"))
    path.write_bytes(Desk(store, export_columns(), "Europe/Paris").export_document()[1])
    store.close()
