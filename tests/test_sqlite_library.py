"""The store's SQLite library (`storage.sqlite`): FTS5 secure-delete when the library has it,
the stepwise scrub otherwise or when turned off, and a clear refusal of an index the library
cannot read. The standard library's path runs in a fresh interpreter with `pysqlite3` hidden,
as on a machine without its wheel (two SQLite libraries must never share a process's file)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage import StorageError, Store
from storage.scrub import SEARCH_INDEXES, Scrub, deletes_in_place
from storage.sqlite import LIBRARY, SECURE_DELETE, secure_delete_wanted
from tests.console_fixtures import add_lead

ROOT = Path(__file__).resolve().parent.parent
needs_secure_delete = pytest.mark.skipif(
    not SECURE_DELETE, reason=f"{LIBRARY}: no FTS5 secure-delete (pysqlite3-binary missing)"
)


def stdlib(code: str, path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter whose store uses Python's own sqlite3 (3.40 here)."""
    prelude = "import sys\nsys.modules['pysqlite3'] = sys.modules['pysqlite3.dbapi2'] = None\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code), str(path)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_setting_turns_secure_delete_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FTS_SECURE_DELETE", "off")
    assert not secure_delete_wanted()
    assert not secure_delete_wanted(False)
    monkeypatch.setenv("FTS_SECURE_DELETE", "auto")
    assert secure_delete_wanted() == SECURE_DELETE
    assert secure_delete_wanted(True) == SECURE_DELETE


@needs_secure_delete
def test_the_option_is_the_files_and_follows_the_last_opening(tmp_path: Path) -> None:
    """Stored in each index, so the scrub's own connection (and any process) reads it."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    assert store.secure_delete
    assert all(deletes_in_place(store.db.conn, index) for index in SEARCH_INDEXES)
    assert Scrub(store.db.conn).merging is False, "deleting in place: nothing to merge"
    store.close()
    store = Store(path, secure_delete=False)
    assert not any(deletes_in_place(store.db.conn, index) for index in SEARCH_INDEXES)
    assert Scrub(store.db.conn).merging, "the fallback merges both indexes"
    store.close()


@needs_secure_delete
def test_an_erasure_deletes_the_words_in_place(tmp_path: Path) -> None:
    """No merge at all: the WAL's truncation is the whole scrub, and the erased words are in
    neither file while the others' are still found."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    for number in range(1, 30):
        add_lead(store, number, said=f"atelier couture {number}")
    add_lead(store, 30, said="Zanzibar-sur-Liane-7731 Kerguelen", description="Kerguelen")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Kerguelen" in path.read_bytes()
    store.erase_person(30, 30)
    assert store.scrub() and not store.scrub_pending
    files = path.read_bytes() + Path(f"{path}-wal").read_bytes()
    assert b"Kerguelen" not in files and b"Zanzibar" not in files
    found = store.db.execute(
        "select count(*) from messages_fts where messages_fts match 'couture'"
    ).fetchone()
    assert found == (29,)
    integrity = [
        store.db.execute(f"insert into {index}({index}) values ('integrity-check')")
        for index in SEARCH_INDEXES
    ]
    assert len(integrity) == 2  # an inconsistent index raises (SQLITE_CORRUPT_VTAB)
    store.close()


