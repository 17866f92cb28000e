"""One bot process per database: an exclusive lock on a file beside it.

Two processes on one database (a deploy overlap, a second `make run`) would both fetch and send:
duplicate replies and conversations stepping on each other. The lock is `flock` on
`<database>.lock`: the kernel releases it when the process ends, however it ends (SIGKILL
included), so a crash never leaves a stale lease behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO


class LeaseTaken(Exception):
    """Another process holds the database."""


class Lease:
    def __init__(self, database_path: str) -> None:
        self.path = Path(f"{database_path}.lock")
        self._file: IO[str] | None = None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds for a previous process to end."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    raise LeaseTaken(str(self.path)) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # who holds it, for a human looking
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
