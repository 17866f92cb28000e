"""The poller: what getUpdates brings is stored (the sink), then confirmed at once by the next
getUpdates' offset; nothing is fetched twice; a sink that fails (a locked database) delays the
confirmation and the fetching, never loses an update."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.polling import Poller
from tests.fake_telegram import FakeTelegram


class Bot:
    """The raw getUpdates call of PTB's Bot, answered by a FakeTelegram; records offsets."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.offsets: list[int] = []

    async def _post(self, endpoint: str, data: dict[str, Any], **_: Any) -> Any:
        assert endpoint == "getUpdates"
        self.offsets.append(int(data.get("offset") or 0))
        result = self.fake.handle("getUpdates", data)["result"]
        if not result:
            await asyncio.sleep(0.002)  # a long poll that found nothing
        return result


class Sink:
    def __init__(self) -> None:
        self.stored: list[int] = []
        self.failing = False
        self.attempts = 0

    async def __call__(self, updates: list[dict[str, Any]]) -> int:
        self.attempts += 1
        if self.failing:
            raise RuntimeError("database is locked")
        self.stored.extend(u["update_id"] for u in updates)
        return len(updates)


async def until(condition: Any, timeout: float = 2.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.001)


async def test_stored_updates_are_confirmed_at_once_and_never_fetched_again() -> None:
    fake = FakeTelegram()
    for i in range(250):
        fake.queue(fake.text_update(i % 7, f"m{i}"))
    bot, sink = Bot(fake), Sink()
    poller = Poller(bot, sink, timeout=0)
    task = asyncio.create_task(poller.run())
    await until(lambda: fake.acked == 250)
    poller.stop()
    await task
    assert sink.stored == list(range(1, 251))  # in order, each once
    assert poller.received == 250  # Telegram delivered each update once: no re-fetching
    assert bot.offsets[:3] == [0, 101, 201]  # 100 per call, the limit Telegram applies


async def test_a_sink_that_fails_delays_confirmation_and_fetching_loses_nothing() -> None:
    fake = FakeTelegram()
    fake.queue(fake.text_update(1, "a"))
    fake.queue(fake.text_update(2, "b"))
    bot, sink = Bot(fake), Sink()
    sink.failing = True
    poller = Poller(bot, sink, timeout=0)
    task = asyncio.create_task(poller.run())
    await until(lambda: sink.attempts >= 3)
    assert fake.acked == 0 and sink.stored == []  # Telegram still holds both
    assert len(bot.offsets) == 1  # the batch is kept and retried, not fetched again
    fake.queue(fake.text_update(3, "c"))
    sink.failing = False
    await until(lambda: fake.acked == 3, timeout=10)
    poller.stop()
    await task
    assert sink.stored == [1, 2, 3]


async def test_stopping_with_an_unstored_batch_confirms_nothing() -> None:
    fake = FakeTelegram()
    fake.queue(fake.text_update(1, "a"))
    bot, sink = Bot(fake), Sink()
    sink.failing = True
    poller = Poller(bot, sink, timeout=0)
    task = asyncio.create_task(poller.run())
    await until(lambda: sink.attempts >= 1)
    poller.stop()
    await task
    assert fake.acked == 0  # handed over again at the next start


async def test_a_failing_get_updates_is_retried() -> None:
    fake = FakeTelegram()
    bot, sink = Bot(fake), Sink()
    calls = 0
    real = bot._post

    async def flaky(endpoint: str, data: dict[str, Any], **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            from telegram.error import NetworkError

            raise NetworkError("connection reset")
        return await real(endpoint, data, **kwargs)

    bot._post = flaky  # type: ignore[method-assign]
    fake.queue(fake.text_update(5, "hello"))
    poller = Poller(bot, sink, timeout=0)
    task = asyncio.create_task(poller.run())
    await until(lambda: sink.stored == [1], timeout=5)
    poller.stop()
    await task


async def test_stop_does_not_wait_for_a_long_poll() -> None:
    fake = FakeTelegram()
    bot, sink = Bot(fake), Sink()
    polling = asyncio.Event()

    async def long_poll(endpoint: str, data: dict[str, Any], **_: Any) -> Any:
        if data.get("timeout"):
            polling.set()
            await asyncio.sleep(data["timeout"])  # Telegram holding the request: nothing new
        return []

    bot._post = long_poll  # type: ignore[method-assign]
    poller = Poller(bot, sink, timeout=30)
    task = asyncio.create_task(poller.run())
    await polling.wait()
    poller.stop()
    async with asyncio.timeout(1):
        await task
