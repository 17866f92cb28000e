"""What wraps every console exchange: what staff type, made safe at intake; the security
headers and the page for a failure on every response.

Pure ASGI (no buffering of the body): a CSV export streams through it unchanged."""

from __future__ import annotations

import html
import logging

from starlette.datastructures import FormData, MutableHeaders
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from knowledge.text import clean

log = logging.getLogger(__name__)


def form_text(form: FormData, name: str) -> str:
    """A form field as staff meant it, cleaned as the bot's intake cleans a message: a note or
    a reference pasted from another program loses its NUL and backspace (they went into the
    spreadsheet export), and a right-to-left override is read as it was shown (it showed
    « 06 21 21 23 45 » where « 54 32 12 12 60 » was stored). A file field is no text: empty."""
    value = form.get(name, "")
    return clean(value) if isinstance(value, str) else ""


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
            page = HTMLResponse(failure_page(scope.get("root_path", "")), status_code=500)
            await page(scope, receive, send_with_headers)


def failure_page(base: str) -> str:
    """The page for a failure, in French and in English (the staff member's language may be
    what could not be read), built without the templates: they may be what failed. Nothing of
    the error is shown; the way back to the requests is."""
    back = html.escape(f"{base}/leads")
    css = html.escape(f"{base}/console.css")
    return (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Erreur de la console — Console error</title>\n"
        f'<link rel="stylesheet" href="{css}">\n</head>\n<body>\n<main id="main">\n'
        "<h1>Erreur de la console</h1>\n"
        "<p>Cette page n'a pas pu être affichée. Ce que vous venez d'envoyer n'a peut-être "
        "pas été enregistré : vérifiez-le sur la page de la demande, puis recommencez.</p>\n"
        f'<p><a href="{back}">Retour aux demandes</a></p>\n'
        '<div lang="en">\n<h2>Console error</h2>\n'
        "<p>This page could not be shown. What you just sent may not have been recorded: "
        "check it on the request's page, then try again.</p>\n"
        f'<p><a href="{back}">Back to the requests</a></p>\n</div>\n'
        "</main>\n</body>\n</html>\n"
    )
