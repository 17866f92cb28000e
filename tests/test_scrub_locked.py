"""The background scrub survives a write lock held past its busy timeout (perf7's finding,
seventh round of docs/performance.md: at 1,000,000 rows with chats writing all along, a merge
step waited past the busy timeout, the task died on « database is locked », and the erased
words stayed in the files until the next erasure). The merge is the fallback's
(`storage.sqlite`: no FTS5 secure-delete), hence the store opened without it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.scrubbing import BackgroundScrub
from storage import Store
from storage.sqlite import sqlite3
from tests.console_fixtures import add_lead


async def test_a_merge_step_that_cannot_have_the_lock_is_tried_again(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path, secure_delete=False)
    for number in range(1, 20):
        add_lead(store, number, said=f"atelier couture {number}")
    add_lead(store, 20, said="Zanzibar-sur-Liane-7731 Kerguelen")
    store.erase_person(20, 20)

    class Scrubbing(BackgroundScrub):
        scrub_store = store  # type: ignore[assignment]

    scrubbing = Scrubbing()
    scrubbing.scrub_retries = (0.2,) * 20
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # a writer holding the lock past the busy timeout
    scrubbing.start_scrub()
    await asyncio.sleep(2.5)  # the first step waits for the lock past its busy timeout, then fails
    assert scrubbing._scrubbing is not None and not scrubbing._scrubbing.done()
    blocker.execute("ROLLBACK")
    blocker.close()
    await asyncio.wait_for(scrubbing._scrubbing, 30)
    assert not store.scrub_pending
    files = path.read_bytes() + Path(f"{path}-wal").read_bytes()
    assert b"Kerguelen" not in files
    store.close()
