"""Quick-question understanding: accuracy on the tuning sets and `Faq.ask` latency (median,
p99; each question the best of 5 runs) over every question of those sets.

Sets: tests/faq_heldout.toml "tune" and "fresh" (pairs from the first round; both informed the
data since, so both are tuning material now) and tests/understanding/questions_tune.toml
(scored through the real dialog for its step cases, see benchmarks/questions.py). The honest
figures come from tests/understanding/questions_heldout.toml, which this script does not read.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tomllib
from pathlib import Path

from benchmarks import questions
from dialogs.flow import Guide

FIRST_ROUND = Path(__file__).resolve().parent.parent / "tests" / "faq_heldout.toml"


def main(runs: int = 5) -> list[tuple[str, str]]:
    guide = Guide()
    faq = guide.faq
    today = dt.date(2026, 11, 22)
    cases = tomllib.loads(FIRST_ROUND.read_text())
    rows = []
    for group in ("tune", "fresh"):
        right = wrong = unsure = 0
        for question, expected in cases[group]:
            answer = faq.ask(question, today)
            got = answer.entry.id if answer.entry else ""
            right += got == expected
            wrong += bool(got) and got != expected
            unsure += not got and bool(expected)
        total = len(cases[group])
        rows.append(
            (
                f"accuracy, first-round {group}",
                f"{right}/{total} right ({right / total:.0%}), {wrong} confidently wrong, "
                f"{unsure} 'not sure'",
            )
        )
    tune = questions.score(*questions.TUNING, guide=guide)
    rows.append((f"accuracy, questions tuning set ({tune.total})", tune.line()))
    texts = [q for group in ("tune", "fresh") for q, _ in cases[group]]
    texts += [c["text"] for c in questions.cases(*questions.TUNING)]
    # Each question timed as the best of `runs` (the machine is shared: a single run measures
    # the scheduler as much as the matcher), then median and p99 over the questions.
    timings = []
    for text in texts:
        best = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            faq.ask(text, today)
            best = min(best, (time.perf_counter() - start) * 1000)
        timings.append(best)
    timings.sort()
    rows += [
        (f"ask latency median ({len(texts)} q)", f"{statistics.median(timings):.2f} ms"),
        ("ask latency p99", f"{timings[int(0.99 * (len(timings) - 1))]:.2f} ms"),
    ]
    return rows


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
