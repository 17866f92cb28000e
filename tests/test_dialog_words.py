"""People's own words in the dialog (issue 11): amounts repeated back as understood, ranges
answered with a question, "rien" as co-funding, "je ne sais pas" at every step, stray input
never recorded, edited messages never taken as answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from knowledge.money import format_money
from tests.dialog_driver import Chat


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


def reach(chat: Chat, step: str, fiche: int = 4) -> None:
    """Answer the questions in order (by taps and clean text) until `step` is asked."""
    chat.start()
    actions = [
        ("role", lambda: chat.tap("association")),
        ("place", lambda: chat.text("Liévin")),
        ("audience", lambda: chat.tap("quartier")),
        ("project", lambda: chat.text("un jardin partagé au pied des immeubles")),
        ("fiche_confirm", lambda: chat.send(Event.choice(f"{chat.state.seq}|fiche:{fiche}"))),
        ("priority_area", lambda: chat.tap("Oui")),
        ("kind", lambda: chat.tap("Fonctionnement")),
        ("total", lambda: chat.text("40000")),
        ("request", lambda: chat.text("20000")),
        ("cofunding", lambda: chat.text("10000")),
        ("activity", lambda: chat.tap("Non")),
    ]
    for name, act in actions:
        if chat.state.step == step:
            return
        assert chat.state.step == name, (chat.state.step, name)
        act()
    assert chat.state.step == step


# ---------------------------------------------------------------- amounts repeated back
@pytest.mark.parametrize(
    ("step", "typed", "stored", "echo"),
    [
        pytest.param(
            "total", "45 mille", "45000.00", "coût total de 45\u202f000\u00a0€", id="45-mille"
        ),
        pytest.param(
            "total", "1,5 million", "1500000.00", "1\u202f500\u202f000\u00a0€", id="million"
        ),
        pytest.param(
            "request", "deux mille cinq cents", "2500.00", "2\u202f500\u00a0€", id="words"
        ),
        pytest.param("request", "3 mil 500", "3500.00", "3\u202f500\u00a0€ demandés", id="mil"),
        pytest.param("request", "2k5", "2500.00", "2\u202f500\u00a0€", id="sms"),
        pytest.param("cofunding", "1 999,99 €", "1999.99", "1\u202f999,99\u00a0€", id="cents"),
    ],
)
def test_typed_amount_is_repeated_back_with_the_next_question(
    chat: Chat, step: str, typed: str, stored: str, echo: str
) -> None:
    reach(chat, step)
    before = chat.state.step
    chat.text(typed)
    assert chat.state.answers[before] == stored
    assert chat.state.step != before
    first = chat.replies[0].text
    assert first.startswith("J'ai noté") and echo in first
    # One message: the echo and the next question, with that question's buttons.
    assert len(chat.replies) == 1 and chat.replies[0].choices


def test_echo_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    chat.start()
    chat.tap("association")
    chat.text("Arras")
    chat.tap("neighbourhood")
    chat.send(Event.choice(f"{chat.state.seq}|fiche:1"))
    chat.text("3 thousand")
    assert chat.state.answers["total"] == "3000.00"
    assert "I noted a total cost of €3,000." in chat.said


def test_an_edited_total_echoes_on_the_summary(chat: Chat) -> None:
    reach(chat, "summary")
    chat.tap("Coût total")
    chat.text("50k")
    assert chat.state.step == "summary"
    assert "J'ai noté un coût total de 50\u202f000\u00a0€." in chat.said
    assert "Vos réponses" in chat.said


# ---------------------------------------------------------------- co-funding: nothing is 0
@pytest.mark.parametrize(
    "typed",
    [
        "rien",
        "pas encore",
        "0",
        "aucun",
        "nothing",
        "on n'a rien de la mairie",
        "pas de cofinancement",
        "Rien pour l'instant",
    ],
)
def test_nothing_at_the_cofunding_step_means_zero(chat: Chat, typed: str) -> None:
    reach(chat, "cofunding")
    chat.text(typed)
    assert chat.state.answers["cofunding"] == "0.00"
    assert "J'ai noté 0\u00a0€ de co-financement local." in chat.said
    assert chat.state.step == "activity"


def test_nothing_is_not_an_amount_at_the_request_step(chat: Chat) -> None:
    reach(chat, "request")
    chat.text("rien")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "pas reconnu de montant" in chat.said


# ---------------------------------------------------------------- ranges: a question
@pytest.mark.parametrize(
    ("typed", "low", "high"),
    [
        pytest.param("3000 ou 4000", "3000", "4000", id="ou"),
        pytest.param("entre 2 et 3 k", "2000", "3000", id="entre-k"),
        pytest.param("3 à 4000", "3000", "4000", id="a"),
        pytest.param("2000-3000", "2000", "3000", id="hyphen"),
        pytest.param("deux ou trois mille", "2000", "3000", id="words"),
    ],
)
def test_a_range_is_refused_with_a_question_and_buttons(
    chat: Chat, typed: str, low: str, high: str
) -> None:
    reach(chat, "request")
    chat.text(typed)
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "un seul montant" in chat.said and "lequel" in chat.said
    labels = [label for label, _ in chat.buttons()]
    assert labels[:2] == [format_money(Decimal(low)), format_money(Decimal(high))]
    chat.tap(labels[1])
    assert chat.state.answers["request"] == f"{high}.00"
    assert chat.state.step == "cofunding"
    assert "J'ai noté" in chat.said


def test_deux_mille_cinq_is_asked_with_both_readings(chat: Chat) -> None:
    reach(chat, "total")
    chat.text("deux mille cinq")
    assert "total" not in chat.state.answers
    assert "Voulez-vous dire 2\u202f005\u00a0€ ou 2\u202f500\u00a0€ ?" in chat.said
    chat.tap("2\u202f500")
    assert chat.state.answers["total"] == "2500.00"


def test_two_different_amounts_are_named_and_refused(chat: Chat) -> None:
    """At the request, two local authorities' parts are the co-funding asked next, said so
    (reading19: « écrivez le total » advised to make their sum the request)."""
    reach(chat, "request")
    chat.text("2000 de la mairie et 1500 de l'agglo")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "2\u202f000\u00a0€, 1\u202f500\u00a0€ : ce sont les parts" in chat.said
    assert "écrivez le total" not in chat.said


def test_two_different_amounts_without_givers_are_named_and_refused(chat: Chat) -> None:
    reach(chat, "request")
    chat.text("2000 puis 1500")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "plusieurs montants (2\u202f000\u00a0€, 1\u202f500\u00a0€)" in chat.said


def test_several_local_cofunders_are_summed_and_said(chat: Chat) -> None:
    """Every giver a local authority (money_words.toml [givers]): their sum is the local
    co-funding, said with its parts (reading19; it was asked « Faut-il les additionner ? »)."""
    reach(chat, "cofunding")
    chat.text("la mairie 2000, l'agglo 2000 et le département 1500")
    assert chat.state.answers["cofunding"] == "5500.00"
    said = chat.said.replace("\u202f", " ").replace("\u00a0", " ")
    assert "5 500 € de co-financement local (2 000 € + 2 000 € + 1 500 €)" in said


def test_several_cofunders_are_offered_their_total(chat: Chat) -> None:
    """A giver the words do not say is local (« Jean »): the sum is offered, not taken."""
    reach(chat, "cofunding")
    chat.text("la mairie 2000, l'agglo 2000 et Jean 1500")
    assert "cofunding" not in chat.state.answers and chat.state.step == "cofunding"
    assert "Faut-il les additionner (5\u202f500\u00a0€ au total)" in chat.said
    chat.tap("Le total")
    assert chat.state.answers["cofunding"] == "5500.00"
    assert "J'ai noté 5\u202f500\u00a0€ de co-financement local." in chat.said


def test_a_range_with_a_question_mark_is_still_an_answer(chat: Chat) -> None:
    reach(chat, "total")
    chat.text("3000 ou 4000 ?")
    assert "un seul montant" in chat.said and chat.state.step == "total"


# ---------------------------------------------------------------- "je ne sais pas"
DONT_KNOW = ["🤷", "je ne sais pas", "jsp", "je sais pas", "aucune idée", "I don't know"]


def say_dont_know(chat: Chat, how: str) -> None:
    if how == "🤷":
        chat.tap("Je ne sais pas")
    else:
        chat.text(how)


@pytest.mark.parametrize("how", DONT_KNOW)
@pytest.mark.parametrize("step", ["role", "audience"])
def test_dont_know_who_is_noted_and_the_dialog_moves_on(chat: Chat, step: str, how: str) -> None:
    reach(chat, step)
    say_dont_know(chat, how)
    assert chat.state.answers[step] == "unknown" and chat.state.step != step
    assert "à préciser" in chat.said


@pytest.mark.parametrize("how", DONT_KNOW)
def test_dont_know_the_place_explains_and_gives_the_regional_contacts(
    chat: Chat, how: str
) -> None:
    reach(chat, "place")
    say_dont_know(chat, how)
    assert chat.state.step == "place" and "place" not in chat.state.answers
    assert "siège de votre structure" in chat.said and "@" in chat.said
    chat.text("Arras")  # and the next answer still works
    assert chat.state.answers["place"]["name"] == "Arras"


@pytest.mark.parametrize("how", DONT_KNOW)
def test_dont_know_the_fiche_explains_the_four_then_keeps_it_to_be_confirmed(
    chat: Chat, how: str
) -> None:
    reach(chat, "fiche_confirm")
    suggested = chat.state.suggestion["fiche"]
    say_dont_know(chat, how)  # first the four fiches, explained in one line each
    assert chat.state.step == "fiche_confirm" and "fiche" not in chat.state.answers
    assert all(f"Fiche {n}" in [label for label, _ in chat.buttons()] for n in (1, 2, 3, 4))
    say_dont_know(chat, how)  # still unsure: who helps choose, then the closest one
    assert chat.state.answers["fiche_unsure"] is True and "mention « à confirmer »" in chat.said
    chat.tap(f"Fiche {suggested}")
    assert chat.state.answers["fiche"] == suggested
    while chat.state.step != "summary":
        chat.tap("Je ne sais pas")
    assert f"Fiche : {suggested}" in chat.said and "(à confirmer)" in chat.said
    chat.tap("Voir le résultat")
    assert chat.state.step == "verdict"


@pytest.mark.parametrize("how", DONT_KNOW)
def test_dont_know_before_describing_explains_the_fiches(chat: Chat, how: str) -> None:
    reach(chat, "project")
    say_dont_know(chat, how)
    assert chat.state.step == "fiche_confirm" and "fiche" not in chat.state.answers
    assert "Voici les quatre" in chat.said and "Je ne sais pas" in str(chat.buttons())
    chat.tap("Fiche 2")
    assert chat.state.answers["fiche"] == 2 and "fiche_unsure" not in chat.state.answers


@pytest.mark.parametrize("how", DONT_KNOW)
@pytest.mark.parametrize("step", ["total", "request", "cofunding"])
def test_dont_know_an_amount_is_noted_to_be_specified(chat: Chat, step: str, how: str) -> None:
    reach(chat, step)
    say_dont_know(chat, how)
    assert step in chat.state.answers and chat.state.answers[step] is None
    assert chat.state.step != step and "à préciser" in chat.said


@pytest.mark.parametrize("step", ["priority_area", "kind", "activity"])
def test_dont_know_typed_at_the_other_steps(chat: Chat, step: str) -> None:
    reach(chat, step)
    chat.text("jsp")
    assert chat.state.answers[step] == "unknown" and chat.state.step != step


def test_dont_know_every_amount_still_reaches_a_verdict(chat: Chat) -> None:
    reach(chat, "total")
    for _ in range(3):
        chat.tap("Je ne sais pas")
    chat.tap("Non")
    assert "Coût total : à préciser" in chat.said
    chat.tap("Voir le résultat")
    assert chat.state.step == "verdict" and chat.state.lead is not None
    assert chat.state.lead["total"] is None and chat.state.lead["request"] is None


def test_an_amount_beside_dont_know_is_the_answer(chat: Chat) -> None:
    reach(chat, "request")
    chat.text("je sais pas, peut-être 3000")
    assert "request" not in chat.state.answers  # said with a doubt: offered (issue 22, reading11)
    chat.tap("Oui, 3")
    assert chat.state.answers["request"] == "3000.00"
    assert "J'ai noté 3\u202f000\u00a0€" in chat.said


def test_dont_know_at_consent_explains_and_stores_nothing(chat: Chat) -> None:
    chat.command("/start")
    chat.text("je sais pas")
    assert not chat.state.consent and chat.state.step == "consent"
    assert "/effacer" in chat.said and chat.buttons()


# ---------------------------------------------------------------- stray input
@pytest.mark.parametrize(
    ("step", "typed"),
    [
        ("role", "7"),
        ("role", "ok"),
        ("role", "bonjour"),
        ("role", "salut ça va"),
        ("audience", "3"),
        ("audience", "oui"),
        ("project", "5"),
        ("project", "ok merci"),
        ("fiche_confirm", "7"),
        ("fiche_confirm", "!!"),
    ],
)
def test_stray_input_is_never_recorded(chat: Chat, step: str, typed: str) -> None:
    reach(chat, step)
    answers = dict(chat.state.answers)
    chat.text(typed)
    assert chat.state.step == step and chat.state.answers == answers
    assert "compris" in chat.said
    assert chat.buttons()  # re-prompted with the step's buttons


def test_a_real_description_of_oneself_is_kept(chat: Chat) -> None:
    reach(chat, "role")
    chat.text("un groupe d'amis retraités")
    assert chat.state.answers["role"] == "other"
    assert chat.state.answers["role_text"] == "un groupe d'amis retraités"


# ---------------------------------------------------------------- edited messages
def test_an_edited_message_is_not_an_answer(chat: Chat) -> None:
    reach(chat, "request")
    answers = dict(chat.state.answers)
    chat.send(Event.edited("50000"))
    assert chat.state.answers == answers and chat.state.step == "request"
    assert "modifié" in chat.said and "/retour" in chat.said and "/recommencer" in chat.said
    assert "Combien demandez-vous" in chat.replies[-1].text


def test_an_edit_before_consent_stores_nothing(chat: Chat) -> None:
    chat.command("/start")
    chat.send(Event.edited("oui"))
    assert not chat.state.consent and chat.state.step == "consent"


def test_a_question_that_starts_with_dont_know_is_still_a_question(chat: Chat) -> None:
    reach(chat, "request")
    chat.text("je ne sais pas quoi mettre, c'est quoi le plancher ?")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "à préciser" not in chat.said
