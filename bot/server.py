"""What the webhook's server and the console's own server share: a uvicorn server that leaves
the signals to the bot, and the bot's clock for the console. Neither server module imports the
other: both import this one."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from typing import Any

import uvicorn


class PortUnavailable(Exception):
    """A web server could not listen on its port (another program holds it, or it is
    privileged); the message is the address."""


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: it would re-raise SIGINT once stopped, before
    the inbox and the Application are shut down. The bot's loop owns SIGINT/SIGTERM (here, and
    for the console's own server in polling mode)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def install_signal_handlers(self) -> None:  # older uvicorn
        return None


def now_of(app: Any) -> Any:
    """The bot's clock (tests set it), read each time: the console's `now`."""
    return lambda: app.bot_data.now()


def config(app: Any, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for our servers: no access log (URLs carry login tokens), warnings
    only, and `log_config=None` so its lines go through the bot's own handler (its format,
    JSON or text, and its redaction) instead of uvicorn's plain stderr lines."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="off",
        access_log=False,
        log_level="warning",
        log_config=None,
        **options,
    )


async def start(server: QuietServer, where: str) -> asyncio.Task[None]:
    """Serve in a task, returned once listening. uvicorn ends a server it cannot bind with
    `sys.exit(3)` (our « database unusable » code): raise PortUnavailable instead."""

    async def serve() -> None:
        try:
            await server.serve()
        except SystemExit as exc:
            raise PortUnavailable(where) from exc

    task = asyncio.create_task(serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.02)
    if not server.started:
        await task  # re-raises PortUnavailable (or whatever stopped it)
        if not server.should_exit:  # ended without listening, and no stop was asked
            raise PortUnavailable(where)
    return task
