"""The export written by a process of its own, read back through a pipe (issue 28).

Why a process: from a worker thread of the bot's process, on its own connection, the export
still held the interpreter's lock for most of its length (building each row's tuple, the csv
module, the encoding): every other chat's turn waited for it at each hand-over between the
event loop and the SQLite thread, and at 1,000,000 leads other chats' reply p99 was 5-19x a
quiet run's for the 20-57 s it lasted. A child process has its own interpreter: the bot's
process only copies bytes from a pipe (`os.read` releases the lock), in constant memory, and
the child runs at a lower priority, so on a busy machine the chats come first.

The child (`python -m storage.export_process`) is given the database's path and the
export's columns, condition and zone as JSON on its standard input; it writes the number of
leads on a line of its own, then the CSV (UTF-8 with BOM) as `storage.export` makes it, both
read in one snapshot. It reads only (`query_only`), through `storage.sqlite` as the bot does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storage.export import Column, encoded, export_by_keys, export_chunks
from storage.sqlite import connect, sqlite3

PIECE = 1 << 16  # bytes read from the pipe at a time
NICENESS = 10  # the child's: the chats' process comes first for the CPU
# "nice" (NICENESS) or "idle" (Linux's SCHED_IDLE: the child runs only on a core nobody else
# wants); measured against each other by benchmarks.busy (docs/performance.md, eleventh round)
SCHEDULING = "nice"
TOO_BROAD = 4  # the child's exit code when the count ran out of the search's budget
PROGRESS_OPS = 10_000  # SQLite instructions between two looks at the clock (as storage.staff)


class BudgetSpent(Exception):
    """The count ran past its budget (a search too broad): nothing was written."""


# The child imports this very package, whatever directory the bot was started from.
PROJECT = Path(__file__).resolve().parent.parent


def export_apart(
    path: str | Path,
    columns: Sequence[Column],
    where: str = "1 = 1",
    params: Sequence[Any] = (),
    zone: str = "UTC",
    order: str = "number",
    budget_s: float | None = None,
) -> tuple[int, Iterator[bytes]]:
    """How many leads, and the CSV's bytes piece by piece, written by a child process from
    one snapshot of the database at `path`. The child is waited for (or ended, when the
    pieces are dropped before the end) once the pieces are read; a child that fails raises
    RuntimeError with its error output, never a truncated file taken for a whole one.
    `budget_s`: the count must end within so many seconds (a search's budget, as
    `storage.staff.budget` gives it in the bot's process), else `BudgetSpent` is raised
    before any byte."""
    spec = {
        "path": str(Path(path).resolve()),  # the child runs in PROJECT
        "columns": [list(column) for column in columns],
        "where": where,
        "params": list(params),
        "zone": zone,
        "order": order,
        "budget_s": budget_s,
        "scheduling": SCHEDULING,
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "storage.export_process"],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(json.dumps(spec).encode())
        child.stdin.close()
        first = child.stdout.readline()
        if not first.endswith(b"\n"):
            _finish(child)  # raises: the child failed before its first line
        count = int(first)
    except BaseException:
        _end(child)
        raise
    return count, _Pieces(child)


class _Pieces(Iterator[bytes]):
    """The CSV's bytes from the child's pipe. The child is waited for at the end; ended
    when the pieces are closed or dropped before it, read or not (a generator never
    started would not run its `finally`, and the child would wait on a full pipe)."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        self.child: subprocess.Popen[bytes] | None = child

    def __next__(self) -> bytes:
        child = self.child
        if child is None:
            raise StopIteration
        assert child.stdout is not None
        try:
            piece = child.stdout.read1(PIECE)
            if piece:
                return piece
            self.child = None
            _finish(child)
        except BaseException:
            self.close()
            raise
        raise StopIteration

    def close(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            _end(child)

    def __del__(self) -> None:
        self.close()


def _finish(child: subprocess.Popen[bytes]) -> None:
    """Wait for a child that wrote everything; its failure is raised, with what it said."""
    assert child.stderr is not None
    error = child.stderr.read()
    if child.wait() == TOO_BROAD:
        _close(child)
        raise BudgetSpent
    if child.returncode != 0:
        raise RuntimeError(f"the export's process failed: {error.decode(errors='replace')}")
    _close(child)


def _end(child: subprocess.Popen[bytes]) -> None:
    """A reader that stopped early (a download cancelled): the child is not left behind."""
    child.kill()
    child.wait()
    _close(child)


def _close(child: subprocess.Popen[bytes]) -> None:
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()


def _column(raw: list[Any]) -> Column:
    """A column back from JSON: a pair of word lists (names, states) was a tuple."""
    header, name, shape = raw
    if isinstance(shape, list):
        shape = (shape[0], shape[1])
    return (header, name, shape)


def main() -> None:
    """The child: the count's line, then the CSV, on standard output."""
    spec = json.load(sys.stdin)
    if spec.get("scheduling") == "idle":
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    else:
        os.nice(NICENESS)
    # mode=rw: a database that is not there is an error, never an empty file made here
    uri = f"{Path(spec['path']).as_uri()}?mode=rw"
    conn = connect(uri, uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 2000")
    conn.execute("PRAGMA query_only = ON")
    conn.execute("begin")  # one snapshot for the count and the keys (and the rows of leads
    # from before the numbers)
    where, params = spec["where"], spec["params"]
    count = None
    if spec["budget_s"] is not None:  # a search: refused if its count runs past the budget
        deadline = time.monotonic() + spec["budget_s"]
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_OPS)
        try:
            count = conn.execute(f"select count(*) from leads where {where}", params).fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc):
                sys.exit(TOO_BROAD)
            raise
        conn.set_progress_handler(None, 0)
    order = spec["order"]
    keys, numbered = array("q"), True
    for (number,) in conn.execute(
        f"select number from leads where {where} order by {order}", params
    ):
        if number is None:  # a lead from before the numbers
            numbered = False
            break
        keys.append(number)
    if count is None:
        count = (
            len(keys)
            if numbered
            else conn.execute(f"select count(*) from leads where {where}", params).fetchone()[0]
        )
    out = sys.stdout.buffer
    out.write(f"{count}\n".encode())
    columns = [_column(raw) for raw in spec["columns"]]
    if numbered:  # the snapshot ends here: then each piece in a short transaction (the WAL)
        conn.execute("commit")
        pieces = export_by_keys(conn, columns, keys, spec["zone"])
    else:  # the rows in this one snapshot, as before the numbers
        pieces = export_chunks(conn, columns, where, params, order, spec["zone"])
    for piece in encoded(pieces):
        out.write(piece)
    out.flush()
    conn.close()


if __name__ == "__main__":
    main()
