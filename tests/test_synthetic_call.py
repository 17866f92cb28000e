"""A second call, synthetic (tests/fixtures/synthetic_call: a test fixture, not a real call):
five fiches with other floors, ceilings, rates, dates and contacts. The dialog, the CLI and the
FAQ run on it with no change to the code — what is specific to a call is its data."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.table import ORDER
from knowledge import load_knowledge
from knowledge.cli import main
from knowledge.faq import Faq
from knowledge.places import Gazetteer
from tests.dialog_driver import Chat

CALL = Path(__file__).parent / "fixtures" / "synthetic_call"
OPEN = dt.date(2031, 1, 10)  # before both of this call's deadlines
BETWEEN = dt.date(2031, 4, 1)  # the short form's deadline passed, the full file's ahead
CLOSED = dt.date(2031, 6, 2)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide(load_knowledge(CALL))


def cli(*argv: str, today: dt.date = OPEN) -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    code = main(["--data", str(CALL), *argv], stdout=out, today=today)
    return code, json.loads(out.getvalue())


# ---------------------------------------------------------------- the data itself
def test_the_synthetic_call_is_valid_and_has_five_fiches() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "knowledge", "validate", str(CALL)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout
    knowledge = load_knowledge(CALL)
    assert sorted(knowledge.fiches) == [1, 2, 3, 4, 5]
    assert [f for f, fiche in knowledge.fiches.items() if fiche.ceilings] == [4]


# ---------------------------------------------------------------- CLI
def test_cli_checks_fiche_5_against_its_own_floor_and_rate() -> None:
    code, result = cli(
        "check",
        "--fiche",
        "5",
        "--place",
        "Lens",
        "--request",
        "2000",
        "--total",
        "10000",
        "--cofunding",
        "500",
    )
    checks = {c["id"]: c for c in result["checks"]}  # type: ignore[union-attr]
    assert code == 0 and result["fiche"] == {"number": 5, "title": "Mobilité et déplacements"}
    assert checks["floor"]["status"] == "fail" and checks["floor"]["gap"] == "500.00"
    assert (
        checks["cofunding"]["status"] == "warn" and "10\u00a0%" in checks["cofunding"]["expected"]
    )


def test_cli_fiche_4_ceilings_by_kind_come_from_the_data() -> None:
    code, result = cli(
        "check",
        "--fiche",
        "4",
        "--place",
        "Roubaix",
        "--kind",
        "both",
        "--request-investment",
        "70000",
        "--request-operating",
        "25000",
        "--total",
        "200000",
        "--cofunding",
        "0",
        "--priority-area",
        "yes",
    )
    checks = {c["id"]: c for c in result["checks"]}  # type: ignore[union-attr]
    assert code == 0 and result["amounts"]["request"] == "95000.00"  # type: ignore[index]
    ceiling = checks["ceiling"]  # investment 70,000 <= 80,000; operating 25,000 > 20,000
    assert ceiling["status"] == "warn" and ceiling["gap"] == "5000.00"
    assert "80\u202f000" in ceiling["message"] and "20\u202f000" in ceiling["message"]
    assert checks["floor"]["status"] == "ok" and "8\u202f000" in checks["floor"]["message"]
    assert checks["priority_area"]["status"] == "ok"


def test_cli_dates_and_places_follow_the_call() -> None:
    query = ["check", "--fiche", "1", "--place", "Lille", "--request", "600"]
    query += ["--total", "1000", "--cofunding", "300"]
    _code, open_ = cli(*query)
    _code, between = cli(*query, today=BETWEEN)
    status = {c["id"]: c["status"] for c in between["checks"]}  # type: ignore[union-attr]
    assert open_["eligible"] is True
    assert status["short_form_deadline"] == "warn" and status["full_file_deadline"] == "ok"
    _code, located = cli("locate", "Lens")
    assert located["matches"][0]["territory"] == "Secteur Sud (fictif)"  # type: ignore[index]


def test_cli_refuses_a_fiche_the_call_does_not_have() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "knowledge", "--data", str(CALL), "check", "--fiche", "6"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "1, 2, 3, 4, 5" in proc.stderr
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "knowledge",
            "check",
            "--fiche",
            "5",
            "--place",
            "Lens",
            "--request",
            "3000",
            "--total",
            "9000",
            "--cofunding",
            "3000",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "KNOWLEDGE_DIR": str(CALL)},
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["fiche"]["number"] == 5


# ---------------------------------------------------------------- FAQ
def test_faq_quotes_this_calls_amounts_dates_and_contacts() -> None:
    knowledge = load_knowledge(CALL)
    faq = Faq(knowledge, Gazetteer.from_knowledge(knowledge))
    floor = faq.ask("c'est combien le minimum ?", OPEN)
    assert floor.status == "answered" and "2\u202f500" in floor.text and "8\u202f000" in floor.text
    deadline = faq.ask("jusqu'à quand ?", OPEN)
    assert deadline.status == "answered" and "15 mars 2031" in deadline.text
    lens = faq.ask("je suis à Lens, j'appelle qui ?", OPEN)
    assert lens.status == "answered"
    assert "Secteur Sud (fictif)" in lens.text and "Chloé DEUX" in lens.text
    assert "Bruno UN" not in lens.text  # fiches 1 and 2 in the north only
    assert "Fiches 1 et 2 :" in lens.text and "Fiches 3 et 5 :" in lens.text
    assert "Fiche 4 (rénovation des espaces communs) :" in lens.text
    mobility = faq.ask("qui contacter pour la fiche 5 ?", OPEN)
    assert mobility.status == "answered" and "Dario TROIS" in mobility.text


# ---------------------------------------------------------------- the dialog
ANSWERS = {
    "role": lambda chat: chat.tap("association"),
    "place": lambda chat: chat.text("Lens"),
    "audience": lambda chat: chat.tap("quartier"),
    "priority_area": lambda chat: chat.tap("Oui"),
    "kind": lambda chat: chat.tap("Les deux"),
    "total": lambda chat: chat.text("200000"),
    "request": lambda chat: chat.text("3000"),
    "request_investment": lambda chat: chat.text("70000"),
    "request_operating": lambda chat: chat.text("25000"),
    "cofunding": lambda chat: chat.text("40000"),
    "activity": lambda chat: chat.tap("Non"),
}


def walk(guide: Guide, choose: str, today: dt.date = OPEN) -> Chat:
    """Answer whatever the dialog asks until the summary; `choose` picks the fiche (a theme
    button's label, or a description typed at the project step)."""
    chat = Chat(guide, today=today)
    chat.start()
    asked = []
    while chat.state.step != "summary":
        step = chat.state.step
        asked.append(step)
        assert len(asked) < 20, asked
        if step == "project":
            if choose.startswith("("):
                chat.tap(choose)
            else:
                chat.text(choose)
        elif step == "fiche_confirm":
            chat.tap("Oui")
        else:
            ANSWERS[step](chat)
    chat.asked = asked  # type: ignore[attr-defined]
    return chat


def test_the_theme_buttons_are_this_calls_five_fiches(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    themes = [label for label, _data in chat.buttons() if label.endswith(")")]
    assert themes == [
        "Une fête, une rencontre entre voisins (1)",
        "Un jardin, de la nature en ville (2)",
        "Des ateliers numériques (3)",
        "Rénover un lieu commun d'un quartier prioritaire (4)",
        "Se déplacer : vélo, covoiturage (5)",
    ]


def test_fiche_5_asks_no_kind_and_reaches_its_verdict(guide: Guide) -> None:
    chat = walk(guide, "(5)")
    assert "kind" not in chat.asked and "priority_area" not in chat.asked  # type: ignore[attr-defined]
    assert chat.state.answers["fiche"] == 5
    chat.tap("Voir le résultat")
    assert chat.state.step == "verdict"
    assert "Dario TROIS" in chat.said and "+33 1 00 00 00 04" in chat.said


def test_fiche_4_asks_what_its_data_calls_for(guide: Guide) -> None:
    chat = walk(guide, "(4)")
    asked = chat.asked  # type: ignore[attr-defined]
    assert asked.index("priority_area") < asked.index("kind") < asked.index("total")
    assert "request_investment" in asked and "request" not in asked
    assert [k for k in ORDER if k in chat.state.answers][:4] == [
        "role",
        "place",
        "audience",
        "fiche",
    ]
    assert Decimal(chat.state.answers["request_operating"]) == 25000
    chat.tap("Voir le résultat")
    assert "Emma QUATRE" in chat.said
    assert "20\u202f000" in chat.said  # the operating ceiling of this call, missed by 5,000


def test_a_description_suggests_this_calls_fiche_and_a_typed_number_too(guide: Guide) -> None:
    chat = walk(guide, "un atelier de covoiturage et de vélo pour les jeunes")
    assert chat.state.answers["fiche"] == 5
    typed = Chat(guide, today=OPEN)
    typed.start()
    typed.tap("association")
    typed.text("Lens")
    typed.tap("quartier")
    typed.text("fiche 5")
    assert typed.state.answers.get("fiche") == 5
    typed.send(Event.command("/retour"))


def test_the_dialog_says_this_calls_deadlines(guide: Guide) -> None:
    chat = walk(guide, "(1)", today=CLOSED)
    chat.tap("Voir le résultat")
    assert "31 mai 2031" in chat.said or "15 mars 2031" in chat.said


def test_nothing_of_the_dsdt_call_leaks_into_the_dialog(guide: Guide) -> None:
    chat = walk(guide, "(4)", today=CLOSED)
    chat.tap("Voir le résultat")
    said = "\n".join(r.text for r in chat.all_replies)
    assert "Quartiers Vivants" in said and "règles de 2031" in said
    assert "5 types de projets" in said
    assert "La fiche 4 demande un quartier prioritaire (fictif)." in said
    for dsdt in ("DSDT", "Nord-Pas de Calais", "2014", "QPV", "4 types"):
        assert dsdt not in said, dsdt


def test_a_tie_lists_this_calls_five_fiches(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.text("un jardin partagé avec des vélos")
    assert chat.state.step == "fiche_confirm"
    # two fiches fit: both named, one separating question (issue 22); then all five
    assert "fiche 2" in chat.said and "Mobilité" in chat.said
    chat.tap("toutes les fiches")
    assert "Voici les cinq" in chat.said and "Mobilité" in chat.said
    assert [label for label, _data in chat.buttons()][:5] == [f"Fiche {n}" for n in range(1, 6)]
