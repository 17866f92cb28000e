"""The nightly retention purge, in short steps on the chats' SQLite thread.

Each step (`Privacy.purge_step`) is one small transaction found through the dates' indexes;
the steps go through the same queue as the chats' turns, so a turn waits for one step at most,
never for the whole purge (issue 28: it was one transaction scanning every table at 03:00).
"""

from __future__ import annotations

import datetime as dt

from bot.service import Conversations


async def purge_in_steps(
    service: Conversations, cutoff: dt.datetime, batch: int | None = None
) -> int:
    """Delete what is older than `cutoff`, step by step; rows deleted (audited once). `batch`:
    rows of each kind a step (None: the store's choice, `storage.privacy`)."""
    store = service.store
    deleted = 0
    while step := await service.db(store.purge_step, cutoff, batch):
        deleted += step
    await service.db(store.purge_done, cutoff, deleted)
    return deleted
