"""The statistics page: the counters, where people stop in the dialog (the funnel) and leads
per week, drawn without JavaScript. Read on a connection and thread of their own, so the
chats' SQLite thread is not held while the funnel reads every outgoing message."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from dialogs.labels import funnel_order, step_label
from knowledge.i18n import gettext_for
from storage.console import Session

if TYPE_CHECKING:
    from bot.console.app import Console


async def show(console: Console, request: Request, session: Session) -> Response:
    stats, steps, weeks = await asyncio.to_thread(console.desk.charts, console.clock())
    await console.audit(session, "stats")
    rows = funnel_rows(steps, console.lang(request))
    return console.render(
        request,
        "stats.html",
        session=session,
        stats=stats,
        funnel=rows,
        funnel_max=max([r["asked"] for r in rows] or [1]) or 1,
        weeks=weeks,
        weeks_max=max([n for _, n in weeks] or [1]) or 1,
        territory_name=console.territory_name,
    )


def funnel_rows(steps: dict[str, tuple[int, int]], lang: str) -> list[dict[str, Any]]:
    """The funnel in the dialog's order, each step in words; steps outside the guided dialog
    (the fiche synthétique's, questions) summed on one last row."""
    _ = gettext_for(lang).gettext
    rows = [
        {"label": step_label(step, lang), "asked": steps[step][0], "stopped": steps[step][1]}
        for step in funnel_order()
        if step in steps
    ]
    others = [counts for step, counts in steps.items() if step not in funnel_order()]
    if others:
        rows.append(
            {
                "label": _("Autres étapes (fiche synthétique, questions)"),
                "asked": max(a for a, _s in others),
                "stopped": sum(s for _a, s in others),
            }
        )
    return rows
