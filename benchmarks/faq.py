"""Quick-question matcher: accuracy on held-out paraphrases (tests/faq_heldout.toml — none of
them is a phrasing of faq.toml) and `ask` latency, median and p99, beside one raw rapidfuzz scan
of the same phrasings."""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tomllib
from pathlib import Path

from rapidfuzz import fuzz, process

from knowledge import load_knowledge
from knowledge.faq import Faq
from knowledge.places import Gazetteer

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "faq_heldout.toml"


def main(rounds: int = 20) -> list[tuple[str, str]]:
    knowledge = load_knowledge()
    faq = Faq(knowledge, Gazetteer.from_knowledge(knowledge))
    today = dt.date(2026, 11, 22)
    cases = tomllib.loads(HELD_OUT.read_text())
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
                f"accuracy, {group} set",
                f"{right}/{total} right ({right / total:.0%}), {wrong} confidently wrong, "
                f"{unsure} 'not sure'",
            )
        )
    questions = [q for group in ("tune", "fresh") for q, _ in cases[group]]
    timings, raw = [], []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            faq.ask(question, today)
            timings.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            process.extractOne(question, faq._choices, scorer=fuzz.token_sort_ratio)
            raw.append((time.perf_counter() - start) * 1000)
    timings.sort()
    raw.sort()
    rows += [
        ("ask latency median", f"{statistics.median(timings):.2f} ms"),
        ("ask latency p99", f"{timings[int(0.99 * (len(timings) - 1))]:.2f} ms"),
        ("raw extractOne p99 (same list)", f"{raw[int(0.99 * (len(raw) - 1))]:.2f} ms"),
    ]
    return rows


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
