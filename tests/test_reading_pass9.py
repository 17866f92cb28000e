"""Issue 22, ninth pass (reading9), through the real dialog: a negated value is never taken
(the other half is the answer); two answers in one message fill both, or keep the unclear one
aside and offer it with a button; thanks or a yes before a commune are fillers; "je ne sais pas"
said in a sentence is one, at any step, and is never saved as a field's text."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge.lexicon import dont_know
from knowledge.negated import affirmed, split
from tests.dialog_driver import Chat, at_place, started

FICHE1 = ("tap:association", "Lens", "tap:quartier", "tap:(1)")
FICHE4 = ("tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui")
SHEET = (*FICHE1, "10000", "3000", "3000", "tap:Non", "tap:Voir le r", "tap:fiche synth")


# ---------------------------------------------------------------------- negations
def test_negated_spans_are_set_aside() -> None:
    assert split("c'est pour du fonctionnement, pas de l'investissement") == (
        "pour du fonctionnement",
        ("de l'investissement",),
    )
    assert split("non pas une asso, une collectivité") == ("une collectivité", ("une asso",))
    assert split("je ne sais pas") == ("je ne sais pas", ())  # nothing negated after "pas"
    assert split("Arras, Pas-de-Calais") == ("Arras, Pas-de-Calais", ())  # a name
    table = {"youth": ("jeunes",), "all": ("tout le monde",)}
    assert affirmed("des jeunes qui ne sont pas scolarisés", table) is None  # no choice negated
    assert affirmed("surtout pas de jeunes", table) == "surtout"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("c'est pour du fonctionnement, pas de l'investissement", "operating"),
        ("pas d'invest, que du fonctionnement", "operating"),
        ("de l'invest, pa du fonctionnement", "investment"),
    ],
)
def test_a_negated_kind_is_never_taken(guide: Guide, typed: str, kind: str) -> None:
    chat = started(Chat(guide), *FICHE4, typed)
    assert chat.state.answers["kind"] == kind  # was "both": each kind's words were there


def test_words_that_only_negate_a_choice_pick_none(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE4, "surtout pas de fonctionnement")
    assert "kind" not in chat.state.answers and chat.state.step == "kind"
    chat = started(Chat(guide), "pas une association")
    assert "role" not in chat.state.answers and "role_text" not in chat.state.answers
    chat = started(Chat(guide), "pas une asso, un collectif")  # both "association" here
    assert "role" not in chat.state.answers and "role_text" not in chat.state.answers
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.text("pas pour les jeunes")  # was kept as the audience's own words
    assert "audience" not in chat.state.answers and "audience_text" not in chat.state.answers


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("non pas une asso, une collectivité", "authority"),
        ("on est pas une asso, on est la mairie", "authority"),
    ],
)
def test_a_negated_role_is_never_taken(guide: Guide, typed: str, role: str) -> None:
    chat = started(Chat(guide), typed)
    assert chat.state.answers["role"] == role


@pytest.mark.parametrize(
    "typed", ["pas que les jeunes, tout le monde", "ni les jeunes ni les vieux, tout le monde"]
)
def test_a_negated_audience_is_never_taken(guide: Guide, typed: str) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.text(typed)
    assert chat.state.answers["audience"] == "all" and "audience_text" not in chat.state.answers


def test_a_negated_commune_is_never_taken(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("pas à Lille")  # was Lille
    assert "place" not in chat.state.answers
    chat = at_place(Chat(guide))
    chat.text("Boulogne")
    chat.text("non, pas à Boulogne-sur-Mer")  # among the communes offered: was that one
    assert "place" not in chat.state.answers
    chat = started(Chat(guide), "une asso, pas de Lille, de Roubaix")
    assert chat.state.answers["place"]["name"] == "Roubaix"
    chat = at_place(Chat(guide))
    chat.text("pas loin de Lille")  # near Lille: the commune asked, Lille offered
    assert "place" not in chat.state.answers and "Lille" in chat.said


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("ce n'est pas en QPV", "no"),
        ("on est en quartier prioritaire", "yes"),
        ("pas sûr pour le QPV", "unknown"),
    ],
)
def test_a_yes_no_said_in_a_sentence_naming_the_question(
    guide: Guide, typed: str, said: str
) -> None:
    chat = started(Chat(guide), *FICHE4[:-1], typed)
    assert chat.state.answers["priority_area"] == said  # "pas en QPV" was answered by the FAQ
    chat = started(Chat(guide), *FICHE4[:-1], "c'est quoi un quartier prioritaire")
    assert "priority_area" not in chat.state.answers  # a question: the FAQ's


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        ("c pa 5000 c 8000", "8000.00"),
        ("not 12,000 — 15,000", "15000.00"),
        ("not 5k, 8k", "8000.00"),  # was "5 008 or 5 800?"
    ],
)
def test_a_negated_amount_is_never_taken(guide: Guide, typed: str, total: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)
    assert chat.state.answers["total"] == total


@pytest.mark.parametrize("typed", ["pas 5000", "not 5000"])
def test_an_amount_only_negated_is_asked(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)
    assert "total" not in chat.state.answers and "n'est pas" in chat.said  # was 5 000 €
    chat.text("5000, pas plus")  # a bound said after the amount: the amount
    assert chat.state.answers["total"] == "5000.00"


def test_a_negated_amount_beside_a_hesitation_word(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "10000", "pas 4000, plutôt 3500")
    assert chat.state.answers["request"] == "3500.00"  # was "4 000 or 3 500?"


# ---------------------------------------------------------------------- two answers
def test_the_role_and_the_commune_in_one_message(guide: Guide) -> None:
    chat = started(Chat(guide), "on est une asso de Roubaix")
    assert chat.state.answers["role"] == "association"
    assert chat.state.answers["place"]["name"] == "Roubaix"
    assert "Roubaix" in chat.said and chat.state.step == "audience"


def test_a_name_without_its_preposition_is_not_taken_as_the_commune(guide: Guide) -> None:
    chat = started(Chat(guide), "Association Lens Avenir")
    assert "place" not in chat.state.answers and chat.state.step == "place"


def test_the_commune_and_the_audience_in_one_message(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("à Arras, pour des jeunes")
    assert chat.state.answers["place"]["name"] == "Arras"
    assert chat.state.answers["audience"] == "youth" and "Des jeunes" in chat.said
    chat = at_place(Chat(guide))
    chat.text("Lens, quartier de la gare")  # a commune's own words: no audience said
    assert "audience" not in chat.state.answers


def test_an_amount_beside_the_commune_is_kept_aside_and_offered(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("à Lens pour 15 000 €")
    assert chat.state.answers["place"]["name"] == "Lens"
    assert not {"total", "request", "cofunding"} & set(chat.state.answers)
    assert "15\u202f000" in chat.said
    chat.tap("quartier")
    chat.tap("(1)")
    assert "total" not in chat.state.answers  # offered, never stored unasked
    assert any("15\u202f000" in label for label, _data in chat.buttons())
    chat.text("20000")  # another total typed: the amount is offered again for the request
    assert chat.state.answers["total"] == "20000.00"
    chat.tap("15\u202f000")
    assert chat.state.answers["request"] == "15000.00" and not chat.state.proposed


def test_an_amount_named_beside_the_commune_is_recorded_with_it(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Liévin, budget 12000")  # was: the total, and the commune asked again
    assert chat.state.answers["place"]["name"] == "Liévin"
    assert chat.state.answers["total"] == "12000.00" and not chat.state.proposed
    assert "Rodez" not in chat.said  # 12000 is no postcode here


def test_an_amount_typed_before_the_amounts_is_kept_aside(guide: Guide) -> None:
    chat = started(Chat(guide), "une asso, on a besoin de 5 000 €")
    assert chat.state.answers["role"] == "association" and "5\u202f000" in chat.said
    assert chat.state.proposed == {"amount": "5000.00"}
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "environ 15000 euros")
    assert "ressemble à un montant" in chat.said and "15\u202f000" in chat.said
    chat.tap("(1)")
    chat.tap("15\u202f000")  # offered at the total's question
    assert chat.state.answers["total"] == "15000.00" and not chat.state.proposed


@pytest.mark.parametrize(
    "typed", ["30 000 en tout et on demande 10 000", "budget 30000 dont 10000 de la région"]
)
def test_the_total_and_the_request_in_one_message(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)
    assert chat.state.answers["total"] == "30000.00"
    assert chat.state.answers["request"] == "10000.00" and chat.state.step == "cofunding"


# ---------------------------------------------------------------------- fillers before a commune
@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("merci, Lens", "Lens"),
        ("ok Arras", "Arras"),
        ("thanks! Douai", "Douai"),
        ("d'acc, Douai", "Douai"),
    ],
)
def test_thanks_or_a_yes_before_a_commune(guide: Guide, typed: str, name: str) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)
    assert chat.state.answers["place"]["name"] == name


# ---------------------------------------------------------------------- don't know in a sentence
@pytest.mark.parametrize(
    "typed",
    [
        "je sais pas encore, on verra plus tard",
        "jsp encore, faut que je demande",
        "pas encore décidé avec la mairie",
        "not sure yet, I'll ask",
        "jsais pas encore",
        "idk yet tbh",
    ],
)
def test_dont_know_in_a_sentence(typed: str) -> None:
    assert dont_know(typed)


@pytest.mark.parametrize(
    "typed", ["je sais pas, 5000 je crois ?", "je sais pas, la mairie met 2000"]
)
def test_an_answer_after_a_dont_know_is_no_dont_know(typed: str) -> None:
    assert not dont_know(typed)


def test_an_sms_dont_know_is_never_kept_as_the_audience(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.text("jsais pas encore")
    assert (
        chat.state.answers["audience"] == "unknown" and "audience_text" not in chat.state.answers
    )


def test_dont_know_in_a_sentence_at_the_amounts(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "je sais pas encore, on verra plus tard")
    assert chat.state.answers["total"] is None and "à préciser" in chat.said
    chat.text("3000")
    chat.text("pas encore décidé avec la mairie")
    assert chat.state.answers["cofunding"] is None  # was 0 €


@pytest.mark.parametrize(
    "typed",
    [
        "pas encore, on attend le devis",
        "je sais pas encore, la mairie doit voter",
        "à définir avec la mairie",
    ],
)
def test_a_dont_know_with_its_reason_at_an_amount(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *FICHE1, typed)
    assert chat.state.answers["total"] is None and "à préciser" in chat.said  # not the FAQ


def test_a_dont_know_with_a_question_or_an_amount_is_read_as_before(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "je sais pas, c'est quoi le plafond ?")
    assert "total" not in chat.state.answers and "plafond" in chat.said  # the FAQ answers
    chat = started(Chat(guide), *FICHE1, "10000", "3000", "je sais pas, peut-être 2000")
    assert chat.state.answers["cofunding"] == "2000.00"


def test_dont_know_in_a_sentence_is_never_a_field_of_the_sheet(guide: Guide) -> None:
    chat = started(Chat(guide), *SHEET, "je sais pas encore, on verra plus tard")
    assert not chat.state.answers["sheet"].get("title")
    assert "structure" in chat.said.lower()


def test_a_value_held_by_two_answers_taken_back_goes_to_the_one_named(guide: Guide) -> None:
    chat = started(Chat(guide), *FICHE1, "10000", "3000", "3000")
    chat.text("attendez, la commune met 1000 et pas 3000")  # was: which answer? (both 3 000)
    assert chat.state.answers["cofunding"] == "1000.00"
    assert chat.state.answers["request"] == "3000.00"
    chat.text("pas 1000 mais 1500")  # naming neither: held by one, that one
    assert chat.state.answers["cofunding"] == "1500.00"
