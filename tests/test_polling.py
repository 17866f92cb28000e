"""The late-acknowledging poller: an update is confirmed to Telegram (the getUpdates offset
moves past it) only once its handler has finished; one chat's updates run in order; nothing is
handled twice when Telegram hands an update over again."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.polling import Poller
from tests.fake_telegram import FakeTelegram


class Bot:
    """getUpdates with Telegram's offset semantics, from a FakeTelegram; records offsets."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.offsets: list[int] = []

    async def get_updates(self, offset: int = 0, timeout: int = 0, **_: Any) -> list[Update]:
        self.offsets.append(offset)
        result = self.fake.handle("getUpdates", {"offset": offset})["result"]
        if not result:
            await asyncio.sleep(0.002)  # a long poll that found nothing
        return [Update.de_json(u, None) for u in result]


class App:
    """Records the order in which updates are handled; some can be held until released."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.bot = Bot(fake)
        self.handled: list[int] = []
        self.started: list[int] = []
        self.hold: dict[int, asyncio.Event] = {}
        self.fail: set[int] = set()

    async def process_update(self, update: Update) -> None:
        self.started.append(update.update_id)
        if update.update_id in self.hold:
            await self.hold[update.update_id].wait()
        self.handled.append(update.update_id)
        if update.update_id in self.fail:
            raise RuntimeError("handler failed")


async def until(condition: Any, timeout: float = 2.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.001)


async def test_the_offset_waits_for_the_slowest_update_and_one_chat_runs_in_order() -> None:
    fake = FakeTelegram()
    app = App(fake)
    fake.queue(fake.text_update(1, "slow"))  # update 1, chat 1: held
    fake.queue(fake.text_update(2, "b"))  # update 2, chat 2
    fake.queue(fake.text_update(1, "after slow"))  # update 3, chat 1: must wait for 1
    fake.queue(fake.text_update(2, "c"))  # update 4, chat 2
    app.hold[1] = asyncio.Event()
    poller = Poller(app, timeout=0, idle_wait=0.005)
    task = asyncio.create_task(poller.run())

    await until(lambda: app.handled == [2, 4])
    await asyncio.sleep(0.05)  # several polls while update 1 is still held
    assert 3 not in app.started  # chat 1's second update waits for its first
    assert fake.acked == 0  # nothing confirmed: update 1 is not handled yet
    assert app.bot.offsets[-1] == 1

    app.hold[1].set()
    await until(lambda: fake.acked == 4)
    assert app.handled == [2, 4, 1, 3]
    poller.stop()
    await task
    assert sorted(app.started) == [1, 2, 3, 4]  # served many times, handled once each


async def test_a_failing_handler_does_not_block_the_queue() -> None:
    fake = FakeTelegram()
    app = App(fake)
    app.fail = {1}
    fake.queue(fake.text_update(1, "boom"))
    fake.queue(fake.text_update(1, "next"))
    poller = Poller(app, timeout=0, idle_wait=0.005)
    task = asyncio.create_task(poller.run())
    await until(lambda: fake.acked == 2)
    assert app.handled == [1, 2]
    poller.stop()
    await task


async def test_stop_lets_handlers_finish_then_confirms_them() -> None:
    fake = FakeTelegram()
    app = App(fake)
    fake.queue(fake.text_update(1, "held"))
    app.hold[1] = asyncio.Event()
    poller = Poller(app, timeout=0, idle_wait=0.005)
    task = asyncio.create_task(poller.run())
    await until(lambda: app.started == [1])
    poller.stop()
    await asyncio.sleep(0.02)
    assert not task.done() and fake.acked == 0  # still waiting for the handler
    app.hold[1].set()
    await task
    assert app.handled == [1] and fake.acked == 1  # confirmed by the last getUpdates


async def test_a_failing_get_updates_is_retried() -> None:
    fake = FakeTelegram()
    app = App(fake)
    calls = 0
    real = app.bot.get_updates

    async def flaky(**kwargs: Any) -> list[Update]:
        nonlocal calls
        calls += 1
        if calls == 1:
            from telegram.error import NetworkError

            raise NetworkError("connection reset")
        return await real(**kwargs)

    app.bot.get_updates = flaky  # type: ignore[method-assign]
    fake.queue(fake.text_update(5, "hello"))
    poller = Poller(app, timeout=0, idle_wait=0.005)
    poller_task = asyncio.create_task(poller.run())
    await until(lambda: app.handled == [1], timeout=5)
    poller.stop()
    await poller_task


async def test_stop_does_not_wait_for_a_long_poll() -> None:
    fake = FakeTelegram()
    app = App(fake)
    polling = asyncio.Event()

    async def long_poll(timeout: int = 0, **kwargs: Any) -> list[Update]:
        if timeout:
            polling.set()
            await asyncio.sleep(timeout)  # Telegram holding the request: nothing new
        return []

    app.bot.get_updates = long_poll  # type: ignore[method-assign]
    poller = Poller(app, timeout=30)
    task = asyncio.create_task(poller.run())
    await polling.wait()
    poller.stop()
    async with asyncio.timeout(1):
        await task
