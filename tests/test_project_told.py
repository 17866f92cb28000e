"""A project told is not a question (faq10b): « On veut monter un jardin partagé en bas des
tours avec les habitants » was left unsure only because « monter » shares the floor's stem
« mont » (7.9 behind gup_actions, MARGIN 8); faq10's two entries moved the FAQ's idf and the
margin to 8.1, and the description was answered. The FAQ's confident answer now needs the
message to ask (knowledge.faq_checks.project_told), whatever the margin. Through the dialog in
question mode (benchmarks/passages.py's Asker), beside questions in a few words and requests
saying « je » that keep their answers."""

from __future__ import annotations

import pytest

from benchmarks import passages as bench
from knowledge.asking import tells_of_self


@pytest.fixture(scope="module")
def asker() -> bench.Asker:
    return bench.Asker()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Nous voulons créer un jardin partagé avec les locataires de la résidence", "fr"),
        ("nous avons un projet de jardin partagé avec les locataires", "fr"),
        ("we run a shared garden with the tenants", "en"),
    ],
)
def test_a_project_told_in_the_first_person_is_not_answered(
    asker: bench.Asker, text: str, lang: str
) -> None:
    """Each was answered with the GUP's actions at faq10 (scores 55.0, well clear of MARGIN)."""
    assert bench.says_not_sure(asker.reply(text, lang)), text


@pytest.mark.parametrize(
    ("text", "lang", "fact"),
    [
        ("jardin partagé", "fr", "jardin"),
        ("le plafond pour des travaux en GUP", "fr", "150 000"),
        ("je voudrais le plafond pour des travaux en GUP", "fr", "150 000"),
        ("notre jardin partagé est il éligible", "fr", "jardin"),
    ],
)
def test_questions_in_few_words_and_requests_keep_their_answers(
    asker: bench.Asker, text: str, lang: str, fact: str
) -> None:
    reply = asker.reply(text, lang)
    assert not bench.says_not_sure(reply) and bench.normal(fact) in bench.normal(reply), reply


def test_a_first_person_message_tells_unless_it_requests() -> None:
    assert tells_of_self("On veut monter un jardin partagé")
    assert tells_of_self("we run a shared garden")
    assert not tells_of_self("le plafond pour des travaux en GUP")
    assert not tells_of_self("je voudrais le plafond pour des travaux en GUP")
