"""Figures for a monitor: `/metrics` (Prometheus text format) and `/healthz`.

Cheap on the hot path: an update costs a few counter increments and one histogram
observation, never a database query. What lives in the database (inbox depth, the oldest
pending update, unsent and parked replies, leads created) is read once per scrape, on the
SQLite thread, from indexes (`Store.figures`). Nothing here names or counts a person: no chat
id, no text, no label taken from what someone sent; labels are fixed words (an outcome, an
error's class name).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest

# A turn is a few ms of our code plus Telegram's answers to its sends (and a 429's wait).
TURN_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
STALE_AFTER = 300.0  # seconds an update may wait in the inbox before /healthz says 503
DB_TIMEOUT = 5.0  # seconds /healthz and /metrics wait for the SQLite thread

Figures = dict[str, Any]


class Metrics:
    """One registry per process (tests run several bots in one interpreter)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.received = Counter(
            "dsdt_updates_received",
            "Updates Telegram delivered (a redelivery counts again)",
            registry=self.registry,
        )
        handled = Counter(
            "dsdt_updates_handled",
            "Updates handled, by outcome: done, or parked after repeated failures",
            ["outcome"],
            registry=self.registry,
        )
        self.done, self.parked = handled.labels("done"), handled.labels("parked")
        self.send_failures = Counter(
            "dsdt_send_failures",
            "Failed attempts to send a message, by kind of Telegram error",
            ["kind"],
            registry=self.registry,
        )
        self.turn_seconds = Histogram(
            "dsdt_turn_seconds",
            "Time to handle one update: the dialog, the database and the sends",
            buckets=TURN_BUCKETS,
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)
        self.figures: Figures = {}  # read from the database just before each scrape
        self.registry.register(_Stored(self))

    def send_failed(self, kind: str) -> None:
        self.send_failures.labels(kind).inc()

    def time_turn(self) -> _Timer:
        return _Timer(self.turn_seconds)

    def text(self, figures: Figures) -> bytes:
        self.figures = figures
        return generate_latest(self.registry)


class _Timer:
    __slots__ = ("histogram", "start")

    def __init__(self, histogram: Histogram) -> None:
        self.histogram, self.start = histogram, 0.0

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.histogram.observe(time.perf_counter() - self.start)


class _Stored:
    """Gauges (and one counter) whose value is in the database, taken at scrape time."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def describe(self) -> list[Metric]:
        return []  # values only exist at scrape time

    def collect(self) -> Iterator[Metric]:
        f = self.metrics.figures
        if not f:
            return
        gauges = (
            ("dsdt_inbox_pending", "Updates stored and not yet handled", "inbox_pending"),
            (
                "dsdt_inbox_oldest_pending_age_seconds",
                "Age of the oldest update waiting in the inbox (0 when none)",
                "oldest_pending_age",
            ),
            ("dsdt_inbox_parked", "Updates parked after repeated failures", "inbox_parked"),
            ("dsdt_replies_unsent", "Replies stored and not yet sent", "replies_unsent"),
            ("dsdt_replies_parked", "Replies Telegram refused for good", "replies_parked"),
            (
                "dsdt_erasure_notices_pending",
                "People erased by staff whom the bot has not told yet in Telegram",
                "erasure_notices_pending",
            ),
        )
        for name, doc, key in gauges:
            yield GaugeMetricFamily(name, doc, value=f[key])
        yield CounterMetricFamily(
            "dsdt_leads_created",
            "Leads created since the database was made (numbers are never reused)",
            value=f["leads_created"],
        )


async def read_figures(db: Callable[..., Awaitable[Any]], store: Any, now: dt.datetime) -> Figures:
    """The stored figures, from the SQLite thread, bounded in time."""
    from storage.ops import figures

    found: Figures = await asyncio.wait_for(db(figures, store, now), DB_TIMEOUT)
    return found
