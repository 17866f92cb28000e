"""The scale curve: what grows with the database, at 1,000 / 10,000 / 100,000 / 1,000,000 rows.

"N rows" is N leads, N people (consented), N conversation states and N incoming messages in the
full-text index: 4N rows in all. For each N, on the same generated database:

- erasure: `erase_person` of one person (a lead, a message, a user, a state), on the chats'
  thread; median and max of 5 people. The index merge that follows runs off that thread in
  steps (`storage.scrub`): its total time, its steps and its longest step;
- statistics: `Desk.stats` (what /stats and the console show), median of 5; the leads are
  spread over the three verdicts, the call closed for each (as in 2026);
- export: every lead to CSV with the spreadsheet's real columns (the answers' too, as /export,
  the CLI and the console write them) through a sink that keeps nothing, wall and CPU time and
  the Python heap's peak (tracemalloc, a second run);
- console pages: the leads page, a filtered page, a search, the statistics page (Starlette's
  TestClient, median of 5);
- start-up: a fresh interpreter imports the bot, opens the database and builds the
  application; wall time and peak RSS read from /proc/self/status (VmHWM: its own, where
  getrusage's maxrss would report the parent's high-water mark);
- database size on disk.

Databases are generated once into $DSDT_SCALE_DIR (default /tmp/dsdt-scale) and reused.
Run: `.venv/bin/python -m benchmarks.scale [N ...]` (default 1000 10000 100000; add 1000000).
`--tag NAME` names the databases (another checkout measured on its own copies: `--from-tag`
copies the rows another tag built, then this checkout's migrations run when it opens them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.startup import probe
from storage.sqlite import sqlite3

SIZES = (1_000, 10_000, 100_000)
CACHE = Path(os.environ.get("DSDT_SCALE_DIR", "/tmp/dsdt-scale"))
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
# Each verdict the statistics count (deadlines aside), by the lead's number: the other
# columns are drawn as before, so a database built before differs in these two only.
CHECKS = (
    '{"floor": "pass", "full_file_deadline": "fail"}',
    '{"floor": "pass", "cofunding": "warn", "full_file_deadline": "fail"}',
    '{"floor": "fail", "full_file_deadline": "fail"}',
)
WORDS = [
    f"{a}{b}"
    for a in (
        "jardin",
        "atelier",
        "cuisine",
        "quartier",
        "ecole",
        "sport",
        "insertion",
        "emploi",
        "culture",
        "sante",
    )
    for b in range(200)
]
COMMUNES = [
    ("Liévin", "62510", "CA de Lens - Liévin", "artois"),
    ("Calais", "62193", "CA Grand Calais Terres et Mers", "littoral"),
    ("Roubaix", "59512", "Métropole Européenne de Lille", "metropole"),
    ("Douai", "59178", "CA du Douaisis", "hainaut"),
]


def _rows(count: int, first: int) -> Any:
    rng = random.Random(first)
    for n in range(first, first + count):
        commune, insee, epci, territory = rng.choice(COMMUNES)
        total = rng.randrange(2_000, 400_000)
        day = f"2026-{rng.randrange(1, 12):02d}-{rng.randrange(1, 29):02d}T10:00:00+00:00"
        yield n, day, rng, commune, insee, epci, territory, total


def build(count: int, path: Path) -> None:
    """Generate the database with the checkout's own Store (schema and triggers)."""
    from storage import Store

    store = Store(path)
    conn = store.db.conn
    batch = 20_000
    for first in range(1, count + 1, batch):
        size = min(batch, count + 1 - first)
        leads, users, states, messages = [], [], [], []
        for n, day, rng, commune, insee, epci, territory, total in _rows(size, first):
            leads.append(
                (
                    f"{n}-1",
                    n,
                    n,
                    n,
                    day,
                    day,
                    "nouveau",
                    f"Porteur {n}",
                    "association",
                    commune,
                    insee,
                    epci,
                    territory,
                    rng.randrange(1, 5),
                    f"{total}.00",
                    f"{total // 2}.00",
                    f"{total // 5}.00",
                    "operating",
                    "youth",
                    'Un jardin partagé; des ateliers "cuisine"',
                    rng.randrange(2),
                    1,  # in 2026 the call is closed for every lead
                    CHECKS[n % len(CHECKS)],
                    "X, Y",
                    rng.randrange(2),
                    "06 12 34 56 78",
                )
            )
            users.append((n, n, f"Porteur {n}", "fr", day, "v1", day))
            states.append((n, n, "verdict", "{}", day))
            said = " ".join(rng.choice(WORDS) for _ in range(8)) + f" mot{n}x"
            messages.append((n, n, "in", n, n, 0, "text", said, "description", day, 1))
        with store.transaction():
            conn.executemany(
                "insert into leads (id, number, chat_id, user_id, created_at, updated_at, "
                "status, first_name, role, commune, insee, epci, territory, fiche, total, "
                "request, cofunding, kind, audience, description, eligible, call_closed, "
                "checks, contacts, wants_contact, contact) values "
                f"({', '.join('?' * 26)})",
                leads,
            )
            conn.executemany(
                "insert into lead_numbers (number, lead_id) values (?, ?)",
                [(row[1], row[0]) for row in leads],
            )
            conn.executemany(
                "insert into users (user_id, chat_id, first_name, language, consent_at, "
                "notice_version, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                users,
            )
            conn.executemany(
                "insert into conversations (chat_id, user_id, step, state, updated_at) "
                "values (?, ?, ?, ?, ?)",
                states,
            )
            conn.executemany(
                "insert into messages (chat_id, user_id, direction, update_id, turn, position, "
                "kind, text, step, created_at, sent) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                messages,
            )
    high_water(conn, count)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def high_water(conn: Any, count: int) -> None:
    """The generated messages name inbox rows 1..N as their turn, which a real database's
    inbox holds (at least its newest, handled: a new update gets the next id). Without it a
    new update's inbox row would reuse a turn already stored and be taken for a duplicate."""
    conn.execute(
        "insert or ignore into inbox (id, update_id, digest, received_at, status) "
        "values (?, 0, '', ?, 'done')",
        [count, NOW.isoformat()],
    )


