"""Score `Gazetteer.locate` on a places set (tests/understanding/places_<set>.toml).

Scoring (notes/sets_format.md): right = the expected status (and insee / department / EPCI when
the case gives them); "ambiguous" or "not_found" when "found" was expected = not sure; a "found"
with another commune, or "found" where outside / not_found was expected = confidently wrong;
anything else = not sure. Also prints the latency of `locate` on the set's queries (median, p99;
each query the best of 5 runs, as in benchmarks/places.py).

    python -m benchmarks.places_set [FILE ...]     # default: the tuning set
"""

from __future__ import annotations

import statistics
import sys
import tomllib
from pathlib import Path
from typing import Any

from benchmarks.places import best_of, percentile
from knowledge import load_knowledge
from knowledge.places import Gazetteer, Located

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "tests" / "understanding" / "places_tune.toml"


def _facts(located: Located) -> list[tuple[str, str, str]]:
    """(insee, department, epci) of every commune the answer designates."""
    if located.status == "found":
        return [
            (m.commune.insee, m.commune.department, m.commune.epci_code) for m in located.matches
        ]
    if located.status == "outside":
        return [(e.insee, e.department, "") for e in getattr(located, "elsewhere", ())]
    return []


def grade(case: dict[str, Any], located: Located) -> str:
    """'right', 'not sure' or 'wrong' for one case."""
    expected = case["status"]
    got = located.status
    if got == expected:
        facts = _facts(located)
        if expected == "found":
            if "insee" in case and [f[0] for f in facts] != [case["insee"]]:
                return "not sure" if case["insee"] in [f[0] for f in facts] else "wrong"
            if "department" in case and {f[1] for f in facts} != {case["department"]}:
                return "wrong"
            if "epci" in case and {f[2] for f in facts} != {case["epci"]}:
                return "wrong"
        if expected == "outside":  # the commune first named must be the one expected
            first = facts[0] if facts else ("", "", "")
            if "insee" in case and first[0] != case["insee"]:
                return "not sure"
            if "department" in case and first[1] != case["department"]:
                return "not sure"
        return "right"
    if got == "found":
        return "wrong"
    return "not sure"


def score(path: Path, gazetteer: Gazetteer) -> tuple[dict[str, int], list[str], list[float]]:
    cases = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    counts = {"right": 0, "not sure": 0, "wrong": 0}
    misses: list[str] = []
    times: list[float] = []
    for case in cases:
        located = gazetteer.locate(case["text"])
        verdict = grade(case, located)
        counts[verdict] += 1
        if verdict != "right":
            facts = _facts(located) or [
                (m.commune.insee, m.commune.name, "") for m in located.matches[:3]
            ]
            misses.append(
                f"  {verdict:8} {case['text']!r}: expected {case['status']}, "
                f"got {located.status} {facts[:3]}"
            )
        times.append(best_of(lambda t=case["text"]: gazetteer.locate(t)))
    return counts, misses, times


def main(argv: list[str] | None = None) -> list[tuple[str, str]]:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])] or [DEFAULT]
    gazetteer = Gazetteer.from_knowledge(load_knowledge())
    rows = []
    for path in paths:
        counts, misses, times = score(path, gazetteer)
        total = sum(counts.values())
        rows.append(
            (
                f"{path.stem} ({total})",
                f"{counts['right']} right, {counts['not sure']} not sure, "
                f"{counts['wrong']} confidently wrong",
            )
        )
        rows.append(
            (
                "  locate latency",
                f"median {statistics.median(times) * 1000:.3f} ms, "
                f"p99 {percentile(times, 0.99) * 1000:.3f} ms",
            )
        )
        if path == DEFAULT:
            rows += [("", m) for m in misses]
    return rows


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:24} {value}")
