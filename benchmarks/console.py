"""Staff console with 100,000 leads: time to answer the leads page (query + Jinja rendering +
audit row), through the real ASGI app with a logged-in session (Starlette's TestClient, so
no network in the figure). Median and worst of REPEAT requests per page; the first request
(templates compiled, caches cold) is reported apart.

Pages: the first page (newest first), a deep page (offset 49,950), three filters at once,
a date range, a full-text search matching few leads, one matching every lead (bounded by
the 0.5 s search budget), and the statistics page.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from benchmarks.export import fill
from bot.console import build_console
from bot.settings import Settings
from storage import Store
from storage.console import ConsoleAuth

LEADS = 100_000
REPEAT = 15
PAGES = {
    "first page": "/leads",
    "page 1,000 (offset 49,950)": "/leads?page=1000",
    "territory + fiche + status": "/leads?territory=artois&fiche=2&status=nouveau",
    "date range (one month)": "/leads?since=2026-03-01&until=2026-03-31",
    "search, few hits": "/leads?q=Porteur+4242",
    "search, every lead matches": "/leads?q=jardin",
    "statistics": "/stats",
}


def time_pages(
    client: TestClient, pages: dict[str, str], repeat: int = REPEAT
) -> list[tuple[str, str]]:
    """Each page: median and worst of `repeat` requests, and the first one apart; an export's
    row count, and whether a search was refused as too broad."""
    results: list[tuple[str, str]] = []
    for label, path in pages.items():
        start = time.perf_counter()
        response = client.get(path)
        cold = time.perf_counter() - start
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - start)
        note = " (search too broad: refused)" if "trop large" in response.text else ""
        if path.startswith("/export"):
            rows = response.content.count(b"\n") - 1
            note = f", {rows:,} rows"
        results.append(
            (
                label,
                f"median {statistics.median(times) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms, first {cold * 1000:.0f} ms{note}",
            )
        )
    return results


def main(count: int = LEADS) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "console.sqlite3")
        fill(store, count)
        store.db.execute("insert into lead_numbers (number, lead_id) select number, id from leads")
        settings = Settings(staff_user_ids=frozenset({1}), console_url="https://c.example")
        client = TestClient(build_console(store, settings), base_url="https://c.example")
        token = ConsoleAuth(store).issue_token(1, dt.datetime.now(dt.UTC))
        client.post(f"/login/{token}", follow_redirects=False)
        results = time_pages(client, PAGES)
        store.close()
    return [("leads in the database", f"{count:,}"), *results]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
