"""Serve the console from the bot's own process in polling mode (bot.webhook mounts it).

In webhook mode the console is mounted on the webhook's own Starlette app (bot.webhook); in
polling mode there is no web server, so the console gets its own uvicorn server on
LISTEN:CONSOLE_PORT. It starts once the bot's
post_init has opened the database, shares the bot's SQLite thread, and stops before the
database is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import uvicorn

from bot.console.app import build_console
from bot.settings import Settings
from bot.webhook import QuietServer

log = logging.getLogger(__name__)


def attach_console(application: Any, settings: Settings) -> None:
    """Chain the console's start and stop onto the Application's post_init/post_shutdown."""
    original_init, original_shutdown = application.post_init, application.post_shutdown
    state: dict[str, Any] = {}

    async def post_init(app: Any) -> None:
        if original_init:
            await original_init(app)
        service = app.bot_data.service
        console = build_console(service.store, settings, now_of(app), service.db)
        config = uvicorn.Config(
            console,
            host=settings.listen,
            port=settings.console_port,
            log_level="warning",
            access_log=False,  # URLs carry login tokens: never logged
            lifespan="off",
            proxy_headers=True,
        )
        server = QuietServer(config)
        state["server"] = server
        state["task"] = asyncio.create_task(server.serve())
        while not server.started and not state["task"].done():
            await asyncio.sleep(0.05)
        log.info("staff console on %s:%s", settings.listen, settings.console_port)

    async def post_shutdown(app: Any) -> None:
        server = state.get("server")
        if server is not None:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(state["task"], 10)
        if original_shutdown:
            await original_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown


def now_of(app: Any) -> Any:
    return lambda: app.bot_data.now()
