"""Questions anywhere in the dialog (issue 11, item 3): at every step a question is told from
an answer by what it says, answered, and the current question asked again with nothing
changed; answers, descriptions and buttons stay what they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from tests.dialog_driver import Chat
from tests.test_questions import plain

ROUTE = [
    ("role", lambda c: c.tap("association")),
    ("place", lambda c: c.text("Liévin")),
    ("audience", lambda c: c.tap("quartier")),
    ("project", lambda c: c.text("un jardin partagé au pied des immeubles")),
    ("fiche_confirm", lambda c: c.text("oui")),
    ("priority_area", lambda c: c.tap("Oui")),
    ("kind", lambda c: c.tap("Investissement")),
    ("total", lambda c: c.text("50000")),
    ("request", lambda c: c.text("20000")),
    ("cofunding", lambda c: c.text("10000")),
    ("activity", lambda c: c.tap("Non")),
    ("summary", lambda c: c.tap("Voir le résultat")),
    ("verdict", None),
]
STEPS = [step for step, _ in ROUTE]


def reach(guide: Guide, step: str) -> Chat:
    """A real conversation, answered up to `step`."""
    chat = Chat(guide)
    chat.start()
    for name, answer in ROUTE:
        assert chat.state.step == name
        if name == step:
            return chat
        assert answer is not None
        answer(chat)
    raise AssertionError(step)


def ask_mid_dialog(chat: Chat, question: str) -> str:
    """Type a question; check nothing changed and the step's question is asked again."""
    before = chat.state.copy()
    prompt = chat.replies[-1]
    chat.text(question)
    after = chat.state
    assert (after.step, after.answers, after.suggestion, after.seq) == (
        before.step,
        before.answers,
        before.suggestion,
        before.seq,
    )
    # The same question again, with the same (still valid) buttons (without what came before
    # it in the same message, such as "J'ai noté 50 000 €."); after the verdict, its closing
    # question and buttons rather than the whole verdict.
    assert chat.replies[-1].choices == prompt.choices
    assert chat.state.step == "verdict" or prompt.text.endswith(chat.replies[-1].text)
    return plain(chat.said)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    ("question", "shows"),
    [
        ("c koi le plancher", "5 000 €"),
        ("jusqua kan on peu deposé", "23 janvier 2015"),
        ("Denain, projet GUP : quel est le bon interlocuteur ?", "DOLEZ"),
    ],
    ids=["sms-floor", "sms-deadline", "contact-place-fiche"],
)
def test_a_question_at_any_step_is_answered_then_the_step_asked_again(
    guide: Guide, step: str, question: str, shows: str
) -> None:
    chat = reach(guide, step)
    if step == "place" and "Denain" in question:
        # reading12: at the commune question, the commune a question names is offered too
        chat.text(question)
        assert shows in plain(chat.said) and chat.state.step == "place_choice"
        assert "place" not in chat.state.answers and len(chat.state.candidates) == 1
        return
    said = ask_mid_dialog(chat, question)
    assert shows in said and "Source" in said


@pytest.mark.parametrize(
    ("step", "question", "shows"),
    [
        ("project", "le FLIP c'est pour qui", "ruraux"),
        ("fiche_confirm", "c koi une fiche ?", "Quatre fiches"),
        ("fiche_confirm", "c'est quoi la GUP ?", "Fiche 4"),
        ("total", "plafond fiche 4 ?", "150 000 €"),
        ("request", "on peut demander combien au max ?", "150 000 €"),
        ("cofunding", "faut que la mairie paye une partie ?", "30"),
        ("priority_area", "c'est quoi un QPV", "quartier"),
        ("kind", "c koi la différence entre investissement et fonctionnement", "20 000 €"),
        ("role", "on est une asso, c'est quoi le FPH ?", "Fonds de Participation"),
        ("audience", "qui décide au final", "jury"),
        ("place", "vous faites quoi de mes données", "/effacer"),
        (
            "activity",
            "le cumul avec une autre aide de la région c'est possible ?",
            "besoin non couvert",
        ),
        ("total", "who decides", "jur"),
    ],
)
def test_questions_that_look_like_nothing_special_are_still_questions(
    guide: Guide, step: str, question: str, shows: str
) -> None:
    chat = reach(guide, step)
    said = ask_mid_dialog(chat, question)
    assert shows in said


