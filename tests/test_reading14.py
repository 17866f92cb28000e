"""Issue 22, reading14: questions typed at the first steps are answered, never read as answers;
odd digits (full-width, styled letters, powers, no-break spaces) read once, the same by every
reader. Each through the real dialog (`tests.dialog_driver`), each a case of
tests/understanding/conversations_tune14.toml first."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge.asking import asks
from knowledge.text import typed
from tests.dialog_driver import Chat, started

TO_PRIORITY = ("tap:association", "Lens", "tap:quartier", "tap:(4)")
ROUBAIX_LETTER = (
    "Bonjour, nous sommes un centre social de Roubaix et nous préparons un projet au titre de "
    "la fiche 2. Pourriez-vous me communiquer les coordonnées de la personne ressource ? "
    "Cordialement"
)
LENS_LETTER = (
    "Dear Sir or Madam, our charity is based in Lens and runs workshops for parents. Could you "
    "tell us whom we should contact about the DSDT call? Kind regards"
)


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


def faq_reply(guide: Guide, text: str) -> str:
    """What /question says to `text`: its first reply's first line."""
    asked = Chat(guide)
    started(asked).command("/question")
    asked.text(text)
    return asked.replies[0].text.split("\n")[0]


# ------------------------------------------------------------ questions at « Qui êtes-vous ? »
@pytest.mark.parametrize(
    "text",
    [
        ROUBAIX_LETTER,
        LENS_LETTER,
        "Bonjour, existe-t-il un plafond de financement pour la fiche 2 ? Merci.",
        "Il y aura un nouvel appel en 2027 ?",
        "l'adresse de la région svp",
        "slt on est une asso a boulogne sur mer, on contacte ki pr la fiche 2 ?",
    ],
)
def test_a_question_at_the_role_is_answered_as_question_mode_would(
    guide: Guide, chat: Chat, text: str
) -> None:
    started(chat).text(text)
    assert faq_reply(guide, text) in chat.said
    # nothing it names is stored, and the question is asked again
    assert chat.state.answers == {} and chat.state.step == "role"
    assert "Qui êtes-vous" in chat.said or "Who are you" in chat.said  # the letter in English
    assert "pas compris qui vous" not in chat.said


def test_a_question_at_the_commune_is_answered_and_the_commune_not_taken(
    guide: Guide, chat: Chat
) -> None:
    started(chat, "tap:association").text(ROUBAIX_LETTER)
    assert faq_reply(guide, ROUBAIX_LETTER) in chat.said
    # the commune it names is offered with a button, never stored from the question
    assert "place" not in chat.state.answers
    assert any("Roubaix" in label for label, _data in chat.buttons())


@pytest.mark.parametrize(
    ("text", "role"),
    [("On est une asso de Roubaix", "association"), ("une association", "association")],
)
def test_an_answer_at_the_role_stays_an_answer(chat: Chat, text: str, role: str) -> None:
    started(chat).text(text)
    assert chat.state.answers["role"] == role


@pytest.mark.parametrize(
    ("text", "asking"),
    [
        ("une association ?", False),  # an answer asked back, not a question
        ("On est une asso de Roubaix", False),
        ("l'adresse de la région svp", False),  # please asks only where asked to
        ("Nous aimerions savoir auprès de qui nous renseigner. Merci.", True),
        ("Bonjour, existe-t-il un plafond pour la fiche 2 ? Merci.", True),
    ],
)
def test_what_asks(text: str, asking: bool) -> None:
    assert asks(text) is asking


# ------------------------------------------------------------ odd digits
@pytest.mark.parametrize("text", ["10⁴ €", "10₄ €"])
def test_a_power_is_never_folded_into_an_amount(chat: Chat, text: str) -> None:
    started(chat, *TO_PRIORITY).text(text)
    assert "104" not in chat.said and chat.state.proposed == {}
    assert "priority_area" not in chat.state.answers


def test_a_power_at_an_amount_is_refused_with_its_reason(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(1)").text("10⁴ €")
    assert "total" not in chat.state.answers
    assert "puissance de dix" in chat.said


def test_a_full_width_postcode_is_the_postcode(chat: Chat) -> None:
    started(chat, "tap:association").text("６２８００")
    assert chat.state.answers["place"]["name"] == "Liévin"
    assert "pas dans le Nord" not in chat.said


@pytest.mark.parametrize("text", ["１２ ０００ €", "12\u202f000\u00a0€", "12\u00a0000 €"])
def test_odd_spaces_and_widths_keep_the_amount_aside(chat: Chat, text: str) -> None:
    started(chat, *TO_PRIORITY).text(text)
    assert chat.state.proposed == {"amount": "12000.00"}
    assert "12" in chat.said and "priority_area" not in chat.state.answers


def test_a_full_width_total_is_recorded(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(1)").text("２００００")
    assert chat.state.answers["total"] == "20000.00"


def test_typed_text_is_one_normalisation() -> None:
    assert typed("６２８００") == "62800"
    assert typed("𝐋𝐞𝐧𝐬") == "Lens"
    assert typed("12\u202f000\u00a0€") == "12 000 €"
    assert typed("10⁴ €") == "10^4 €"
    assert typed("10₄ €") == "10_4 €"  # an index is no digit of the number either
    assert typed("un jardin de 200 m²") == "un jardin de 200 m²"  # a unit's power stays


@pytest.mark.parametrize(
    "text",
    [
        "l'adresse de la région svp",
        "Bonjour, existe-t-il un plafond de financement pour la fiche 2 ? Merci.",
    ],
)
def test_a_question_at_the_audience_is_answered_not_kept_as_the_audience(
    guide: Guide, chat: Chat, text: str
) -> None:
    started(chat, "tap:association", "Lens").text(text)
    assert faq_reply(guide, text) in chat.said
    assert "audience" not in chat.state.answers and chat.state.step == "audience"
    assert "pas compris pour qui" not in chat.said
