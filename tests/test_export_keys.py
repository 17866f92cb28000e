"""The export's process reads the leads' numbers in one short transaction, then the rows by
number in short transactions of their own (issue 28, eleventh round): no snapshot is held
for the export's length, so checkpoints can restart the WAL while the chats write. What the
document then says when the database changes under it: the count given first is the
leads' when it started; a lead created meanwhile is not in it, a lead erased meanwhile is
left out and the last line says how many, a lead changed meanwhile shows its newer state."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from storage import Store
from storage.export import ERASED_MEANWHILE
from storage.sqlite import sqlite3
from storage.staff import Desk
from tests.console_fixtures import add_lead

LEADS = 1_200  # three pieces of 500; one piece's lines (~170 KB) outgrow the pipe (64 KB)


def test_writes_and_an_erasure_during_an_export_and_no_snapshot_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store("db.sqlite3")
    for chat in range(1, LEADS + 1):
        add_lead(store, chat)  # lead number == chat
    desk = Desk(store)
    count, pieces = desk.export_stream()  # the child: its first piece waits on the pipe
    first = next(pieces)
    # The chats and staff meanwhile, on leads of the third piece (not read yet: the child
    # blocks writing the first or second)
    add_lead(store, LEADS + 1)  # a new person
    assert desk.set_status(1_150, "contacté", actor=7)
    store.erase_person(1_100, 1_100)
    # No reader holds a snapshot between two pieces: a checkpoint can empty the WAL.
    checker = sqlite3.connect("db.sqlite3", timeout=0)
    deadline = time.monotonic() + 10
    while (busy := checker.execute("pragma wal_checkpoint(truncate)").fetchone()[0]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)  # the child may be inside its second piece's short transaction
    checker.close()
    assert busy == 0, "a snapshot held through the export kept the checkpoint out"
    assert Path("db.sqlite3-wal").stat().st_size == 0
    lines = (first + b"".join(pieces)).decode("utf-8-sig").split("\r\n")
    rows = [line for line in lines[1:-2] if line]
    numbers = [int(line.split(";", 1)[0]) for line in rows]
    assert count == LEADS, "the count is the leads' when the export started"
    assert numbers == [n for n in range(1, LEADS + 1) if n != 1_100], "in order, 1100 erased"
    assert ";contacté;" in rows[1_150 - 2], "the newer state of a lead changed meanwhile"
    assert lines[-2] == ERASED_MEANWHILE.format(n=1) and lines[-1] == ""
    assert len(rows) + 1 == count, "the rows and the erased one make the count"
    store.close()


def test_an_export_without_changes_has_no_last_line(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 4):
        add_lead(store, chat)
    count, payload = Desk(store).export_apart()
    assert count == 3 and payload.count(b"\r\n") == 4 and b"effac" not in payload
    store.close()


def test_a_lead_without_a_number_is_read_in_the_one_snapshot(tmp_path: Path) -> None:
    """Leads from before migration 005 may have no number: the child cannot read them by
    number, so it reads every row in the snapshot of its count, as before."""
    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 4):
        add_lead(store, chat)
    store.db.conn.execute("update leads set number = null where chat_id = 2")
    desk = Desk(store)
    count, pieces = desk.export_stream()  # the child
    assert (count, b"".join(pieces)) == desk.export_document() and count == 3
    store.close()
