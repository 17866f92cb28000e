"""The console's work queue with 100,000 leads: the first page, filtered and sorted pages, and
the CSV export of a filtered view, through the real ASGI app with a logged-in session
(Starlette's TestClient: no network in the figure). Median and worst of REPEAT requests per
page; the first request (templates compiled, caches cold) is reported apart. Prints the load
average, since the machine is shared.

Run: `.venv/bin/python -m benchmarks.queue` (about a minute).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from starlette.testclient import TestClient

from benchmarks.console import time_pages
from benchmarks.export import fill
from bot.console import build_console
from bot.settings import Settings
from storage import Store
from storage.console import ConsoleAuth

LEADS = 100_000
REPEAT = 10
STAFF = (1, 2)
PAGES = {
    "first page (newest first)": "/leads",
    "call back + points to check, by amount": "/leads?contact=1&verdict=review&sort=amount",
    "commune Liévin, oldest waiting first": "/leads?commune=li%C3%A9vin&sort=waiting",
    "EPCI + nouveau 30 days+, by waiting": "/leads?epci=CA+de+Lens+-+Li%C3%A9vin&waiting=30&sort=waiting",
    "my leads, by commune": "/leads?assigned=me&sort=commune",
    "page 500 sorted by amount": "/leads?sort=amount&page=500",
    "export: call back + refused (CSV)": "/export.csv?contact=1&verdict=refused",
    "export: every lead (CSV)": "/export.csv",
}


def prepare(store: Store, count: int) -> None:
    """`benchmarks.export`'s leads, with verdicts, statuses and assignments spread out."""
    fill(store, count)
    store.db.execute("insert into lead_numbers (number, lead_id) select number, id from leads")
    review = json.dumps({"floor": "ok", "intercommunality": "unknown"})
    refused = json.dumps({"floor": "ok", "cofunding": "fail"})
    with store.transaction():
        store.db.execute("update leads set checks = ? where number % 3 = 1", [review])
        store.db.execute("update leads set checks = ? where number % 7 = 2", [refused])
        store.db.execute("update leads set status = 'contacté' where number % 4 = 0")
        store.db.execute("update leads set assigned_to = 1 where number % 10 = 3")
    store.db.execute("analyze")


def main(count: int = LEADS) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "queue.sqlite3")
        prepare(store, count)
        settings = Settings(staff_user_ids=frozenset(STAFF), console_url="https://c.example")
        client = TestClient(build_console(store, settings), base_url="https://c.example")
        token = ConsoleAuth(store).issue_token(STAFF[0], dt.datetime.now(dt.UTC))
        client.post(f"/login/{token}", follow_redirects=False)
        results = time_pages(client, PAGES, REPEAT)
        store.close()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [("leads in the database", f"{count:,}"), ("load average", load), *results]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:42} {value}")
