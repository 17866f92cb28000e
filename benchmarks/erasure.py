"""One person's erasure on the scale curve's database, then its scrub, step by step: what holds
the write lock, for how long, and whether the person's words are left in the files.

Per person: the erasure (`erase_person`, one transaction: wall and CPU time), then the scrub
as the bot runs it (`storage.scrub.Scrub` on its own connection, one step after the other, no
pause: each step's wall time is a write lock other chats wait for), and the person's own word
(`mot{N}x`, in their message and nowhere else) searched in the database file and its WAL,
before (present) and after (gone). With FTS5 secure-delete (`storage.sqlite`) the scrub is the
WAL's truncation alone; without (an older SQLite, or `--fallback`), the indexes' stepwise merge.

Run: `.venv/bin/python -m benchmarks.erasure [N] [--tag T] [--people K] [--fallback]`
(default 1,000,000 rows, tag `bench`, 3 people; `--skip S`: start with the S+1-th person, as
a run erases people for good). The database is changed: use a copy (`--tag`).
"""

from __future__ import annotations

import mmap
import os
import statistics
import sys
import time
from pathlib import Path

FIRST = 4243  # the first person erased; the next ones 104,729 apart (a prime), within N


def _in_files(path: Path, word: bytes) -> bool:
    for name in (path, Path(f"{path}-wal")):
        if name.exists() and name.stat().st_size:
            with name.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
                if m.find(word) >= 0:
                    return True
    return False


def one(path: Path, person: int, fallback: bool) -> dict[str, float]:
    from storage import Store
    from storage.scrub import Scrub

    store = Store(path, secure_delete=False) if fallback else Store(path)
    word = f"mot{person}x".encode()
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _in_files(path, word)
    wall, cpu = time.perf_counter(), time.process_time()
    store.erase_person(person, person)
    erased = (time.perf_counter() - wall, time.process_time() - cpu)
    scrub = Scrub.open(str(path))
    steps: list[float] = []
    while True:
        start = time.perf_counter()
        done = scrub.step()
        steps.append(time.perf_counter() - start)
        if done:
            break
    scrub.close()
    store.scrubbed(store.deletions)
    store.close()
    return {
        "erasure_ms": erased[0] * 1000,
        "erasure_cpu_ms": erased[1] * 1000,
        "steps": len(steps),
        "longest_ms": max(steps) * 1000,
        "median_ms": statistics.median(steps) * 1000,
        "scrub_s": sum(steps),
        "word_before": before,
        "word_after": _in_files(path, word),
    }


def main(
    rows: int = 1_000_000,
    tag: str = "bench",
    people: int = 3,
    fallback: bool = False,
    skip: int = 0,
) -> None:
    from benchmarks.scale import database
    from storage.sqlite import LIBRARY

    path = database(rows, tag)
    print(f"{LIBRARY}, {'fallback (stepwise merge)' if fallback else 'default'}; {path}")
    for k in range(people):
        person = (FIRST + (skip + k) * 104_729) % rows or 1
        load = os.getloadavg()[0]
        got = one(path, person, fallback)
        print(
            f"person {person}: erasure {got['erasure_ms']:.1f} ms "
            f"({got['erasure_cpu_ms']:.1f} ms CPU); scrub {got['steps']} steps, "
            f"median {got['median_ms']:.1f} ms, longest {got['longest_ms']:.0f} ms, "
            f"{got['scrub_s']:.2f} s in all; word in the files before {got['word_before']}, "
            f"after {got['word_after']}; load {load:.1f}"
        )


if __name__ == "__main__":
    args = sys.argv[1:]
    options = {"--tag": "bench", "--people": "3", "--skip": "0"}
    for name in options:
        if name in args:
            options[name] = args[args.index(name) + 1]
            del args[args.index(name) : args.index(name) + 2]
    fallback = "--fallback" in args
    args = [a for a in args if a != "--fallback"]
    size = int(args[0]) if args else 1_000_000
    main(size, options["--tag"], int(options["--people"]), fallback, int(options["--skip"]))
