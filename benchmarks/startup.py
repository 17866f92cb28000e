"""Cold start: a fresh interpreter imports the bot, loads the call's data, builds the commune
index and the question matcher, opens (and migrates) the database — wall time from process start
to ready, and the process's peak RSS. Targets: < 1 s, < 120 MB."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import json, sys, time
start = time.perf_counter()
from bot.settings import Settings
from bot.telegram_app import build_application
from dialogs.flow import Guide
from storage import Store
guide = Guide()
store = Store(sys.argv[1])
app = build_application(Settings(token="123:ABC", database_path=sys.argv[1]))
ready = time.perf_counter() - start
# VmHWM is this process's own peak: getrusage's maxrss keeps the high-water mark of the parent
# it was forked from (the benchmark runner), which read 131 MB for a 97 MB start (issue 28).
status = open("/proc/self/status").read()
hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
print(json.dumps({"in_process": ready, "rss_kb": int(hwm.split()[1])}))
"""


ROOT = Path(__file__).resolve().parent.parent


def probe(database: Path) -> tuple[float, float, float]:
    """One cold start in a fresh interpreter on `database`: (wall seconds from exec to ready,
    seconds inside the process, peak RSS in MB)."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(database)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall = time.perf_counter() - start
    data = json.loads(out)
    return wall, data["in_process"], data["rss_kb"] / 1024


def main(runs: int = 5) -> list[tuple[str, str]]:
    walls, inner, rss = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            wall, in_process, peak = probe(Path(tmp) / "db.sqlite3")
        walls.append(wall)
        inner.append(in_process)
        rss.append(peak)
    walls.sort()
    inner.sort()
    return [
        (
            "cold start, process to ready",
            f"{walls[len(walls) // 2]:.2f} s median of {runs} (target < 1 s)",
        ),
        ("  of which imports + data + db", f"{inner[len(inner) // 2]:.2f} s"),
        ("peak RSS", f"{max(rss):.0f} MB (target < 120 MB)"),
    ]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
