"""Polling mode's web servers: the staff console and /healthz, /metrics (bot.webhook serves
them on its own server in webhook mode).

In polling mode there is no web server for Telegram, so these get their own uvicorn servers:
the console on LISTEN:CONSOLE_PORT (when CONSOLE_URL is set), /healthz and /metrics on
LISTEN:METRICS_PORT, or beside the console when METRICS_PORT is unset. They start once the
bot's post_init has opened the database, share the bot's SQLite thread, and stop before the
database is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount

from bot.console.app import build_console
from bot.ops import routes as ops_routes
from bot.server import QuietServer, config, now_of, start
from bot.settings import Settings

log = logging.getLogger(__name__)


def web_ports(settings: Settings) -> list[int]:
    """The ports polling mode serves (none: no server at all)."""
    ports = [settings.console_port] if settings.console_url else []
    if settings.metrics_port is not None and settings.metrics_port not in ports:
        ports.append(settings.metrics_port)
    return ports


def attach_console(application: Any, settings: Settings) -> None:
    """Chain the servers' start and stop onto the Application's post_init/post_shutdown."""
    original_init, original_shutdown = application.post_init, application.post_shutdown
    servers: list[tuple[QuietServer, asyncio.Task[None]]] = []

    async def post_init(app: Any) -> None:
        if original_init:
            await original_init(app)
        by_port: dict[int, list[BaseRoute]] = {port: [] for port in web_ports(settings)}
        ops_port = settings.metrics_port or settings.console_port
        by_port[ops_port].extend(ops_routes(app.bot_data))
        if settings.console_url:
            service = app.bot_data.service
            console = build_console(service.store, settings, now_of(app), service.db)
            by_port[settings.console_port].append(Mount("/", app=console))
        for port, routes in by_port.items():
            server = QuietServer(
                config(Starlette(routes=routes), settings.listen, port, proxy_headers=True)
            )
            task = await start(server, f"{settings.listen}:{port}")
            servers.append((server, task))
            log.info("web server on %s:%s", settings.listen, port)

    async def post_shutdown(app: Any) -> None:
        for server, task in servers:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 10)
        if original_shutdown:
            await original_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown
