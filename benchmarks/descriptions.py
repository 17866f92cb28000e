"""Project description -> fiche: accuracy on a set of descriptions (right / "not sure" /
confidently wrong, format in tests/understanding/) and the suggestion's latency per
description, median and p99.

    python -m benchmarks.descriptions [SET.toml ...]   (default: the tuning set)
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

from knowledge import Knowledge, load_knowledge
from knowledge import suggest as suggest_module

TUNE = (
    Path(__file__).resolve().parent.parent / "tests" / "understanding" / "descriptions_tune.toml"
)


def top(knowledge: Knowledge, text: str) -> int | None:
    """The fiche the bot would put forward, or None when it says it is not sure."""
    understand = getattr(suggest_module, "understand", None)
    if understand is not None:
        result = understand(knowledge, text)
        return result.fiche if result.sure else None
    ranking = suggest_module.suggest(knowledge, text)  # before "not sure" existed
    return ranking[0].fiche.number if ranking else None


def score(knowledge: Knowledge, cases: list[dict[str, Any]]) -> tuple[int, int, int, list[str]]:
    right = unsure = wrong = 0
    misses = []
    for case in cases:
        got = top(knowledge, case["text"])
        expect = case["expect"]
        if (got is None and not expect) or got in expect:
            right += 1
            continue
        if got is None:
            unsure += 1
        else:
            wrong += 1
        misses.append(
            f"  {'?' if got is None else got} (want {expect or 'unsure'}): {case['text']}"
        )
    return right, unsure, wrong, misses


def latency(knowledge: Knowledge, texts: list[str], runs: int = 5) -> tuple[float, float]:
    """Median and p99 over descriptions of each one's best of `runs` timings (the machine is
    shared: the best run is the description's own cost, not the scheduler's)."""
    timings = []
    for text in texts:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            top(knowledge, text)
            best = min(best, (time.perf_counter() - start) * 1000)
        timings.append(best)
    timings.sort()
    return statistics.median(timings), timings[int(0.99 * (len(timings) - 1))]


LONG = (
    "Notre association de locataires voudrait créer avec les habitants un jardin partagé au "
    "pied des immeubles, en lien avec le bailleur, et faire vivre ce lieu toute l'année. "
) * 9  # about 1,500 characters, the longest description the dialog accepts


def main(paths: list[Path] | None = None, verbose: bool = False) -> list[tuple[str, str]]:
    knowledge = load_knowledge()
    rows = []
    texts: list[str] = []
    for path in paths or [TUNE]:
        cases = tomllib.loads(path.read_text())["case"]
        texts += [c["text"] for c in cases]
        right, unsure, wrong, misses = score(knowledge, cases)
        rows.append(
            (
                f"descriptions, {path.stem}",
                f"{right}/{len(cases)} right ({right / len(cases):.0%}), {unsure} 'not sure', "
                f"{wrong} confidently wrong",
            )
        )
        if verbose:
            rows += [("", m) for m in misses]
    top(knowledge, texts[0])  # warm the caches built on first use
    median, p99 = latency(knowledge, texts)
    long_median, _p99 = latency(knowledge, [LONG] * 5)
    rows += [
        ("suggestion latency median", f"{median:.3f} ms"),
        ("suggestion latency p99", f"{p99:.3f} ms"),
        ("1,500-character description", f"{long_median:.3f} ms"),
    ]
    return rows


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    for label, value in main([Path(a) for a in args] or None, verbose="-v" in sys.argv):
        print(f"{label:32} {value}")
