"""Corrections of every kind of answer (issue 22, fourth pass), through the real dialog: the
fiche and the priority area named by a correction, a commune named inside a correction's
sentence, fiche 4's parts named apart, a field of the fiche synthétique corrected from a later
one; and what must not change: a "non" of a correction is no "nothing" at the co-funding, a
question about a fiche chooses none."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_total, started


def test_the_fiche_corrected_in_words_says_so_and_asks_what_depends_on_it(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("en vrai c'est plutôt la fiche 2")
    assert chat.state.answers["fiche"] == 2
    assert "au lieu de" in chat.said and "Fiche" in chat.said


def test_a_question_about_a_fiche_chooses_none(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("en fait c'est quoi la fiche 2 ?")
    assert chat.state.answers["fiche"] == 1


def test_the_priority_area_corrected_by_its_words(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui")
    assert chat.state.answers["priority_area"] == "yes"
    chat.text("ah non en fait on n'est pas en quartier prioritaire")
    assert chat.state.answers["priority_area"] == "no"
    assert "au lieu de" in chat.said


@pytest.mark.parametrize(
    ("lang", "typed", "insee"),
    [
        ("en", "wait, no, the town is Douai", "59178"),
        ("en", "the town is actually Arras, sorry", "62041"),
        ("fr", "euh non, notre projet se passe à Liévin", "62510"),
    ],
)
def test_a_commune_named_inside_a_correction(
    guide: Guide, lang: str, typed: str, insee: str
) -> None:
    chat = at_total(guide, lang)
    chat.text("10000")
    chat.text(typed)
    assert chat.state.answers["place"]["insee"] == insee
    assert chat.state.answers["total"] == "10000.00"


def test_a_correction_without_value_at_the_cofunding_is_no_nothing(guide: Guide) -> None:
    chat = at_total(guide)
    for text in ("10000", "3000", "euh non attendez"):
        chat.text(text)
    assert "cofunding" not in chat.state.answers
    assert "Quelle réponse" in chat.said  # which answer? with the summary's buttons
    assert any("Demande" in label for label, _data in chat.buttons())


@pytest.mark.parametrize("typed", ["non", "non rien", "ah non la commune ne met rien"])
def test_nothing_said_at_the_cofunding_is_still_zero(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    for text in ("10000", "3000", typed):
        chat.text(text)
    assert chat.state.answers["cofunding"] == "0.00"


def test_one_part_of_fiche_4_named_later(guide: Guide) -> None:
    chat = started(
        Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui", "tap:deux"
    )
    for text in ("40000", "10000", "5000", "oups l'investissement c'est 12000"):
        chat.text(text)
    assert chat.state.answers["request_investment"] == "12000.00"
    assert chat.state.answers["request_operating"] == "5000.00"
    assert chat.state.answers["total"] == "40000.00"


def test_a_field_of_the_sheet_corrected_from_a_later_one(guide: Guide) -> None:
    chat = at_total(guide)
    for text in ("10000", "3000", "2000"):
        chat.text(text)
    for tap in ("Non", "Voir le r", "fiche synth"):
        chat.tap(tap)
    chat.text("Jardin des voisins")
    assert chat.state.step == "sheet_structure"
    chat.text("oups le titre c'est plutôt Jardin des Voisins de Lens")
    sheet = chat.state.answers["sheet"]
    assert sheet["title"] == "Jardin des Voisins de Lens"
    assert "structure" not in sheet and chat.state.step == "sheet_structure"
    assert "au lieu de" in chat.said
    chat.text("Les Amis du Parc")  # the question asked again takes its answer
    assert chat.state.answers["sheet"]["structure"] == "Les Amis du Parc"


def test_the_total_named_by_another_word_steps_later(guide: Guide) -> None:
    chat = at_total(guide)
    for text in ("10000", "3000", "2000", "je reviens sur le montant total, c'est 20 000 €"):
        chat.text(text)
    assert chat.state.answers["total"] == "20000.00"
    assert chat.state.answers["request"] == "3000.00"
    assert chat.state.answers["cofunding"] == "2000.00"


@pytest.mark.parametrize(
    "typed", ["je dois corriger quelque chose", "attendez j'ai fait une bêtise", "oups erreur"]
)
def test_a_correction_without_value_asks_which_answer(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    chat.text("10000")
    chat.text(typed)
    assert chat.state.answers["total"] == "10000.00" and "request" not in chat.state.answers
    assert "Quelle réponse" in chat.said
    assert any("Coût total" in label for label, _data in chat.buttons())


def test_a_correction_naming_an_answer_without_value_offers_that_one(guide: Guide) -> None:
    chat = at_total(guide, "en")
    for text in ("10000", "3000", "I need to fix the total"):
        chat.text(text)
    assert chat.state.answers["total"] == "10000.00" and "cofunding" not in chat.state.answers
    assert [label for label, _data in chat.buttons()] == ["✏️ Total cost"]
    chat.tap("Total cost")
    chat.text("12000")
    assert chat.state.answers["total"] == "12000.00"


def test_dont_know_with_a_marker_is_no_correction(guide: Guide) -> None:
    chat = at_total(guide)
    chat.text("10000")
    chat.text("en fait je ne sais pas encore")
    assert chat.state.answers["total"] == "10000.00"
    assert "Quelle réponse" not in chat.said


@pytest.mark.parametrize(
    ("lang", "typed"),
    [
        ("en", "is 2000 wrong?"),
        ("en", "2000 rather than nothing"),
        ("fr", "2000 plutôt que rien"),
        ("fr", "2000, c'était prévu comme ça"),
    ],
)
def test_what_is_no_correction_stays_the_current_answer(
    guide: Guide, lang: str, typed: str
) -> None:
    """A question, or a value taken back that no earlier answer held, changes no earlier answer."""
    chat = at_total(guide, lang)
    for text in ("10000", "3000", typed):
        chat.text(text)
    assert chat.state.answers["request"] == "3000.00"
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers.get("cofunding") in (None, "2000.00")
