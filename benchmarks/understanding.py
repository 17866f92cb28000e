"""Understanding of people's own words (issue 11): amounts, places, questions, descriptions.

For each domain and each set present (tests/understanding/<domain>_tune.toml, written by the
tuner, and <domain>_heldout.toml, written before tuning and never tuned on), prints how many
cases are right, "not sure" and confidently wrong; `--verbose` lists the confidently wrong ones.
Then the latency of `Faq.ask` and `Gazetteer.locate` over the sets' texts (median and p99, each
query the best of 5 runs, as benchmarks/places.py does).

Each set is a list of `[[case]]` tables (keys checked by tests/test_understanding_sets.py).
Scoring, per case:
- right: what the set expects;
- not sure: the bot refused or said it is not sure although an answer was expected
  (honest, but a miss);
- confidently wrong: the bot acted on a wrong reading (silently misread) — the worst outcome.

What goes through which code path:
- amounts at steps "request" and "total": `knowledge.money.parse_amount(text, lang)`;
  amounts at step "cofunding": the real dialog (`dialogs.flow.Guide.step` with a State at that
  step), because "rien" / "pas encore" mean 0 only there — the recorded answer is compared;
- places: `Gazetteer.locate(text)`; any status string is handled (an unknown one is never right);
- questions: `Faq.ask(text, today, lang)`; a case with `step` goes through the dialog too: the
  text must (is_question = true) or must not (is_question = false) be taken as a question there;
- descriptions: `knowledge.suggest.understand` (not sure = no fiche clearly leads: weak or tied
  evidence), and the same texts through the dialog's project step (not sure = no fiche suggested).
A matcher that raises or returns something unexpected scores that case as confidently wrong.
Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.held_out import NOT_LISTED, SHOW_HELP, listed
from benchmarks.timing import best_of, latency_rows

SETS_DIR = Path(__file__).resolve().parent.parent / "tests" / "understanding"
DOMAINS = ("amounts", "places", "questions", "descriptions")
SET_NAMES = ("tune", "heldout")
RIGHT, UNSURE, WRONG = "right", "not sure", "confidently wrong"
TODAY = dt.date(2014, 11, 27)  # the call is open: every step of the dialog is reachable


# ---------------------------------------------------------------------------- sets
def load_set(
    domain: str, set_name: str, directory: Path = SETS_DIR
) -> list[dict[str, Any]] | None:
    """The cases of one set, or None when its file does not exist."""
    path = directory / f"{domain}_{set_name}.toml"
    if not path.exists():
        return None
    cases = tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])
    return [dict(c) for c in cases]


# ---------------------------------------------------------------------------- scoring (pure)
def _spaces(text: str) -> str:
    """Babel writes 2 000 € with a (narrow) no-break space: compare on plain spaces."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", html.unescape(text)).casefold()


def score_amount(expect: str, got: Decimal | str | None) -> tuple[str, str]:
    """`got` is the amount read (None when the text was refused)."""
    if got is None:
        return (RIGHT, "refused") if expect == "refuse" else (UNSURE, "refused")
    try:
        value = Decimal(str(got))
    except (InvalidOperation, ValueError):
        return WRONG, f"unexpected value {got!r}"
    if expect == "refuse":
        return WRONG, f"read {value} instead of refusing"
    return (RIGHT, str(value)) if value == Decimal(expect) else (WRONG, f"read {value}")


@dataclass(frozen=True)
class PlaceSeen:
    """What the lookup answered, reduced to what a set can check."""

    status: str
    insee: str = ""
    department: str = ""
    epci: str = ""
    label: str = ""


def score_place(case: dict[str, Any], seen: PlaceSeen) -> tuple[str, str]:
    expected = case["status"]
    got = seen.status
    shown = f"{got} {seen.label}".strip()
    if got != expected:
        if got == "found":
            return WRONG, f"found {seen.label} (expected {expected})"
        if got == "outside":
            return WRONG, f"said outside the region: {seen.label} (expected {expected})"
        if got in ("ambiguous", "not_found") and expected in (
            "found",
            "outside",
            "not_found",
            "ambiguous",
        ):
            return UNSURE, shown
        return WRONG, f"unknown status {got!r}"
    for key in ("insee", "department", "epci"):
        want = case.get(key)
        if want and getattr(seen, key) != want:
            return (
                WRONG,
                f"{got} with {key} {getattr(seen, key) or '?'} (expected {want}) {seen.label}",
            )
    return RIGHT, shown


