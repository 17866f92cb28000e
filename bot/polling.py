"""Long polling into the inbox: store what getUpdates brings, then confirm it at once.

PTB's Updater confirms an update (through the offset of the next getUpdates) as soon as it is
fetched, before anything is stored: a crash in between loses it. An earlier version of this
poller confirmed only once the handler had finished, which pinned the offset on the slowest
chat: behind 100 newer updates (getUpdates' limit) nothing new could be fetched, and one chat
Telegram held back froze everyone. Here the offset moves past an update as soon as it is in the
inbox (SQLite), and the inbox's workers handle it, chat by chat. If the database refuses the
write (locked by a backup or a staff shell), the poller keeps the batch and retries the write;
it neither fetches nor confirms anything meanwhile, so Telegram keeps the updates.

Updates are fetched as raw JSON (`do_api_request`), so that an update PTB cannot parse is
still stored, and parked by the inbox instead of crashing the poller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

log = logging.getLogger(__name__)

Sink = Callable[[list[dict[str, Any]]], Awaitable[int]]


class Poller:
    """Feeds getUpdates results to a sink (the inbox) and confirms them once stored."""

    def __init__(
        self,
        bot: Any,
        sink: Sink,
        *,
        timeout: int = 10,
        limit: int = 100,
    ) -> None:
        self.bot = bot
        self.sink = sink
        self.timeout = timeout  # long-poll seconds
        self.limit = limit
        self.offset = 0  # the first update not yet stored; asking with it confirms the rest
        self.fetches = 0  # getUpdates calls, for the benchmarks
        self.received = 0  # updates delivered by Telegram (a redelivery counts again)
        self.running = False  # in its loop (for /healthz)
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Poll until `stop()`; then confirm what was stored (a last getUpdates)."""
        self.running = True
        try:
            await self._poll()
        finally:
            self.running = False

    async def _poll(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                updates = await self._fetch()
            except InvalidToken:
                raise
            except (NetworkError, Conflict, TelegramError) as exc:
                failures += 1
                delay = min(0.5 * 2 ** min(failures - 1, 6), 30.0)
                log.warning(
                    "getUpdates failed (%s); retrying in %.1f s", type(exc).__name__, delay
                )
                await self._sleep(delay)
                continue
            failures = 0
            if not updates:
                await self._sleep(0.01)  # a long poll came back empty: never spin hot
                continue
            if not await self._store(updates):
                return  # stopping with a batch unstored: Telegram keeps it (unconfirmed)
            self.offset = max(int(u["update_id"]) for u in updates) + 1
        await self._confirm()

    async def _store(self, updates: list[dict[str, Any]]) -> bool:
        """Write the batch to the inbox, however long the database makes us wait."""
        delay = 0.1
        while True:
            try:
                await self.sink(updates)
                return True
            except Exception as exc:
                log.warning(
                    "could not store %d updates (%s); they stay unconfirmed, retrying in %.1f s",
                    len(updates),
                    type(exc).__name__,
                    delay,
                )
            await self._sleep(delay)
            if self._stopping.is_set():
                return False
            delay = min(delay * 2, 5.0)

    async def _fetch(self) -> list[dict[str, Any]]:
        """One getUpdates (raw JSON), abandoned if a stop is asked meanwhile: what it would
        have brought is unconfirmed, so Telegram hands it over again at the next start."""
        fetch = asyncio.ensure_future(
            raw_get_updates(
                self.bot,
                offset=self.offset,
                timeout=self.timeout,
                limit=self.limit,
                allowed_updates=list(Update.ALL_TYPES),
            )
        )
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fetch
            return []
        result = fetch.result()
        updates = [u for u in result or [] if isinstance(u, dict) and "update_id" in u]
        self.fetches += 1
        self.received += len(updates)
        return updates

    async def _sleep(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _confirm(self) -> None:
        """On a clean stop: confirm everything stored (bounded: never hang the exit)."""
        if not self.offset:
            return
        with contextlib.suppress(TelegramError, TimeoutError):
            await asyncio.wait_for(
                raw_get_updates(self.bot, offset=self.offset, timeout=0, limit=1), 5
            )


async def raw_get_updates(bot: Any, *, timeout: int, **params: Any) -> Any:
    """getUpdates as JSON. `Bot.get_updates` parses every update (one it cannot parse makes the
    whole call fail, for ever) and `do_api_request` refuses endpoints PTB wraps; `_post` is the
    call both make, through the getUpdates connection pool and the rate limiter."""
    return await bot._post(
        "getUpdates", {"timeout": timeout, **params}, read_timeout=timeout + 10.0
    )


async def serve(application: Any, make_poller: Callable[[Any], Poller]) -> None:
    """What `run_polling` does (initialize, post_init, start, stop on a signal, shut down),
    with our poller and inbox in place of PTB's Updater."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopping.set)
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.bot.delete_webhook()  # polling and a webhook cannot coexist
        await application.start()
        data = application.bot_data  # bot.app_data.BotData
        inbox = data.inbox
        await inbox.replay()
        poller = make_poller(inbox)
        data.poller = poller
        task = asyncio.create_task(poller.run())
        waiter = asyncio.create_task(stopping.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        poller.stop()
        waiter.cancel()
        await task  # re-raises InvalidToken
        await inbox.close(grace=5.0)
    finally:
        await close_application(application)


async def close_application(application: Any) -> None:
    """Stop and shut down the Application with its hooks, as PTB's run_* would: the inbox
    workers have stopped, so nothing is handled any more. Shared by polling and webhook."""
    if application.running:
        await application.stop()
        if application.post_stop:
            await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown:
        await application.post_shutdown(application)
