"""Questions typed at the first steps (issue 22, reading14): answered as /question would, or lost?

    python -m benchmarks.first_step [FILE…]

reads passage sets (tests/understanding/passages_tune*.toml; never the held-out ones) and plays
each question through the real dialog (`dialogs.flow.Guide.step`) typed at « Qui êtes-vous ? »
(right after consent) and at the commune (after the role's button), and once after /question.
Per step it prints how many messages got the same answer as /question gives (answered), how many
did not, and how many stored an answer (role, commune…) without saying so in the replies (silent:
the worst outcome). Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tomllib
from pathlib import Path

from benchmarks.conversations import event_of, fold
from benchmarks.held_out import is_held_out
from dialogs.flow import Guide
from dialogs.model import Event, Reply, State

SETS_DIR = Path(__file__).resolve().parent.parent / "tests" / "understanding"
TODAY = dt.date(2014, 11, 27)  # the call is open
STEPS = {"role": ["/start", "tap:accepte"], "place": ["/start", "tap:accepte", "tap:association"]}


def play(guide: Guide, turns: list[str]) -> tuple[State, list[Reply]]:
    state, last = State(), []
    for line in turns:
        event = event_of(line, last) if not line.startswith("text:") else Event.text(line[5:])
        assert not isinstance(event, str), event
        state, replies = guide.step(state, event, TODAY)
        last = replies or last
    return state, last


def first_line(replies: list[Reply]) -> str:
    return fold(replies[0].text).split("\n")[0][:80] if replies else ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    files = args.files or sorted(p for p in SETS_DIR.glob("passages_tune*.toml"))
    guide = Guide()
    for path in (p for p in files if not is_held_out(p.name)):  # never held-out sets
        cases = tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])
        counts = {step: {"answered": 0, "lost": 0, "silent": 0} for step in STEPS}
        for case in cases:
            text = case["text"]
            _, asked = play(guide, ["/start", "tap:accepte", "/question", "text:" + text])
            want = first_line(asked)
            for step, before in STEPS.items():
                start, _ = play(guide, before)
                state, replies = play(guide, [*before, "text:" + text])
                said = fold("\n".join(r.text for r in replies))
                ok = bool(want) and want in said
                counts[step]["answered" if ok else "lost"] += 1
                new = {k for k in state.answers if state.answers[k] != start.answers.get(k)}
                silent = bool(new) and fold("J'ai noté") not in said
                counts[step]["silent"] += silent
                if args.verbose and (not ok or silent):
                    print(
                        f"  [{step}] {'lost' if not ok else ''} {'silent ' + str(new) if silent else ''}: {text[:90]}"
                    )
                    print(f"      -> {first_line(replies)}")
        for step, c in counts.items():
            print(
                f"{path.name} at {step}: answered {c['answered']}/{len(cases)}, lost {c['lost']}, silent {c['silent']}"
            )


if __name__ == "__main__":
    main()
