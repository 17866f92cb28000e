"""Rule cases from tests/cases/*.toml drive one parametrized test (OpenFisca style)."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from knowledge import Knowledge
from knowledge.rules import CHECK_IDS, Answers, evaluate

CASES_DIR = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            params.append(pytest.param(case, id=case["id"]))
    return params


@pytest.mark.parametrize("case", _cases())
def test_rule_case(knowledge: Knowledge, case: dict[str, Any]) -> None:
    answers = Answers(
        fiche=case["fiche"],
        request=Decimal(case["request"]),
        total=Decimal(case["total"]),
        cofunding=Decimal(case["cofunding"]),
        kind=case.get("kind"),
        priority_area=case.get("priority_area"),
        activity_funding=case.get("activity_funding"),
    )
    verdict = evaluate(knowledge, answers, case["date"], territory="artois")
    expect = case["expect"]
    if "eligible" in expect:
        assert verdict.eligible is expect["eligible"]
    if "closed" in expect:
        assert verdict.closed is expect["closed"]
    for check_id in CHECK_IDS:
        if check_id in expect:
            check = verdict.check(check_id)
            assert check is not None, f"no {check_id} check"
            assert check.status == expect[check_id], check.message
        if f"{check_id}_gap" in expect:
            check = verdict.check(check_id)
            assert check is not None and check.gap == Decimal(expect[f"{check_id}_gap"])


def test_every_check_explains_itself_and_cites_its_source(knowledge: Knowledge) -> None:
    answers = Answers(
        fiche=4,
        request=Decimal("30000"),
        total=Decimal("40000"),
        cofunding=Decimal("0"),
        kind="operating",
        priority_area="unknown",
        activity_funding=True,
    )
    verdict = evaluate(knowledge, answers, dt.date(2026, 11, 22), territory="metropole")
    assert {c.id for c in verdict.checks} == set(CHECK_IDS)
    for check in verdict.checks:
        assert check.message and check.expected and check.actual
        assert check.source.section and check.source.url.startswith("https://")


def test_failures_say_by_how_much_and_what_to_do(knowledge: Knowledge) -> None:
    answers = Answers(
        fiche=1,
        request=Decimal("1500"),
        total=Decimal("10000"),
        cofunding=Decimal("1400"),
        activity_funding=False,
    )
    verdict = evaluate(knowledge, answers, dt.date(2014, 11, 27), territory="littoral")
    floor, cofunding = verdict.check("floor"), verdict.check("cofunding")
    assert floor is not None and cofunding is not None
    assert "Il manque 500\u00a0€" in floor.message
    assert "Ajoutez 1\u202f600\u00a0€ de co-financement local" in cofunding.message
    assert "14\u00a0%" in cofunding.actual


def test_closed_call_says_whom_to_ask_and_promises_no_next_call(knowledge: Knowledge) -> None:
    verdict = evaluate(
        knowledge,
        Answers(
            fiche=2, request=Decimal("3000"), total=Decimal("10000"), cofunding=Decimal("3000")
        ),
        dt.date(2026, 11, 22),
        territory="hainaut",
    )
    full = verdict.check("full_file_deadline")
    assert full is not None and full.status == "fail"
    assert "clos" in full.message and "Région Hauts-de-France" in full.message
    assert verdict.next_steps[0].startswith("Pour les aides d'aujourd'hui")
    assert not any("au plus tard" in step for step in verdict.next_steps)  # nothing past to do
    said = " ".join([*(c.message for c in verdict.checks), *verdict.next_steps])
    assert "nouvel appel" not in said and "prochain" not in said


def test_floor_failure_points_to_fiches_with_a_lower_floor(knowledge: Knowledge) -> None:
    verdict = evaluate(
        knowledge,
        Answers(
            fiche=3, request=Decimal("3000"), total=Decimal("10000"), cofunding=Decimal("3000")
        ),
        dt.date(2014, 11, 27),
        territory="hainaut",
    )
    floor = verdict.check("floor")
    assert floor is not None and "fiches 1 et 2" in floor.message


@pytest.mark.parametrize(
    ("fiche", "territory", "names"),
    [
        pytest.param(1, "artois", ["Déborah FACON"], id="artois"),
        pytest.param(2, "hainaut", ["Frédéric AUTIN"], id="hainaut"),
        pytest.param(3, "littoral", ["Déborah FACON", "Frédéric AUTIN"], id="littoral-two"),
        pytest.param(1, "metropole", ["Amélie ANTOINE"], id="metropole"),
        pytest.param(4, "metropole", ["Priscille DOLEZ"], id="gup-anywhere"),
        pytest.param(4, "artois", ["Priscille DOLEZ"], id="gup-artois"),
    ],
)
def test_contacts_route_by_fiche_and_territory(
    knowledge: Knowledge, fiche: int, territory: str, names: list[str]
) -> None:
    verdict = evaluate(knowledge, Answers(fiche=fiche), dt.date(2014, 11, 27), territory)
    assert [p.name for p in verdict.contacts] == names
    assert all(p.email.endswith("@nordpasdecalais.fr") for p in verdict.contacts)


def test_missing_answers_are_unknown_not_failures(knowledge: Knowledge) -> None:
    verdict = evaluate(knowledge, Answers(fiche=4), dt.date(2014, 11, 27))
    assert verdict.eligible
    for check_id in ("floor", "ceiling", "cofunding", "priority_area", "activity_funding"):
        check = verdict.check(check_id)
        assert check is not None and check.status == "unknown"


def test_english_verdict(knowledge: Knowledge) -> None:
    verdict = evaluate(
        knowledge,
        Answers(
            fiche=1, request=Decimal("1000"), total=Decimal("10000"), cofunding=Decimal("3000")
        ),
        dt.date(2014, 11, 27),
        "artois",
        lang="en",
    )
    floor = verdict.check("floor")
    assert floor is not None and "€1,000" in floor.message and "below the minimum" in floor.message
    assert " :" not in " ".join(c.message + c.short for c in verdict.checks)
