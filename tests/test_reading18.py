"""Issue 22, reading18: corrections of earlier answers, the classes the seventh held-out set
showed (described by the lead, no case copied). Each through the real dialog
(`tests.dialog_driver`), each a case of tests/understanding/conversations_tune16.toml first."""

from __future__ import annotations

import pytest

from dialogs.correction_shapes import names_table
from dialogs.flow import Guide
from knowledge.reading import Reading
from knowledge.self_repair import last_said, opens_with_value
from tests.dialog_driver import Chat, started

TO_TOTAL = ("tap:association", "Liévin", "tap:quartier", "tap:(1)")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ------------------------------------------------------------ a self-repair in the answer itself
@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("4000 euh non 4500... non pardon c'est bien 4000", "4000.00"),
        ("2000 ah non attendez 2500", "2500.00"),
        ("5000 € non attendez 6000 €… finalement si 5000 €", "5000.00"),
    ],
)
def test_a_request_that_changes_its_mind_is_the_request_never_the_total(
    chat: Chat, said: str, meant: str
) -> None:
    started(chat, *TO_TOTAL, "12000")
    assert chat.state.step == "request"
    chat.text(said)
    assert chat.state.answers["total"] == "12000.00"  # never read as a correction of it
    assert chat.state.answers["request"] == meant
    assert "J'ai corrigé" not in chat.said


