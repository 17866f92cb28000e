"""Corrections, intents and towns abroad read by principle (issue 22, second pass), through the
real dialog: a value taken back names the answer that held it; a correction that names nothing
goes to the one earlier answer its value fits, or asks which with buttons; answers are named by
the question table's own labels; intents are an action and its object in any words; a town
abroad is said outside France (with its country, in the person's language), never a commune
of the region misspelt."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from knowledge.abroad import named_abroad
from knowledge.reading import Context, Reading, taken_back
from tests.dialog_driver import Chat, started


def amounts(guide: Guide, *typed: str) -> Chat:
    """An association in Lens, fiche 1, then the amounts typed in order."""
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(1)")
    for text in typed:
        chat.text(text)
    return chat


# ---------------------------------------------------------------------- a value taken back
@pytest.mark.parametrize(
    "text",
    ["non pas 1200 mais 12000", "c'est pas 1200 c'est 12000", "j'ai mis 1200 mais c'est 12000"],
)
def test_the_old_value_taken_back_names_the_answer_that_held_it(guide: Guide, text: str) -> None:
    chat = amounts(guide, "1200")
    chat.text(text)
    assert chat.state.answers["total"] == "12000.00"
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "Coût total" in chat.said and "au lieu de 1\u202f200" in chat.said


def test_an_old_value_taken_back_two_steps_later(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "1500")
    assert chat.state.step == "activity"
    chat.text("pas 3000, 3500")
    assert chat.state.answers["request"] == "3500.00"
    assert chat.state.answers["cofunding"] == "1500.00" and chat.state.step == "activity"


def test_an_old_value_two_answers_hold_asks_which(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "3000")
    chat.text("pas 3000 mais 2500")
    assert chat.state.answers["request"] == "3000.00" == chat.state.answers["cofunding"]
    labels = [label for label, _data in chat.buttons()]
    assert any("Demande" in b for b in labels) and any("Co-financement" in b for b in labels)
    chat.tap("Co-financement")
    assert chat.state.answers["cofunding"] == "2500.00"
    assert chat.state.answers["request"] == "3000.00"


def test_a_commune_and_a_role_taken_back(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text("pas à Lens, à Liévin")
    assert chat.state.answers["place"]["insee"] == "62510" and chat.state.step == "audience"
    chat.text("non ce n'est pas une association, on est une mairie")
    assert chat.state.answers["role"] == "authority" and chat.state.step == "audience"


def test_a_commune_taken_back_at_the_place_question_itself(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("pas Lille, Roubaix")
    assert chat.state.answers["place"]["insee"] == "59512"


def test_the_department_s_name_is_no_negation() -> None:
    assert taken_back("Calais (Pas-de-Calais)") is None
    assert taken_back("je ne sais pas, Lens peut-être") is None  # nothing after the negation
    assert taken_back("Liévin, pas Lens") == ("Liévin", "Lens")


# ---------------------------------------------------------------------- by the value's shape
def test_a_value_that_fits_only_one_earlier_answer_changes_it(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "3000")
    assert chat.state.step == "activity"
    chat.text("en fait 12000")  # a request or a co-funding of 12 000 would pass the total
    assert chat.state.answers["total"] == "12000.00"
    assert chat.state.answers["request"] == "3000.00" == chat.state.answers["cofunding"]


def test_a_value_that_fits_several_goes_to_the_previous_answer_when_said_an_error(
    guide: Guide,
) -> None:
    chat = amounts(guide, "10000", "3000")
    chat.text("pardon 5000")
    assert chat.state.answers["request"] == "5000.00" and chat.state.answers["total"] == "10000.00"
    assert chat.state.step == "cofunding" and "cofunding" not in chat.state.answers


@pytest.mark.parametrize("text", ["plutôt 1500", "en fait 1500", "finalement 1500"])
def test_a_value_the_question_on_screen_takes_too_asks_which(guide: Guide, text: str) -> None:
    """Reading9 (issue 22's class 5): "plutôt 1500" at the co-funding, the request given just
    before, may correct the request or answer the co-funding: the person chooses."""
    chat = amounts(guide, "10000", "3000")
    chat.text(text)
    labels = " | ".join(label for label, _data in chat.buttons())
    assert "Demande à la Région" in labels and "Co-financement" in labels
    assert chat.state.answers["request"] == "3000.00" and "cofunding" not in chat.state.answers
    chat.tap("Demande à la Région")
    assert chat.state.answers["request"] == "1500.00" and "cofunding" not in chat.state.answers


def test_a_bare_non_that_fits_several_answers_asks_among_them_all(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000")
    chat.text("non 4000")
    labels = " | ".join(label for label, _data in chat.buttons())
    assert "Demande" in labels and "Co-financement" in labels  # the current question too
    assert chat.state.answers["request"] == "3000.00" and "cofunding" not in chat.state.answers
    chat.tap("Co-financement")
    assert chat.state.answers["cofunding"] == "4000.00"
    assert chat.state.answers["request"] == "3000.00"


def test_a_non_that_answers_a_yes_no_question_is_no_correction(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "2000")
    chat.text("non, la Région ne nous finance pas")
    assert chat.state.answers["activity"] == "no"
    assert chat.state.answers["cofunding"] == "2000.00"


def test_a_commune_named_after_a_correction_marker(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Arras")
    chat.text("je voulais dire Douai")
    assert chat.state.answers["place"]["insee"] == "59178"


def test_words_after_a_marker_that_are_no_commune_answer_the_question(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text("en fait c'est pour les jeunes")
    assert chat.state.answers["audience"] == "youth"
    assert chat.state.answers["place"]["insee"] == "62498"


def test_an_answer_named_by_its_label_on_the_summary_card(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "2000")
    chat.text("demande à la région : 2500")
    assert chat.state.answers["request"] == "2500.00"


def test_a_correction_in_english_is_read_after_the_switch(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "2000")
    chat.tap("Non")
    assert chat.state.step == "summary"
    chat.text("sorry, it's 4000 not 3000")
    assert chat.state.lang == "en" and chat.state.answers["request"] == "4000.00"
    assert "corrected" in chat.said


# ---------------------------------------------------------------------- intents in words
@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("on reprend tout depuis le début", "restart"),
        ("let's start over", "restart"),
        ("je veux revenir à la question d'avant", "back"),
        ("montrez-moi les données que vous avez sur moi", "show_data"),
        ("what data do you have about me?", "show_data"),
        ("supprimez toutes mes informations", "erase"),
        ("je voudrais avoir un conseiller de la Région au téléphone", "talk"),
        ("vous pouvez passer en anglais ?", "english"),
        # not intents: a negation, an answer that says more, a question about documents
        ("je ne veux pas recommencer", None),
        ("une association qui aide les gens à parler à quelqu'un", None),
        ("quelles données dois-je fournir ?", None),
        ("recommencer le projet du jardin", None),
    ],
)
def test_an_intent_is_an_action_and_its_object_in_any_words(text: str, intent: str | None) -> None:
    assert Reading(text, Context("audience")).intent == intent


def test_a_description_or_a_document_s_field_keeps_its_words() -> None:
    long = "Repartir de zéro avec les jeunes du quartier"
    assert Reading(long, Context("project", free_text="description")).intent is None
    title = "Reprendre tout depuis le début"  # a title: only the lexicon's whole phrases there
    assert Reading(title, Context("sheet_title", free_text="form")).intent is None
    assert Reading(title, Context("audience")).intent == "restart"
    asked = "je voudrais avoir un conseiller de la Région au téléphone"
    assert Reading(asked, Context("project", free_text="description")).intent == "talk"


def test_intents_in_words_through_the_dialog(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("on reprend tout depuis le début")
    chat.tap("Oui, tout recommencer")  # answers to lose: asked first (reading13)
    assert "role" not in chat.state.answers and chat.state.step == "role"
    chat = amounts(guide)
    chat.text("on saute cette question")  # a skip in words: the total noted "à préciser"
    assert chat.state.step == "request" and chat.state.answers.get("total") is None


# ---------------------------------------------------------------------- towns abroad
@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Amsterdam", "Pays-Bas"),
        ("on est à Rotterdam", "Pays-Bas"),
        ("Köln", "Allemagne"),
        ("London", "Royaume-Uni"),  # the region's look-alikes (Don, Locon) do not hide it
        ("Dover", "Royaume-Uni"),  # the nearest of the towns so named, not Delaware's
        ("Barcelone", "Espagne"),  # not Barcelonne (Drôme), a look-alike elsewhere in France
        ("Luxembourg", "Luxembourg"),
        ("Gent", "Belgique"),
    ],
)
def test_a_town_abroad_is_outside_france_with_its_country(
    guide: Guide, text: str, country: str
) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(text)
    assert "place" not in chat.state.answers and chat.state.step == "place"
    assert f"({country}) n'est pas en France" in chat.said and "@" in chat.said


def test_the_country_is_named_in_the_person_s_language(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    chat.start()
    chat.tap("association")
    chat.text("Berlin")
    assert "(Germany) is not in France" in chat.said


@pytest.mark.parametrize(
    ("text", "commune"),
    [("Tourcoin", "Tourcoing"), ("Dunkerk", "Dunkerque"), ("Maubeuje", "Maubeuge")],
)
def test_a_misspelt_commune_of_the_region_is_never_outside(
    guide: Guide, text: str, commune: str
) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(text)
    assert chat.state.answers["place"]["name"] == commune
    assert "n'est pas en France" not in chat.said


def test_french_communes_are_not_towns_abroad() -> None:
    assert named_abroad("Cologne") is None  # a commune of the Gers: the gazetteer's
    assert named_abroad("Paris") is None and named_abroad("Lens") is None
    assert named_abroad("je ne sais pas") is None


# ---------------------------------------------------------------------- choices, no value
def test_a_choice_answer_corrected_by_its_words(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000", "2000")
    chat.text("en fait c'est pour tout le monde")
    assert chat.state.answers["audience"] == "all" and chat.state.step == "activity"
    chat.text("le public c'est les jeunes")  # named by its label on the summary card
    assert chat.state.answers["audience"] == "youth"
    assert chat.state.answers["cofunding"] == "2000.00"


def test_a_correction_that_says_nothing_more_asks_which_answer(guide: Guide) -> None:
    chat = amounts(guide, "10000", "3000")
    chat.text("je me suis trompé")
    labels = [label for label, _data in chat.buttons()]
    assert "✏️ Coût total" in labels and "✏️ Demande à la Région" in labels
    assert chat.state.answers["total"] == "10000.00"  # nothing changed yet
    chat.tap("Coût total")
    chat.text("12000")
    assert chat.state.answers["total"] == "12000.00"
    assert chat.state.answers["request"] == "3000.00" and chat.state.step == "cofunding"


def test_an_amount_only_an_earlier_answer_takes_offers_it_and_keeps_the_question(
    guide: Guide,
) -> None:
    chat = amounts(guide, "1200")
    chat.text("12000")  # no marker: the request cannot be 12 000 with a total of 1 200
    assert "ne peut pas dépasser" in chat.said and chat.state.answers["total"] == "1200.00"
    offered = [c for reply in chat.replies for c in reply.choices]
    fix = next(c.data for c in offered if c.label.startswith("Coût total"))
    assert chat.buttons()[-1][0].startswith("🤷")  # the question's own buttons come last
    chat.send(Event.choice(fix))
    assert chat.state.answers["total"] == "12000.00" and chat.state.step == "request"


@pytest.mark.parametrize("text", ["nan c'est 12000", "non non, 12000", "Ah mince, 12000 !"])
def test_other_ways_to_take_back_what_was_just_said(guide: Guide, text: str) -> None:
    chat = amounts(guide, "1200")
    chat.text(text)
    assert chat.state.answers["total"] == "12000.00" and "request" not in chat.state.answers


def test_changing_the_language_and_declining_to_answer_in_words(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("changer de langue")
    assert [label for label, _d in chat.buttons()] == ["Français", "English"]
    chat = amounts(guide)
    chat.text("je préfère ne pas répondre")
    assert chat.state.step == "request" and chat.state.answers.get("total") is None


def test_a_commune_typed_where_a_button_is_asked_is_offered_not_taken(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text("Liévin")
    assert "audience" not in chat.state.answers  # not kept as the audience's words
    assert chat.state.answers["place"]["insee"] == "62498" and chat.state.step == "audience"
    offered = next(c.data for r in chat.replies for c in r.choices if "Liévin" in c.label)
    chat.send(Event.choice(offered))
    assert chat.state.answers["place"]["insee"] == "62510" and chat.state.step == "audience"


def test_an_answer_named_before_its_question_fills_it_and_the_question_stays(
    guide: Guide,
) -> None:
    chat = amounts(guide)
    assert chat.state.step == "total"
    chat.text("la mairie donne 2000")  # the co-funding, typed at the total
    assert chat.state.answers["cofunding"] == "2000.00" and "total" not in chat.state.answers
    assert chat.state.step == "total" and "Co-financement local" in chat.said
    chat.text("10000")
    assert chat.state.answers["total"] == "10000.00" and chat.state.step == "request"
