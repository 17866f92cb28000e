"""How the benchmarks time pure calls and report them: the fastest of a few runs per call, and
a median / p99 over many calls. One definition, so "p99" means the same thing in every table."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

REPEATS = 5


def best_of(call: Callable[[], object], repeats: int = REPEATS) -> float:
    """A query's cost is deterministic: the fastest of a few runs drops the scheduler's and
    the garbage collector's noise (timeit's rule), so the p99 is about slow queries."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def percentile(values: list[float], q: float) -> float:
    """The value at rank q of the sorted values (nearest rank, no interpolation)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency_rows(label: str, timings: list[float], decimals: int = 2) -> list[tuple[str, str]]:
    """`label median` and `label p99` in milliseconds, the median with how many texts."""
    if not timings:
        return [(label, "no texts")]
    median = statistics.median(timings) * 1000
    return [
        (f"{label} median", f"{median:.{decimals}f} ms ({len(timings)} texts)"),
        (f"{label} p99", f"{percentile(timings, 0.99) * 1000:.{decimals}f} ms"),
    ]
