"""Questions answered from the call's own text (issue 23): right / not sure / confidently wrong.

Reads any set in the format of tests/understanding/passages_tune.toml (`[[case]]` with text,
lang, kind, expect = "answered" | "unanswered", facts): by default every
tests/understanding/passages_*.toml present, or the files named on the command line
(`python -m benchmarks.passages path/to/set.toml …`). Each question goes through the real dialog
(`dialogs.flow.Guide.step`: /start, consent, /question, then the text), and the reply text is
scored:
- answered expected: right = an answer holding every fact (compared case-, accent- and
  space-insensitively, € and no-break spaces ignored); not sure = the reply says it is not
  sure or that the documents do not say; confidently wrong = an answer missing a fact;
- unanswered expected: right = the reply says so plainly; confidently wrong = it answers.
Then the latency of one question turn through the dialog and of `Faq.ask` alone (median and
p99, each question the best of 5 runs). Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.held_out import NOT_LISTED, SHOW_HELP, listed
from benchmarks.timing import best_of, latency_rows

SETS_DIR = Path(__file__).resolve().parent.parent / "tests" / "understanding"
RIGHT, UNSURE, WRONG = "right", "not sure", "confidently wrong"
OUTCOMES = (RIGHT, UNSURE, WRONG)
KINDS = ("formal", "english", "document-fact", "unanswerable", "short", "sms")
TODAY = dt.date(2014, 11, 27)  # the call is open
# How a reply says it does not know, in both languages (the dialog's own wording).
# An answer saying that a fiche "does not say of what" is still an answer: only these phrases
# mark a reply that does not answer.
NOT_SURE = re.compile(
    r"je ne suis pas sur|i am not sure|i'm not sure"
    r"|documents (?:de l'appel )?ne (?:le )?disent pas|documents (?:do not|don't) say",
)


def load(path: Path) -> list[dict[str, Any]]:
    """The cases of one set file."""
    return [dict(c) for c in tomllib.loads(path.read_text(encoding="utf-8")).get("case", [])]


def default_sets(directory: Path = SETS_DIR) -> list[Path]:
    return sorted(directory.glob("passages_*.toml"))


# ---------------------------------------------------------------------------- scoring (pure)
def normal(text: str) -> str:
    """Case-, accent- and space-insensitive; € and no-break spaces ignored; HTML unescaped."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = unicodedata.normalize("NFKD", text.replace("€", ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'")
    return re.sub(r"[\s\u00a0\u202f]+", "", text).casefold()


def says_not_sure(reply: str) -> bool:
    plain = html.unescape(re.sub(r"<[^>]+>", "", reply))
    plain = unicodedata.normalize("NFKD", plain.replace("\u2019", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return bool(NOT_SURE.search(plain))


def score(case: dict[str, Any], reply: str) -> tuple[str, str]:
    """(outcome, detail) of one case from the bot's reply text."""
    unsure = says_not_sure(reply)
    if case["expect"] == "unanswered":
        return (RIGHT, "says the documents do not say") if unsure else (WRONG, "answered")
    if unsure:
        return UNSURE, "not sure"
    missing = [f for f in case.get("facts", []) if normal(f) not in normal(reply)]
    if missing:
        return WRONG, f"answered without {missing}"
    return RIGHT, "answered"


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, case: dict[str, Any], verdict: tuple[str, str], reply: str) -> None:
        outcome, detail = verdict
        self.counts[outcome] += 1
        kind = self.by_kind.setdefault(case.get("kind", "?"), dict.fromkeys(OUTCOMES, 0))
        kind[outcome] += 1
        if outcome != RIGHT:
            first = " ".join(reply.split())[:160]
            self.misses.append(f"[{outcome}] {case['text']!r}: {detail} — {first}")


def _row(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    return f"{total} cases: " + ", ".join(
        f"{counts[o]} {o} ({counts[o] / total:.0%})" if total else f"0 {o}" for o in OUTCOMES
    )


# ---------------------------------------------------------------------------- the real code
class Asker:
    """The dialog, built once; `reply(text, lang)` is the bot's answer in question mode."""

    def __init__(self) -> None:
        from dialogs.flow import Guide

        self.guide = Guide()
        self._ready: dict[str, Any] = {}

    def _send(self, state: Any, kind: str, value: str) -> tuple[Any, list[Any]]:
        from dialogs.model import Event

        return self.guide.step(state, Event(kind, value), TODAY)  # type: ignore[arg-type]

    def ready(self, lang: str) -> Any:
        """A State in question mode, reached through /start, consent and /question."""
        if lang not in self._ready:
            from dialogs.model import State

            state, _ = self._send(State(lang=lang), "command", "/start")
            state, _ = self._send(state, "choice", _button(_, "consent:yes"))
            state, _ = self._send(state, "command", "/question")
            self._ready[lang] = state
        return self._ready[lang]

    def reply(self, text: str, lang: str) -> str:
        _state, replies = self._send(self.ready(lang), "text", text)
        return "\n".join(r.text for r in replies)


def _button(replies: list[Any], prefix: str) -> str:
    for reply in reversed(replies):
        for choice in getattr(reply, "choices", ()):
            if choice.data.partition("|")[2].startswith(prefix):
                return str(choice.data)
    raise LookupError(f"no button {prefix!r}")


def score_cases(asker: Asker, cases: list[dict[str, Any]]) -> Tally:
    tally = Tally()
    for case in cases:
        try:
            reply = asker.reply(case["text"], case.get("lang", "fr"))
        except Exception as error:  # a crash is a wrong answer
            tally.add(case, (WRONG, f"raised {type(error).__name__}"), "")
            continue
        tally.add(case, score(case, reply), reply)
    return tally


def run(
    paths: list[Path], verbose: bool = False, show_held_out: bool = False
) -> list[tuple[str, str]]:
    asker = Asker()
    out: list[tuple[str, str]] = []
    turns: list[float] = []
    asks: list[float] = []
    for path in paths:
        cases = load(path)
        tally = score_cases(asker, cases)
        out.append((path.name, _row(tally.counts)))
        for kind in sorted(tally.by_kind):
            out.append((f"  {kind}", _row(tally.by_kind[kind])))
        if listed(path.name, verbose, show_held_out):
            out += [("  ✗", m) for m in tally.misses]
        elif verbose and tally.misses:
            out.append(("  ✗", NOT_LISTED))
        for case in cases:
            lang = case.get("lang", "fr")
            turns.append(best_of(lambda c=case, lg=lang: asker.reply(c["text"], lg)))
            asks.append(best_of(lambda c=case, lg=lang: asker.guide.faq.ask(c["text"], TODAY, lg)))
    out += latency_rows("question turn (dialog)", turns)
    out += latency_rows("Faq.ask", asks)
    return out


def main(verbose: bool = False) -> list[tuple[str, str]]:
    """Rows (label, figure), as every benchmark module gives them to benchmarks/__main__.py."""
    return run(default_sets(), verbose)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="set files (default: passages_*)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list what is not right")
    parser.add_argument("--show-held-out", action="store_true", help=SHOW_HELP)
    args = parser.parse_args()
    paths = args.sets or default_sets()
    if not paths:
        sys.exit("no passages_*.toml set found")
    for label, value in run(paths, args.verbose, args.show_held_out):
        print(f"{label:34} {value}")
