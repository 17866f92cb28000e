"""knowledge.asked.Asked: a question the documents do not answer is not answered by a
neighbouring entry or passage (issue: the FAQ's abstention, faq4 pass). A count of things must
be answered by a number of *those* things, a year named by a text holding that year, a date by
a text holding one. Through the real dialog (/start, consent, /question, then the text), each
rule with the near-neighbour it must keep answering."""

from __future__ import annotations

import datetime as dt

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat

NOT_SAID = "ne le disent pas"


def said_not_given(said: str, neighbour: str) -> None:
    """The reply says the documents do not say it, and does not give the neighbouring answer
    it used to (tests/test_faq_needs.py, tests/test_faq_owner.py)."""
    assert NOT_SAID in said or "do not say" in said, said
    assert neighbour not in said, said


def asked(guide: Guide, text: str, today: dt.date = dt.date(2014, 11, 27)) -> str:
    """The bot's reply to `text` typed in question mode."""
    chat = Chat(guide, today=today)
    chat.start()
    chat.command("/question")
    chat.text(text)
    return " ".join(chat.said.split())


@pytest.mark.parametrize(
    "text",
    [
        "Combien de jeunes minimum faut-il mobiliser dans le projet ?",  # was the amount floor
        "Combien d'habitants doivent participer au projet au minimum ?",
        "Combien de dossiers une même association peut-elle déposer ?",  # was the deadline
        "Bonjour, pourriez-vous m'indiquer combien de projets seront retenus au maximum sur "
        "notre territoire ? Merci d'avance.",  # was the ceilings (passages_tune3)
    ],
)
def test_a_count_of_things_no_text_counts_is_not_answered(guide: Guide, text: str) -> None:
    said = asked(guide, text)
    assert NOT_SAID in said and "sabrina.castel" in said  # the contacts, to ask them
    assert "2 000 €" not in said.partition("Les passages les plus proches")[0]


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Combien d'associations gestionnaires gèrent les Fonds de Participation des Habitants ?",
            "115",
        ),
        (
            "Combien de microprojets les Fonds de Participation des Habitants ont-ils réalisés en 2012 ?",
            "3 800",
        ),
        ("Combien de cofinancement faut-il de la commune ?", "30 %"),  # money: not counted
    ],
)
def test_a_count_the_documents_give_is_still_answered(guide: Guide, text: str, fact: str) -> None:
    said = asked(guide, text)
    assert NOT_SAID not in said and "pas sûr" not in said and fact in said


@pytest.mark.parametrize(
    "text",
    [
        "Y aura-t-il un nouvel appel à projets DSDT en 2017 ?",  # was the 2014 calendar
        "Quelle était la date limite de dépôt des dossiers en 2013 ?",
        "Combien de microprojets ont été financés en 2014 ?",  # the documents count 2012's
    ],
)
def test_a_year_no_answer_holds_is_not_answered(guide: Guide, text: str) -> None:
    assert NOT_SAID in asked(guide, text)


def test_a_law_s_number_and_the_current_year_are_no_year_asked(guide: Guide) -> None:
    letter = (
        "Madame, Monsieur, pourriez-vous m'indiquer, s'il vous plaît, si une association de loi "
        "1901 peut déposer un dossier au titre de la fiche 2 ? Je vous remercie par avance."
    )
    assert NOT_SAID not in asked(guide, letter) and "pas sûr" not in asked(guide, letter)
    # asked in 2026 about 2026: the calendar, read against today, answers it (the call is closed)
    now = asked(
        guide, "est ce qu'il est encore possible de postuler en 2026", dt.date(2026, 12, 7)
    )
    assert "clos" in now and "23 janvier 2015" in now


def test_a_date_asked_is_answered_only_by_a_text_holding_one(guide: Guide) -> None:
    assert NOT_SAID in asked(guide, "Quelle est la date du jury territorial ?")  # was the juries
    deadline = asked(guide, "Quelle est la date limite de dépôt des dossiers complets ?")
    assert "23 janvier 2015" in deadline and NOT_SAID not in deadline


def test_the_thing_counted_is_read_from_the_data(guide: Guide) -> None:
    rules = guide.faq.asked
    assert rules.counted("cb de jeunes ?") == rules.counted("combien de jeunes") is not None
    assert rules.counted("How many volunteers do we need?") is not None
    assert rules.counted("combien de temps dure le projet ?") is None  # a duration
    assert rules.counted("What is the phone number of Amélie Antoine?") is None
    assert rules.years("une association loi 1901 en 2017", now=2014) == ["2017"]


def test_a_passage_is_not_quoted_when_what_is_asked_is_in_no_document(guide: Guide) -> None:
    # « salaire » is in no passage: « agents de proximité » (fiche 4's aims) does not answer
    said = asked(guide, "Quel est le salaire d'un agent de proximité ?")
    assert NOT_SAID in said and "sabrina.castel" in said
    near = asked(
        guide, "Quels grands équipements régionaux peuvent servir de leviers de mobilisation ?"
    )
    assert "Louvre-Lens" in near and NOT_SAID not in near  # « servir » is in none either


def test_a_sum_asked_is_answered_only_by_a_text_holding_one(guide: Guide) -> None:
    # the FPH's entry counts associations and microprojects: no budget
    said = asked(guide, "Quel est le budget total du Fonds de Participation des Habitants ?")
    assert NOT_SAID in said and "115" not in said.partition("Les passages les plus proches")[0]
    floor = asked(guide, "Quel est le budget minimum pour la fiche 3 ?")
    assert "5 000 €" in floor and NOT_SAID not in floor
