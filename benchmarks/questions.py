"""Score the quick-question understanding on a questions_<set>.toml file (format in
/work/notes/sets_format.md): right / "not sure" / confidently wrong.

Cases without `step` go through `Faq.ask`. Cases with a `step` go through the real dialog
(`Guide.step` from a state standing at that step), because "question or answer?" is decided
there: a question must be answered (or doubted) with the state left as it was; an answer must
be taken as an answer.

`python -m benchmarks.questions [FILE…]` prints the figures and every case that is not right
(default: the tuning set, tests/understanding/questions_tune.toml and
tests/questions_dialog_tune.toml).
"""

from __future__ import annotations

import datetime as dt
import html
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogs.flow import Guide
from dialogs.model import Event, State

TESTS = Path(__file__).resolve().parent.parent / "tests"
TUNE = TESTS / "understanding" / "questions_tune.toml"
# Cases at steps the shared evaluator does not reach (fiche_confirm, kind, priority_area,
# activity, contact): written with TUNE, kept apart because tests/understanding/ holds only
# what benchmarks/understanding.py can run.
TUNE_DIALOG = TESTS / "questions_dialog_tune.toml"
TUNING = (TUNE, TUNE_DIALOG)
TODAY = dt.date(2026, 11, 22)
UNSURE_MARKERS = ("pas sûr de bien comprendre", "not sure I understand")


@dataclass
class Score:
    right: int = 0
    unsure: int = 0
    wrong: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.right + self.unsure + self.wrong

    def line(self) -> str:
        return (
            f"{self.right}/{self.total} right ({self.right / max(self.total, 1):.0%}), "
            f"{self.unsure} not sure, {self.wrong} confidently wrong"
        )


def plain(text: str) -> str:
    """Reply text as a reader sees it: HTML unescaped, narrow and no-break spaces as spaces."""
    text = html.unescape(text)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def state_at(step: str) -> State:
    """A consenting person standing at `step`, with what that step needs already answered."""
    answers: dict[str, Any] = {}
    place = {
        "insee": "62498",
        "name": "Lens",
        "former": "",
        "department": "62",
        "epci_code": "200039865",
        "epci_name": "CA de Lens - Liévin",
        "territory": "artois",
    }
    later = ("audience", "project", "fiche_confirm", "priority_area", "kind", "total")
    later += ("request", "cofunding", "activity", "summary", "verdict", "contact")
    if step in later:
        answers.update(role="association", place=place)
    if step in later[1:]:
        answers["audience"] = "all"
    suggestion: dict[str, Any] = {}
    if step == "fiche_confirm":
        answers["description"] = "un jardin partagé au pied des immeubles"
        suggestion = {"fiche": 4, "matched": ["jardin partagé"]}
    if step in later[3:]:
        answers["fiche"] = 4
    if step in later[4:]:
        answers["priority_area"] = "yes"
    if step in later[5:]:
        answers["kind"] = "investment"
    if step in later[6:]:
        answers["total"] = "50000"
    if step in later[7:]:
        answers["request"] = "20000"
    if step in later[8:]:
        answers["cofunding"] = "10000"
    if step in later[9:]:
        answers["activity"] = "no"
    return State(
        step=step, consent=True, answers=answers, suggestion=suggestion, seq=7, answer_count=3
    )


def judge(guide: Guide, case: dict[str, Any]) -> tuple[str, str]:
    """('right' | 'unsure' | 'wrong', what happened) for one case."""
    text, expect = case["text"], case.get("expect", "")
    contains = [c.replace("\u202f", " ").replace("\u00a0", " ") for c in case.get("contains", [])]
    step = case.get("step")
    if step is None:
        answer = guide.faq.ask(text, TODAY)
        got = answer.entry.id if answer.entry else ""
        shown = plain(answer.text)
        if not got:
            return ("right" if not expect else "unsure"), "not sure"
        if got != expect:
            return "wrong", f"answered {got}"
        missing = [c for c in contains if c not in shown]
        return ("wrong", f"{got} without {missing}") if missing else ("right", got)
    before = state_at(step)
    after, replies = guide.step(before, Event.text(text), TODAY)
    shown = plain("\n".join(r.text for r in replies))
    unchanged = (after.step, after.answers, after.suggestion) == (
        before.step,
        before.answers,
        before.suggestion,
    )
    answered = unchanged and "<i>Source" in "\n".join(r.text for r in replies)
    doubted = unchanged and any(m in shown for m in UNSURE_MARKERS)
    if not case.get("is_question", True):
        if answered or doubted:
            return "wrong", "taken as a question"
        return "right", "taken as an answer"
    if not unchanged:
        return "wrong", f"taken as an answer (step {before.step} -> {after.step})"
    if not expect:
        return ("wrong", "answered an out-of-scope question") if answered else ("right", "-")
    if not answered:
        return "unsure", "doubted" if doubted else "re-asked without answering"
    got_answer = guide.faq.ask(text, TODAY)
    got = got_answer.entry.id if got_answer.entry else ""
    if got != expect:
        return "wrong", f"answered {got}"
    missing = [c for c in contains if c not in shown]
    return ("wrong", f"{got} without {missing}") if missing else ("right", got)


def cases(*paths: Path) -> list[dict[str, Any]]:
    return [case for path in paths for case in tomllib.loads(path.read_text())["case"]]


def score(*paths: Path, guide: Guide | None = None) -> Score:
    """Right / not sure / confidently wrong over the cases of `paths` (the tuning set)."""
    guide = guide or Guide()
    result = Score()
    for case in cases(*(paths or TUNING)):
        verdict, what = judge(guide, case)
        setattr(result, verdict, getattr(result, verdict) + 1)
        if verdict != "right":
            step = f" [{case['step']}]" if "step" in case else ""
            result.misses.append(f"{verdict:6} {case['text']!r}{step}: {what}")
    return result


if __name__ == "__main__":
    targets = tuple(Path(a) for a in sys.argv[1:]) or TUNING
    outcome = score(*targets)
    print(f"{' + '.join(t.name for t in targets)}: {outcome.line()}")
    for miss in outcome.misses:
        print("  " + miss)
