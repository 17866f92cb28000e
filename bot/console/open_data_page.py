"""The granted subsidies as open data from the console: the queue page's summary of what the
file would hold (and which granted leads still lack a required value), and the download of
the SCDL « subventions » CSV. Same rules as the staff export: a GET behind the session, audited
(numbers only). The rows are `dialogs.open_data`'s; the query is `storage.queue`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from dialogs.open_data import (
    MISSING,
    SCHEMA,
    attributor,
    attributor_problems,
    scdl_csv,
    scdl_rows,
)
from knowledge.i18n import gettext_for
from storage.console import Session
from storage.queue import granted_leads

if TYPE_CHECKING:
    from bot.console.app import Console


async def summary(console: Console, lang: str) -> dict[str, Any]:
    """For the queue page: how many granted leads the file holds, the ones left out (with
    what each lacks, in words), and the attributor's values already known from the data."""
    _ = gettext_for(lang).gettext
    leads = await console.run(granted_leads, console.store)
    who = attributor(console.knowledge)
    rows = scdl_rows(leads, who)
    return {
        "ready": len(rows.rows),
        "left_out": [
            (number, ", ".join(_(MISSING[key]) for key in missing))
            for number, missing in rows.left_out
        ],
        "siret": who.siret,
        "eu_notified": who.eu_notified,
        "version": SCHEMA["version"],
    }


async def export(console: Console, request: Request, session: Session) -> Response:
    """The CSV of every granted lead that has each value the schema requires. The Region's
    SIRET and the European notification come from the call's data, else from the form;
    without them no file (a 400 page naming what is missing), never a guessed value."""
    params = request.query_params
    who = attributor(
        console.knowledge, (params.get("siret") or "")[:40], (params.get("ue") or "")[:3]
    )
    problems = attributor_problems(who)
    if problems:
        _ = gettext_for(console.lang(request)).gettext
        return console.render(
            request,
            "message.html",
            400,
            session,
            kind="open-data",
            problems=[_(problem) for problem in problems],
        )
    leads = await console.run(granted_leads, console.store)
    rows = scdl_rows(leads, who)
    await console.audit(
        session, "open-data", f"{len(rows.rows)} subventions, {len(rows.left_out)} incomplètes"
    )
    name = f"subventions-{console.files}-{console.clock().date().isoformat()}.csv"
    return Response(
        scdl_csv(rows.rows).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )
