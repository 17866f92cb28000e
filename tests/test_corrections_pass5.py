"""Corrections, fifth pass (issue 22), through the real dialog: new phrasings cost a line of
data; an apology for something else, or a question about an error, is no correction; a share of
the total at the request step is offered to confirm, never taken; at the fiche synthétique a
long text naming an answer is kept as the field's answer and the answer is left unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from knowledge.reading import Reading
from knowledge.share import share
from tests.dialog_driver import Chat, started

LENS_FICHE_1 = ("tap:association", "Lens", "tap:quartier", "tap:(1)")
TO_SHEET = (*LENS_FICHE_1, "10000", "3000", "2000", "tap:Non", "tap:Voir le r", "tap:fiche synth")


def chat_at(guide: Guide, *turns: str) -> Chat:
    return started(Chat(guide), *turns)


# ---------------------------------------------------------------------- phrasings in data
@pytest.mark.parametrize(
    "text",
    [
        "*12000",  # a chat's correction sign
        "nan 12000 g oublié un 0",  # the "0" of the correction's words is no amount
        "j'ai tapé 1200 au lieu de 12000",
        "oula non 12000",
        "il manquait un zéro : 12000",
    ],
)
def test_a_correction_of_the_total_right_after_it(guide: Guide, text: str) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "1200", text)
    assert chat.state.answers["total"] == "12000.00"
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "au lieu de 1\u202f200" in chat.said


@pytest.mark.parametrize(
    "text", ["remplacez 3000 par 2800", "à la place de 3000 mettez 2800", "hmm non, disons 2800"]
)
def test_the_value_replaced_names_the_answer(guide: Guide, text: str) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", text)
    assert chat.state.answers["request"] == "2800.00"
    assert "cofunding" not in chat.state.answers


def test_a_wrong_number_at_the_sheet_corrects_the_phone(guide: Guide) -> None:
    chat = chat_at(guide, *TO_SHEET, *["tap:Passer"] * 8, "03 21 12 34 56")
    assert chat.state.step == "sheet_email"
    chat.text("oups mauvais numéro : 03 21 99 88 77")
    assert chat.state.answers["sheet"]["phone"] == "03 21 99 88 77"
    assert "email" not in chat.state.answers["sheet"] and chat.state.step == "sheet_email"


def test_a_non_before_a_commune_s_very_name_corrects_the_place(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000")
    chat.text("non Liévin")
    assert chat.state.answers["place"]["insee"] == "62510"
    assert chat.state.answers["total"] == "10000.00"


# ---------------------------------------------------------------------- no correction
@pytest.mark.parametrize(
    "text",
    ["4000, désolé pour le retard", "pardon pour l'attente, 4000", "sorry for the delay, 4000"],
)
def test_an_apology_for_something_else_is_no_correction(guide: Guide, text: str) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", text)
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "4000.00"
    assert not Reading(text).corrects_firmly
    assert Reading("désolé pour l'erreur, 4000").corrects_firmly  # "erreur" still corrects


@pytest.mark.parametrize(
    "text",
    [
        "une erreur de 3000 ça passe ?",
        "et si je me trompe de 2000 dans le budget ?",
        "what if I make a mistake of 1000?",
        "I might be off by 500, does it matter?",
    ],
)
def test_a_question_about_an_error_is_neither_the_amount_nor_a_correction(
    guide: Guide, text: str
) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", text)
    assert chat.state.answers["total"] == "10000.00"
    assert "request" not in chat.state.answers and chat.state.step == "request"


def test_a_yes_no_answer_named_with_a_closing_non(guide: Guide) -> None:
    chat = chat_at(guide, "tap:association", "Lens", "tap:Tous", "tap:(4)", "tap:Oui")
    chat.text("correction : quartier prioritaire non")
    assert chat.state.answers["priority_area"] == "no"
    assert chat.state.answers["audience"] == "all"  # its words picked "a neighbourhood" before


def test_a_yes_no_answer_named_without_a_value_asks(guide: Guide) -> None:
    chat = chat_at(guide, "tap:association", "Lens", "tap:Tous", "tap:(4)", "tap:Oui")
    chat.text("pardon, pour le quartier prioritaire")
    assert chat.state.answers["priority_area"] == "yes"
    assert [label for label, _data in chat.buttons()] == ["✏️ Quartier prioritaire"]


# ---------------------------------------------------------------------- the fiche synthétique
def test_a_long_text_naming_an_amount_is_kept_and_the_amount_unchanged(guide: Guide) -> None:
    chat = chat_at(guide, *TO_SHEET, "Jardin", "Asso")
    text = (
        "Pardon pour la longueur : nous travaillons avec le centre social et le bailleur, et "
        "la commune met 5000 € en fait, en plus d'un local prêté toute l'année."
    )
    chat.text(text)
    assert chat.state.answers["cofunding"] == "2000.00"
    assert chat.state.answers["sheet"]["partners"] == text
    assert chat.state.step == "sheet_participation"
    assert "sans changer ce montant (2\u202f000" in chat.said
    chat.text("correction : Co-financement local 5 000 €")  # what the note suggests
    assert chat.state.answers["cofunding"] == "5000.00"


@pytest.mark.parametrize(
    "text",
    [
        "Les habitants ont corrigé le budget à 12000 lors d'une réunion",
        "de mars à juin, désolé le budget c'est 12000",
    ],
)
def test_a_correction_s_words_inside_a_field_s_text_change_nothing(
    guide: Guide, text: str
) -> None:
    chat = chat_at(guide, *TO_SHEET, "Jardin", "Asso", "la mairie")
    chat.text(text)
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["sheet"]["participation"] == text


def test_a_correction_opening_the_message_at_the_sheet_still_corrects(guide: Guide) -> None:
    chat = chat_at(guide, *TO_SHEET, "Jardin", "Asso", "la mairie")
    chat.text("oups, le budget c'est 12 000")
    assert chat.state.answers["total"] == "12000.00"


# ---------------------------------------------------------------------- shares of the total
@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("50 %", "0.5"),
        ("on demande 30% du total", "0.3"),
        ("12,5 pour cent", "0.125"),
        ("la moitié", "0.5"),
        ("les trois quarts", "0.75"),
        ("half of it", "0.5"),
        ("50 % de 3000", None),  # a share of something else
        ("150 %", None),
        ("la moitié ou un tiers", None),
        ("3000", None),
    ],
)
def test_the_share_a_message_names(text: str, rate: str | None) -> None:
    assert share(text) == (Decimal(rate) if rate else None)


def test_a_share_of_the_total_is_offered_then_taken_on_yes(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "50 %")
    assert "request" not in chat.state.answers
    assert "5\u202f000" in chat.said and "10\u202f000" in chat.said
    chat.tap("Oui")
    assert chat.state.answers["request"] == "5000.00" and chat.state.step == "cofunding"


def test_a_share_refused_asks_the_question_again(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "12000", "la moitié")
    chat.tap("Non")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "Combien demandez-vous" in chat.said


def test_a_share_in_english_and_without_a_total(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "8000", "half")
    assert "€4,000" in chat.said
    chat.tap("Yes")
    assert chat.state.answers["request"] == "4000.00"
    chat = chat_at(guide, *LENS_FICHE_1, "tap:Je ne sais pas", "50 %")
    assert "pas un pourcentage" in chat.said and "request" not in chat.state.answers


def test_a_share_with_a_question_mark_is_not_offered(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "50 % c'est possible ?")
    assert "Oui, 5" not in " ".join(label for label, _data in chat.buttons())
    assert "request" not in chat.state.answers


# ---------------------------------------------------------------------- a change asked for
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("je peux modifier la commune ?", "✏️ Commune"),
        ("comment je corrige le montant demandé ?", "✏️ Demande à la Région"),
        ("on peut revenir sur le budget ?", "✏️ Coût total"),
        ("je veux changer le coût total", "✏️ Coût total"),
    ],
)
def test_a_change_asked_for_shows_that_answer_s_button(
    guide: Guide, text: str, label: str
) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000")
    chat.text(text)
    assert [lb for lb, _data in chat.buttons()] == [label]
    assert chat.state.answers["total"] == "10000.00" and chat.state.answers["request"] == "3000.00"
    chat.tap(label)
    assert chat.state.step in ("place", "request", "total")


def test_a_change_asked_for_with_its_value_changes_it(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000")
    chat.text("je veux changer la commune pour Liévin")
    assert chat.state.answers["place"]["insee"] == "62510"


# ---------------------------------------------------------------------- several answers named
def test_two_answers_named_with_their_values_are_both_changed(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non")
    chat.text("pardon le total c'est 12000 et la demande 3500")
    assert chat.state.answers["total"] == "12000.00"
    assert chat.state.answers["request"] == "3500.00"
    assert "au lieu de 10\u202f000" in chat.said and "au lieu de 3\u202f000" in chat.said


def test_a_total_and_a_request_swapped_are_put_right(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "3000")
    chat.text("oups j'ai inversé : total 10000, demande 3000")
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "3000.00" and chat.state.step == "cofunding"


def test_both_answers_typed_at_the_total_fill_both(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "le projet coûte 10000 et on demande 3000")
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "3000.00"


@pytest.mark.parametrize(
    "text",
    [
        "le total c'est 12000 et la demande 13000",  # the request would exceed the total
        "le total c'est 12000, et 3500",  # an amount that names no answer
        "le total est bon, on demande 4000",  # one value only
    ],
)
def test_several_answers_change_only_when_each_is_named_and_fits(guide: Guide, text: str) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non")
    chat.text(text)
    assert chat.state.answers["total"] == "10000.00"
    assert chat.state.answers["request"] == "3000.00"


def test_a_correction_where_a_phone_number_is_asked(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non", "tap:Voir le r")
    chat.tap("recontact")
    assert chat.state.step == "contact"
    chat.text("oups le total c'est 12000")
    assert chat.state.answers["total"] == "12000.00" and chat.state.step == "summary"
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non", "tap:Voir le r")
    chat.tap("recontact")
    chat.text("pardon c'est 06 12 34 56 78")
    assert chat.state.answers["total"] == "10000.00" and "06 12 34 56 78" in chat.said


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("coût : 12000", "total", "12000.00"),
        ("structure : mairie", "role", "authority"),
        ("participation de la ville : 2500", "cofunding", "2500.00"),
        ("sorry, the subsidy is 3500", "request", "3500.00"),
    ],
)
def test_an_answer_named_by_a_word_of_its_own(
    guide: Guide, text: str, key: str, value: str
) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non")
    chat.text(text)
    assert chat.state.answers[key] == value


def test_a_town_named_alone_is_the_place(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non", "ville : Liévin")
    assert chat.state.answers["place"]["insee"] == "62510"


# ---------------------------------------------------------------------- the answer just before
@pytest.mark.parametrize(
    "text", ["ah si en fait", "finalement oui", "oups je voulais dire oui", "non en fait oui"]
)
def test_a_yes_no_answer_taken_back_right_after(guide: Guide, text: str) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000", "tap:Non")
    assert chat.state.step == "summary"
    chat.text(text)
    assert chat.state.answers["activity"] == "yes"
    assert "au lieu de Non" in chat.said


def test_a_choice_taken_back_right_after_at_the_description(guide: Guide) -> None:
    chat = chat_at(guide, "tap:association", "Lens", "tap:Tous")
    assert chat.state.step == "project"
    chat.text("pardon, des jeunes")
    assert chat.state.answers["audience"] == "youth" and "description" not in chat.state.answers
    chat = chat_at(guide, "tap:association", "Lens", "tap:Tous")
    chat.text("en fait c'est un jardin partagé pour les jeunes du quartier")
    assert chat.state.answers["audience"] == "all"  # a description, not a correction


def test_si_alone_at_a_question_is_no_correction(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000", "2000")
    chat.text("si")
    assert "activity" not in chat.state.answers and chat.state.answers["cofunding"] == "2000.00"


def test_a_correction_beside_a_question_of_its_own_still_corrects(guide: Guide) -> None:
    chat = chat_at(guide, *LENS_FICHE_1, "10000", "3000")
    chat.text("pardon le total c'est 12000, c'est quoi le plafond ?")
    assert chat.state.answers["total"] == "12000.00"