def test_asking_what_a_fiche_is_never_erases_the_suggestion(guide: Guide) -> None:
    chat = reach(guide, "fiche_confirm")
    suggested = chat.state.suggestion
    assert suggested["fiche"] == 4
    ask_mid_dialog(chat, "c koi une fiche ?")
    ask_mid_dialog(chat, "c'est quoi la fiche 4 ?")
    assert chat.state.suggestion == suggested
    chat.text("oui")
    assert chat.state.answers["fiche"] == 4


@pytest.mark.parametrize(
    "step", ["total", "request", "cofunding", "place", "kind", "role", "project", "activity"]
)
def test_an_out_of_scope_question_mid_dialog_is_doubted_with_the_contacts(
    guide: Guide, step: str
) -> None:
    chat = reach(guide, step)
    said = ask_mid_dialog(chat, "quelle heure est-il ?")
    assert "pas sûr" in said and "CASTEL" in said


@pytest.mark.parametrize(
    ("step", "answer", "recorded"),
    [
        ("place", "Lens", ("place", "insee", "62498")),
        ("place", "59000", ("place", "insee", "59350")),
        ("place", "st omer", ("place", "insee", "62765")),
        ("total", "5000", ("total", None, "5000.00")),
        ("total", "12 000 € ?", ("total", None, "12000.00")),
        ("total", "deux mille euros", ("total", None, "2000.00")),
        ("request", "2k", ("request", None, "2000.00")),
        ("cofunding", "0", ("cofunding", None, "0")),
        ("role", "on est une asso", ("role", None, "association")),
        ("audience", "les jeunes", ("audience", None, "youth")),
        ("kind", "plutôt des travaux", ("kind", None, "investment")),
        ("priority_area", "je sais pas", ("priority_area", None, "unknown")),
        ("activity", "non", ("activity", None, "no")),
    ],
)
def test_valid_answers_stay_answers(
    guide: Guide, step: str, answer: str, recorded: tuple[str, str | None, str]
) -> None:
    chat = reach(guide, step)
    chat.text(answer)
    key, field, value = recorded
    got = chat.state.answers[key]
    got = got[field] if field else got
    if field is None and value[:1].isdigit():
        assert Decimal(got) == Decimal(value)
    else:
        assert got == value
    assert chat.state.step != step


@pytest.mark.parametrize(
    "description",
    [
        "un jardin partagé au pied des immeubles avec les habitants",
        "rénovation énergétique des logements avec accompagnement des locataires",
        "des ateliers de cuisine pour les jeunes qui habitent le quartier",
        "un projet culturel avec les habitants",
    ],
)
def test_a_description_stays_a_description(guide: Guide, description: str) -> None:
    chat = reach(guide, "project")
    chat.text(description)
    assert chat.state.step == "fiche_confirm"
    assert chat.state.answers["description"] == description


def test_a_question_before_consent_is_answered_and_consent_asked_again(guide: Guide) -> None:
    chat = Chat(guide)
    chat.command("/start")
    prompt = chat.replies[-1]
    chat.text("c koi le plancher")
    assert not chat.state.consent and chat.state.step == "consent"
    assert "5 000 €" in plain(chat.said) and chat.replies[-1].choices == prompt.choices


def test_english_chat_gets_english_answers_mid_dialog(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    chat.start()
    chat.tap("association")
    said = ask_mid_dialog(chat, "what is the minimum amount for fiche 4")
    assert "Fiche 4: minimum request of €5,000." in said


def test_a_question_button_answer_keeps_the_step(guide: Guide) -> None:
    """The closest questions offered when unsure are buttons; tapping one answers it and
    asks the step again."""
    chat = reach(guide, "total")
    chat.text("et pour le truc là ?")
    assert chat.state.step == "total"
    chat.send(Event.choice("faq|floor"))
    assert "5 000 €" in plain(chat.said) and chat.state.step == "total"
