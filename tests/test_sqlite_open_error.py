"""A connection SQLite cannot open is an error the caller can handle, not a crash: with
pysqlite3, closing a connection whose opening failed (what `storage.sqlite`'s gate did when
the failed object was collected) killed the whole process with SIGSEGV. Run in a child
interpreter: a crash there must not stop pytest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import gc, sys
from storage.sqlite import connect
try:
    connect(sys.argv[1])
except Exception as exc:
    print("raised:", exc)
gc.collect()
print("still running")
"""


def test_a_file_sqlite_cannot_open_raises_and_the_process_goes_on(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],  # a directory: unable to open
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert "raised: unable to open database file" in done.stdout
    assert "still running" in done.stdout
