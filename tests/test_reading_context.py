"""Messages read in their conversation (issue 22, third pass), through the real dialog: intent
phrases where any text is an answer ask first, skip words with a "for now", communes inside
sentences, fiche 4's parts in other shapes, corrections typed at the fiche synthétique."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge.reading import Context, Reading
from tests.dialog_driver import Chat, started

TO_SHEET = (
    "tap:association",
    "Lens",
    "tap:quartier",
    "tap:(1)",
    "10000",
    "3000",
    "3000",
    "tap:Non",
    "tap:Voir le r",
    "tap:fiche synth",
)
TO_PARTS = ("tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui", "tap:deux", "40000")


# ---------------------------------------------------------------- intents at free-text steps
def test_a_title_that_is_an_intent_phrase_asks_and_restarts_nothing(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_SHEET)
    chat.text("Repartir de zéro")
    assert chat.state.answers["role"] == "association"
    assert "title" not in chat.state.answers["sheet"]
    assert "recommencer" in chat.said
    chat.tap("ma réponse")
    assert chat.state.answers["sheet"]["title"] == "Repartir de zéro"
    assert chat.state.step == "sheet_structure"


def test_the_intent_asked_first_is_done_on_yes(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_SHEET)
    chat.text("recommencer")
    chat.tap("Oui")
    assert chat.state.answers == {}
    assert chat.state.step == "role"


def test_a_bare_intent_phrase_at_the_description_asks(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("Retour")
    assert chat.state.step == "project"
    assert chat.state.answers["audience"] == "neighbourhood"
    chat.tap("Oui")
    assert "audience" not in chat.state.answers


def test_an_intent_asked_for_at_the_description_is_done(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("je voudrais parler à quelqu'un")
    assert "03 28 82" in chat.said
    assert "fiche" not in chat.state.answers


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("est-ce que je peux tout reprendre ?", "restart"),
        ("jveux tt recommencer", "restart"),
        ("qu'est-ce que vous gardez comme infos sur moi ?", "show_data"),
        ("how do I delete what I sent?", "erase"),
        ("oops can I go back one step", "back"),
        ("je ne veux pas recommencer", None),
        ("une association qui aide les gens à parler à quelqu'un", None),
    ],
)
def test_intents_in_other_words(text: str, intent: str | None) -> None:
    assert Reading(text, Context(step="total")).intent == intent


# ---------------------------------------------------------------- skip words
@pytest.mark.parametrize(
    "typed",
    ["aucune idée pour l'instant", "no idea yet", "on verra ça plus tard", "pas encore décidé"],
)
def test_skip_words_with_a_for_now_skip_the_sheet_question(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin des voisins")
    chat.text(typed)
    assert chat.state.answers["sheet"]["structure"] == ""
    assert chat.state.step == "sheet_partners"


def test_none_for_now_is_an_answer_about_partners(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin", "Les Amis du Parc")
    chat.text("aucun pour le moment")
    assert chat.state.answers["sheet"]["partners"] == "aucun pour le moment"


# ---------------------------------------------------------------- communes in sentences
@pytest.mark.parametrize(
    ("typed", "insee"),
    [
        ("notre association intervient sur Coudekerque-Branche", "59155"),
        ("on le fera a Dunkerque", "59183"),
        ("we work in Dunkirk", "59183"),
    ],
)
def test_a_commune_inside_a_sentence(guide: Guide, typed: str, insee: str) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(typed)
    assert chat.state.answers["place"]["insee"] == insee


def test_two_communes_in_a_sentence_take_neither(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("La Bassée ou Lens, on hésite encore")
    assert "place" not in chat.state.answers


# ---------------------------------------------------------------- fiche 4's parts
@pytest.mark.parametrize(
    "typed",
    ["15000 dont 10000 en investissement et 5000 en fonctionnement", "invest : 10k / fonct : 5k"],
)
def test_fiche_4_parts_in_other_shapes(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), *TO_PARTS)
    chat.text(typed)
    assert chat.state.answers["request_investment"] == "10000.00"
    assert chat.state.answers["request_operating"] == "5000.00"


def test_a_whole_that_is_not_the_sum_of_its_parts_is_not_read() -> None:
    assert Reading("12000 dont 10000 en investissement et 5000 en fonctionnement").parts is None


# ---------------------------------------------------------------- corrections at the sheet
def test_a_correction_typed_at_the_sheet_changes_the_named_answer(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin", "Les Amis")
    chat.text("pardon la demande à la région c'est 2500")
    assert chat.state.answers["request"] == "2500.00"
    assert "partners" not in chat.state.answers["sheet"]
    assert "au lieu de 3\u202f000" in chat.said  # said, with the old value


def test_words_naming_an_answer_without_a_value_stay_the_sheet_answer(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_SHEET, "Jardin", "Les Amis")
    chat.text("pardon, la mairie nous aide aussi")
    assert chat.state.answers["sheet"]["partners"] == "pardon, la mairie nous aide aussi"
    assert chat.state.answers["cofunding"] == "3000.00"


# ---------------------------------------------------------------- who is asking, in a sentence
@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("I'm a youth worker at a social centre", "association"),
        ("I work for the city", "authority"),
        ("we're a group of neighbours", "inhabitant"),
    ],
)
def test_an_english_role_in_a_sentence(guide: Guide, typed: str, role: str) -> None:
    chat = Chat(guide, lang="en")
    chat.start()
    chat.text(typed)
    assert chat.state.answers["role"] == role


def test_words_that_fit_two_roles_ask_rather_than_keep_other(guide: Guide) -> None:
    chat = started(Chat(guide))
    chat.text("un collectif d'habitants")
    assert "role" not in chat.state.answers and chat.state.step == "role"
    assert any("association" in label.lower() for label, _data in chat.buttons())


@pytest.mark.parametrize("typed", ["fonctionnement 5000", "10000 en tout"])
def test_an_amount_naming_the_other_part_or_the_whole_is_not_this_part(
    guide: Guide, typed: str
) -> None:
    chat = started(Chat(guide), *TO_PARTS)
    chat.text(typed)
    assert "request_investment" not in chat.state.answers
    assert chat.state.step == "request_investment"
    assert "seulement la part d'investissement" in chat.said


def test_a_commune_of_two_inside_an_english_sentence_offers_both(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("the project is in Boulogne")
    assert chat.state.lang == "en"
    labels = " ".join(label for label, _data in chat.buttons())
    assert "Boulogne-sur-Mer" in labels and "Boulogne-sur-Helpe" in labels
    assert "place" not in chat.state.answers


def test_we_have_no_idea_yet_in_english_is_dont_know(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(1)")
    chat.text("we have no idea yet")
    assert chat.state.lang == "en"
    assert chat.state.answers["total"] is None and chat.state.step == "request"


def test_a_marked_audience_correction_at_the_description_is_no_description(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("ah non pardon c'est pour les jeunes")
    assert chat.state.answers["audience"] == "youth"
    assert "description" not in chat.state.answers and chat.state.step == "project"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("I think so yes", "yes"), ("yep, it's a QPV", "yes"), ("not at all", "no")],
)
def test_yes_and_no_opening_an_english_sentence(guide: Guide, typed: str, meant: str) -> None:
    chat = Chat(guide, lang="en")
    chat.start()
    for turn in ("tap:association", "Lens", "tap:neighbourhood", "tap:(4)"):
        chat.tap(turn[4:]) if turn.startswith("tap:") else chat.text(turn)
    chat.text(typed)
    assert chat.state.answers["priority_area"] == meant