def score_question(case: dict[str, Any], got_id: str, text: str) -> tuple[str, str]:
    """`got_id` is "" when the FAQ said it is not sure."""
    expect = case["expect"]
    if not expect:
        return (RIGHT, "not sure") if not got_id else (WRONG, f"answered {got_id}")
    if not got_id:
        return UNSURE, "not sure"
    if got_id != expect:
        return WRONG, f"answered {got_id}"
    missing = [s for s in case.get("contains", []) if _spaces(s) not in _spaces(text)]
    if missing:
        return WRONG, f"answered {got_id} without {missing}"
    return RIGHT, got_id


def score_turn(
    case: dict[str, Any], recorded: bool, faq_id: str, text: str, answered_as_question: bool
) -> tuple[str, str]:
    """A text typed during the dialog at `case["step"]`: was it read as question or answer?"""
    if case.get("is_question", True):
        if recorded:
            return WRONG, "recorded as the step's answer"
        return score_question(case, faq_id, text)
    if recorded:
        return RIGHT, "recorded as an answer"
    if answered_as_question:
        return WRONG, f"taken as a question ({faq_id or 'not sure'})"
    return UNSURE, "not recorded (re-asked)"


def score_description(expect: list[int], top: int | None) -> tuple[str, str]:
    """`top` is the suggested fiche, None when the bot says it is not sure."""
    if top is None:
        return (RIGHT, "not sure") if not expect else (UNSURE, "not sure")
    if not expect:
        return WRONG, f"suggested fiche {top}"
    return (RIGHT, f"fiche {top}") if top in expect else (WRONG, f"suggested fiche {top}")


def top_fiche(ranking: Iterable[Any]) -> int | None:
    """The suggested fiche, or None: nothing matched, or the two best tie (a tie must not be
    broken by fiche number)."""
    ranked = list(ranking)
    if not ranked:
        return None
    if len(ranked) > 1 and float(ranked[0].score) == float(ranked[1].score):
        return None
    return int(ranked[0].fiche.number)


# ---------------------------------------------------------------------------- tallies
class Skip(Exception):
    """A case that cannot be evaluated here (say, the dialog step cannot be reached)."""


@dataclass
class Tally:
    title: str
    counts: dict[str, int] = field(default_factory=lambda: {RIGHT: 0, UNSURE: 0, WRONG: 0})
    wrong: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def add(self, text: str, verdict: tuple[str, str]) -> None:
        outcome, detail = verdict
        self.counts[outcome] += 1
        if outcome == WRONG:
            self.wrong.append(f"{text!r}: {detail}")

    def guarded(self, text: str, judge: Callable[[], tuple[str, str]]) -> None:
        """Score one case; a matcher that crashes scores it as confidently wrong."""
        try:
            verdict = judge()
        except Skip as why:
            self.skipped.append(f"{text!r} ({why})")
            return
        except Exception as error:  # any failure of a matcher is a wrong answer
            verdict = (WRONG, f"raised {type(error).__name__}: {error}")
        self.add(text, verdict)

    def rows(self, verbose: bool) -> list[tuple[str, str]]:
        total = sum(self.counts.values())
        if not total and not self.skipped:
            return [(self.title, "no cases")]
        parts = [
            f"{n} {name} ({n / total:.0%})" if total else f"0 {name}"
            for name, n in self.counts.items()
        ]
        out = [(self.title, f"{total} cases: " + ", ".join(parts))]
        if self.skipped:
            out.append(("  skipped", f"{len(self.skipped)}: " + "; ".join(self.skipped)))
        if verbose:
            out += [("  ✗", w) for w in self.wrong]
        return out


