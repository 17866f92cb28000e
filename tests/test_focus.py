"""A letter's question apart from what it tells (knowledge/focus.py), and what that changes for
the answers: a long formal question is answered as its short form is, a question that
resembles an entry only through its context is not, and two questions in one are not given
half an answer."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge import load_knowledge
from knowledge.faq import Faq
from knowledge.focus import asks, clauses, context_words, split, two_asks
from knowledge.places import Gazetteer

OPEN = dt.date(2014, 11, 27)


@pytest.fixture(scope="module")
def faq() -> Faq:
    knowledge = load_knowledge()
    return Faq(knowledge, Gazetteer.from_knowledge(knowledge))


def test_clauses_end_at_sentence_and_clause_marks() -> None:
    assert clauses("Bonjour. Notre association existe ; quel est le plafond ? Merci") == [
        "Bonjour.",
        "Notre association existe ;",
        "quel est le plafond ?",
        "Merci",
    ]


def test_the_telling_clauses_are_context_and_the_asking_ones_the_focus() -> None:
    context, asked = split(
        "Madame, Monsieur, notre association accompagne les familles de Calais depuis dix "
        "ans. Nous aimerions savoir jusqu'à quelle date déposer le dossier complet. Merci."
    )
    assert "familles" in context and "Merci" in context
    assert asked.startswith("Nous aimerions savoir") and "familles" not in asked
    words = context_words("Notre club existe depuis 1990. Quel est le plafond ?")
    assert {"club", "existe", "1990"} <= words and "plafond" not in words


def test_before_a_request_formula_the_pieces_tell_but_not_before_a_bare_question_word() -> None:
    context, asked = split(
        "Dans le cadre de notre dossier, nous souhaiterions connaître le plafond en investissement."
    )
    assert context.strip() == "Dans le cadre de notre dossier"
    assert asked.strip().startswith("nous souhaiterions connaître")
    # "on fait comment" asks about the project named before it: all of it is the question
    assert split("mon projet rentre dans 2 fiches, on fait comment") == (
        "",
        "mon projet rentre dans 2 fiches, on fait comment",
    )
    # a list inside the question is not context
    assert split("Qui contacter : la Région, la ville ou l'intercommunalité ?")[0] == ""


def test_a_message_all_question_or_never_asking_has_no_context() -> None:
    assert split("Quel est le plafond de la fiche 4 ?") == (
        "",
        "Quel est le plafond de la fiche 4 ?",
    )
    assert context_words("On veut monter un jardin partagé. Avec les habitants.") == frozenset()
    assert not asks("On veut monter un jardin partagé avec les habitants.")
    assert asks("Pourriez-vous m'indiquer le plancher. Cordialement.")


def test_two_questions_in_one_are_told() -> None:
    assert two_asks("Quel est le plancher, ainsi que le taux de cofinancement ?")
    assert two_asks("What is the floor? And the ceiling?")
    assert not two_asks("Quel est le plancher de la fiche 3 ?")


def test_a_long_formal_letter_is_answered_as_its_short_form(faq: Faq) -> None:
    short = faq.ask("C'est combien le minimum pour la fiche 1 ?", OPEN)
    letter = faq.ask(
        "Madame, Monsieur, notre association de quartier, implantée depuis dix ans à Roubaix, "
        "souhaite déposer un projet de mobilisation des habitants ; pourriez-vous nous indiquer "
        "le montant minimum de la demande de subvention que nous pouvons présenter ? Avec nos "
        "remerciements.",
        OPEN,
    )
    assert short.status == letter.status == "answered"
    assert short.entry is not None and letter.entry is not None
    assert letter.entry.id == short.entry.id == "floor"
    assert "2\u202f000" in letter.text


def test_an_english_letter_with_its_greeting_and_thanks_is_answered(faq: Faq) -> None:
    answer = faq.ask(
        "Hello, we are a small residents' association in Lille. Could you please tell us the "
        "minimum amount we can apply for under fiche 1? Many thanks in advance.",
        OPEN,
        "en",
    )
    assert answer.status == "answered" and answer.entry is not None
    assert answer.entry.id == "floor" and "€2,000" in answer.text


def test_a_premise_in_the_documents_words_still_steers_the_question(faq: Faq) -> None:
    """'Can we still apply?' alone is 'is the call open?'; after 'we already receive regional
    funding for our activity programme' it is the non-cumulation rule."""
    answer = faq.ask(
        "We already receive regional funding for our activity programme. Can we still apply?",
        OPEN,
        "en",
    )
    assert answer.entry is not None and answer.entry.id == "non_cumul"


def test_half_of_a_two_part_question_is_not_given_as_the_answer(faq: Faq) -> None:
    answer = faq.ask(
        "Bonjour, pourriez-vous m'indiquer le montant minimum d'une demande pour un projet "
        "structurant relevant de la fiche 3, ainsi que le taux de cofinancement exigé des "
        "collectivités locales ? Nous vous remercions pour votre attention.",
        OPEN,
    )
    assert answer.status != "answered" or "30" in answer.text


def test_a_letter_about_what_the_documents_never_say_is_not_answered(faq: Faq) -> None:
    for text in (
        "Madame, Monsieur, notre association peut-elle obtenir une avance de trésorerie de la "
        "Région avant le démarrage du projet ? Merci.",
        "Le dossier peut-il être déposé en ligne sur une plateforme ?",
        "On veut monter un jardin partagé en bas des tours avec les habitants",
    ):
        assert faq.ask(text, OPEN).status == "unsure", text
