"""Issue 22, twelfth pass (reading12): misreadings of conversations never met — each through the
real dialog (`tests.dialog_driver`), each a case of tests/understanding/conversations_tune12.toml
first. The principles are in docs/understanding.md ("Twelfth pass")."""

from __future__ import annotations

import re

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_place, started
from tests.test_reading_context import TO_SHEET


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ------------------------------------------------------------ acknowledgements are no commune
@pytest.mark.parametrize("typed", ["compris", "entendu", "noted", "ok compris", "bien noté"])
def test_an_acknowledgement_at_the_commune_offers_no_village(chat: Chat, typed: str) -> None:
    at_place(chat).text(typed)
    assert chat.state.step == "place" and "place" not in chat.state.answers
    assert "Il me faut le nom de la commune" in chat.said
    assert "Vouliez-vous dire" not in chat.said and chat.state.candidates == []


def test_an_acknowledgement_before_a_commune_is_a_filler(chat: Chat) -> None:
    at_place(chat).text("compris, Lens")
    assert chat.state.answers["place"]["insee"] == "62498"


def test_an_acknowledgement_at_an_amount_asks_for_one(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(1)").text("entendu")
    assert chat.state.step == "total" and "total" not in chat.state.answers
    assert "Il me faut un montant" in chat.said


# ------------------------------------------------------------ a named correction, a negated half
@pytest.mark.parametrize(
    "typed",
    [
        "au fait pour le public c'est les jeunes, pas tout le monde",
        "pardon le public c'est pas tout le monde, c'est des jeunes",
    ],
)
def test_the_audience_corrected_at_the_total_with_its_negated_half(chat: Chat, typed: str) -> None:
    started(chat, "tap:association", "Lens", "tap:Tous", "tap:(1)").text(typed)
    assert chat.state.answers["audience"] == "youth" and "total" not in chat.state.answers
    assert "Des jeunes (au lieu de Tous les publics)" in chat.said
    assert chat.state.step == "total"


def test_by_the_way_may_answer_the_question_on_screen(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:Tous", "tap:(1)").text("au fait 12000")
    assert chat.state.answers["total"] == "12000.00" and chat.state.step == "request"


# ------------------------------------------------------------ a postcode correcting the commune
def test_a_postcode_corrects_the_commune_just_given(chat: Chat) -> None:
    at_place(chat).text("Roubaix")
    chat.text("ah non pardon c'est 59200")
    assert chat.state.answers["place"]["insee"] == "59599"  # Tourcoing
    assert "Roubaix" in chat.said and "Tourcoing" in chat.said
    assert chat.state.step == "audience"


def test_a_postcode_of_two_communes_offers_both(chat: Chat) -> None:
    at_place(chat).text("Roubaix")
    chat.text("oups c 62300")
    assert chat.state.answers["place"]["insee"] == "59512"  # unchanged until one is tapped
    chat.tap("Lens")
    assert chat.state.answers["place"]["insee"] == "62498"


def test_a_postcode_with_money_words_is_no_commune(chat: Chat) -> None:
    at_place(chat).text("Roubaix")
    chat.text("pardon c'est 59200 €")
    assert chat.state.answers["place"]["insee"] == "59512"


# ------------------------------------------------------------ a sheet field corrected at the next
SHEET = TO_SHEET  # the fiche synthétique's first question on screen
TO_EMAIL: tuple[str, ...] = (
    "Jardin des voisins",
    "Les Amis du Jardin",
    "le centre social",
    "ils plantent",
)
TO_EMAIL += ("de mars à juin", "association loi 1901", "12 rue de la Paix 62300 Lens")
TO_EMAIL += ("Marie Dupont, présidente", "03 21 12 34 56")


@pytest.mark.parametrize(
    "typed",
    [
        "pardon le tel c'est le 06 12 34 56 78",
        "j'ai mis le mauvais numéro, c'est le 06 12 34 56 78",
        "i gave the wrong number, it's 06 12 34 56 78",
    ],
)
def test_the_phone_corrected_at_the_email_question(chat: Chat, typed: str) -> None:
    started(chat, *SHEET, *TO_EMAIL).text(typed)
    sheet = chat.state.answers["sheet"]
    assert sheet["phone"] == "06 12 34 56 78" and "email" not in sheet
    assert "03 21 12 34 56" in chat.said and chat.state.step == "sheet_email"


@pytest.mark.parametrize(
    "typed",
    [
        "the organisation is called Les Amis du Quai, not Quai Amis",
        "pardon la structure s'appelle Les Amis du Quai, pas Quai Amis",
        "Les Amis du Quai, pas Quai Amis",
    ],
)
def test_a_structure_taken_back_is_corrected_exactly(chat: Chat, typed: str) -> None:
    started(chat, *SHEET, "Jardin des voisins", "Quai Amis").text(typed)
    sheet = chat.state.answers["sheet"]
    assert sheet["structure"] == "Les Amis du Quai" and "partners" not in sheet
    assert chat.state.step == "sheet_partners"


def test_a_negation_at_a_sheet_field_that_takes_back_nothing_held_is_the_answer(
    chat: Chat,
) -> None:
    started(chat, *SHEET, "Jardin des voisins", "Quai Amis").text("la mairie, pas le bailleur")
    assert chat.state.answers["sheet"]["partners"] == "la mairie, pas le bailleur"


# ------------------------------------------------------------ two named amounts, no separator
TOTAL = ("tap:association", "Lens", "tap:quartier", "tap:(1)")


@pytest.mark.parametrize(
    "typed",
    [
        "coût 20000 demande 5000",
        "total 20k dmd 5k",
        "we ask 5000 for a total cost of 20000",
        "20000 de coût 5000 de demande",
    ],
)
def test_two_named_amounts_without_a_separator_fill_both(chat: Chat, typed: str) -> None:
    started(chat, *TOTAL).text(typed)
    assert chat.state.answers["total"] == "20000.00"
    assert chat.state.answers["request"] == "5000.00"
    assert chat.state.step == "cofunding"


def test_two_amounts_of_one_name_are_still_asked(chat: Chat) -> None:
    started(chat, *TOTAL).text("coût 20000 5000")
    assert "total" not in chat.state.answers and "request" not in chat.state.answers


# ------------------------------------------------------------ a role and a commune in one sentence
def test_a_resident_of_arras_gives_the_role_and_the_commune(chat: Chat) -> None:
    chat.start()
    chat.text("I'm a resident of Arras")
    assert chat.state.answers["role"] == "inhabitant"
    assert chat.state.answers["place"]["insee"] == "62041"
    assert "inhabitant" in chat.said.lower() and "Arras" in chat.said
    assert chat.state.step == "audience" and chat.state.lang == "en"


def test_three_answers_in_one_message_at_the_first_question(chat: Chat) -> None:
    chat.start()
    chat.text("on est une asso de Roubaix pour les jeunes")
    answers = chat.state.answers
    assert (answers["role"], answers["place"]["insee"], answers["audience"]) == (
        "association",
        "59512",
        "youth",
    )
    assert "Une association" in chat.said and "Des jeunes" in chat.said


# ------------------------------------------------------------ "not yet" at the sheet's fields
@pytest.mark.parametrize(
    "typed", ["pas encore de titre", "no name yet", "not yet", "pas de titre pour l'instant"]
)
def test_not_yet_at_the_title_leaves_it_blank(chat: Chat, typed: str) -> None:
    started(chat, *SHEET).text(typed)
    assert chat.state.answers["sheet"]["title"] == ""
    assert "vide" in chat.said and chat.state.step == "sheet_structure"


def test_not_yet_at_the_timing_leaves_it_blank(chat: Chat) -> None:
    started(chat, *SHEET, "Jardin", "Les amis", "la mairie", "ils plantent")
    chat.text("pas encore de dates")
    assert chat.state.answers["sheet"]["timing"] == ""
    assert chat.state.answers["sheet"]["participation"] == "ils plantent"


def test_not_yet_is_the_partners_answer(chat: Chat) -> None:
    started(chat, *SHEET, "Jardin", "Les amis").text("pas encore de partenaires")
    assert chat.state.answers["sheet"]["partners"] == "pas encore de partenaires"


def test_a_title_that_opens_with_not_yet_is_a_title(chat: Chat) -> None:
    started(chat, *SHEET).text("Pas encore de quartier sans jardin ni potager ni fleurs")
    assert chat.state.answers["sheet"]["title"].startswith("Pas encore de quartier")


# ------------------------------------------------------------ a law's year is no amount
@pytest.mark.parametrize(
    "typed",
    ["association loi 1901", "on est une asso loi de 1901", "asso loi du 1er juillet 1901"],
)
def test_a_law_s_year_is_never_an_amount(chat: Chat, typed: str) -> None:
    started(chat, *TOTAL).text(typed)
    assert "total" not in chat.state.answers and chat.state.step == "total"
    assert "1 901" not in chat.said


def test_an_amount_beside_a_law_s_year_is_read(chat: Chat) -> None:
    started(chat, *TOTAL).text("association loi 1901, budget 15000 €")
    assert chat.state.answers["total"] == "15000.00"


# ------------------------------------------------------------ the co-funding: none / not asked yet
COFUNDING = (*TOTAL, "10000", "3000")


@pytest.mark.parametrize(
    ("typed", "said"),
    [("on n'a pas encore demandé", "à préciser"), ("we haven't asked yet", "to be specified")],
)
def test_not_asked_yet_is_a_dont_know_at_the_cofunding(chat: Chat, typed: str, said: str) -> None:
    started(chat, *COFUNDING).text(typed)
    assert chat.state.answers["cofunding"] is None and said in chat.said
    assert chat.state.step == "activity"


@pytest.mark.parametrize(
    "typed", ["non, sans co-financement", "aucun", "none", "rien pour l'instant"]
)
def test_none_is_zero_said_plainly(chat: Chat, typed: str) -> None:
    started(chat, *COFUNDING).text(typed)
    assert chat.state.answers["cofunding"] == "0.00"
    assert "0" in chat.said and chat.state.step == "activity"


# ------------------------------------------------------------ an area around a commune: offered
@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("Lille area", "59350"),
        ("près de Lille", "59350"),
        ("dans la métropole lilloise", "59350"),
        ("vers Lens", "62498"),
        ("le bassin lensois", "62498"),
        ("Arras et environs", "62041"),
    ],
)
def test_an_area_offers_its_commune_and_says_the_call_is_by_commune(
    chat: Chat, typed: str, insee: str
) -> None:
    at_place(chat).text(typed)
    assert "place" not in chat.state.answers and chat.state.candidates == [insee]
    assert "commune par commune" in chat.said and "Je ne trouve pas" not in chat.said
    assert not re.search(r"\b(?:de|De) [AEIOUÉ]", chat.said)  # never « Près de Arras »
    chat.tap("(")
    assert chat.state.answers["place"]["insee"] == insee


