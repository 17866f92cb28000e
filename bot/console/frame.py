"""What wraps every console response: the security headers, and the page for a failure.

Pure ASGI (no buffering of the body): a CSV export streams through it unchanged."""

from __future__ import annotations

import logging

from starlette.datastructures import MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # the login link never leaks to another site; our forms keep their Origin
    "cache-control": "no-store",  # pages hold personal data: no copy in shared caches
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Add the headers above to every response (pure ASGI: no buffering of the body)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            # The error's kind only: its message may quote a URL or a form (what staff typed).
            log.error("console: a page failed (%s)", type(exc).__name__)
            if started:
                raise
            page = PlainTextResponse("Erreur interne — Internal error", status_code=500)
            await page(scope, receive, send_with_headers)
