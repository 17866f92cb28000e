"""Issue 22, eleventh pass (reading11), through the real dialog: small misreadings an outside
tester found. Two places in one answer are asked, never one taken; "1e9" and "3 x 4000" are no
plain amount; an amount said with a reservation is offered, not taken; asking the bot to stop
writing is leaving; "NaN" is no description; a question at the commune is answered."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge.non_answers import placeholder
from tests.dialog_driver import Chat, at_place, started

FICHE1 = ("tap:association", "Lens", "tap:quartier", "tap:(1)")


# ---------------------------------------------------------------------- leaving in words
@pytest.mark.parametrize(
    "typed", ["arrête de m'écrire", "unsubscribe", "arrêtez de m'envoyer des messages"]
)
def test_asking_the_bot_to_stop_is_leaving(guide: Guide, typed: str) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)  # was offered as a commune, or "not found in Nord / Pas-de-Calais"
    assert "/effacer" in chat.said and "/start" in chat.said
    assert "place" not in chat.state.answers and chat.state.answers["role"] == "association"
    assert "Nord" not in chat.said and not chat.buttons()


# ---------------------------------------------------------------------- two postcodes
@pytest.mark.parametrize(
    ("typed", "names"),
    [("59000 59300", ("Lille", "Valenciennes")), ("62300, 62800", ("Lens", "Liévin"))],
)
def test_two_postcodes_are_asked_never_one_taken(
    guide: Guide, typed: str, names: tuple[str, ...]
) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)  # "59000 59300" was Lille, the second postcode dropped without a word
    assert "place" not in chat.state.answers and "codes postaux" in chat.said
    labels = " ".join(label for label, _ in chat.buttons())
    assert all(name in labels for name in names)
    chat.tap(names[1])
    assert chat.state.answers["place"]["name"] == names[1]


def test_one_postcode_written_twice_is_that_place(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("59000 59000")
    assert chat.state.answers["place"]["name"] == "Lille"


# ---------------------------------------------------------------------- no plain amount
def test_a_power_of_ten_is_no_amount(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "1e9")  # was "several amounts (1 €, 9 €)"
    assert chat.state.step == "total" and "total" not in chat.state.answers
    assert "1e9" in chat.said and "9 €" not in chat.said.replace("\xa0", " ")


@pytest.mark.parametrize(("typed", "result"), [("3 x 4000", "12000.00"), ("2*5000", "10000.00")])
def test_a_calculation_is_offered_never_stored(guide: Guide, typed: str, result: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)  # "3 x 4000" was "3 € and 4 000 €"
    assert "total" not in chat.state.answers and "calcul" in chat.said
    chat.tap("Oui")
    assert chat.state.answers["total"] == result and chat.state.step == "request"


# ---------------------------------------------------------------------- a reservation
@pytest.mark.parametrize(
    ("typed", "amount"),
    [("15 000 (sans les salaires)", "15000.00"), ("20 000 mais je sais pas", "20000.00")],
)
def test_an_amount_with_a_reservation_is_offered(guide: Guide, typed: str, amount: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)  # was stored as sure, the reservation dropped
    assert "total" not in chat.state.answers and typed in chat.said
    assert next(label for label, _ in chat.buttons()).startswith("Oui")
    chat.tap("Oui")
    assert chat.state.answers["total"] == amount


def test_a_reservation_left_open_is_a_dont_know(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "20000", "5000 à vérifier")
    assert "request" not in chat.state.answers
    chat.tap("Je ne sais pas")
    assert chat.state.answers["request"] is None and "à préciser" in chat.said


@pytest.mark.parametrize("typed", ["environ 15 000", "15 000 je pense", "15000 je crois"])
def test_an_estimate_is_no_reservation(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)
    assert chat.state.answers["total"] == "15000.00"


# ---------------------------------------------------------------------- no description
@pytest.mark.parametrize("typed", ["NaN", "1e9", "undefined", "null"])
def test_a_placeholder_is_no_description(guide: Guide, typed: str) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.tap("quartier")
    assert chat.state.step == "project"
    chat.text(typed)  # was kept as the project's description
    assert "description" not in chat.state.answers and chat.state.step == "project"
    assert "Décrivez votre projet" in chat.said
    assert placeholder(typed) and not placeholder("un jardin nan")


# ---------------------------------------------------------------------- a question at the commune
@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Le Louvre-Lens peut-il servir de levier ?", "Cadre d'intervention"),
        ("Je suis à Boulogne-sur-Mer, j'appelle qui ?", "03 28 82"),
        # the Region's plan, no longer Le Plan (Haute-Garonne): answered (faq3 pass)
        ("Le plan 100 000 logements c'est quoi ?", "réhabilitation énergétique"),
        ("En quelle année a été créé NQE ?", "1990"),
    ],
)
def test_a_question_at_the_commune_is_answered(guide: Guide, typed: str, said: str) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)  # was "not found", "several communes", "looks like an amount"
    # a commune the question names is offered with a button since reading12 (place_choice)
    assert said in chat.said and chat.state.step in ("place", "place_choice")
    assert "place" not in chat.state.answers
    for misread in ("Je ne trouve pas", "Plusieurs communes", "ressemble à un montant"):
        assert misread not in chat.said


@pytest.mark.parametrize("typed", ["Liévin ?", "c'est à Liévin ?", "Saint Rémy du Nord ?"])
def test_a_commune_asked_back_is_still_the_commune(guide: Guide, typed: str) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)
    assert "place" in chat.state.answers


def test_nothing_said_in_words_is_no_reservation(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "10000", "3000", "rien, on fait sans")
    assert chat.state.answers["cofunding"] == "0.00"
