"""knowledge.letters: a letter's greeting and closing set aside, and what that does to the FAQ."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.flow import Guide
from knowledge.letters import body

OPEN = dt.date(2014, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Hello, I would like to know whether a charity can apply for this grant. Many thanks",
            "I would like to know whether a charity can apply for this grant.",
        ),
        (
            "Hello, sorry to bother you, how much do local authorities have to contribute? "
            "Thank you so much",
            "how much do local authorities have to contribute?",
        ),
        (
            "Dear team, is there a maximum for running costs? Many thanks in advance, Paul",
            "is there a maximum for running costs?",
        ),
        (
            "Bonjour Madame, le projet se déroulera à Liévin. Bien cordialement, Martine Leroy",
            "le projet se déroulera à Liévin.",
        ),
    ],
)
def test_the_courtesy_around_a_message_is_set_aside(text: str, expected: str) -> None:
    assert body(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Merci de m'indiquer la date limite.",  # the thanks carries the question
        "Notre asso est à Calais. Merci de m'indiquer la date limite.",
        "Cordialement",  # nothing else: kept
        "Bonjour",
        "Lens, Merci ?",  # a clause that asks is never dropped
        "12,000 euros",  # a comma inside an amount ends no clause
    ],
)
def test_what_is_not_only_courtesy_is_kept(text: str) -> None:
    assert body(text) == text


def test_a_closing_no_longer_hides_the_question_from_the_faq(guide: Guide) -> None:
    asked = "Hello, I would like to know whether a charity can apply for this grant."
    for closing in ("", " Many thanks", " Kind regards, Paul"):
        answer = guide.faq.ask(asked + closing, OPEN)
        assert answer.status == "answered" and answer.entry is not None, closing
        assert answer.entry.id == "who_can_apply" and answer.lang == "en", closing


def test_an_english_question_is_answered_in_english(guide: Guide) -> None:
    answer = guide.faq.ask(
        "Dear team, we are a tenants' association in Roubaix. Is there a maximum for running "
        "costs in fiche 4? Many thanks in advance, Paul",
        OPEN,
    )
    assert answer.status == "answered" and answer.lang == "en"  # was answered in French
    assert "20,000" in answer.text.replace("\u202f", ",")


def test_a_law_number_is_no_amount_of_a_question(guide: Guide) -> None:
    answer = guide.faq.ask(
        "Pourriez-vous m'indiquer, s'il vous plaît, si une association de loi 1901 peut "
        "déposer un dossier au titre de la fiche 2 ?",
        OPEN,
    )
    assert answer.details is not None and answer.details.amount is None
    assert answer.entry is not None and answer.entry.id == "who_can_apply"