def test_near_a_station_of_a_commune_is_in_it(chat: Chat) -> None:
    at_place(chat).text("à côté de la gare de Lens")
    assert chat.state.answers["place"]["insee"] == "62498"


# ------------------------------------------------------------ a commune inside a question
@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("Je suis à Boulogne-sur-Mer, j'appelle qui ?", ["62160"]),
        ("je suis à Boulogne, j'appelle qui ?", ["62160", "59093"]),
        ("on est à Arras, qui est mon contact ?", ["62041"]),
    ],
)
def test_a_commune_in_a_question_is_answered_and_offered(
    chat: Chat, typed: str, offered: list[str]
) -> None:
    at_place(chat).text(typed)
    assert "place" not in chat.state.answers and chat.state.candidates == offered
    assert "@" in chat.said  # the question answered: its contact's address
    chat.tap("(6" if offered[0].startswith("62") else "(5")
    assert chat.state.answers["place"]["insee"] == offered[0]


def test_a_question_naming_no_commune_asks_the_commune_again(chat: Chat) -> None:
    at_place(chat).text("c'est quoi la fiche 1 ?")
    assert chat.state.step == "place" and chat.state.candidates == []


# ------------------------------------------------------------ an amount kept aside, after the card
@pytest.mark.parametrize("typed", ["à Lens pour 15 000 €", "Lens, on a besoin de 15 000 €"])
def test_the_amount_kept_aside_is_said_after_the_commune_card(chat: Chat, typed: str) -> None:
    at_place(chat).text(typed)
    said = chat.said.replace("\u202f", " ").replace("\xa0", " ")
    assert chat.state.proposed == {"amount": "15000.00"}
    assert said.index("<b>Lens</b>") < said.index("J'ai gardé 15 000") < said.index("Pour qui")


