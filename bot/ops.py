"""`GET /healthz` and `GET /metrics`, for a load balancer, a container runtime, a monitor.

Served on the webhook's server (webhook mode) or on the console's port or METRICS_PORT
(polling mode: `bot.console.serve`); never behind the staff login, so they say nothing about
anyone: counts, ages and the names of the checks only.

/healthz answers 200 when the process serves, the database answers within DB_TIMEOUT, the
inbox is open with no update waiting longer than STALE_AFTER (its workers are alive) and, in
polling mode, the poller runs; else 503, with the failed checks named in the JSON body.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.metrics import STALE_AFTER, Figures, read_figures

log = logging.getLogger(__name__)


async def _figures(data: Any) -> Figures | None:
    """The stored figures, or None when the database does not answer (the reason logged by
    its kind only)."""
    try:
        # The wall clock, not data.now (tests move that one): received_at is wall time.
        return await read_figures(data.service.db, data.service.store, dt.datetime.now(dt.UTC))
    except Exception as exc:
        log.warning("health: the database did not answer (%s)", type(exc).__name__)
        return None


def health(data: Any, figures: Figures | None) -> dict[str, bool]:
    """Each check's result, by name."""
    inbox = data.inbox_intake
    checks = {
        "database": figures is not None,
        "inbox": inbox is not None
        and inbox.open
        and figures is not None
        and figures["oldest_pending_age"] < STALE_AFTER,
    }
    if data.poller is not None:  # polling mode
        checks["poller"] = bool(data.poller.running)
    return checks


def routes(data: Any) -> list[Route]:
    """The two routes, bound to a BotData (bot.app_data)."""

    async def healthz(request: Request) -> Response:
        checks = health(data, await _figures(data))
        ok = all(checks.values())
        body = {"status": "ok" if ok else "failing", "checks": checks}
        return JSONResponse(body, status_code=200 if ok else 503, headers=NO_STORE)

    async def metrics(request: Request) -> Response:
        figures = await _figures(data)
        if figures is None:
            return Response("database unavailable\n", status_code=503, headers=NO_STORE)
        return Response(data.metrics.text(figures), media_type=TEXT_FORMAT, headers=NO_STORE)

    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]


NO_STORE = {"Cache-Control": "no-store"}
# The classic text format (our names and labels are plain ASCII), read by every Prometheus
# version; prometheus-client >= 0.22 announces 1.0.0, which older servers do not know.
TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8"
