"""Erased text out of the database files, in the background, after an erasure or a purge.

`storage.scrub` does the work in small steps; here they run on a connection and a thread of
their own with a pause between two, so the chats' SQLite thread is never held and the merge
takes a share of a core only (issue 28). Nothing the person wrote is ever logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor

from storage import Store
from storage.scrub import Scrub
from storage.sqlite import sqlite3

log = logging.getLogger("bot.staff")  # the staff desk's logger, under its usual name

SCRUB_RETRIES = (5.0, 30.0, 120.0, 600.0, 1800.0)  # seconds between retries of a blocked scrub
SCRUB_PAUSE = 0.01  # seconds between two steps of the index merge, at least
# ...and at least this many times the step's own time: a step holds SQLite's write lock, and a
# chat that finds it taken sleeps in SQLite's busy handler (1, 2, 5, 10… ms), so back to back
# steps (18 ms each at 1,000,000 rows) tripled other chats' reply p99 during an erasure's
# scrub (issue 28). At 3, the scrub holds the lock a quarter of the time at most.
SCRUB_YIELD = 3.0


class BackgroundScrub:
    """One background task scrubbing the store's files while deletions are ahead of it."""

    def __init__(self) -> None:
        self.scrub_retries = SCRUB_RETRIES
        self._scrubbing: asyncio.Task[None] | None = None

    @property
    def scrub_store(self) -> Store:
        """The store whose files are scrubbed (the subclass says which)."""
        raise NotImplementedError

    def start_scrub(self) -> None:
        """After an erasure or a purge: scrub the files in the background (one task)."""
        if self.scrub_store.scrub_pending and (self._scrubbing is None or self._scrubbing.done()):
            self._scrubbing = asyncio.create_task(self.scrub())

    async def scrub(self) -> None:
        """Erased text out of the files (`storage.scrub`): small steps on their own connection
        and thread, a pause between two (`SCRUB_YIELD` times the step), so the chats' SQLite
        thread is never held and the merge takes a share of the write lock and a core only. A later erasure asks for one more pass. A reader
        holding old pages blocks the WAL's truncation: tried again with growing waits."""
        store = self.scrub_store
        loop = asyncio.get_running_loop()
        # One thread of its own: even when this task is cancelled mid-step, the connection is
        # closed only after the step (SQLite must not see both at once).
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrub")
        scrub = await loop.run_in_executor(thread, Scrub.open, store.path)
        retries = iter(self.scrub_retries)
        try:
            while store.scrub_pending:
                target = store.deletions
                scrub.restart()
                while True:
                    started = loop.time()
                    try:
                        if await loop.run_in_executor(thread, scrub.step):
                            break
                    except sqlite3.OperationalError as exc:
                        # The write lock not had within the busy timeout (chats writing all
                        # along: perf7, 1,000,000 rows): the step is undone whole; tried again
                        # after a wait, instead of the task dying with erased words left in the
                        # files until the next erasure.
                        if "locked" not in str(exc) and "busy" not in str(exc):
                            raise
                        delay = next(retries, None)
                        if delay is None:
                            log.error("erasure scrub: the database stayed locked")
                            return
                        await asyncio.sleep(delay)
                        continue
                    if scrub.merging:
                        await asyncio.sleep(
                            max(SCRUB_PAUSE, SCRUB_YIELD * (loop.time() - started))
                        )
                        continue
                    delay = next(retries, None)  # only the truncation is left: a reader blocks it
                    if delay is None:
                        log.error(
                            "erasure scrub still incomplete after %d retries",
                            len(self.scrub_retries),
                        )
                        return
                    await asyncio.sleep(delay)
                store.scrubbed(target)
        finally:
            thread.submit(scrub.close)
            thread.shutdown(wait=False)

    async def stop_scrub(self) -> None:
        """At shutdown: stop between two steps (what is left is redone at the next erasure)."""
        if self._scrubbing is not None and not self._scrubbing.done():
            self._scrubbing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._scrubbing
