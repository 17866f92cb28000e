"""Fiche 4's kind answered with the total in the same message (reading22, issue 22): « je ne
sais pas si c'est de l'investissement, en tout c'est 50 000 » left the kind « à préciser » and
asked the total again. Now the clauses holding a number, when they name the total (or a
whole, naming no other amount), fill the total, said; the next question is the request. A
part of the request (« 20 000 d'investissement »), another amount named (« on demande … ») or
a year are not the total. Through the real dialog (tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat


def at_kind(guide: Guide) -> Chat:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.tap("(4)")
    chat.tap("Oui")
    assert chat.state.step == "kind"
    return chat


@pytest.mark.parametrize(
    ("typed", "kind", "total"),
    [
        (
            "aucune idée pour la nature, par contre le coût total fait 27 000",
            "unknown",
            "27000",
        ),
        ("je sais pas si c'est du fonctionnement ; le total c'est 44 000 €", "unknown", "44000"),
        (
            "je ne sais pas si c'est de l'investissement, en tout ça fait 61 000 €",
            "unknown",
            "61000",
        ),
        ("de l'investissement, 80 000 en tout", "investment", "80000"),
    ],
)
def test_the_kind_and_the_total_in_one_message(
    guide: Guide, typed: str, kind: str, total: str
) -> None:
    chat = at_kind(guide)
    chat.text(typed)
    assert chat.state.answers["kind"] == kind
    assert Decimal(chat.state.answers["total"]) == Decimal(total)
    assert chat.state.step == "request"
    assert "coût total de" in chat.said  # said back
    assert "de côté" not in chat.said  # not also « kept aside »


def test_in_english_with_a_thousands_comma(guide: Guide) -> None:
    chat = Chat(guide, OPEN, lang="en")
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("neighbourhood")
    chat.tap("(4)")
    chat.tap("Yes")
    chat.text("not sure yet, the total cost is 38,000")  # "38,000" is no clause break
    assert chat.state.answers["kind"] == "unknown"
    assert Decimal(chat.state.answers["total"]) == Decimal("38000")


def test_the_project_said_to_come_to_an_amount(guide: Guide) -> None:
    chat = at_kind(guide)
    chat.text("je ne sais pas trop, ça dépend, mais le projet fait 33 000")
    assert chat.state.answers["kind"] == "unknown"
    assert Decimal(chat.state.answers["total"]) == Decimal("33000")


@pytest.mark.parametrize(
    "typed",
    [
        "on ne sait pas encore, on verra en 2015",  # a year
        "20 000 d'investissement en tout",  # a part of the request, perhaps
    ],
)
def test_no_total_taken_without_its_name_or_from_a_part(guide: Guide, typed: str) -> None:
    chat = at_kind(guide)
    chat.text(typed)
    assert not chat.state.answers.get("total")
    assert chat.state.step == "total"
