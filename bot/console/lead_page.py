"""One lead's page: its card and verdict in words, the transcript as the person saw it, who
follows it and for how long it has waited, how to reach the person (tel:/mailto:), notes,
status, and the jury's decision. Reads requests and renders; the queries are the store's."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from bot.console.frame import form_text
from bot.console.queue_page import contact_links
from dialogs.labels import card_words, table_words
from dialogs.open_data import PAYMENT_LABELS, PAYMENTS
from dialogs.staff_views import (
    CHECK_STATES,
    check_label,
    lead_card,
    outcome,
    staff_epci,
    transcript_texts,
)
from knowledge.i18n import gettext_for, long_date
from knowledge.money import format_money, parse_amount
from storage.console import Session
from storage.queue import DECISIONS, PUBLICATION_COLUMNS, Publication, Queue, decide
from storage.staff import NOTE_LIMIT, STATUSES

if TYPE_CHECKING:
    from bot.console.app import Console

CENTS = Decimal("0.01")
REFERENCE_LIMIT = 200
# The decision form's fields, as the lead stores them (`granted` shown as money).
DECISION_FIELDS = ("decision", "granted", "decided_on", *PUBLICATION_COLUMNS)


def seen_of(lead: dict[str, Any]) -> str:
    """A digest of the decision as a page showed it, sent back with the form: a decision
    posted from a view older than the stored one (a colleague recorded theirs meanwhile) is
    told apart, never written over it unseen."""
    shown = json.dumps([lead.get(field) for field in DECISION_FIELDS], default=str)
    return hashlib.sha256(shown.encode()).hexdigest()[:16]


def decision_form(lead: dict[str, Any], lang: str) -> dict[str, str]:
    """The decision form's values from the stored lead."""
    values = {field: str(lead.get(field) or "") for field in DECISION_FIELDS}
    if lead.get("granted"):
        values["granted"] = format_money(Decimal(str(lead["granted"])), lang)
    return values


def recorded(lead: dict[str, Any], lang: str) -> str:
    """The stored decision in words: « retenu, 12 000 €, 12 mars 2015 »."""
    _ = gettext_for(lang).gettext
    words = {"granted": _("retenu"), "refused": _("non retenu")}
    parts = [words.get(lead.get("decision") or "", _("pas encore décidée"))]
    if lead.get("decision") == "granted" and lead.get("granted"):
        parts.append(format_money(Decimal(str(lead["granted"])), lang))
    day = _day(lead.get("decided_on"))
    if lead.get("decision") and day:
        parts.append(long_date(day, lang))
    return ", ".join(parts)


async def show(
    console: Console,
    request: Request,
    session: Session,
    number: int,
    *,
    typed: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
    note: str = "",
) -> Response:
    """The lead's page; after a decision or a note that was not recorded, with `notice` saying
    why and the form holding what was `typed`, the note's box its `note` (nothing staff
    entered is lost)."""
    lead = await console.run(console.desk.lead, number)
    await console.audit(session, "lead", "", number)
    if lead is None:
        return await console.gone(request, session, number)
    rows = await console.run(console.desk.transcript, lead)
    lang = console.lang(request)
    _ = gettext_for(lang).gettext
    # Plain words (transcript_texts): the template escapes them, so nothing becomes markup
    transcript = [
        {**row, "shown": text}
        for row, text in zip(rows, transcript_texts(rows, lang, table_words(lang)), strict=True)
    ]
    checks = [
        {
            "name": check_label(name, lang),
            "status": status,
            "label": _(CHECK_STATES.get(status, status)),
        }
        for name, status in json.loads(lead.get("checks") or "{}").items()
    ]
    staff = await console.staff_names()
    return console.render(
        request,
        "lead.html",
        status,
        session=session,
        lead=lead,
        form=typed or decision_form(lead, lang),
        recorded=recorded(lead, lang),
        seen=seen_of(lead),
        card=lead_card(
            lead,
            console.territory_name,
            lang,
            **card_words(lang),
            zone=console.zone,
            epci=staff_epci(console.knowledge, lang),
        ),
        outcome=outcome(lead, lang),
        checks=checks,
        transcript=transcript,
        statuses=STATUSES,
        links=contact_links(lead.get("contact")),
        waited=days_waiting(lead["created_at"], console.clock(), console.zone)
        if lead["status"] == "nouveau"
        else None,
        assignee=staff.get(lead.get("assigned_to") or 0, ""),
        staff=staff,
        me=session.user_id,
        decisions=DECISIONS,
        payments=[(p, _(PAYMENT_LABELS[p])) for p in PAYMENTS],
        done=notice or request.query_params.get("done", ""),
        note=note,
        note_limit=NOTE_LIMIT,
    )


