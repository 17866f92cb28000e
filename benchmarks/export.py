"""Staff export of 100,000 generated leads to CSV, as /export and `python -m bot.desk export`
run it (Desk.export_csv into the bytes sent as a document): time and peak memory.

Peak memory is measured with tracemalloc around the export only (the Python heap the export
allocates: the CSV text and its UTF-8 bytes), beside the size of the file produced.
Target (issue: reliability and performance): < 3 s.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from dialogs.fields import export_columns
from storage import Store
from storage.staff import Desk

LEADS = 100_000
COMMUNES = [
    ("Liévin", "62510", "CA de Lens - Liévin", "artois"),
    ("Calais", "62193", "CA Grand Calais Terres et Mers", "littoral"),
    ("Roubaix", "59512", "Métropole Européenne de Lille", "metropole"),
    ("Douai", "59178", "CA du Douaisis", "hainaut"),
]


def fill(store: Store, count: int, seed: int = 7) -> None:
    with store.transaction():
        store.db["leads"].insert_all(generated(count, seed), batch_size=5_000)


def generated(count: int, seed: int = 7, first: int = 1) -> Iterator[dict[str, object]]:
    """Leads numbered from `first`, one at a time (a million fit in no memory as a list)."""
    rng = random.Random(seed)
    for number in range(first, first + count):
        commune, insee, epci, territory = rng.choice(COMMUNES)
        total = rng.randrange(2_000, 400_000)
        yield (
            {
                "id": f"{number}-0",
                "number": number,
                "chat_id": number,
                "user_id": number,
                "created_at": f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00+00:00",
                "updated_at": "2026-11-22T10:00:00+00:00",
                "status": "nouveau",
                "first_name": f"Porteur {number}",
                "role": "association",
                "commune": commune,
                "insee": insee,
                "epci": epci,
                "territory": territory,
                "fiche": rng.randrange(1, 5),
                "total": f"{total}.00",  # amounts are decimal text (migration 007)
                "request": f"{total // 2}.00",
                "cofunding": f"{total // 5}.00",
                "kind": "operating",
                "priority_area": None,
                "activity_funding": "no",
                "audience": "youth",
                "description": 'Un jardin partagé; des ateliers "cuisine"',
                "eligible": rng.randrange(2),
                "call_closed": 0,
                "checks": json.dumps({"floor": "pass", "ceiling": "pass"}),
                "contacts": "X, Y",
                "wants_contact": rng.randrange(2),
                "contact": "06 12 34 56 78",
                "note": None,
            }
        )


def main(count: int = LEADS) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "export.sqlite3")
        fill(store, count)
        desk = Desk(store, export_columns(), "Europe/Paris")  # times in the region's zone

        def export() -> tuple[int, bytes]:
            return desk.export_document()

        start = time.perf_counter()
        written, payload = export()
        elapsed = time.perf_counter() - start
        tracemalloc.start()  # a second run, traced: tracemalloc slows what it watches
        export()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        store.close()
    assert written == count
    return [
        ("leads exported", f"{written:,}"),
        ("export time", f"{elapsed:.2f} s (target < 3 s)"),
        ("export peak Python memory", f"{peak / 2**20:.0f} MiB"),
        ("CSV size", f"{len(payload) / 2**20:.0f} MiB"),
    ]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
