"""Amount reading scored on an understanding set (format: tests/understanding/*.toml).

`python -m benchmarks.amounts [FILE...]` (default: the tuning set) prints right / not sure /
confidently wrong, and with `-v` every case that is not right. It scores what the dialog does
with the text at that step: at the request and total steps 0 is refused, at the co-funding
step "rien" means 0.
"""

from __future__ import annotations

import inspect
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from knowledge.money import parse_amount

TUNE = Path(__file__).resolve().parent.parent / "tests" / "understanding" / "amounts_tune.toml"


def read(text: str, step: str, lang: str) -> Decimal | None:
    """The amount the dialog would record at `step`, or None when it refuses and re-asks."""
    options: dict[str, Any] = {}
    if "nothing_is_zero" in inspect.signature(parse_amount).parameters:
        options["nothing_is_zero"] = step == "cofunding"
    amount = parse_amount(text, lang, **options).amount
    if amount == 0 and step != "cofunding":
        return None
    return amount


def score(path: Path) -> tuple[dict[str, int], list[str]]:
    """Counts of right / not sure / wrong on one set, and a line per case not right."""
    counts = {"right": 0, "not sure": 0, "wrong": 0}
    misses = []
    for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
        got = read(case["text"], case.get("step", "request"), case.get("lang", "fr"))
        expect = case["expect"]
        if expect == "refuse":
            verdict = "right" if got is None else "wrong"
        elif got is None:
            verdict = "not sure"
        else:
            verdict = "right" if got == Decimal(expect) else "wrong"
        counts[verdict] += 1
        if verdict != "right":
            misses.append(f"{verdict:8} {case['text']!r} expect {expect} got {got}")
    return counts, misses


def main(paths: list[Path] | None = None, verbose: bool = False) -> list[tuple[str, str]]:
    rows = []
    for path in paths or [TUNE]:
        counts, misses = score(path)
        total = sum(counts.values())
        rows.append(
            (
                f"amounts, {path.stem}",
                f"{counts['right']}/{total} right, {counts['not sure']} not sure, "
                f"{counts['wrong']} confidently wrong",
            )
        )
        if verbose:
            rows += [("", miss) for miss in misses]
    return rows


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    for label, value in main([Path(a) for a in args] or None, "-v" in sys.argv):
        print(f"{label:24} {value}")
