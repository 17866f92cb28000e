"""Messages read in their conversation (issue 22): corrections of earlier answers from any
step, the language following the person, intents in words — through the real dialog."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_place, started


def at_request(guide: Guide, total: str) -> Chat:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(1)", total)
    assert chat.state.step == "request"
    return chat


def test_the_issue_s_correction_right_after_the_total(guide: Guide) -> None:
    chat = at_request(guide, "1200")
    chat.text("non en fait c 12000")
    assert chat.state.answers["total"] == "12000.00"
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "corrigé" in chat.said and "1\u202f200" in chat.said  # says so, with the old value


def test_a_named_answer_is_corrected_from_a_later_step_and_its_dependents_rechecked(
    guide: Guide,
) -> None:
    chat = at_request(guide, "10000")
    chat.text("6000")
    assert chat.state.step == "cofunding"
    chat.text("le coût total c'est 5 000")
    assert chat.state.answers["total"] == "5000.00"
    assert "request" not in chat.state.answers  # 6 000 no longer fits: asked again, and said
    assert chat.state.step == "request" and "Demande à la Région" in chat.said


def test_a_place_and_a_role_are_corrected_where_the_person_is(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:habitant", "Arras")
    chat.text("en fait c'est à Lens")
    assert chat.state.answers["place"]["insee"] == "62498" and chat.state.step == "audience"
    assert "audience" not in chat.state.answers and "Arras" in chat.said
    chat.text("en fait on est une association")
    assert chat.state.answers["role"] == "association" and chat.state.step == "audience"


def test_a_bare_non_that_fits_both_questions_asks_which_answer(guide: Guide) -> None:
    chat = at_request(guide, "10000")
    chat.text("3000")
    chat.text("non 4000")
    assert chat.state.answers["request"] == "3000.00" and "cofunding" not in chat.state.answers
    chat.tap("Demande")
    assert chat.state.answers["request"] == "4000.00" and chat.state.step == "cofunding"


def test_words_that_only_look_like_a_name_change_nothing(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens")
    chat.text("les habitants, c'est-à-dire tout le quartier")
    assert chat.state.answers["place"]["insee"] == "62498"
    assert chat.state.answers["audience"] in ("neighbourhood", "other")


def test_an_english_first_message_switches_to_english_and_says_how_back(guide: Guide) -> None:
    chat = Chat(guide)
    chat.text("Hello, do you speak English? I'm from Dunkirk")
    assert chat.state.lang == "en" and "/langue" in chat.said
    assert "agree" in " ".join(label for label, _ in chat.buttons()).lower()


def test_a_short_stock_phrase_keeps_the_language(guide: Guide) -> None:
    chat = Chat(guide)
    chat.start()
    chat.text("I don't know")
    assert chat.state.lang == "fr" and chat.state.answers["role"] == "unknown"


def test_intents_in_words_do_what_their_command_does(guide: Guide) -> None:
    chat = at_request(guide, "10000")
    chat.text("effacer mes données")  # the erasure's own confirmation, nothing erased yet
    assert [r.effect for r in chat.replies] == ["erase"] and "définitif" in chat.said
    assert chat.state.answers["total"] == "10000.00"
    chat.text("je voudrais parler à quelqu'un")
    assert "03 28 82" in chat.said and chat.state.step == "request"
    chat.text("revenir en arrière")
    assert "total" not in chat.state.answers and chat.state.step == "total"
    chat.text("recommencer")  # answers to lose: asked first (reading13)
    assert chat.state.answers and "tout recommencer" in chat.said
    chat.tap("Oui, tout recommencer")
    assert not chat.state.answers and chat.state.step == "role"


@pytest.mark.parametrize("word", ["passer", "skip", "on passe", "je sais pas"])
def test_typed_skip_words_skip_a_sheet_question(guide: Guide, word: str) -> None:
    chat = at_request(guide, "10000")
    for text in ("3000", "3000"):
        chat.text(text)
    chat.tap("Non")
    chat.tap("Voir le r")
    chat.tap("fiche synth")
    chat.text("Jardin partagé")
    chat.text(word)
    sheet = chat.state.answers["sheet"]
    assert sheet["title"] == "Jardin partagé" and sheet["structure"] == ""
    assert chat.state.step == "sheet_partners"


def test_fiche_4_s_two_parts_typed_in_one_message_fill_both(guide: Guide) -> None:
    chat = started(
        Chat(guide),
        "tap:association",
        "Lens",
        "tap:quartier",
        "tap:(4)",
        "tap:Oui",
        "tap:deux",
        "40000",
    )
    assert chat.state.step == "request_investment"
    chat.text("on demande 30 000 en tout : 20 000 d'invest et 10 000 de fonctionnement")
    answers = chat.state.answers
    assert (answers["request_investment"], answers["request_operating"]) == (
        "20000.00",
        "10000.00",
    )
    assert chat.state.step == "cofunding" and "fonctionnement" in chat.said
    # more than the total: refused, nothing recorded
    chat.text("le coût total c'est 25 000")
    assert "request_investment" not in chat.state.answers
    chat.text("20 000 d'invest et 10 000 de fonctionnement")
    assert "request_investment" not in chat.state.answers and "dépasser" in chat.said


@pytest.mark.parametrize("text", ["Gent", "Namur", "Liège", "on est à Tournai", "Kortrijk"])
def test_a_town_abroad_is_said_outside_france_with_the_general_contact(
    guide: Guide, text: str
) -> None:
    chat = at_place(Chat(guide))
    chat.text(text)
    assert "place" not in chat.state.answers and chat.state.step == "place"
    assert "Belgique" in chat.said and "@" in chat.said
    chat.text("Lille")  # and the conversation goes on
    assert chat.state.answers["place"]["insee"] == "59350"


def test_a_name_of_the_region_and_abroad_is_the_region_s(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Comines")
    assert chat.state.answers["place"]["insee"] == "59152"
    chat = at_place(Chat(guide))
    chat.text("Mons")  # not a commune here: the region's candidates, Belgium's Mons named
    assert chat.state.step == "place_choice" and "Belgique" in chat.said
    assert any("Mons-en-Barœul" in label for label, _ in chat.buttons())


@pytest.mark.parametrize("text", ["Berk sur mer", "Berck-sur-Mer"])
def test_berck_as_people_write_it(guide: Guide, text: str) -> None:
    chat = at_place(Chat(guide))
    chat.text(text)
    assert chat.state.answers["place"]["insee"] == "62108"


def test_words_that_fit_two_fiches_get_one_separating_question(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Lens")
    chat.tap("quartier")
    chat.text("faire participer les habitants à une action innovante")
    assert "fiche 1" in chat.said and "fiche 2" in chat.said
    labels = [label for label, _ in chat.buttons()]
    assert len(labels) == 3 and "(1)" in labels[0] and "(2)" in labels[1]
    chat.tap("expérimentation")
    assert chat.state.answers["fiche"] == 2


def test_the_amount_taken_back_is_set_aside(guide: Guide) -> None:
    chat = at_request(guide, "1200")
    chat.text("le total c'est 12 000 pas 1200")
    assert chat.state.answers["total"] == "12000.00" and "request" not in chat.state.answers


def test_two_answers_named_are_no_correction(guide: Guide) -> None:
    chat = at_request(guide, "10000")
    chat.text("le total est bon, on demande 4000")
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "4000.00"


def test_a_long_message_naming_an_answer_without_a_marker_is_the_current_answer(
    guide: Guide,
) -> None:
    chat = at_request(guide, "10000")
    chat.text("3000")
    chat.text("le coût de l'animation est pris en charge par la commune pour 2000 €")
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["cofunding"] == "2000.00"


def test_passer_at_a_question_is_its_je_ne_sais_pas_and_rien_stays_zero(guide: Guide) -> None:
    chat = at_request(guide, "10000")
    chat.text("passer")
    assert chat.state.answers["request"] is None and chat.state.step == "cofunding"
    chat.text("rien")
    assert chat.state.answers["cofunding"] == "0.00"


def test_the_language_asked_for_when_already_spoken_is_confirmed(guide: Guide) -> None:
    chat = at_request(guide, "10000")
    chat.text("parle français")
    assert chat.state.lang == "fr" and "français" in chat.said and chat.state.step == "request"
