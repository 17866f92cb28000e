"""Long polling that confirms an update to Telegram only once it has been handled.

PTB's Updater confirms an update (through the offset of the next getUpdates) as soon as it is
fetched. A crash between fetching and storing would lose it: Telegram never sends a confirmed
update again. Here the offset moves past an update only once its handler has finished, that is
once its turn is stored and its replies are sent (or stored unsent, to be sent at the next start).
A crash before that gets the update again, and the store recognises what it already holds.

Updates of one chat run one after the other; different chats run concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

log = logging.getLogger(__name__)


class Poller:
    """Feeds getUpdates results to `Application.process_update` and acknowledges late."""

    def __init__(
        self,
        application: Any,
        *,
        timeout: int = 10,
        idle_wait: float = 0.1,
        stop_grace: float = 10.0,
    ) -> None:
        self.application = application
        self.timeout = timeout  # long-poll seconds when nothing is in flight
        self.idle_wait = idle_wait  # while busy: longest wait before asking for new updates
        self.stop_grace = stop_grace
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._done: set[int] = set()  # finished, but a lower update is still in flight
        self._highest = -1
        self._floor = 0  # every update below it is handled; never moves back
        self._tails: dict[int, asyncio.Task[None]] = {}
        self._progress = asyncio.Event()
        self._stopping = asyncio.Event()

    def offset(self) -> int:
        """The first update not yet handled: everything below it is confirmed by asking."""
        if self._inflight:
            return min(self._inflight)
        return self._highest + 1 if self._highest >= 0 else 0

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        """Poll until `stop()`, then let the handlers in flight finish and confirm them."""
        failures = 0
        while not self._stopping.is_set():
            busy = bool(self._inflight)
            try:
                updates = await self._fetch(timeout=0 if busy else self.timeout)
            except InvalidToken:
                raise
            except (NetworkError, Conflict, TelegramError) as exc:
                failures += 1
                delay = min(0.5 * 2 ** min(failures - 1, 6), 30.0)
                log.warning("getUpdates failed (%s); retrying in %.1f s", exc, delay)
                await self._sleep(delay)
                continue
            failures = 0
            # A reply to a request sent before some handlers finished can repeat them: skip.
            fresh = [
                u
                for u in updates
                if u.update_id >= self._floor
                and u.update_id not in self._inflight
                and u.update_id not in self._done
            ]
            for update in fresh:
                self._start(update)
            if not fresh and self._inflight:
                await self._wait_progress()
            elif not updates:
                await self._sleep(0.01)  # a long poll came back empty: never spin hot
        await self._drain()

    async def _fetch(self, timeout: int) -> tuple[Update, ...]:
        """One getUpdates, abandoned if a stop is asked meanwhile: what it would have brought
        is unconfirmed, so Telegram hands it over again at the next start."""
        bot = self.application.bot
        fetch = asyncio.ensure_future(
            bot.get_updates(
                offset=self.offset(), timeout=timeout, allowed_updates=Update.ALL_TYPES
            )
        )
        stopping = asyncio.ensure_future(self._stopping.wait())
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await fetch
            return ()
        return tuple(fetch.result())

    def _start(self, update: Update) -> None:
        self._highest = max(self._highest, update.update_id)
        key = _chat_key(update)
        previous = self._tails.get(key) if key is not None else None
        task = asyncio.create_task(self._handle(update, previous))
        self._inflight[update.update_id] = task
        if key is not None:
            self._tails[key] = task

    async def _handle(self, update: Update, previous: asyncio.Task[None] | None) -> None:
        try:
            if previous is not None:
                await asyncio.wait([previous])  # this chat's earlier update goes first
            await self.application.process_update(update)  # errors go to the error handler
        except Exception:
            log.exception("update %s could not be handled", update.update_id)
        finally:
            self._finish(update)

    def _finish(self, update: Update) -> None:
        self._inflight.pop(update.update_id, None)
        key = _chat_key(update)
        if key is not None and self._tails.get(key) is asyncio.current_task():
            del self._tails[key]
        self._done.add(update.update_id)
        self._floor = max(self._floor, self.offset())
        self._done = {u for u in self._done if u >= self._floor}
        self._progress.set()

    async def _wait_progress(self) -> None:
        self._progress.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._progress.wait(), self.idle_wait)

    async def _sleep(self, delay: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _drain(self) -> None:
        """On a clean stop: finish what is in flight, then confirm it (a last getUpdates)."""
        if self._inflight:
            await asyncio.wait(list(self._inflight.values()), timeout=self.stop_grace)
        with contextlib.suppress(TelegramError, TimeoutError):
            await asyncio.wait_for(
                self.application.bot.get_updates(offset=self.offset(), timeout=0, limit=1), 5
            )


def _chat_key(update: Update) -> int | None:
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


async def serve(application: Any, poller: Poller) -> None:
    """What `run_polling` does (initialize, post_init, start, stop on a signal, shut down),
    with our poller in place of PTB's Updater."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, poller.stop)
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.bot.delete_webhook()  # polling and a webhook cannot coexist
        await application.start()
        await poller.run()
    finally:
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
