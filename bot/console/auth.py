"""Who may use the console: one-time links, signed session cookies, CSRF.

The cookie holds the session id signed with itsdangerous (CONSOLE_SECRET, or a random key per
process: then a restart ends every session), HttpOnly, SameSite=Lax, Secure when CONSOLE_URL is
https, 8 hours. A forged or tampered cookie fails the signature before the database is asked;
a valid one must still name a live session row of someone in STAFF_USER_IDS, so removing an id
ends that person's sessions at the next request.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from bot.settings import Settings
from storage.console import SESSION_LIFETIME, ConsoleAuth, Session
from storage.store import Store

COOKIE = "dsdt_console"


class Gate:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Callable[[], dt.datetime],
        run: Callable[..., Awaitable[Any]],
    ) -> None:
        self.store = store
        self.auth = ConsoleAuth(store)
        self.settings = settings
        self.clock = clock
        self.run = run
        secret = settings.console_secret or secrets.token_urlsafe(32)
        self.signer = URLSafeTimedSerializer(secret, salt="dsdt-console-session")
        self.secure = settings.console_url.startswith("https://")
        parts = urlsplit(settings.console_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    async def login(self, token: str) -> tuple[Session | None, str]:
        """Spend a one-time token; a session for staff, else None and why (audited)."""
        user_id, why = await self.run(self.auth.redeem, token, self.clock())
        if user_id is not None and user_id not in self.settings.staff_user_ids:
            user_id, why = None, "staff"
        if user_id is None:
            await self.run(self.store.audit, "console", "console:refused", why)
            return None, why
        return await self.run(self.auth.open_session, user_id, self.clock()), "ok"

    async def logout(self, session: Session) -> None:
        await self.run(self.auth.end_session, session.id)
        uid = session.user_id
        await self.run(self.store.audit, f"staff:{uid}", "console:logout", "", uid)

    def set_cookie(self, response: Response, session: Session) -> None:
        response.set_cookie(
            COOKIE,
            self.signer.dumps(session.id),
            max_age=int(SESSION_LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )

    async def session(self, request: Request) -> Session | None:
        raw = request.cookies.get(COOKIE)
        if not raw or len(raw) > 400:
            return None
        try:
            session_id = self.signer.loads(raw, max_age=int(SESSION_LIFETIME.total_seconds()))
        except BadSignature:  # includes SignatureExpired
            return None
        if not isinstance(session_id, str):
            return None
        session: Session | None = await self.run(self.auth.session, session_id, self.clock())
        if session is None or session.user_id not in self.settings.staff_user_ids:
            return None
        return session

    def same_origin(self, request: Request) -> bool:
        """Whether a browser-sent Origin, if any, is the console's own (as configured or as
        reached): what every form's POST is checked against, the login's included."""
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.url.netloc}"
        return not origin or origin in (own, self.origin)

    async def csrf_ok(self, request: Request, session: Session) -> bool:
        """The form's token must be this session's; a browser-sent Origin must be ours."""
        if not self.same_origin(request):
            return False
        form = await request.form()
        sent = str(form.get("csrf", ""))
        return bool(sent) and hmac.compare_digest(sent, session.csrf)