# ---------------------------------------------------------------------------- the real code
class Bench:
    """The matchers and a dialog, built once."""

    def __init__(self) -> None:
        from dialogs.flow import Guide

        self.guide = Guide()
        self.knowledge = self.guide.knowledge
        self.places = self.guide.places
        self.faq = self.guide.faq
        self._positions: dict[tuple[str, str], Any] = {}

    # -- dialog
    def _send(self, state: Any, kind: str, value: str) -> tuple[Any, list[Any]]:
        from dialogs.model import Event

        return self.guide.step(state, Event(kind, value), TODAY)  # type: ignore[arg-type]

    def _tap(self, state: Any, replies: list[Any], action_prefix: str) -> tuple[Any, list[Any]]:
        for reply in reversed(replies):
            for choice in getattr(reply, "choices", ()):
                if choice.data.partition("|")[2].startswith(action_prefix):
                    return self._send(state, "choice", choice.data)
        raise LookupError(f"no button {action_prefix!r}")

    def position(self, step: str, lang: str = "fr") -> Any:
        """A State waiting at `step`, reached through the real dialog (consent, role, place,
        audience, fiche 1, total 900 000, request 5 000). Raises LookupError if it cannot."""
        key = (step, lang)
        if key in self._positions:
            return self._positions[key]
        from dialogs.model import State

        state, replies = self._send(State(lang=lang), "command", "/start")
        script: list[tuple[str, str]] = [
            ("choice", "consent:yes"),
            ("choice", "role:association"),
            ("text", "Lens"),
            ("choice", "audience:neighbourhood"),
            ("choice", "fiche:1"),
            ("text", "900000"),
            ("text", "5000"),
        ]
        try:
            for kind, value in script:
                if state.step == step:
                    break
                if kind == "choice":
                    state, replies = self._tap(state, replies, value)
                else:
                    state, replies = self._send(state, "text", value)
        except LookupError as error:
            raise Skip(f"dialog step {step!r} not reachable: {error}") from error
        if state.step != step:
            raise Skip(f"could not reach step {step!r} (stopped at {state.step!r})")
        self._positions[key] = state
        return state

    def turn(self, step: str, text: str, lang: str) -> tuple[Any, Any, list[Any]]:
        before = self.position(step, lang)
        after, replies = self._send(before, "text", text)
        return before, after, replies

    @staticmethod
    def recorded(before: Any, after: Any) -> bool:
        """The text was taken as the step's answer: recorded, or the dialog moved on with it
        (a choice among communes, a suggested fiche to confirm)."""
        return bool(
            after.answer_count > before.answer_count
            or after.step != before.step
            or after.candidates != before.candidates
            or after.suggestion != before.suggestion
        )

    # -- domains
    def amount(self, case: dict[str, Any]) -> tuple[str, str]:
        from knowledge.money import parse_amount

        lang = case.get("lang", "fr")
        step = case.get("step", "request")
        if step == "cofunding":
            before, after, _replies = self.turn("cofunding", case["text"], lang)
            got = after.answers.get("cofunding") if self.recorded(before, after) else None
            if self.recorded(before, after) and got is None:
                return WRONG, f"moved to {after.step} without recording an amount"
            return score_amount(case["expect"], got)
        parsed = parse_amount(case["text"], lang)
        amount = parsed.amount
        if amount is not None and amount == 0 and step in ("request", "total"):
            amount = None  # the dialog refuses 0 at these steps
        return score_amount(case["expect"], amount)

    def place(self, case: dict[str, Any]) -> tuple[str, str]:
        located = self.places.locate(case["text"])
        return score_place(case, self.seen(located))

    def seen(self, located: Any) -> PlaceSeen:
        status = str(getattr(located, "status", ""))
        commune = None
        matches = getattr(located, "matches", ()) or ()
        if matches:
            commune = getattr(matches[0], "commune", None)
        for name in ("outside", "commune"):
            candidate = getattr(located, name, None)
            if commune is None and candidate is not None and not isinstance(candidate, bool):
                commune = candidate
        insee = _attr(commune, "current_insee", "insee", "code")
        department = _attr(commune, "department", "departement") or _attr(located, "department")
        epci = _attr(commune, "epci_code", "epci") or _attr(located, "epci_code", "epci")
        if status == "found" and matches:
            epcis = {_attr(getattr(m, "commune", None), "epci_code") for m in matches}
            if len(epcis) > 1:
                epci = ""
        name = _attr(commune, "name", "nom")
        label = f"{name} ({insee or '?'}, {department or '?'})" if commune is not None else ""
        if status == "found" and len(matches) > 1:
            label += f" +{len(matches) - 1}"
        return PlaceSeen(status, insee, department, epci, label)

    def question(self, case: dict[str, Any]) -> tuple[str, str]:
        lang = case.get("lang")
        answer = self.faq.ask(case["text"], TODAY, lang)
        entry = getattr(answer, "entry", None)
        got_id = str(entry.id) if entry is not None else ""
        if getattr(answer, "status", "answered") != "answered":
            got_id = ""
        return score_question(case, got_id, str(getattr(answer, "text", "")))

    def question_turn(self, case: dict[str, Any]) -> tuple[str, str]:
        lang = case.get("lang", "fr")
        before, after, replies = self.turn(case["step"], case["text"], lang)
        recorded = self.recorded(before, after)
        answer = self.faq.ask(case["text"], TODAY, case.get("lang"))
        faq_id = (
            answer.entry.id if answer.entry is not None and answer.status == "answered" else ""
        )
        said = "\n".join(r.text for r in replies)
        answered = "<i>Source" in said or (
            bool(faq_id) and _spaces(answer.text[:60]) in _spaces(said)
        )
        if case.get("is_question", True) and not recorded and faq_id and not answered:
            faq_id = ""  # the FAQ knew, but the dialog did not say it
        return score_turn(case, recorded, faq_id, str(answer.text), answered)

    def description(self, case: dict[str, Any]) -> tuple[str, str]:
        from knowledge.suggest import understand

        # the matcher's own "not sure" (weak or tied evidence), as the dialog uses it
        return score_description(case["expect"], understand(self.knowledge, case["text"]).fiche)

    def description_dialog(self, case: dict[str, Any]) -> tuple[str, str]:
        _before, after, _replies = self.turn("project", case["text"], case.get("lang", "fr"))
        suggestion = after.suggestion if isinstance(after.suggestion, dict) else {}
        fiche = suggestion.get("fiche")
        return score_description(case["expect"], int(fiche) if fiche else None)


