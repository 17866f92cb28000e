"""The leads list as a work queue: filters and sorting read from the query string, bulk status
changes and assignment (POST, with the session's CSRF token), and the CSV export of exactly
the filtered view. The queries are `storage.queue`'s; this module reads requests and renders.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from bot.console import open_data_page
from dialogs.staff_views import outcome, searched_line
from knowledge.contacts import epci_mark
from knowledge.text import EMAIL_IN_TEXT, PHONE_IN_TEXT, phone_digits, whole_number
from storage.console import Session
from storage.queue import SORTS, VERDICTS, Queue, QueueQuery
from storage.staff import STATUSES, SearchTooBroad, search_terms, typed_syntax

if TYPE_CHECKING:
    from bot.console.app import Console

PAGE_SIZE = 50
MAX_PAGE = 100_000
_DAYS = re.compile(r"\d{1,4}")


def contact_links(contact: str | None) -> list[tuple[str, str]]:
    """The e-mail addresses and French phone numbers a person left, as (href, text) for
    `mailto:` and `tel:` links; the rest of what they wrote is shown as text."""
    if not contact:
        return []
    links = [(f"mailto:{m}", m) for m in EMAIL_IN_TEXT.findall(contact)]
    for phone in PHONE_IN_TEXT.findall(contact):
        links.append((f"tel:+33{phone_digits(phone)[1:]}", phone))
    return links


def read_query(
    console: Console, params: QueryParams, me: int
) -> tuple[QueueQuery, dict[str, str]]:
    """The query string as a QueueQuery (anything unknown ignored) and as the form's values."""

    def pick(name: str, allowed: Any) -> str:
        value = params.get(name, "")
        return value if value in allowed else ""

    words = (params.get("q") or "").strip()[:200]
    since, until = _date(params.get("since")), _date(params.get("until"))
    waiting = params.get("waiting", "")
    waiting = waiting if _DAYS.fullmatch(waiting) else ""
    mine = pick("assigned", ("me", "none"))
    filters = {
        "q": words,
        "territory": pick("territory", console.territories),
        "fiche": pick("fiche", console.fiches),
        "status": pick("status", STATUSES),
        "since": since.isoformat() if since else "",
        "until": until.isoformat() if until else "",
        "contact": "1" if params.get("contact") == "1" else "",
        "verdict": pick("verdict", VERDICTS),
        "commune": (params.get("commune") or "").strip()[:100],
        "epci": (params.get("epci") or "").strip()[:200],
        "waiting": waiting,
        "assigned": mine,
        "sort": pick("sort", SORTS[1:]),
    }
    query = QueueQuery(
        territory=filters["territory"] or None,
        fiche=int(filters["fiche"]) if filters["fiche"] else None,
        status=filters["status"] or None,
        since=since,
        until=until,
        words=words,
        wants_contact=bool(filters["contact"]),
        verdict=filters["verdict"] or None,
        commune=filters["commune"],
        epci=filters["epci"],
        waiting=int(waiting) if waiting else None,
        assigned={"me": me, "none": 0}.get(mine),
        sort=filters["sort"] or "date",
        zone=console.zone,
    )
    return query, filters


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def link(filters: dict[str, str], **changes: Any) -> str:
    kept = {k: v for k, v in {**filters, **changes}.items() if v}
    return "?" + urlencode(kept)


async def leads(console: Console, request: Request, session: Session) -> Response:
    query, filters = read_query(console, request.query_params, session.user_id)
    page = max(1, whole_number(request.query_params.get("page", ""), MAX_PAGE) or 1)
    now = console.clock()
    queue = Queue(console.desk)
    too_broad = False
    try:
        rows, total = await console.run(queue.page, query, now, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        if not rows and total:  # past the last page (a bulk change emptied it, an old link)
            page = -(-total // PAGE_SIZE)
            rows, total = await console.run(
                queue.page, query, now, (page - 1) * PAGE_SIZE, PAGE_SIZE
            )
    except SearchTooBroad:
        rows, total, too_broad = [], 0, True
    used = sum(1 for key, value in filters.items() if value and key != "sort")
    await console.audit(session, "leads", f"page {page}, {used} filtres")
    lang = console.lang(request)
    staff = await console.staff_names()
    today = now.date()
    shown = []
    for row in rows:
        created = _date(row["created_at"][:10])
        shown.append(
            {
                **row,
                "outcome": outcome(row, lang),
                "waited": (today - created).days if row["status"] == "nouveau" else None,
                "links": contact_links(row.get("contact")) if row.get("wants_contact") else [],
                "assignee": staff.get(row["assigned_to"], "") if row.get("assigned_to") else "",
            }
        )
    open_data = await open_data_page.summary(console, lang)
    return console.render(
        request,
        "leads.html",
        open_data=open_data,
        session=session,
        rows=shown,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        link=lambda **changes: link(filters, **changes),
        filters=filters,
        export_link="/export.csv" + link(filters),
        territories=console.territories,
        fiches=console.fiches,
        statuses=STATUSES,
        verdicts=VERDICTS,
        epcis=console.epcis,
        epci_mark=epci_mark(console.knowledge, lang),
        staff=staff,
        me=session.user_id,
        too_broad=too_broad,
        # what the search box looked for, said back when it needs saying (syntax, no word)
        searched=searched_line(search_terms(query.words), typed_syntax(query.words), lang)
        if query.words
        else "",
        done=request.query_params.get("done", ""),
    )


async def bulk(console: Console, request: Request, session: Session) -> Response:
    """Change the status of, or assign, the leads ticked on the list; back to the same view."""
    form = await request.form()
    numbers = [n for n in (whole_number(str(v)) for v in form.getlist("n")) if n is not None]
    action = str(form.get("action", ""))
    back = str(form.get("back", ""))
    back = back if back.startswith("?") and "\n" not in back else ""
    queue = Queue(console.desk)
    staff = await console.staff_names()
    if not numbers:
        changed = 0
    elif action.startswith("status:") and action[7:] in STATUSES:
        changed = await console.run(
            queue.set_status, numbers, action[7:], session.user_id, console.clock()
        )
    elif action.startswith("assign:"):
        target = action[7:]
        to = session.user_id if target == "me" else int(target) if target.isdigit() else None
        if (to is None and target != "none") or (to is not None and to not in staff):
            return console.render(request, "message.html", 400, session, kind="bad-status")
        changed = await console.run(queue.assign, numbers, to, session.user_id)
    else:
        return console.render(request, "message.html", 400, session, kind="bad-status")
    if str(form.get("back", "")) == "lead" and len(numbers) == 1:
        return console.redirect(request, f"/leads/{numbers[0]}?done=bulk{changed}")
    separator = "&" if back else "?"
    return console.redirect(request, f"/leads{back}{separator}done=bulk{changed}")


async def export(console: Console, request: Request, session: Session) -> Response:
    """The CSV of exactly the filtered view (all its pages), in its order, streamed as a
    download: read from a connection and threads of its own, never the chats' SQLite thread,
    a piece at a time (memory stays flat whatever the number of leads; issue 28)."""
    query, _filters = read_query(console, request.query_params, session.user_id)
    now = console.clock()
    queue = Queue(console.desk)
    try:
        count, pieces = await asyncio.to_thread(queue.export_stream, query, now)
    except SearchTooBroad:
        return console.render(request, "message.html", 400, session, kind="too-broad")
    await console.audit(session, "export", f"{count} demandes")
    name = f"demandes-{console.files}-{now.date().isoformat()}.csv"
    return StreamingResponse(
        pieces,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
