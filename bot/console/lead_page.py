"""One lead's page: its card and verdict in words, the transcript as the person saw it, who
follows it and for how long it has waited, how to reach the person (tel:/mailto:), notes,
status, and the jury's decision. Reads requests and renders; the queries are the store's."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from bot.console.queue_page import contact_links
from dialogs.labels import card_words, table_words
from dialogs.open_data import PAYMENT_LABELS, PAYMENTS
from dialogs.staff_views import CHECK_STATES, check_label, lead_card, outcome, transcript_texts
from knowledge.i18n import gettext_for
from knowledge.money import parse_amount
from storage.console import Session
from storage.queue import DECISIONS, Publication, Queue, decide
from storage.staff import STATUSES

if TYPE_CHECKING:
    from bot.console.app import Console

CENTS = Decimal("0.01")
REFERENCE_LIMIT = 200


async def show(console: Console, request: Request, session: Session, number: int) -> Response:
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
    created = dt.date.fromisoformat(lead["created_at"][:10])
    return console.render(
        request,
        "lead.html",
        session=session,
        lead=lead,
        card=lead_card(lead, console.territory_name, lang, **card_words(lang), zone=console.zone),
        outcome=outcome(lead, lang),
        checks=checks,
        transcript=transcript,
        statuses=STATUSES,
        links=contact_links(lead.get("contact")),
        waited=(console.clock().date() - created).days if lead["status"] == "nouveau" else None,
        assignee=staff.get(lead.get("assigned_to") or 0, ""),
        staff=staff,
        me=session.user_id,
        decisions=DECISIONS,
        payments=[(p, _(PAYMENT_LABELS[p])) for p in PAYMENTS],
        done=request.query_params.get("done", ""),
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
    open data needs), refused, or cleared."""
    form = await request.form()
    decision = str(form.get("decision", ""))
    day = _day(form.get("decided_on"))
    amount = None
    publication = None
    if decision == "granted":
        parsed = parse_amount(str(form.get("granted", ""))[:40], console.lang(request))
        if parsed.amount is None or parsed.amount <= 0 or day is None:
            return console.redirect(request, f"/leads/{number}?done=decision-incomplete")
        amount = str(parsed.amount.quantize(CENTS))
        payment = str(form.get("payment", ""))
        publication = Publication(
            convention_on=_day(form.get("convention_on")),
            reference=" ".join(str(form.get("decision_ref", "")).split())[:REFERENCE_LIMIT],
            payment=payment if payment in PAYMENTS else "",
            paid_from=_day(form.get("paid_from")),
            paid_until=_day(form.get("paid_until")),
        )
        start, end = publication.paid_from, publication.paid_until
        if end and (not start or end <= start):
            return console.redirect(request, f"/leads/{number}?done=decision-period")
    elif decision == "refused":
        if day is None:
            return console.redirect(request, f"/leads/{number}?done=decision-incomplete")
    elif decision != "":
        return console.render(request, "message.html", 400, session, kind="bad-status")
    ok = await console.run(
        decide, console.store, number, decision or None, amount, day, session.user_id, publication
    )
    if not ok:
        return await console.gone(request, session, number)
    return console.redirect(request, f"/leads/{number}?done=decision")


def _day(value: object) -> dt.date | None:
    """A date field's value (AAAA-MM-JJ), None when empty or not a date."""
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