def test_a_self_repair_in_english_at_the_request(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Calais", "tap:neighbourhood", "tap:(1)", "10000")
    chat.text("2000 no wait 2500... actually no, 2000 is right")
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "2000.00"


def test_a_self_repair_that_names_the_total_still_corrects_it(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "1200")
    chat.text("1200 pardon le total c'est 12000")
    assert chat.state.answers["total"] == "12000.00"
    assert "request" not in chat.state.answers


def test_the_self_repair_reader_keeps_positions_past_folded_characters() -> None:
    # « … » folds to three characters: the cut was lost and the message asked back
    assert last_said("5000 € non attendez 6000 €… finalement si 5000 €") == "si 5000 €"
    assert opens_with_value("3000 non 3300... bon finalement 3000")
    assert not opens_with_value("non en fait c'est 12000")  # corrects what came before
    assert not opens_with_value("3000 euros pour la fête")  # no correction word


# ------------------------------------------------------------ the fiche synthétique's earlier field
TO_SHEET = (*TO_TOTAL, "10000", "3000", "3000", "tap:non", "tap:voir le r", "tap:fiche synth")


@pytest.mark.parametrize(
    ("given", "said", "meant"),
    [
        (
            "Association Les Amis du Pont",
            "le nom de l'asso c'est Les Amis du Port, pas Les Amis du Pont",
            "Les Amis du Port",
        ),
        ("Asso Les Lilas", "l'asso s'appelle Les Glycines pas Les Lilas", "Les Glycines"),
    ],
)
def test_a_correction_of_the_structure_two_questions_back_is_not_the_participation(
    chat: Chat, given: str, said: str, meant: str
) -> None:
    started(chat, *TO_SHEET, "Repas partagés", given, "la mairie et le bailleur")
    assert chat.state.step == "sheet_participation"
    chat.text(said)
    sheet = chat.state.answers["sheet"]
    assert sheet["structure"] == meant
    assert "participation" not in sheet  # never swallowed as this field's answer
    assert sheet["partners"] == "la mairie et le bailleur"
    assert "J'ai corrigé « Structure porteuse »" in chat.said
    assert chat.state.step == "sheet_participation"  # the current question asked again
    assert "Comment les habitants participent-ils" in chat.said


def test_a_participation_that_mentions_the_association_is_kept_as_it(chat: Chat) -> None:
    started(chat, *TO_SHEET, "Repas partagés", "Association Les Amis du Pont", "la mairie")
    said = "les habitants cuisinent avec les bénévoles de l'association, pas les salariés"
    chat.text(said)
    sheet = chat.state.answers["sheet"]
    assert sheet["structure"] == "Association Les Amis du Pont"
    assert sheet["participation"] == said


# ------------------------------------------------------------ two earlier answers in one message
def test_the_commune_and_the_total_corrected_together_at_the_cofunding(chat: Chat) -> None:
    started(chat, "tap:association", "Béthune", "tap:quartier", "tap:(1)", "12000", "3000")
    assert chat.state.step == "cofunding"
    chat.text(
        "attendez je reprends, on n'est pas à Béthune mais à Bruay-la-Buissière, "
        "et le coût total c'est 14000 pas 12000"
    )
    answers = chat.state.answers
    assert answers["place"]["name"] == "Bruay-la-Buissière"
    assert answers["total"] == "14000.00"  # was lost: only the commune changed
    assert answers["request"] == "3000.00"
    said = chat.said.replace("\u202f", " ").replace("\xa0", " ")
    assert "Je change la commune (c'était : Béthune" in said
    assert "J'ai corrigé « Coût total » : 14 000 € (au lieu de 12 000 €)" in said
    assert chat.state.step == "cofunding"  # back where the person was
    assert "Combien apportent les collectivités locales" in said


@pytest.mark.parametrize(
    ("said", "place", "total"),
    [
        ("dsl c pa avion c mericourt et le total c 6500", "Méricourt", "6500.00"),
        (
            "pardon deux erreurs : le budget c'est 6500 et la commune c'est Sallaumines",
            "Sallaumines",
            "6500.00",
        ),
        ("ah zut : pas à Avion, à Méricourt, et le total c'est 6400", "Méricourt", "6400.00"),
    ],
)
def test_a_commune_and_an_amount_in_any_order_and_wording(
    chat: Chat, said: str, place: str, total: str
) -> None:
    started(chat, "tap:association", "Avion", "tap:quartier", "tap:(1)", "6000", "1500")
    chat.text(said)
    assert chat.state.answers["place"]["name"] == place
    assert chat.state.answers["total"] == total
    assert chat.state.answers["request"] == "1500.00"


def test_who_one_is_and_the_total_corrected_together(chat: Chat) -> None:
    started(chat, "tap:association", "Arras", "tap:quartier", "tap:(1)", "20000", "5000")
    chat.text("oups on n'est pas une association on est une mairie, et le total c'est 22000")
    assert chat.state.answers["role"] == "authority"
    assert chat.state.answers["total"] == "22000.00"
    assert "J'ai corrigé « Vous êtes »" in chat.said
    assert "J'ai corrigé « Coût total »" in chat.said


def test_whom_it_is_for_and_the_total_corrected_together(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("oups c'est pour les jeunes pas le quartier, et le total c'est 11000")
    assert chat.state.answers["audience"] == "youth"
    assert chat.state.answers["total"] == "11000.00"
    assert "J'ai corrigé « Public »" in chat.said
    assert chat.state.step == "cofunding"


def test_what_depends_on_the_corrected_total_is_asked_again(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000", "tap:non")
    chat.text("pardon c'est à Lens pas à Liévin, et le total c'est 2500")
    answers = chat.state.answers
    assert answers["place"]["name"] == "Lens" and answers["total"] == "2500.00"
    assert "request" not in answers and "cofunding" not in answers  # above the new total
    assert "Cela change aussi" in chat.said
    assert chat.state.step == "request"


def test_two_answers_named_with_their_values_at_the_summary(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000", "tap:non")
    assert chat.state.step == "summary"
    chat.text("la commune c'est Lens et la subvention 2800")  # no correction word: both named
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.answers["request"] == "2800.00"


def test_this_questions_amount_beside_a_correction_of_the_commune(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000")
    chat.text("3000, et au fait c'est à Lens pas à Liévin")
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.answers["request"] == "3000.00"  # was lost: asked again
    assert chat.state.step == "cofunding"


def test_a_communes_name_and_a_named_amount_at_the_summary(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000", "tap:non")
    chat.text("Lens et le total 12000")  # the commune was lost: only the total changed
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.answers["total"] == "12000.00"


def test_this_questions_amount_beside_a_named_correction(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000")
    chat.text("3000 et c'est pour les jeunes")  # the 3000 was lost: asked again
    assert chat.state.answers["audience"] == "youth"
    assert chat.state.answers["request"] == "3000.00"


def test_a_yes_no_named_and_an_amount_corrected_together(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000", "tap:non")
    chat.text("oups on est financés par la région, et le total 11000")
    assert chat.state.answers["activity"] == "yes"
    assert chat.state.answers["total"] == "11000.00"
    assert "J'ai corrigé « Programme d'activité » : Oui (au lieu de Non)" in chat.said


def test_the_yes_no_on_screen_answered_beside_a_correction(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000")
    assert chat.state.step == "activity"
    chat.text("pardon on est financés par la Région en fait, et la subvention c'est 2500")
    assert chat.state.answers["activity"] == "yes"
    assert chat.state.answers["request"] == "2500.00"


def test_two_corrections_in_english_after_the_verdict(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Roubaix", "tap:neighbourhood", "tap:(1)", "11,000")
    started_again = ("3,000", "3,300", "tap:No", "tap:result")
    for turn in started_again:
        if turn.startswith("tap:"):
            chat.tap(turn[4:])
        else:
            chat.text(turn)
    assert chat.state.step == "verdict"
    chat.text("sorry, it's not Roubaix but Croix, and the total cost is 12,000 not 11,000")
    assert chat.state.answers["place"]["name"] == "Croix"
    assert chat.state.answers["total"] == "12000.00"
    assert chat.state.answers["cofunding"] == "3300.00"
    assert chat.state.step == "summary"  # the answers shown again, the verdict to see anew


def test_one_value_that_names_no_answer_changes_nothing_together(chat: Chat) -> None:
    started(chat, "tap:association", "Avion", "tap:quartier", "tap:(1)", "6000", "1500")
    chat.text("pardon c'est pas Avion c'est Méricourt et 42")  # « 42 »: for which answer?
    assert chat.state.answers["total"] == "6000.00"
    assert chat.state.answers["request"] == "1500.00"


# ------------------------------------------------------------ an answer named by its words
def test_the_towns_share_named_corrects_the_cofunding_not_the_commune(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "16000", "4000", "5000")
    assert chat.state.step == "activity"
    chat.text("en fait la participation de la ville c'est 5500")
    assert chat.state.answers["cofunding"] == "5500.00"  # was: asked the yes / no again
    assert chat.state.answers["place"]["name"] == "Liévin"
    assert "J'ai corrigé « Co-financement local »" in chat.said


def test_a_name_overlapping_a_longer_one_does_not_count() -> None:
    table = names_table()
    assert Reading("la participation de la ville c'est 5500").names_in(table) == ("cofunding",)
    # apart from the longer name, it still counts
    both = Reading("la commune donne 2000 et la ville c'est Lens").names_in(table)
    assert set(both) == {"cofunding", "place"}


@pytest.mark.parametrize("said", ["Lens non pardon Liévin", "Lens euh non en fait Liévin"])
def test_a_commune_repaired_as_it_is_typed_is_the_last_one(chat: Chat, said: str) -> None:
    started(chat, "tap:association")
    assert chat.state.step == "place"
    chat.text(said)
    assert chat.state.answers["place"]["name"] == "Liévin"  # was: « which answer? » buttons
    assert "Quelle réponse voulez-vous corriger" not in chat.said
    assert chat.state.step == "audience"


def test_a_giver_from_another_commune_is_no_change_of_commune(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("pardon 3000, c'est la mairie de Lens qui donne")
    assert chat.state.answers["place"]["name"] == "Liévin"  # the project's commune stays
    assert chat.state.answers["cofunding"] == "3000.00"
    assert "Je change la commune" not in chat.said


def test_the_commune_corrected_and_this_questions_choice_in_one_message(chat: Chat) -> None:
    started(chat, "tap:association", "Liévin")
    assert chat.state.step == "audience"
    chat.text("pardon c'est à Lens pas Liévin et c'est pour les jeunes")
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.answers["audience"] == "youth"  # was asked again


def test_a_public_from_another_commune_is_no_change_of_commune(chat: Chat) -> None:
    started(chat, "tap:association", "Lens")
    chat.text("c'est pour les jeunes et les familles de Liévin")
    assert chat.state.answers["place"]["name"] == "Lens"
    assert "Je change la commune" not in chat.said


def test_no_sum_above_the_projects_cost_is_offered_at_the_cofunding(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    # (« sur les 10000 », the total given, is read since reading20: tests/test_reading20.py)
    chat.text("la mairie met 3000 sur les 12000")
    labels = " ".join(label for label, _data in chat.buttons()).replace("\u202f", " ")
    assert "15 000" not in labels  # a sum the co-funding then refuses
    assert "cofunding" not in chat.state.answers  # asked, nothing taken
    assert "3 000" in labels
