"""The SQLite library every connection of the store comes from, chosen once per process, and
whether the full-text indexes delete in place (FTS5 `secure-delete`).

Why a choice: erasing a person must leave none of their words in the file. FTS5 keeps a deleted
row's words in its old index segments until a merge rewrites them, and at 1,000,000 rows the
leads' index has doclists of a million entries (a word of every lead) that a merge writes in
one step: 0.2–0.3 s of write lock, during which every chat waits (issue 28). FTS5's
`secure-delete` option (SQLite >= 3.42) removes a deleted row's entries in place instead, with
no merge at all. Python's own `sqlite3` links the system's SQLite (3.40.1 on Debian 12);
`pysqlite3-binary` ships a recent one (Linux x86-64 wheels only, hence an environment marker in
pyproject.toml). sqlite-utils uses `pysqlite3` whenever it is importable
(`sqlite_utils/utils.py`) and catches that library's exceptions, which are classes of its own:
the store's connections must come from the same library, so here it is `pysqlite3` when
importable, else the standard module, and everything in storage/ and bot/ imports `sqlite3`
from this module (the connections and every `except sqlite3.…`).

`SECURE_DELETE` is a capability check on that library (an in-memory index with the option
set), not a version comparison. Without it, or with `FTS_SECURE_DELETE=off` in the
environment (the fallback, tested like the default), the erased words leave the indexes by
the stepwise merge of `storage.scrub`, as before.

One cost of the option, checked at opening (`check_index`): once an index has deleted in
place, SQLite < 3.42 can no longer read it (FTS5 file format 5), not even to drop it.

Why `sqlite3` here is the library with its `connect` gated: SQLite 3.51.0 and 3.51.1 (the
3.51.1 of pysqlite3-binary 0.5.4.post2, its latest) can deadlock two threads of one process on
one WAL file. Closing a connection (`sqlite3WalClose` -> `unixLock` -> `unixIsSharingShmNode`)
holds the file's inode mutex and waits for the VFS's global one, while opening another
(`unixOpen` -> `findReusableFd`), or closing another (`unixClose`), holds the global one and
waits for the inode's; fixed in 3.51.2. pysqlite3 keeps the GIL through the close, so the
whole process stops: the HTTP tests' stand-in stopped answering (perf8, docs/performance.md),
and a bot opening an export's reader while its scrub closed would have stopped the same way.
Every connection of this library is therefore opened and closed under one lock of the
process (`OPENING`): opens and closes are rare (the store keeps its connections), and no
query runs under the lock (only the checkpoint SQLite makes when a file's last connection of
the machine closes).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any

# Every open and close of a connection of this process, one at a time (see above).
OPENING = threading.RLock()  # re-entrant: a collection may close a connection while opening

if TYPE_CHECKING:
    import sqlite3 as sqlite3
else:
    try:
        _library = importlib.import_module("pysqlite3.dbapi2")
    except ImportError:
        import sqlite3 as _library

    class Connection(_library.Connection):
        """The library's connection, closed under `OPENING` (dropped unclosed too)."""

        _opened = False

        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **options)
            self._opened = True

        def close(self) -> None:
            with OPENING:
                super().close()

        def __del__(self) -> None:
            # Else the library's deallocation closes it outside the lock. From another
            # thread than its own (check_same_thread) close() refuses: left to the library.
            # One that never opened (a file SQLite cannot open) is not closed: pysqlite3's
            # close() of it crashed the whole process (SIGSEGV) instead of the error raised.
            if self._opened:
                with contextlib.suppress(_library.Error):
                    self.close()

    def _connect(database: Any, *args: Any, factory: Any = Connection, **options: Any) -> Any:
        with OPENING:
            return _library.connect(database, *args, factory=factory, **options)

    class _Library(ModuleType):
        """The chosen library as it is, but for `connect`."""

        def __getattr__(self, name: str) -> Any:
            return getattr(_library, name)

    sqlite3 = _Library(_library.__name__, _library.__doc__)
    sqlite3.connect = _connect

__all__ = [
    "LIBRARY",
    "OPENING",
    "SECURE_DELETE",
    "check_index",
    "connect",
    "secure_delete_wanted",
    "sqlite3",
]

LIBRARY = f"{sqlite3.__name__.split('.')[0]} (SQLite {sqlite3.sqlite_version})"
FORMAT_IN_PLACE = 5  # FTS5's file format once an index has deleted in place
# Prepared statements kept per connection. At the default 128, pysqlite3's cache kept
# preparing a turn's statements again (each insert compiles its triggers): 550-730 µs of the
# SQLite thread's CPU per turn against 305-350 µs with 1,024 (a turn's store calls, 2,000
# turns, 3 runs each; the standard module's cache did not thrash: 340-420 µs either way).
STATEMENTS = 1024


def connect(path: str, **options: Any) -> sqlite3.Connection:
    """A connection of the chosen library, with a statement cache that holds a turn's."""
    return sqlite3.connect(path, cached_statements=STATEMENTS, **options)


def _secure_delete_works(library: ModuleType) -> bool:
    """True if FTS5 accepts the option and a delete then leaves no trace of the word."""
    conn = library.connect(":memory:", isolation_level=None)  # each statement committed
    try:
        conn.execute("create virtual table probe using fts5(text)")
        conn.execute("insert into probe(probe, rank) values ('secure-delete', 1)")
        conn.execute("insert into probe(text) values ('gone'), ('kept')")
        conn.execute("delete from probe where text = 'gone'")
        blobs = b"".join(row[0] for row in conn.execute("select block from probe_data"))
        return b"gone" not in blobs and b"kept" in blobs
    except library.Error:  # FTS5 missing, or older than 3.42: "unknown option"
        return False
    finally:
        conn.close()


SECURE_DELETE = _secure_delete_works(sqlite3)


def secure_delete_wanted(asked: bool | None = None) -> bool:
    """Whether a store opened now deletes in place: what the caller asked (None: the
    environment's `FTS_SECURE_DELETE`, on unless `off`; `bot.settings` lists and checks
    it), if the library can."""
    if asked is None:
        asked = os.environ.get("FTS_SECURE_DELETE", "auto").strip().lower() != "off"
    return asked and SECURE_DELETE


def check_index(conn: sqlite3.Connection, index: str) -> None:
    """Refuse, with what to do, an index this library cannot read: one that deleted in place,
    opened by SQLite < 3.42, or one from a later FTS5 (its `_config` table is a plain table
    any version reads). Else the failure would come with the first message's insert."""
    row = conn.execute(f"select v from {index}_config where k = 'version'").fetchone()
    readable = FORMAT_IN_PLACE if SECURE_DELETE else FORMAT_IN_PLACE - 1
    if row and int(row[0]) > readable:
        raise sqlite3.DatabaseError(
            f"index {index} au format FTS5 {row[0]}, illisible par {LIBRARY} (écrit avec FTS5 "
            "secure-delete, SQLite ≥ 3.42 ?) : installez pysqlite3-binary (Linux x86-64) ou "
            "ouvrez la base avec un SQLite plus récent"
        )
