"""Whole conversations with a twist (issue 22): corrections, extra words, English, intents in
words, places abroad, misspelt communes, fiches 1-3, fiche 4's two parts, typed skip words, a
message that is another kind of value than the one asked (wrong-kind), two answers in one
message (two-in-one), "don't know" in a sentence (dont-know), a question typed at a free-text
field (question-at-field), a negated value (negation).

    python -m benchmarks.conversations [FILE…] [--verbose] [--latency]

reads any file in the format of the conversation sets (tests/understanding/conversations_*.toml;
without FILE: every such file there) and prints, per file and per kind, how many cases are
right, asked back and wrong. Each case is played through the real dialog (`dialogs.flow.Guide`)
from a fresh state, the date fixed inside the 2014 call. Scoring, per case:
- right: every expected key holds the expected value (and the lang / reply checks pass);
- asked back: no expected key holds a different non-empty value, but some are still unset,
  or a reply check fails without any wrong value;
- wrong: some expected key holds a different non-empty value (a silent misreading).
A turn that raises, or a "tap:" whose button is not on screen, ends the case where it is (the
state so far is scored; a raise scores wrong). `--latency` times every turn of every case
(best of 3, median and p99). Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import statistics
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from benchmarks.held_out import NOT_LISTED, SHOW_HELP, listed
from dialogs.flow import Guide
from dialogs.model import Event, Reply, State
from knowledge.text import normalize

SETS_DIR = Path(__file__).resolve().parent.parent / "tests" / "understanding"
TODAY = dt.date(2014, 11, 27)  # the call is open: every step is reachable
RIGHT, ASKED, WRONG = "right", "asked back", "wrong"
KINDS = (
    "correction",
    "extra-words",
    "english",
    "intent",
    "abroad",
    "misspelt",
    "fiche123",
    "fiche4-parts",
    "skip",
    "wrong-kind",
    "two-in-one",  # one message answering two questions (a commune and an amount…)
    "dont-know",  # "je sais pas encore" in a sentence, where the step has a "don't know"
    "question-at-field",  # a question typed where free text is expected: not the answer
    "negation",  # a negated value ("pas Lille mais Lens"): never taken
)
CASE_KEYS = {"id", "kind", "turns", "expect", "note"}
EXPECT_EXTRA = {"lang", "reply_contains", "reply_not_contains"}


def load(path: Path) -> list[dict[str, Any]]:
    return [dict(c) for c in tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])]


def problems(cases: Iterable[dict[str, Any]]) -> list[str]:
    """What is malformed in a set (the set's own test reads this)."""
    found: list[str] = []
    ids: set[Any] = set()
    for case in cases:
        where = f"case {case.get('id')!r}"
        if set(case) - CASE_KEYS:
            found.append(f"{where}: unknown keys {sorted(set(case) - CASE_KEYS)}")
        if case.get("kind") not in KINDS:
            found.append(f"{where}: kind must be one of {KINDS}")
        if case.get("id") in ids:
            found.append(f"{where}: duplicate id")
        ids.add(case.get("id"))
        turns = case.get("turns")
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
            found.append(f"{where}: turns must be a non-empty list of strings")
        if not isinstance(case.get("expect"), dict) or not case["expect"]:
            found.append(f"{where}: expect must be a non-empty table")
    return found


# ---------------------------------------------------------------------------- playing
def fold(text: str) -> str:
    """Accent-, case- and space-insensitive text (Babel's narrow no-break spaces too)."""
    return re.sub(r"\s+", " ", normalize(html.unescape(text))).strip()


@dataclass
class Played:
    state: State
    last: list[Reply] = field(default_factory=list)
    stopped: str = ""  # why the case ended early
    crashed: bool = False
    seconds: list[float] = field(default_factory=list)
    typed: list[float] = field(default_factory=list)  # the turns that were typed text


def newest_buttons(replies: list[Reply]) -> list[tuple[str, str]]:
    for reply in reversed(replies):
        if reply.choices:
            return [(c.label, c.data) for c in reply.choices]
    return []


def event_of(turn: str, last: list[Reply]) -> Event | str:
    """The event a line of `turns` stands for, or why it cannot be played."""
    if turn.startswith("tap:"):
        want = fold(turn[4:])
        for label, data in newest_buttons(last):
            if want in fold(label):
                return Event.choice(data)
        return f"no button {turn[4:]!r} among {[lb for lb, _ in newest_buttons(last)]}"
    if turn.startswith("/"):
        return Event.command(turn)
    return Event.text(turn)


def play(guide: Guide, turns: Iterable[str], repeats: int = 1) -> Played:
    played = Played(State())
    for line in turns:
        event = event_of(line, played.last)
        if isinstance(event, str):
            played.stopped = event
            return played
        try:
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                state, replies = guide.step(played.state, event, TODAY)
                best = min(best, time.perf_counter() - start)
        except Exception as error:  # a crash ends the case: scored wrong
            played.stopped, played.crashed = f"{line!r} raised {error!r}", True
            return played
        played.seconds.append(best)
        if event.kind == "text":
            played.typed.append(best)
        played.state, played.last = state, replies or played.last
    return played


# ---------------------------------------------------------------------------- scoring
def stored(state: State, key: str) -> str:
    """An answer as the sets write it: amounts as plain numbers, the commune as its INSEE code
    (its name matches too, see `same`), choices as their code; "sheet.title" for the sheet."""
    answers: Any = state.answers
    for part in key.split("."):
        answers = answers.get(part) if isinstance(answers, dict) else None
    if answers is None:
        return ""
    if isinstance(answers, dict):  # the place
        return str(answers.get("insee") or answers.get("name") or "")
    return str(answers)


def same(key: str, want: str, got: str, state: State) -> bool:
    if want == got:
        return True
    try:
        return Decimal(want) == Decimal(got)
    except (InvalidOperation, ValueError):
        pass
    if key == "place" and isinstance(state.answers.get("place"), dict):
        return fold(want) == fold(str(state.answers["place"].get("name", "")))
    return fold(want) == fold(got)


def score(case: dict[str, Any], played: Played) -> tuple[str, str]:
    if played.crashed:
        return WRONG, played.stopped
    expect = case["expect"]
    wrong: list[str] = []
    unset: list[str] = []
    for key, want in expect.items():
        if key in EXPECT_EXTRA:
            continue
        got = stored(played.state, key)
        if same(key, str(want), got, played.state):
            continue
        (wrong if got else unset).append(f"{key}={got or '∅'} (want {want or '∅'})")
    said = fold("\n".join(r.text for r in played.last))
    checks = []
    if "lang" in expect and played.state.lang != expect["lang"]:
        checks.append(f"lang={played.state.lang}")
    checks += [
        f"reply lacks {s!r}" for s in expect.get("reply_contains", []) if fold(s) not in said
    ]
    checks += [f"reply has {s!r}" for s in expect.get("reply_not_contains", []) if fold(s) in said]
    detail = "; ".join([*wrong, *unset, *checks, played.stopped])
    if wrong:
        return WRONG, detail
    if unset or checks:
        return ASKED, detail
    return RIGHT, detail


# ---------------------------------------------------------------------------- report
def run(
    paths: list[Path], verbose: bool = False, latency: bool = False, show_held_out: bool = False
) -> list[str]:
    guide = Guide()
    lines: list[str] = []
    seconds: list[float] = []
    typed: list[float] = []
    for path in paths:
        cases = load(path)
        totals: Counter[str] = Counter()
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        details = []
        for case in cases:
            played = play(guide, case["turns"], repeats=3 if latency else 1)
            seconds += played.seconds
            typed += played.typed
            outcome, detail = score(case, played)
            totals[outcome] += 1
            by_kind[case["kind"]][outcome] += 1
            if outcome != RIGHT:
                details.append(f"    {outcome:10} {case['id']}: {detail}")
        lines.append(f"{path.name}: {len(cases)} cases — {summary(totals)}")
        for kind in KINDS:
            if kind in by_kind:
                lines.append(f"  {kind:17} {summary(by_kind[kind])}")
        if listed(path.name, verbose, show_held_out):
            lines += details
        elif verbose and details:
            lines.append(f"    {NOT_LISTED}")
    if latency and seconds:
        lines.append(timing("one turn", seconds))
        lines.append(timing("one typed turn", typed))
    return lines


def timing(what: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds) or [0.0]
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (
        f"{what}, {len(seconds)} turns (best of 3): median {statistics.median(ms):.2f} ms, "
        f"p99 {p99:.2f} ms"
    )


def summary(counts: Counter[str]) -> str:
    return f"right {counts[RIGHT]} / asked back {counts[ASKED]} / wrong {counts[WRONG]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--verbose", "-v", action="store_true", help="list what is not right")
    parser.add_argument("--latency", action="store_true", help="time every turn")
    parser.add_argument("--show-held-out", action="store_true", help=SHOW_HELP)
    args = parser.parse_args()
    paths = args.files or sorted(SETS_DIR.glob("conversations_*.toml"))
    for line in run(paths, args.verbose, args.latency, args.show_held_out):
        print(line)


if __name__ == "__main__":
    main()
