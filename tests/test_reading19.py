"""Issue 22, reading19: one amount said twice in hesitations, another year's amount beside the
request, co-funding as two local givers' parts, a place with its audience, « my data » in other
words, a writer based abroad whose project runs in the region. Through the real dialog
(`tests.dialog_driver`); the pure readers where the case is the reader's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from knowledge.amount_story import said_twice
from knowledge.money import parse_amount
from tests.dialog_driver import Chat, started

TO_TOTAL = ("tap:association", "Valenciennes", "tap:quartier", "tap:(1)")
TO_REQUEST = (*TO_TOTAL, "30000")
TO_COFUNDING = (*TO_REQUEST, "6000")
TO_TOTAL_EN = ("tap:association", "Lens", "tap:neighbourhood", "tap:(1)")


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ---------------------------------------------------------------------- said twice
@pytest.mark.parametrize(
    ("said", "total"),
    [
        ("euh le total ça fait euh 15000 euros à peu près enfin 15000 quoi", "15000.00"),
        ("bah 8 000 je dirais... oui 8000 au total", "8000.00"),
        ("disons 12k, 12 000 en gros tout compris", "12000.00"),
    ],
)
def test_one_amount_said_twice_is_that_amount(chat: Chat, said: str, total: str) -> None:
    started(chat, *TO_TOTAL)
    chat.text(said)
    assert chat.state.answers.get("total") == total


def test_one_amount_said_twice_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_TOTAL_EN)
    chat.text("um about 9,000 euros, yeah 9000 all in with the equipment")
    assert chat.state.answers.get("total") == "9000.00"


@pytest.mark.parametrize(
    "said",
    [
        "euh 15000 ou 16000 avec le matériel",  # two values: which one?
        "2000 et 2000",  # two parts, not one said twice
        "2000 pour la salle, 2000 pour le matériel",
    ],
)
def test_two_sayings_that_are_not_one_amount_are_asked(chat: Chat, said: str) -> None:
    started(chat, *TO_TOTAL)
    chat.text(said)
    assert "total" not in chat.state.answers
    assert said_twice(said) is None


# ---------------------------------------------------------------------- another year
@pytest.mark.parametrize(
    ("said", "asked"),
    [
        (
            "l'an passé on avait eu 3000 € du FPH pour la fête, cette année on demande 8000 "
            "à la Région",
            "8000.00",
        ),
        ("En 2013 la ville nous avait donné 2 000 €, cette fois on sollicite 7 000 €", "7000.00"),
        (
            "l'année dernière le département nous a versé 1500 euros et là on demande à la Région 5000",
            "5000.00",
        ),
    ],
)
def test_another_years_amount_is_not_the_request(chat: Chat, said: str, asked: str) -> None:
    started(chat, *TO_REQUEST)
    chat.text(said)
    assert chat.state.answers.get("request") == asked


def test_another_years_cost_beside_a_hesitation_of_now(chat: Chat) -> None:
    """« plutôt » made the two amounts a hesitation (a range): the past one set aside."""
    started(chat, *TO_TOTAL)
    chat.text("l'année dernière le projet a coûté 9000, cette année plutôt 11000")
    assert chat.state.answers.get("total") == "11000.00"


def test_another_years_amount_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_TOTAL_EN, "36000")
    chat.text("last year we got 4,000 from the city, this year we're asking the Region for 9,000")
    assert chat.state.answers.get("request") == "9000.00"


def test_another_years_amount_alone_is_asked_not_recorded(chat: Chat) -> None:
    started(chat, *TO_REQUEST)
    chat.text("l'an passé on avait eu 3000 € du FPH pour la fête de quartier")
    assert "request" not in chat.state.answers  # was recorded as a 3 000 € request
    said = _plain(chat.said)
    assert "3 000" in said and "autre année" in said
    chat.text("8000")
    assert chat.state.answers.get("request") == "8000.00"


def test_a_year_is_no_year_when_written_as_an_amount() -> None:
    """ "the town puts in 2,000": a grouped number is money, "in 2000" stays a date."""
    assert parse_amount("the town puts in 2,000", "en").amount == Decimal("2000.00")
    assert parse_amount("puts in 2000", "en").problem == "counted"


# ---------------------------------------------------------------------- two local givers
@pytest.mark.parametrize(
    ("said", "whole", "parts"),
    [
        ("la commune met 2000 et l'agglo 1500", "3500.00", ("2 000", "1 500")),
        ("la mairie donne 1000 et le département 2500", "3500.00", ("1 000", "2 500")),
        ("1000 de la ville + 500 de la communauté de communes", "1500.00", ("1 000", "500")),
    ],
)
def test_two_local_givers_are_summed_and_said(
    chat: Chat, said: str, whole: str, parts: tuple[str, str]
) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers.get("cofunding") == whole
    said_back = _plain(chat.said)
    assert all(p in said_back for p in parts)
    assert f"{int(Decimal(whole)):,}".replace(",", " ") in said_back


def test_two_local_givers_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_TOTAL_EN, "20000", "5000")
    chat.text("the town puts in 2,000 and the county council 1,000")
    assert chat.state.answers.get("cofunding") == "3000.00"


def test_a_giver_that_is_not_local_is_left_out(chat: Chat) -> None:
    started(chat, *TO_COFUNDING)
    chat.text("la commune met 2000 et la CAF 1500")
    assert chat.state.answers.get("cofunding") == "2000.00"


def test_parts_without_givers_are_still_asked(chat: Chat) -> None:
    started(chat, *TO_COFUNDING)
    chat.text("2000 et 1500")
    assert "cofunding" not in chat.state.answers


# ---------------------------------------------------------------------- place and audience
@pytest.mark.parametrize(
    ("said", "insee", "audience"),
    [
        ("Roubaix, pour les jeunes du quartier", "59512", "youth"),
        ("Maubeuge - public : des jeunes de 16 à 25 ans", "59392", "youth"),
        ("Lille, le projet est ouvert à tous les publics", "59350", "all"),
        ("à Béthune, c'est pour les habitants du quartier", "62119", "neighbourhood"),
    ],
)
def test_the_audience_said_with_the_place_fills_it(
    chat: Chat, said: str, insee: str, audience: str
) -> None:
    started(chat, "tap:association", said)
    assert chat.state.answers["place"]["insee"] == insee
    assert chat.state.answers.get("audience") == audience
    assert "public" in chat.said.lower()  # said in the reply: « J'ai noté le public »


def test_the_audience_said_with_the_place_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Calais, for young people in the area")
    assert chat.state.answers["place"]["insee"] == "62193"
    assert chat.state.answers.get("audience") == "youth"


@pytest.mark.parametrize(
    "said",
    [
        "Lens, pour les jeunes ou les habitants du quartier je sais pas",
        "Lens, pour tous les habitants du quartier",  # all or the neighbourhood: asked
    ],
)
def test_an_audience_in_doubt_is_asked(chat: Chat, said: str) -> None:
    started(chat, "tap:association", said)
    assert chat.state.answers["place"]["insee"] == "62498"
    assert "audience" not in chat.state.answers
    assert chat.state.step == "audience"


# ---------------------------------------------------------------------- « my data » in words
@pytest.mark.parametrize(
    ("turns", "said"),
    [
        (("tap:association", "Douai", "tap:quartier"), "vous savez quoi sur moi pour l'instant ?"),
        (("tap:association",), "qu'avez-vous gardé en mémoire me concernant ?"),
        (
            ("tap:association", "Douai", "tap:quartier", "tap:(1)"),
            "pouvez-vous me montrer ce que j'ai répondu jusqu'ici",
        ),
    ],
)
def test_my_data_asked_in_other_words_is_shown(
    chat: Chat, turns: tuple[str, ...], said: str
) -> None:
    started(chat, *turns)
    step, answers = chat.state.step, dict(chat.state.answers)
    chat.text(said)
    assert "Voici ce que nous gardons sur vous" in chat.said
    assert chat.state.answers == answers and chat.state.step == step  # nothing lost


@pytest.mark.parametrize(
    "said", ["what have you recorded about me so far?", "can you show me what you've saved on me?"]
)
def test_my_data_asked_in_english_words_is_shown(guide: Guide, said: str) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association")
    chat.text(said)
    assert "Here is what we keep about you" in chat.said


@pytest.mark.parametrize(
    "said", ["qu'avez-vous comme aide pour nous ?", "what have you got for us?"]
)
def test_a_question_about_the_call_is_no_data_request(chat: Chat, said: str) -> None:
    started(chat, "tap:association")
    chat.text(said)
    assert "gardons sur vous" not in chat.said and "keep about you" not in chat.said


# ---------------------------------------------------------------------- based abroad
@pytest.mark.parametrize(
    ("said", "insee"),
    [
        ("We're a UK charity based in Dover, the project would run in Calais", "62193"),
        (
            "our charity is from Folkestone in Kent; the project itself will take place in "
            "Boulogne-sur-Mer",
            "62160",
        ),
    ],
)
def test_a_structure_based_abroad_gives_its_projects_commune(
    guide: Guide, said: str, insee: str
) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", said)
    assert chat.state.answers["place"]["insee"] == insee
    assert "not in France" not in chat.said  # the home town abroad is not talked about


def test_a_structure_based_abroad_without_a_project_town_is_told(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "We're a small charity based in Dover")
    assert "place" not in chat.state.answers
    assert "not in France" in chat.said


# ---------------------------------------------------------------------- a share said roughly
@pytest.mark.parametrize(
    ("said", "recorded"),
    [
        ("Nous sollicitons de la Région 5 000 €, soit environ 25 % de notre budget.", True),
        ("We are requesting 5,000 euros from the Region, roughly 25% of our budget", True),
        ("Nous sollicitons de la Région 5 000 €, soit 25 % de notre budget.", False),  # 23.8 %
        ("Nous sollicitons de la Région 5 000 €, soit environ 30 % de notre budget.", False),
    ],
)
def test_a_share_said_roughly_is_checked_roughly(chat: Chat, said: str, recorded: bool) -> None:
    started(chat, *TO_TOTAL, "21000")
    chat.text(said)
    assert (chat.state.answers.get("request") == "5000.00") is recorded
    if not recorded:  # both readings offered, nothing stored
        assert "request" not in chat.state.answers and len(chat.buttons()) >= 2


# ---------------------------------------------------------------------- another funder, now
@pytest.mark.parametrize(
    "said",
    [
        "on a eu 3000 du FPH pour la fête, on demande 8000 à la Région",
        "la ville nous donne 3000 et on demande 8000 à la Région",
        "3000 de la CAF et 8000 de la Région",
    ],
)
def test_the_regions_amount_beside_another_funders_is_the_request(chat: Chat, said: str) -> None:
    started(chat, *TO_REQUEST)
    chat.text(said)
    assert chat.state.answers.get("request") == "8000.00"


def test_an_amount_whose_giver_is_not_said_beside_the_regions_is_asked(chat: Chat) -> None:
    started(chat, *TO_REQUEST)
    chat.text("on demande 8000 à la Région et 3000 pour le matériel")
    assert "request" not in chat.state.answers


def test_two_local_givers_at_the_request_are_no_request(chat: Chat) -> None:
    """Typed at the request, two local authorities' parts: the second was recorded as the
    request and the first as the co-funding (a silent misreading); now said to be the local
    co-funding, asked next, and the request asked again."""
    started(chat, *TO_REQUEST)
    chat.text("la commune apporte 1500 € et la communauté d'agglomération 1000 €")
    assert "request" not in chat.state.answers and "cofunding" not in chat.state.answers
    said = _plain(chat.said)
    assert "2 500" in said and "co-financement local" in said
    assert "additionner" not in said  # not the advice to add them up as the request