async def set_status(
    console: Console, request: Request, session: Session, number: int
) -> Response:
    form = await request.form()
    status = str(form.get("status", ""))
    if status not in STATUSES:
        return console.render(request, "message.html", 400, session, kind="bad-status")
    queue = Queue(console.desk)
    changed = await console.run(
        queue.set_status, [number], status, session.user_id, console.clock()
    )
    if not changed:
        return await console.gone(request, session, number)
    return console.redirect(request, f"/leads/{number}?done=status")


async def set_decision(
    console: Console, request: Request, session: Session, number: int
) -> Response:
    """The jury's decision: granted (with the amount and day, and what its publication as
    open data needs), refused, or cleared. One that cannot be recorded (incomplete, a period
    running backwards, or a colleague's decision recorded since the page was shown) is
    answered on the lead's page with the form as typed."""
    form = await request.form()
    typed = {field: form_text(form, field)[:REFERENCE_LIMIT] for field in DECISION_FIELDS}
    decision = typed["decision"]
    day = _day(typed["decided_on"])
    amount = None
    publication = None

    async def again(notice: str, status: int) -> Response:
        return await show(
            console, request, session, number, typed=typed, notice=notice, status=status
        )

    if decision == "granted":
        parsed = parse_amount(typed["granted"][:40], console.lang(request))
        if typed["granted"].strip() and (parsed.amount is None or parsed.amount <= 0):
            return await again("decision-amount", 400)  # typed, but not one amount in euros
        if parsed.amount is None or day is None:
            return await again("decision-incomplete", 400)
        amount = str(parsed.amount.quantize(CENTS))
        payment = typed["payment"]
        publication = Publication(
            convention_on=_day(typed["convention_on"]),
            reference=" ".join(typed["decision_ref"].split()),
            payment=payment if payment in PAYMENTS else "",
            paid_from=_day(typed["paid_from"]),
            paid_until=_day(typed["paid_until"]),
        )
        start, end = publication.paid_from, publication.paid_until
        if end and (not start or end <= start):
            return await again("decision-period", 400)
    elif decision == "refused":
        if day is None:
            return await again("decision-incomplete", 400)
    elif decision != "":
        return console.render(request, "message.html", 400, session, kind="bad-status")
    seen = str(form.get("seen", ""))

    def record() -> bool | None:
        """On the database's one thread: compare and write with nothing in between."""
        lead = console.desk.lead(number)
        if lead is not None and seen and seen != seen_of(lead):
            return None
        return decide(
            console.store, number, decision or None, amount, day, session.user_id, publication
        )

    ok = await console.run(record)
    if ok is None:
        return await again("decision-conflict", 409)
    if not ok:
        return await console.gone(request, session, number)
    return console.redirect(request, f"/leads/{number}?done=decision")


def days_waiting(created_at: str, now: dt.datetime, zone: str) -> int:
    """Whole days a new lead has waited, counted in the region's dates as every time the
    console shows: UTC dates made a lead of 00:30 in Paris one day old that same morning, and
    one stamped a little ahead of the console's clock -1 day old. Never below 0 (today)."""
    created = dt.datetime.fromisoformat(created_at)
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    here = ZoneInfo(zone)
    return max(0, (now.astimezone(here).date() - created.astimezone(here).date()).days)


def _day(value: object) -> dt.date | None:
    """A date field's value (AAAA-MM-JJ), None when empty or not a date."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
