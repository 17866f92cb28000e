"""The understanding sets (tests/understanding/*.toml, issue 11) are well-formed, and the
scorer of benchmarks/understanding.py scores the way the format says.

The figures are printed by `python -m benchmarks.understanding`; the held-out ones measured
after issue 11 are kept as a floor against regressions (never a tuning target).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from benchmarks import understanding as u
from knowledge import load_knowledge
from knowledge.faq import Faq
from knowledge.places import Gazetteer

DATA = Path(__file__).resolve().parent.parent / "knowledge" / "data"
SET_FILES = sorted(
    p for p in u.SETS_DIR.glob("*.toml") if not p.name.startswith(("passages_", "conversations_"))
)  # issue 23 sets: tests/test_passages.py; issue 22's: tests/test_conversations_set.py

COMMON = {"text", "lang", "note"}
KEYS = {
    "amounts": COMMON | {"expect", "step"},
    "places": COMMON | {"status", "insee", "department", "epci"},
    "questions": COMMON | {"expect", "contains", "step", "is_question"},
    "descriptions": COMMON | {"expect"},
}
STEPS = {"request", "total", "cofunding", "place", "project", "audience", "role"}


def _current_insee() -> set[str]:
    with (DATA / "communes.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["insee"] for r in rows if r["kind"] == "commune"}


def _epcis() -> set[str]:
    with (DATA / "communes.csv").open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["epci_code"] for r in rows}


def _faq_ids() -> set[str]:
    knowledge = load_knowledge()
    return set(Faq(knowledge, Gazetteer.from_knowledge(knowledge)).by_id)


def test_the_held_out_sets_exist() -> None:
    names = {p.name for p in SET_FILES}
    for domain in u.DOMAINS:
        assert f"{domain}_heldout.toml" in names


@pytest.mark.parametrize("path", SET_FILES, ids=lambda p: p.name)
def test_every_set_is_well_formed(path: Path) -> None:
    domain, _, set_name = path.stem.rpartition("_")
    assert domain in u.DOMAINS and set_name in u.SET_NAMES, path.name
    cases = u.load_set(domain, set_name, path.parent)
    assert cases, f"{path.name} has no [[case]]"
    problems: list[str] = []
    texts: set[tuple[str, str]] = set()
    insee_codes, epcis, faq_ids = _current_insee(), _epcis(), _faq_ids()
    for i, case in enumerate(cases):
        where = f"{path.name} case {i} {case.get('text')!r}"
        unknown = set(case) - KEYS[domain]
        if unknown:
            problems.append(f"{where}: unknown keys {sorted(unknown)}")
        if not isinstance(case.get("text"), str) or not case["text"].strip():
            problems.append(f"{where}: text must be a non-empty string")
        if case.get("lang", "fr") not in ("fr", "en"):
            problems.append(f"{where}: lang must be fr or en")
        if not isinstance(case.get("note", ""), str):
            problems.append(f"{where}: note must be a string")
        key = (str(case.get("text")), str(case.get("step", "")))
        if key in texts:
            problems.append(f"{where}: duplicate text")
        texts.add(key)
        problems += [f"{where}: {p}" for p in _check(domain, case, insee_codes, epcis, faq_ids)]
    assert not problems, "\n".join(problems)


def _check(
    domain: str, case: dict[str, Any], insee: set[str], epcis: set[str], faq_ids: set[str]
) -> list[str]:
    out: list[str] = []
    if domain == "amounts":
        expect = case.get("expect")
        if not isinstance(expect, str):
            out.append("expect must be a string")
        elif expect != "refuse":
            try:
                if Decimal(expect) < 0 or Decimal(expect) != Decimal(expect).quantize(
                    Decimal("0.01")
                ):
                    out.append("expect must be >= 0 with at most 2 decimals")
            except ArithmeticError:
                out.append(f"expect {expect!r} is neither a decimal nor 'refuse'")
        if case.get("step", "request") not in ("request", "total", "cofunding"):
            out.append("step must be request, total or cofunding")
        if expect == "0" and case.get("step") != "cofunding":
            out.append("0 is an answer only at the cofunding step")
    elif domain == "places":
        status = case.get("status")
        if status not in ("found", "ambiguous", "outside", "not_found"):
            out.append(f"unknown status {status!r}")
        for key in ("insee", "department", "epci"):
            if key in case and not (isinstance(case[key], str) and case[key].isalnum()):
                out.append(f"{key} must be a code string")
        if status in ("ambiguous", "not_found") and {"insee", "epci", "department"} & set(case):
            out.append("codes are only for found / outside")
        if status == "found":
            if "insee" not in case and "epci" not in case:
                out.append("a found case names its commune (insee) or its EPCI")
            if "insee" in case and case["insee"] not in insee:
                out.append(f"insee {case['insee']} is not a current commune of communes.csv")
            if "epci" in case and case["epci"] not in epcis:
                out.append(f"epci {case['epci']} is not in communes.csv")
            if case.get("department", "59") not in ("59", "62"):
                out.append("a found commune is in 59 or 62")
        if status == "outside":
            if case.get("insee", "00")[:2] in ("59", "62") or case.get("department") in (
                "59",
                "62",
            ):
                out.append("outside means outside 59 / 62")
            if (
                "insee" in case
                and "department" in case
                and not case["insee"].startswith(case["department"])
            ):
                out.append("insee and department disagree")
            if "epci" in case:
                out.append("epci only when found")
    elif domain == "questions":
        expect = case.get("expect")
        if not isinstance(expect, str) or (expect and expect not in faq_ids):
            out.append(f"expect {expect!r} is not an id of faq.toml (or '')")
        contains = case.get("contains", [])
        if not (isinstance(contains, list) and all(isinstance(s, str) and s for s in contains)):
            out.append("contains must be a list of non-empty strings")
        if contains and not expect:
            out.append("contains needs an expected id")
        if not isinstance(case.get("is_question", True), bool):
            out.append("is_question must be true or false")
        if "is_question" in case and "step" not in case:
            out.append("is_question needs a step")
        if "step" in case and case["step"] not in STEPS:
            out.append(f"unknown step {case['step']!r}")
    elif domain == "descriptions":
        expect = case.get("expect")
        if not (
            isinstance(expect, list)
            and all(isinstance(n, int) and 1 <= n <= 4 for n in expect)
            and len(set(expect)) == len(expect)
        ):
            out.append("expect must be a list of distinct fiche numbers 1-4")
    return out


def test_held_out_sets_have_enough_cases_and_english() -> None:
    minimum = {"amounts": 80, "places": 80, "questions": 80, "descriptions": 60}
    for domain, n in minimum.items():
        cases = u.load_set(domain, "heldout")
        assert cases is not None and len(cases) >= n, domain
        english = sum(c.get("lang") == "en" for c in cases)
        assert english >= len(cases) // 10, f"{domain}: only {english} English cases"


def test_every_faq_entry_has_a_held_out_question() -> None:
    cases = u.load_set("questions", "heldout") or []
    assert _faq_ids() <= {c["expect"] for c in cases}


# ------------------------------------------------------------------------ the scorer itself
def test_score_amount() -> None:
    assert u.score_amount("45000", Decimal("45000.00"))[0] == u.RIGHT
    assert u.score_amount("45000", Decimal("451000"))[0] == u.WRONG
    assert u.score_amount("45000", None)[0] == u.UNSURE
    assert u.score_amount("refuse", None)[0] == u.RIGHT
    assert u.score_amount("refuse", Decimal("3000"))[0] == u.WRONG
    assert u.score_amount("0", "0")[0] == u.RIGHT
    assert u.score_amount("10", "ten")[0] == u.WRONG  # something unexpected is wrong


def test_score_place() -> None:
    found = {"status": "found", "insee": "59350"}
    assert u.score_place(found, u.PlaceSeen("found", "59350", "59", "200093201"))[0] == u.RIGHT
    assert u.score_place(found, u.PlaceSeen("found", "59512", "59"))[0] == u.WRONG
    assert u.score_place(found, u.PlaceSeen("ambiguous"))[0] == u.UNSURE
    assert u.score_place(found, u.PlaceSeen("not_found"))[0] == u.UNSURE
    assert u.score_place(found, u.PlaceSeen("outside", "60057", "60"))[0] == u.WRONG
    outside = {"status": "outside", "insee": "60057", "department": "60"}
    assert u.score_place(outside, u.PlaceSeen("outside", "60057", "60"))[0] == u.RIGHT
    assert u.score_place(outside, u.PlaceSeen("outside", "60009", "60"))[0] == u.WRONG
    assert u.score_place(outside, u.PlaceSeen("found", "62101", "62"))[0] == u.WRONG
    assert u.score_place(outside, u.PlaceSeen("not_found"))[0] == u.UNSURE
    by_epci = {"status": "found", "epci": "246200364"}
    assert u.score_place(by_epci, u.PlaceSeen("found", "62498", "62", "246200364"))[0] == u.RIGHT
    assert u.score_place(by_epci, u.PlaceSeen("found", "62041", "62", "200033579"))[0] == u.WRONG
    assert u.score_place({"status": "not_found"}, u.PlaceSeen("weird"))[0] == u.WRONG


def test_score_question() -> None:
    case = {"expect": "floor", "contains": ["2 000"]}
    assert u.score_question(case, "floor", "plancher : 2\u202f000 €")[0] == u.RIGHT
    assert u.score_question(case, "floor", "plancher : 5 000 €")[0] == u.WRONG
    assert u.score_question(case, "ceiling", "2 000")[0] == u.WRONG
    assert u.score_question(case, "", "")[0] == u.UNSURE
    assert u.score_question({"expect": ""}, "", "")[0] == u.RIGHT
    assert u.score_question({"expect": ""}, "what", "…")[0] == u.WRONG


def test_score_turn() -> None:
    question = {"expect": "floor", "step": "request"}
    assert u.score_turn(question, False, "floor", "", True)[0] == u.RIGHT
    assert u.score_turn(question, True, "floor", "", False)[0] == u.WRONG
    answer = {"expect": "", "step": "request", "is_question": False}
    assert u.score_turn(answer, True, "", "", False)[0] == u.RIGHT
    assert u.score_turn(answer, False, "floor", "", True)[0] == u.WRONG
    assert u.score_turn(answer, False, "", "", False)[0] == u.UNSURE


def test_score_description_and_ties() -> None:
    assert u.score_description([4], 4)[0] == u.RIGHT
    assert u.score_description([4, 2], 2)[0] == u.RIGHT
    assert u.score_description([4], 1)[0] == u.WRONG
    assert u.score_description([4], None)[0] == u.UNSURE
    assert u.score_description([], None)[0] == u.RIGHT
    assert u.score_description([], 1)[0] == u.WRONG

    def ranked(*scores: tuple[int, float]) -> list[Any]:
        return [SimpleNamespace(fiche=SimpleNamespace(number=n), score=s) for n, s in scores]

    assert u.top_fiche([]) is None
    assert u.top_fiche(ranked((1, 0.5), (4, 0.5))) is None  # a tie is not a choice
    assert u.top_fiche(ranked((4, 0.7), (1, 0.3))) == 4


def test_a_crashing_matcher_counts_as_wrong_and_a_skip_is_reported() -> None:
    tally = u.Tally("t")

    def boom() -> tuple[str, str]:
        raise ValueError("bad")

    def skip() -> tuple[str, str]:
        raise u.Skip("no such step")

    tally.guarded("x", boom)
    tally.guarded("y", skip)
    tally.guarded("z", lambda: (u.RIGHT, ""))
    assert tally.counts == {u.RIGHT: 1, u.UNSURE: 0, u.WRONG: 1}
    assert tally.skipped and "no such step" in tally.skipped[0]
    assert any("ValueError" in value for _label, value in tally.rows(verbose=True))


def test_a_missing_set_is_skipped(tmp_path: Path) -> None:
    assert u.load_set("amounts", "tune", tmp_path) is None
    (tmp_path / "amounts_tune.toml").write_text('[[case]]\ntext = "2500"\nexpect = "2500"\n')
    assert u.load_set("amounts", "tune", tmp_path) == [{"text": "2500", "expect": "2500"}]


def test_tiny_cases_through_the_real_code() -> None:
    bench = u.Bench()
    assert bench.amount({"text": "2500", "expect": "2500"})[0] == u.RIGHT
    assert bench.amount({"text": "2500", "expect": "refuse"})[0] == u.WRONG
    # the co-funding step is reached through the real dialog and its recorded answer read
    assert bench.amount({"text": "1000", "expect": "1000", "step": "cofunding"})[0] == u.RIGHT
    assert bench.place({"text": "Lille", "status": "found", "insee": "59350"})[0] == u.RIGHT
    assert bench.place({"text": "Lille", "status": "found", "insee": "59512"})[0] == u.WRONG
    assert bench.question({"text": "C'est combien le minimum ?", "expect": "floor"})[0] == u.RIGHT
    answer_at_step = {"text": "5000", "expect": "", "step": "request", "is_question": False}
    assert bench.question_turn(answer_at_step)[0] == u.RIGHT
    rows = u.evaluate(bench, "places", "tiny", [{"text": "Lille", "status": "not_found"}], True)
    assert rows[0][1].startswith("1 cases: 0 right") and rows[-1][0].strip() == "✗"


# Held-out figures measured once, after issue 11's matchers were merged (2026-12-02), by people
# who never saw these sets: (title, at least this many right, at most this many wrong). A guard
# against regressions only — these sets must never be used to tune a matcher; a new matcher is
# tuned on *_tune.toml and a fresh held-out set is written before it is measured.
HELDOUT_FLOOR = [
    ("amounts, heldout", 71, 0),
    ("amounts, heldout, step cofunding", 14, 0),
    ("places, heldout", 107, 1),
    # 2026-12-08: 12 questions added for the FAQ entries `expenses` and `why_asked` (faq10), written
    # by someone who never saw them: 4 right / 4 not sure / 4 wrong on those 12 (the other 138:
    # 98 / 22 / 2). The floor is the measured whole, so the older questions may not lose more.
    ("questions, heldout, Faq.ask", 102, 6),
    ("questions, heldout, in the dialog", 15, 0),
    ("descriptions, heldout, suggest()", 60, 3),
    ("descriptions, heldout, dialog", 61, 2),
]


def test_held_out_figures_do_not_regress() -> None:
    bench = u.Bench()
    tallies = {}
    for domain in u.DOMAINS:
        cases = u.load_set(domain, "heldout")
        assert cases is not None, domain
        tallies.update({t.title: t for t in u.score_set(bench, domain, "heldout", cases)})
    for title, right, wrong in HELDOUT_FLOOR:
        counts = tallies[title].counts
        assert counts[u.RIGHT] >= right, (title, counts, tallies[title].wrong)
        assert counts[u.WRONG] <= wrong, (title, counts, tallies[title].wrong)
