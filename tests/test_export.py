"""The export streamed from a snapshot by a process of its own: the same bytes as the
Telegram document, the chats keep writing while it is read, a failure is an error (never a
truncated file), and a reader that stops early leaves no process behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage import Store, export_process
from storage.staff import Desk
from tests.console_fixtures import add_lead


def test_the_stream_comes_from_a_snapshot_in_another_process_while_chats_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # DATABASE_PATH may be relative; the child runs elsewhere
    store = Store("db.sqlite3")
    for chat in range(1, 11):
        add_lead(store, chat, description=f'atelier "{chat}"; suite\nligne')
    desk = Desk(store)
    expected = desk.export_document()
    children: list[int] = []
    popen = export_process.subprocess.Popen

    def spy(*args: object, **kwargs: object) -> object:
        child = popen(*args, **kwargs)  # type: ignore[call-overload]
        children.append(child.pid)
        return child

    monkeypatch.setattr(export_process.subprocess, "Popen", spy)
    count, pieces = desk.export_stream()
    assert count == 10 and len(children) == 1 and children[0] != os.getpid()
    add_lead(store, 99)  # a chat's turn, written while the export is being read: no lock
    body = b"".join(pieces)
    assert (count, body) == expected, "the snapshot: lead 11 is not in it"
    assert body.startswith("\ufeff".encode()) and body.count(b"\r\n") > 10
    assert desk.export_apart() == desk.export_document() != expected
    assert len(children) == 2
    store.close()


def test_a_failed_export_raises_and_a_dropped_one_ends_its_process(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 4):
        add_lead(store, chat)
    columns = Desk(store).columns
    with pytest.raises(RuntimeError, match="export's process failed"):
        export_process.export_apart(tmp_path / "db.sqlite3", columns, where="no_such_column = 1")
    with pytest.raises(RuntimeError, match="unable to open database"):
        export_process.export_apart(tmp_path / "gone.sqlite3", columns)
    assert not (tmp_path / "gone.sqlite3").exists(), "no empty database made"
    endless = (  # a count that would run for minutes: a search past its budget
        "(with recursive r(n) as (select 1 union all select n + 1 from r where n < 1e10) "
        "select count(*) from r) > 0"
    )
    with pytest.raises(export_process.BudgetSpent):
        export_process.export_apart(tmp_path / "db.sqlite3", columns, endless, budget_s=0.2)
    count, pieces = export_process.export_apart(tmp_path / "db.sqlite3", columns)
    assert count == 3
    next(pieces)
    pieces.close()  # a download cancelled after its first piece
    assert not [p for p in Path("/proc").glob("[0-9]*") if _child_of_ours(p)]
    store.close()


def _child_of_ours(proc: Path) -> bool:
    """A process (zombies included) whose parent is this one, running the export."""
    try:
        stat = (proc / "stat").read_text()
        cmdline = (proc / "cmdline").read_bytes()
    except OSError:
        return False
    parent = int(stat.rsplit(")", 1)[1].split()[1])
    return parent == os.getpid() and (b"export_process" in cmdline or " Z " in stat)


def test_the_work_queue_export_is_written_apart_and_a_broad_search_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The console's download (the work queue's filtered view) goes through the same child;
    a search past its budget is refused before any byte, as it was in the bot's process."""
    import datetime as dt

    from storage import staff as staff_module
    from storage.queue import Queue, QueueQuery

    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 400):  # enough that the count runs past SQLite's progress steps
        add_lead(store, chat, said=f"jardin partagé numéro {chat}")
    queue = Queue(Desk(store))
    now = dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC)
    count, pieces = queue.export_stream(QueueQuery(words="jardin"), now)
    assert count == 399 and b"".join(pieces).count(b"\r\n") == 400
    monkeypatch.setattr(staff_module, "SEARCH_BUDGET_S", -1.0)  # already past its budget
    with pytest.raises(staff_module.SearchTooBroad):
        queue.export_stream(QueueQuery(words="jardin"), now)
    count, _ = queue.export_stream(QueueQuery(), now)  # browsing without words: no budget
    assert count == 399
    store.close()


def test_the_export_process_imports_only_what_it_uses() -> None:
    """The child's start-up was a fifth of its CPU (0.25-0.4 s under load, issue 28): the
    store (sqlite-utils, click, dateutil), the knowledge model and babel were imported by
    the packages' `__init__` and by `local_time`, and the child uses none of them. A fresh
    interpreter imports the child's module as `python -m storage.export_process` does."""
    import subprocess
    import sys

    probe = (
        "import sys; import storage.export_process; "
        "print(' '.join(sorted(m for m in ('sqlite_utils', 'babel', 'knowledge.loader', "
        "'knowledge.i18n', 'storage.store') if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=export_process.PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == []
