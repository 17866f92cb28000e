"""The staff console: leads, transcripts, status and notes, export and statistics, in a browser.

Server-rendered HTML (Starlette + Jinja2, autoescaped), no JavaScript. Every page and action
needs a live session opened through a one-time link the bot sends on /console (see `auth`);
every page view and action is written to `audit` (who, what, which lead — never what was
read or searched). POST forms carry the session's CSRF token. All database work goes through
`run`, the bot's single SQLite thread when the bot serves the console, so the conversations
and the console never use the connection at the same time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bot.console import erase_page, lead_page, open_data_page, queue_page, stats_page
from bot.console.auth import COOKIE, Gate
from bot.console.erase_page import Aftermath, Announcer, Eraser
from bot.console.frame import SecurityHeaders, form_text
from bot.settings import Settings
from dialogs.fields import export_columns
from dialogs.staff_views import STATUS_LABELS, VERDICT_LABELS, when
from knowledge import load_knowledge
from knowledge.i18n import N_, gettext_for, plurals_for
from knowledge.local_time import zone_words
from knowledge.money import format_money
from knowledge.text import whole_number
from storage.console import Session
from storage.staff import NOTE_LIMIT, Desk
from storage.store import Store

T = TypeVar("T")
Runner = Callable[..., Awaitable[Any]]
HERE = Path(__file__).parent
LANG_COOKIE = "dsdt_lang"
SORT_LABELS = {
    "date": N_("date (les plus récentes)"),
    "waiting": N_("attente (les plus anciennes)"),
    "amount": N_("montant demandé"),
    "commune": N_("commune"),
}


def _own_thread() -> Runner:
    """One worker thread for SQLite when the console runs without the bot (tests, tools)."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-sqlite")

    async def run(fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(executor, lambda: fn(*args))

    return run


def lead_number(request: Request) -> int | None:
    """The lead number in the URL, bounded: "²" or 9223372036854775808 is no such lead (a
    404), never an exception."""
    return whole_number(str(request.path_params.get("number", "")))


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class Console:
    """The console's pages, over one store."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        clock: Callable[[], dt.datetime],
        run: Runner | None = None,
        erase: Eraser | None = None,
        erased: Announcer | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.run = run or _own_thread()
        # A person erased by staff (bot.console.erase_page): under the chat's lock and with
        # staff told when the bot serves the console; alone, the store's call and its scrub.
        self.erase: Eraser = erase or (
            lambda chat, user: self.run(store.erase_person, chat, user, True)
        )
        self.after_erasure = Aftermath(erased or (lambda: self.run(store.scrub)))
        self.gate = Gate(store, settings, clock, self.run)
        self.knowledge = knowledge = load_knowledge()
        self.desk = Desk(store, export_columns(knowledge), knowledge.region.time_zone)
        self.territories = {key: t.name for key, t in knowledge.territories.items()}
        self.territory_name = knowledge.territory_name
        self.fiches = [str(n) for n in sorted(knowledge.fiches)]
        self.fiche_titles = {
            str(n): {"fr": f.short_title, "en": f.short_title_en}
            for n, f in knowledge.fiches.items()
        }
        self.epcis = sorted({c.epci_name for c in knowledge.communes if c.epci_name})
        self.files = knowledge.region.files
        self.zone = knowledge.region.time_zone
        self.team = str(knowledge.call["guide"]["team"])
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))

    # ------------------------------------------------------------------ helpers
    def lang(self, request: Request) -> str:
        asked = request.query_params.get("lang")
        if asked in ("fr", "en"):
            return asked
        saved = request.cookies.get(LANG_COOKIE)
        if saved in ("fr", "en"):
            return saved
        accept = request.headers.get("accept-language", "").lower()
        return "en" if accept.startswith("en") else "fr"

    def render(
        self,
        request: Request,
        template: str,
        status: int = 200,
        session: Session | None = None,
        **context: Any,
    ) -> Response:
        lang = self.lang(request)
        _ = gettext_for(lang).gettext
        base = request.scope.get("root_path", "")
        response = self.templates.TemplateResponse(
            request,
            template,
            {
                "_": _,
                "lang": lang,
                "base": base,
                "session": session,
                "csrf": session.csrf if session else "",
                "team": self.team,
                # the other language, on this same page with its filters (not a one-off notice)
                "lang_link": "?"
                + urlencode(
                    [
                        (k, v)
                        for k, v in request.query_params.multi_items()
                        if k != "done" and k != "lang"
                    ]
                    + [("lang", "en" if lang == "fr" else "fr")]
                ),
                "status_label": lambda s: _(STATUS_LABELS.get(s) or s),
                "ngettext": plurals_for(lang).ngettext,
                "verdict_label": lambda v: _(VERDICT_LABELS.get(v) or v),
                "money": lambda v: format_money(Decimal(str(v)), lang) if v is not None else "?",
                "sorts": [(key, _(label)) for key, label in SORT_LABELS.items()],
                "when": lambda iso: when(iso, lang, zone=self.zone),
                "zone": zone_words(self.zone, lang),  # named where times are shown
                # « 4 · Gestion Urbaine de Proximité »: staff read a fiche by its title
                "fiche_name": lambda n: " · ".join(
                    [str(n), self.fiche_titles[str(n)][lang]]
                    if str(n) in self.fiche_titles
                    else [str(n or "?")]
                ),
                **context,
            },
            status_code=status,
        )
        if request.query_params.get("lang") in ("fr", "en"):
            response.set_cookie(
                LANG_COOKIE, lang, max_age=365 * 86400, httponly=True, samesite="lax"
            )
        return response

    def redirect(self, request: Request, path: str) -> RedirectResponse:
        return RedirectResponse(f"{request.scope.get('root_path', '')}{path}", status_code=303)

    async def audit(
        self, session: Session, action: str, detail: str = "", lead: int | None = None
    ) -> None:
        uid = session.user_id
        await self.run(self.store.audit, f"staff:{uid}", f"console:{action}", detail, uid, lead)

    def guarded(
        self, page: Callable[[Request, Session], Awaitable[Response]], post: bool = False
    ) -> Callable[[Request], Awaitable[Response]]:
        """Wrap a page: no live session -> the login page; a POST without the session's CSRF
        token (or from another origin) -> 403."""

        async def endpoint(request: Request) -> Response:
            session = await self.gate.session(request)
            if session is None and post:
                return await self.lost_session(request)
            if session is None:
                return self.redirect(request, "/login?why=session")
            if post and not await self.gate.csrf_ok(request, session):
                await self.audit(session, "csrf-refused", request.url.path)
                return self.render(request, "message.html", 403, session, kind="csrf")
            return await page(request, session)

        return endpoint

    async def lost_session(self, request: Request) -> Response:
        """A form posted after the session ended (8 hours, or the id taken off the team):
        nothing is recorded, and what was typed in it (a note, a decision's reference) is
        shown back to copy before logging in again. Only to a post from our own pages (the
        browser's Origin): another site cannot put its words on the console's page."""
        own = "origin" in request.headers and self.gate.same_origin(request)
        form = await request.form() if own else {}
        typed = [
            form_text(form, name).strip()[:2000]
            for name in ("note", "decision_ref", "granted")
            if form_text(form, name).strip()
        ]
        return self.render(request, "login.html", 401, why="session", typed=typed)

    # ------------------------------------------------------------------ login
    async def login_help(self, request: Request) -> Response:
        why = request.query_params.get("why", "")
        status = 200 if why in ("", "logout") else 401
        return self.render(request, "login.html", status, why=why)

    async def login_confirm(self, request: Request) -> Response:
        """GET shows a button; only the POST uses the token, so a link preview or a
        prefetching browser cannot spend it."""
        return self.render(request, "confirm.html", token=request.path_params["token"])

    async def login(self, request: Request) -> Response:
        """The login link's button spends the token. Posted from another site, it is refused
        and the token left unspent: a page elsewhere holding a staff member's own link could
        log a colleague's browser into that member's session (login CSRF), the colleague's
        notes and decisions then recorded under the other's name."""
        if not self.gate.same_origin(request):
            return self.render(request, "message.html", 403, kind="csrf")
        session, why = await self.gate.login(request.path_params["token"])
        if session is None:
            return self.redirect(request, f"/login?why={why}")
        response = self.redirect(request, "/leads")
        self.gate.set_cookie(response, session)
        return response

    async def logout(self, request: Request, session: Session) -> Response:
        await self.gate.logout(session)
        response = self.redirect(request, "/login?why=logout")
        response.delete_cookie(COOKIE, path="/")
        return response

    # ------------------------------------------------------------------ pages
    async def home(self, request: Request) -> Response:
        return self.redirect(request, "/leads")

    async def leads(self, request: Request, session: Session) -> Response:
        return await queue_page.leads(self, request, session)

    async def bulk(self, request: Request, session: Session) -> Response:
        return await queue_page.bulk(self, request, session)

    async def staff_names(self) -> dict[int, str]:
        """Each staff member by the first name they gave the bot, else by their id."""

        def read() -> dict[int, str]:
            ids = sorted(self.settings.staff_user_ids)
            marks = ",".join("?" * len(ids)) or "null"
            names = {
                int(r[0]): str(r[1])
                for r in self.store.db.execute(
                    f"select user_id, first_name from users where user_id in ({marks}) "
                    "and first_name != ''",
                    ids,
                )
            }
            return {uid: names.get(uid) or f"n° {uid}" for uid in ids}

        return await self.run(read)

    def lead_action(
        self, action: Callable[[Console, Request, Session, int], Awaitable[Response]]
    ) -> Callable[[Request, Session], Awaitable[Response]]:
        """A page about one lead: its number read bounded from the URL (anything else is no
        such lead, a 404), then `action`."""

        async def page(request: Request, session: Session) -> Response:
            number = lead_number(request)
            if number is None:
                return self.render(request, "message.html", 404, session, kind="bad-number")
            return await action(self, request, session, number)

        return page

    async def gone(self, request: Request, session: Session, number: int) -> Response:
        fate = await self.run(self.desk.lead_fate, number)
        if fate is None:
            return self.render(
                request, "message.html", 404, session, kind="missing", number=number
            )
        return self.render(request, "message.html", 410, session, kind=fate, number=number)

    async def add_note(self, request: Request, session: Session, number: int) -> Response:
        form = await request.form()
        note = form_text(form, "note").strip()
        if not note:
            return self.redirect(request, f"/leads/{number}?done=empty")
        if len(note) > NOTE_LIMIT:  # said, and the text given back to shorten: never cut
            return await lead_page.show(
                self, request, session, number, note=note, notice="note-long", status=400
            )
        ok = await self.run(self.desk.add_note, number, note, session.user_id, self.clock().date())
        if not ok:
            return await self.gone(request, session, number)
        return self.redirect(request, f"/leads/{number}?done=note")

    async def export(self, request: Request, session: Session) -> Response:
        return await queue_page.export(self, request, session)

    async def open_data(self, request: Request, session: Session) -> Response:
        return await open_data_page.export(self, request, session)

    async def stats(self, request: Request, session: Session) -> Response:
        return await stats_page.show(self, request, session)

    async def no_such_page(self, request: Request, exc: Exception) -> Response:
        """An address the console does not have (404), a form's address opened as a page
        (405), or a form it could not read (400): the console's own page, in the staff
        member's language, with the way back, where Starlette answered a bare « Not Found »
        in English. Whether a session is open only changes the header, as on every page."""
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        session = await self.gate.session(request)
        # Any other refusal of the framework's is a form it could not read (a part over 1 MB)
        kind = "no-page" if status in (404, 405) else "bad-form"
        return self.render(request, "message.html", status, session, kind=kind)

    async def css(self, request: Request) -> Response:
        return Response(
            (HERE / "console.css").read_text(encoding="utf-8"),
            media_type="text/css",
            headers={"cache-control": "max-age=3600"},
        )

    def routes(self) -> list[Route]:
        return [
            Route("/", self.home),
            Route("/console.css", self.css),
            Route("/login", self.login_help),
            Route("/login/{token}", self.login_confirm, methods=["GET"]),
            Route("/login/{token}", self.login, methods=["POST"]),
            Route("/logout", self.guarded(self.logout, post=True), methods=["POST"]),
            Route("/leads", self.guarded(self.leads)),
            Route("/leads/bulk", self.guarded(self.bulk, post=True), methods=["POST"]),
            Route("/leads/{number}", self.guarded(self.lead_action(lead_page.show))),
            Route(
                "/leads/{number}/decision",
                self.guarded(self.lead_action(lead_page.set_decision), post=True),
                methods=["POST"],
            ),
            Route(
                "/leads/{number}/status",
                self.guarded(self.lead_action(lead_page.set_status), post=True),
                methods=["POST"],
            ),
            Route(
                "/leads/{number}/erase",
                self.guarded(self.lead_action(erase_page.confirm)),
                methods=["GET"],
            ),
            Route(
                "/leads/{number}/erase",
                self.guarded(self.lead_action(erase_page.erase), post=True),
                methods=["POST"],
            ),
            Route(
                "/leads/{number}/note",
                self.guarded(self.lead_action(Console.add_note), post=True),
                methods=["POST"],
            ),
            Route("/export.csv", self.guarded(self.export)),
            Route("/subventions.csv", self.guarded(self.open_data)),
            Route("/stats", self.guarded(self.stats)),
        ]


def build_console(
    store: Store,
    settings: Settings,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    run: Runner | None = None,
    *,
    erase: Eraser | None = None,
    erased: Announcer | None = None,
) -> Starlette:
    """The console as an ASGI app, to serve alone or mount into the webhook's app.

    `run(fn, *args)` runs a store call off the event loop; pass the bot's own SQLite thread
    (`Conversations.db`) so the console and the conversations never share the connection at
    once. `erase(chat, user)` erases a person for staff (the bot's `Conversations.erase`,
    under the chat's lock) and `erased()` follows it (the bot's staff told, the indexes
    scrubbed). Sessions of people no longer in STAFF_USER_IDS are ended here, at start."""
    console = Console(store, settings, clock, run, erase, erased)
    console.gate.auth.end_sessions_except(settings.staff_user_ids)
    return Starlette(
        routes=console.routes(),
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: console.no_such_page},
    )