def test_a_correction_note_still_comes_before_the_card(chat: Chat) -> None:
    started(chat, "tap:association", "Roubaix", "tap:quartier", "tap:(1)")
    chat.text("pardon la commune c'est 59200")
    said = chat.said
    assert said.index("Roubaix") < said.index("<b>Tourcoing</b>")


# ------------------------------------------------------------ an intent inside a longer sentence
def test_restart_said_after_a_hedge_restarts(chat: Chat) -> None:
    started(chat, *TOTAL).text("bon je crois que je vais tout recommencer depuis le début")
    assert "tout recommencer" in chat.said  # answers to lose: asked first (reading13)
    chat.tap("Oui, tout recommencer")
    assert chat.state.answers == {} and "On recommence" in chat.said


def test_a_hedge_before_an_answer_changes_nothing(chat: Chat) -> None:
    started(chat, *TOTAL).text("je pense que 12000")
    assert chat.state.answers["total"] == "12000.00"


# ------------------------------------------------------------ a question about the field, no mark
@pytest.mark.parametrize("typed", ["je dois mettre quoi ici", "what goes here", "on met quoi"])
def test_a_question_about_the_field_without_its_mark_is_no_title(chat: Chat, typed: str) -> None:
    started(chat, *SHEET).text(typed)
    assert chat.state.answers["sheet"] == {} and chat.state.step == "sheet_title"
    assert "facultatives" in chat.said or "optional" in chat.said


# ------------------------------------------------------------ the audience said in other words
@pytest.mark.parametrize(
    "typed",
    [
        "we're a residents association in Calais working with young people",
        "association à Calais qui s'adresse aux jeunes",
    ],
)
def test_role_commune_and_audience_in_one_first_message(chat: Chat, typed: str) -> None:
    chat.start()
    chat.text(typed)
    answers = chat.state.answers
    assert (answers["role"], answers["place"]["insee"], answers["audience"]) == (
        "association",
        "62193",
        "youth",
    )