def test_without_pysqlite3_the_store_scrubs_stepwise(tmp_path: Path) -> None:
    """The standard library's SQLite (no secure-delete): the erasure's words leave the indexes
    by the stepwise merge, as before, and none is left in the files."""
    done = stdlib(
        """
        from pathlib import Path
        from storage import Store
        from storage.scrub import Scrub
        from storage.sqlite import LIBRARY, SECURE_DELETE
        from tests.console_fixtures import add_lead
        path = Path(sys.argv[1])
        store = Store(path)
        assert LIBRARY.startswith("sqlite3 ") and not SECURE_DELETE and not store.secure_delete
        for number in range(1, 30):
            add_lead(store, number, said=f"atelier couture {number}")
        add_lead(store, 30, said="Zanzibar-sur-Liane-7731 Kerguelen")
        store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert b"Kerguelen" in path.read_bytes()
        store.erase_person(30, 30)
        assert Scrub(store.db.conn).merging
        assert store.scrub()
        files = path.read_bytes() + Path(f"{path}-wal").read_bytes()
        assert b"Kerguelen" not in files and b"Zanzibar" not in files
        print("stepwise ok")
        """,
        tmp_path / "db.sqlite3",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stepwise ok"


@needs_secure_delete
def test_an_index_that_deleted_in_place_is_refused_clearly_by_an_older_sqlite(
    tmp_path: Path,
) -> None:
    """SQLite < 3.42 cannot read (not even drop) an index that deleted in place: the store
    says so at opening, and what to do, instead of failing on the first message's insert."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    add_lead(store, 1)
    add_lead(store, 2)
    store.erase_person(1, 1)  # the first delete in place: the index's format is now 5
    store.close()
    opened = stdlib(
        """
        from storage import StorageError, Store
        try:
            Store(sys.argv[1])
        except StorageError as exc:
            print(exc)
        """,
        path,
    )
    assert opened.returncode == 0, opened.stderr
    assert "FTS5 secure-delete" in opened.stdout and "pysqlite3-binary" in opened.stdout
    Store(path).close()  # this library still opens it


def test_an_unreadable_index_is_a_storage_error(tmp_path: Path) -> None:
    """The same refusal through this library, when its SQLite lacks the option (simulated
    by an index format from the future): StorageError, the bot's exit code 3."""
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    store.db.execute("update leads_fts_config set v = 99 where k = 'version'")
    store.close()
    with pytest.raises(StorageError, match="leads_fts"):
        Store(path)


@pytest.mark.parametrize("in_place", [False, True], ids=["stepwise merge", "secure-delete"])
def test_a_purge_step_is_smaller_when_the_indexes_delete_in_place(
    tmp_path: Path, in_place: bool
) -> None:
    """Deleting an indexed row in place costs 0.5-0.8 ms at 1,000,000 rows: a step of the
    nightly purge (on the chats' thread) takes 20 rows of each kind then, 500 otherwise."""
    from storage.privacy import PURGE_BATCH, PURGE_BATCH_IN_PLACE
    from tests.test_purge_steps import CUTOFF, OLD, fill

    if in_place and not SECURE_DELETE:
        pytest.skip(f"{LIBRARY}: no FTS5 secure-delete")
    store = Store(tmp_path / "db.sqlite3", secure_delete=in_place)
    fill(store, range(1, 31), OLD)
    first = store.purge_step(CUTOFF)
    batch = PURGE_BATCH_IN_PLACE if in_place else PURGE_BATCH
    assert store.db.execute("select count(*) from messages").fetchone() == (max(0, 60 - batch),)
    assert first > 0
    store.purge(CUTOFF)
    assert store.db.execute("select count(*) from messages").fetchone() == (0,)
    store.close()


def test_the_setting_is_listed_and_checked() -> None:
    """`python -m bot --help` lists it (the one list), and a typo is refused at start."""
    from bot.settings import VARIABLES, Settings, SettingsError

    assert any(v.name == "FTS_SECURE_DELETE" and v.default == "auto" for v in VARIABLES)
    Settings.from_env({"FTS_SECURE_DELETE": "off"})
    with pytest.raises(SettingsError, match="FTS_SECURE_DELETE"):
        Settings.from_env({"FTS_SECURE_DELETE": "non"})


# Two threads opening and closing connections to one WAL file, as the HTTP tests' 200 users
# (`tests/http_bot.turn_done`) did while the bot ran: with the library's own `connect`,
# SQLite 3.51.1 deadlocked this very script in 4 runs of 6 (gated: 6 of 6 ended in 3.5-7.6 s;
# perf8, docs/performance.md).
OPEN_CLOSE = """
import sys, threading
from storage.sqlite import sqlite3
path = sys.argv[1]
conn = sqlite3.connect(path, isolation_level=None)
conn.execute("pragma journal_mode = wal")
conn.execute("create table t(x)")
conn.close()
def churn(drop):
    for n in range(8000):
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        reader.execute("select count(*) from t").fetchone()
        if not (drop and n % 2):  # every other one left to the collector (`__del__`)
            reader.close()
        del reader
threads = [threading.Thread(target=churn, args=(drop,)) for drop in (False, True)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("done", sqlite3.sqlite_version)
"""


def test_connections_open_and_close_one_at_a_time(tmp_path: Path) -> None:
    """SQLite 3.51.0-3.51.1's lock-order inversion between a close and an open of one file
    (`storage.sqlite`): run in a child process, as a deadlock keeps the GIL and would stop
    this one. Every connection opened and closed under `OPENING`, the churn ends."""
    child = subprocess.run(
        [sys.executable, "-c", OPEN_CLOSE, str(tmp_path / "db.sqlite3")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0 and child.stdout.startswith("done"), child.stderr