def _attr(obj: Any, *names: str) -> str:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value:
            return str(value)
    return ""


# ---------------------------------------------------------------------------- latency
def latency(label: str, texts: list[str], call: Callable[[str], object]) -> list[tuple[str, str]]:
    timings = []
    for text in texts:
        try:
            timings.append(best_of(partial(call, text)))
        except Exception:  # a crash is counted by the accuracy part
            continue
    return latency_rows(label, timings, decimals=3)


# ---------------------------------------------------------------------------- report
def run(
    verbose: bool = False, directory: Path = SETS_DIR, show_held_out: bool = False
) -> list[tuple[str, str]]:
    bench = Bench()
    out: list[tuple[str, str]] = []
    question_texts: list[str] = []
    place_texts: list[str] = []
    for domain in DOMAINS:
        for set_name in SET_NAMES:
            cases = load_set(domain, set_name, directory)
            if cases is None:
                out.append((f"{domain}, {set_name}", f"no file {domain}_{set_name}.toml: skipped"))
                continue
            out += evaluate(bench, domain, set_name, cases, verbose, show_held_out)
            if domain == "questions":
                question_texts += [c["text"] for c in cases]
            if domain == "places":
                place_texts += [c["text"] for c in cases]
    out += latency("Faq.ask", question_texts, lambda t: bench.faq.ask(t, TODAY))
    out += latency("Gazetteer.locate", place_texts, bench.places.locate)
    return out


def evaluate(
    bench: Bench,
    domain: str,
    set_name: str,
    cases: list[dict[str, Any]],
    verbose: bool,
    show_held_out: bool = False,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for tally in score_set(bench, domain, set_name, cases):
        shown = listed(set_name, verbose, show_held_out)
        out += tally.rows(shown)
        if verbose and not shown and tally.wrong:
            out.append(("  ✗", NOT_LISTED))
    return out


def score_set(
    bench: Bench, domain: str, set_name: str, cases: list[dict[str, Any]]
) -> list[Tally]:
    """Every case of one set scored, as tallies (the held-out guard test reads them too)."""
    tallies: list[Tally] = []
    if domain == "amounts":
        main = Tally(f"amounts, {set_name}")
        cof = Tally(f"amounts, {set_name}, step cofunding")
        for case in cases:
            tally = cof if case.get("step") == "cofunding" else main
            tally.guarded(case["text"], partial(bench.amount, case))
        tallies += [main, cof]
    elif domain == "places":
        main = Tally(f"places, {set_name}")
        for case in cases:
            main.guarded(case["text"], partial(bench.place, case))
        tallies.append(main)
    elif domain == "questions":
        main = Tally(f"questions, {set_name}, Faq.ask")
        turns = Tally(f"questions, {set_name}, in the dialog")
        for case in cases:
            if "step" in case:
                turns.guarded(case["text"], partial(bench.question_turn, case))
            else:
                main.guarded(case["text"], partial(bench.question, case))
        tallies += [main, turns]
    elif domain == "descriptions":
        main = Tally(f"descriptions, {set_name}, suggest()")
        dialog = Tally(f"descriptions, {set_name}, dialog")
        for case in cases:
            main.guarded(case["text"], partial(bench.description, case))
            dialog.guarded(case["text"], partial(bench.description_dialog, case))
        tallies += [main, dialog]
    return tallies


def main(verbose: bool = False, show_held_out: bool = False) -> list[tuple[str, str]]:
    """Rows (label, figure), as every benchmark module gives them to benchmarks/__main__.py."""
    return run(verbose=verbose, show_held_out=show_held_out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Understanding of people's own words")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="list confidently wrong cases"
    )
    parser.add_argument("--show-held-out", action="store_true", help=SHOW_HELP)
    args = parser.parse_args()
    for label, value in main(verbose=args.verbose, show_held_out=args.show_held_out):
        print(f"{label:40} {value}")