def database(count: int, tag: str, source: str | None = None) -> Path:
    """The generated database for `count` rows (built once). With `source`, a copy of the
    database another tag built (the same rows, opened and migrated by this checkout)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{tag}-{count}.sqlite3"
    if not path.exists():
        if source is not None:
            shutil.copyfile(CACHE / f"{source}-{count}.sqlite3", path)
        else:
            partial = path.with_suffix(".partial")
            for leftover in CACHE.glob(f"{partial.name}*"):
                leftover.unlink()
            build(count, partial)
            partial.rename(path)
    else:  # built before `high_water`
        conn = sqlite3.connect(path, isolation_level=None)
        high_water(conn, count)
        conn.close()
    return path


class NullSink:
    """Counts what an export writes, keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)


def _timed(fn: Any, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def measure(count: int, path: Path) -> dict[str, Any]:
    """Every figure on one database (erases 5 of its people)."""
    from dialogs.fields import export_columns
    from storage import Store
    from storage.staff import Desk

    out: dict[str, Any] = {"rows": count, "load": os.getloadavg()[0]}
    start = time.perf_counter()
    store = Store(path)  # migrations, if this checkout has new ones
    out["open_s"] = time.perf_counter() - start
    out["size_mb"] = path.stat().st_size / 2**20
    desk = Desk(store, export_columns())  # the spreadsheet's real columns, as /export has them
    times = []
    rng = random.Random()
    for _ in range(5):  # people still there (an earlier run erased some)
        person = store.db.execute(
            "select user_id from users where user_id >= ? order by user_id limit 1",
            [rng.randrange(1, count)],
        ).fetchone()[0]
        t = time.perf_counter()
        erased = store.erase_person(person, person)
        times.append(time.perf_counter() - t)
        assert erased.rows["messages"] == 1 and erased.rows["leads"] == 1, erased
    out["erase_ms"] = [statistics.median(times) * 1000, max(times) * 1000]
    try:  # this checkout's scrub in steps, as the bot runs it on its own thread
        from storage.scrub import Scrub

        scrub, steps, longest = Scrub.open(str(path)), 0, 0.0
        t = time.perf_counter()
        done = False
        while not done:
            s = time.perf_counter()
            done = scrub.step()
            longest, steps = max(longest, time.perf_counter() - s), steps + 1
        out["scrub"] = {"s": time.perf_counter() - t, "steps": steps, "longest_ms": longest * 1000}
        scrub.close()
    except ImportError:
        pass
    median, worst = _timed(lambda: desk.stats(NOW), 5)
    out["stats_ms"] = [median * 1000, worst * 1000]
    sink = NullSink()
    t, cpu = time.perf_counter(), time.process_time()
    desk.export_csv(sink)  # type: ignore[arg-type]
    out["export_s"] = time.perf_counter() - t
    out["export_cpu_s"] = time.process_time() - cpu
    tracemalloc.start()
    desk.export_csv(NullSink())  # type: ignore[arg-type]
    out["export_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    out["console_ms"] = console(store)
    store.close()
    out["startup"] = startup(path)
    return out


def console(store: Any) -> dict[str, list[float]]:
    from starlette.testclient import TestClient

    from bot.console import build_console
    from bot.settings import Settings
    from storage.console import ConsoleAuth

    settings = Settings(staff_user_ids=frozenset({1}), console_url="https://c.example")
    client = TestClient(build_console(store, settings), base_url="https://c.example")
    token = ConsoleAuth(store).issue_token(1, dt.datetime.now(dt.UTC))
    client.post(f"/login/{token}", follow_redirects=False)
    pages = {
        "leads": "/leads",
        "filtered": "/leads?territory=artois&fiche=2&status=nouveau",
        "search": "/leads?q=mot4242x",
        "stats": "/stats",
    }
    result = {}
    for label, page in pages.items():
        assert client.get(page).status_code == 200, page
        median, worst = _timed(lambda page=page: client.get(page), 5)
        result[label] = [median * 1000, worst * 1000]
    return result


def startup(path: Path, runs: int = 3) -> dict[str, float]:
    """A fresh interpreter per run (already migrated: the opening above did it)."""
    runs_ = [probe(path) for _ in range(runs)]
    return {
        "wall_s": statistics.median(wall for wall, _, _ in runs_),
        "rss_mb": max(peak for _, _, peak in runs_),
    }


def main(sizes: tuple[int, ...] = SIZES, tag: str = "bench") -> list[tuple[str, str]]:
    rows = []
    for count in sizes:
        r = measure(count, database(count, tag))
        rows += [
            (f"{count:,} rows: load average", f"{r['load']:.1f}"),
            ("  database size", f"{r['size_mb']:.0f} MB"),
            ("  opening (pending migrations)", f"{r['open_s']:.2f} s"),
            (
                "  erasure (chats' thread)",
                "median {:.1f} ms, max {:.1f} ms".format(*r["erase_ms"]),
            ),
            ("  statistics", "median {:.1f} ms, max {:.1f} ms".format(*r["stats_ms"])),
            (
                "  export",
                f"{r['export_s']:.2f} s wall, {r['export_cpu_s']:.2f} s CPU, "
                f"peak {r['export_peak_mb']:.1f} MiB",
            ),
            (
                "  console pages (median ms)",
                ", ".join(f"{k} {v[0]:.0f}" for k, v in r["console_ms"].items()),
            ),
            ("  start-up", f"{r['startup']['wall_s']:.2f} s, {r['startup']['rss_mb']:.0f} MB"),
        ]
        if "scrub" in r:
            rows.append(
                (
                    "  index merge (own thread)",
                    "{s:.2f} s in {steps} steps, longest {longest_ms:.0f} ms".format(**r["scrub"]),
                )
            )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--tag", default="bench", help="database name prefix in the cache")
    parser.add_argument("--from-tag", help="copy the databases another tag built")
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    for count in args.sizes:
        database(count, args.tag, args.from_tag)
    if not args.build_only:
        for label, value in main(tuple(args.sizes), args.tag):
            print(f"{label:34} {value}")
