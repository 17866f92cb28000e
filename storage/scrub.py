"""Erased text out of the database files, in small steps, off the conversations' thread.

Deleting a person's rows is quick (indexed, in proportion to their data) and `secure_delete`
zeroes the freed bytes, but the full-text indexes keep a deleted row's words in their old
segments until a merge rewrites them, unless the index deletes in place (FTS5 'secure-delete',
SQLite >= 3.42, `storage.sqlite`): then only the WAL is left to clean. Otherwise (the fallback:
an older SQLite, or the option turned off) the merge is FTS5's incremental 'merge' command:
merging a whole index at once took 4 to 6 s with 1,000,000 rows, on the thread every chat
waits for (issue 28), so a first call with a negative page count puts every segment in one
merge, later calls continue it some pages at a time, each its own short transaction, until the
merge has nothing left to do (fewer than two changes). Then the WAL is checkpointed and
truncated, so no copy of an erased page stays in it.

The bot runs `Scrub.step` on its own connection in a worker thread with a pause between steps
(`bot.staff`); the command line and the tests call `Scrub.finish`. Nothing the person wrote is
ever logged.
"""

from __future__ import annotations

from storage.sqlite import SECURE_DELETE, connect, sqlite3

SEARCH_INDEXES = ("messages_fts", "leads_fts")
STEP_PAGES = 16  # pages merged per step: about 5 ms of a write lock at 1,000,000 rows


def deletes_in_place(conn: sqlite3.Connection, index: str) -> bool:
    """The index's own 'secure-delete' option (stored in the file), if this library honours
    it: an older SQLite ignores it and leaves the deleted words to the merge."""
    row = conn.execute(f"select v from {index}_config where k = 'secure-delete'").fetchone()
    return SECURE_DELETE and bool(row and int(row[0]))


class Scrub:
    """One pass over the search indexes, then the WAL; `restart` after a further deletion."""

    def __init__(self, conn: sqlite3.Connection, pages: int = STEP_PAGES) -> None:
        self.conn = conn
        self.pages = pages
        self._left: list[str] = []
        self._started: set[str] = set()
        self.restart()

    @classmethod
    def open(cls, path: str, pages: int = STEP_PAGES) -> Scrub:
        """Its own connection, so the steps never queue behind (or hold up) the chats'."""
        conn = connect(path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA secure_delete = ON")  # per connection: the merge frees pages too
        return cls(conn, pages)

    def close(self) -> None:
        self.conn.close()

    def restart(self) -> None:
        """The indexes to merge: those that do not delete in place (read again each pass: the
        option is the file's, and a store opened since may have changed it)."""
        self._left = [i for i in SEARCH_INDEXES if not deletes_in_place(self.conn, i)]
        self._started.clear()

    @property
    def merging(self) -> bool:
        """Index merging still to do (else only the WAL's truncation is left)."""
        return bool(self._left)

    def step(self) -> bool:
        """One bounded piece of the work; True once the indexes are merged and the WAL is
        truncated. False while work remains, or while a reader holding old pages blocks the
        truncation (the caller waits and calls again)."""
        if self._left:
            index = self._left[0]
            pages = self.pages if index in self._started else -self.pages
            before = self.conn.total_changes
            self.conn.execute(f"insert into {index}({index}, rank) values ('merge', ?)", [pages])
            self._started.add(index)
            if self.conn.total_changes - before < 2:  # SQLite's sign that nothing was merged
                self._left.pop(0)
            # The merge rewrites many pages: copy them back into the database here, without
            # blocking anyone (PASSIVE), so that the chats' next commit does not find a WAL
            # past its automatic checkpoint and pay for copying the merge's pages (issue 28).
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            return False
        # The truncation holds writers off while it copies the WAL back: copy it first without
        # blocking anyone (PASSIVE), so that little is left to copy under the lock. After an
        # erasure deleted in place this step is the whole scrub (`storage.sqlite`).
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, _log, _done = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return not busy

    def finish(self, max_steps: int = 1_000_000) -> bool:
        """The whole scrub at once (command line, tests): True if complete, False if a reader
        blocked the WAL's truncation."""
        for _ in range(max_steps):
            if not self._left:
                return self.step()
            self.step()
        return False
