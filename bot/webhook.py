"""Webhook mode: our own ASGI app (Starlette) in front of the inbox, served by uvicorn.

PTB's built-in webhook server answers Telegram 200 as soon as it has queued an update in
memory: a crash right after loses it (Telegram never sends a confirmed update again). It also
reads the whole body before checking the secret, so anyone can make the process swallow large
bodies. Here, in that order: the secret header is checked (403), then the declared size (411,
413), then the body is read in chunks with a cap (413 if it grows past it), parsed (400), and
stored in the inbox; only then is 200 returned (for a button tap, with its acknowledgement:
`receipt`). A database that refuses the write answers 503: Telegram keeps the update and
tries again later.

`build_app` returns a plain Starlette app; other parts (the staff console) add their routes to
it with `app.router.routes.append(...)` or `app.add_route(...)`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from telegram import Update

from bot.polling import close_application
from bot.server import QuietServer, config, now_of, start

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY = 1024 * 1024  # an update is a few KiB; Telegram's largest stay far below 1 MiB
PATH = "/telegram"

Sink = Callable[[list[dict[str, Any]]], Awaitable[int]]


def build_app(sink: Sink, secret: str, *, path: str = PATH, max_body: int = MAX_BODY) -> Starlette:
    """The ASGI app: POST `path` stores an update through `sink` (the inbox) and answers."""
    expected = secret.encode()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return PlainTextResponse("forbidden", status_code=403)
        declared = request.headers.get("content-length")
        if declared is None or not declared.isdigit():
            return PlainTextResponse("length required", status_code=411)
        if int(declared) > max_body:
            return PlainTextResponse("too large", status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:  # a Content-Length that lied
                return PlainTextResponse("too large", status_code=413)
        try:
            update = json.loads(body)
        except ValueError:
            return PlainTextResponse("bad json", status_code=400)
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            return PlainTextResponse("not an update", status_code=400)
        try:
            await sink([update])
        except Exception as exc:  # locked database: Telegram will deliver it again
            log.warning(
                "could not store update %s (%s): 503", update["update_id"], type(exc).__name__
            )
            return PlainTextResponse("busy", status_code=503)
        return receipt(update)

    return Starlette(routes=[Route(path, telegram, methods=["POST"])])


def receipt(update: dict[str, Any]) -> Response:
    """The 200 for a stored update. A button tap's acknowledgement rides on it: Telegram
    runs a method named in a webhook's answer ("answerCallbackQuery"), so the client's
    spinner stops as soon as the tap is safe in the inbox, and the bot makes one request
    fewer per tap (issue 28: a third of a conversation's updates are taps). Its result is
    never known, which is all the acknowledgement needs (it shows nothing; a failed one was
    only logged before)."""
    query = update.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("id"), str):
        return JSONResponse({"method": "answerCallbackQuery", "callback_query_id": query["id"]})
    return Response(status_code=200)


def mount_console(app: Starlette, application: Any, settings: Any) -> None:
    """Serve the staff console from the webhook's own app (one port, one server): its routes
    come after the Telegram route, so POST `path` always reaches the inbox."""
    from bot.console.app import build_console

    service = application.bot_data.service
    console = build_console(service.store, settings, now_of(application), service.db)
    app.router.routes.append(Mount("/", app=console))
    log.info("staff console mounted on the webhook server")


async def serve_webhook(application: Any, settings: Any, *, path: str = PATH) -> None:
    """Initialise the Application, register the webhook, serve until SIGINT/SIGTERM."""
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        inbox = application.bot_data.inbox
        await inbox.replay()
        app = build_app(inbox.add, settings.webhook_secret, path=path)
        from bot.ops import routes as ops_routes  # /healthz, /metrics: before the console

        app.router.routes.extend(ops_routes(application.bot_data))
        if getattr(settings, "console_url", ""):  # the staff console on the same server
            mount_console(app, application, settings)
        application.bot_data.web_app = app
        server = QuietServer(config(app, settings.listen, settings.port, server_header=False))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
        serving = await start(server, f"{settings.listen}:{settings.port}")
        if server.started:  # listening (not stopped meanwhile): now Telegram may send
            await application.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=list(Update.ALL_TYPES),
            )
        await serving
        await inbox.close(grace=5.0)
    finally:
        await close_application(application)
