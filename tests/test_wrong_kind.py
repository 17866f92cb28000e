"""Issue 22: a message is never read as the wrong kind of value. Numbers inside code, markup,
escapes or placeholders are no amount; a commune beside its postcode at an amount step is a
place (never stored); an amount at the commune step is an amount (the commune asked again);
thanks, greetings and a bare yes / no at the commune or an amount get a short reply and the
question again. Through the real dialog, each from the outside tester's reports or this
session's tuning set (tests/understanding/conversations_tune7.toml)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from knowledge.money import money_shape, parse_amount
from knowledge.non_answers import code_like, courtesy
from knowledge.text import clean
from tests.dialog_driver import Chat, at_place


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


def at_total(chat: Chat) -> Chat:
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.tap("(1)")
    assert chat.state.step == "total"
    return chat


def at_cofunding(chat: Chat) -> Chat:
    at_total(chat).text("10000")
    chat.text("3000")
    assert chat.state.step == "cofunding"
    return chat


# ------------------------------------------------------------ code, markup, escapes
@pytest.mark.parametrize(
    "typed",
    [
        "a\x1b[31mred",
        clean("a\x1b[31mred"),  # what Telegram's intake keeps of it: "a[31mred"
        "\x1b[1m5000\x1b[0m",
        "<img src=x onerror=alert(2)>",
        "&#50;&#48;&#48;&#48;",
        "{{ 7*7 }}",
    ],
)
def test_a_number_inside_code_is_no_total(chat: Chat, typed: str) -> None:
    at_total(chat).text(typed)
    assert "total" not in chat.state.answers and chat.state.step == "total"
    assert "du code ou de la mise en forme" in chat.said
    chat.text("12000")
    assert chat.state.answers["total"] == "12000.00"


def test_a_script_tag_is_no_request_and_no_question(chat: Chat) -> None:
    at_total(chat).text("10000")
    chat.text("<script>alert(1)</script>")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "Source" not in chat.said  # no passage of the FAQ answered it either


@pytest.mark.parametrize("typed", ["%s {0}", "1; DROP TABLE answers; --", "${1000}"])
def test_placeholders_and_statements_are_no_cofunding(chat: Chat, typed: str) -> None:
    at_cofunding(chat).text(typed)
    assert "cofunding" not in chat.state.answers and chat.state.step == "cofunding"


def test_code_at_any_step_is_refused_and_never_echoed(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("<script>alert('Lens')</script>")
    assert chat.state.step == "place" and "place" not in chat.state.answers
    assert "alert" not in chat.said and "du code" in chat.said


def test_the_digits_of_an_address_are_no_amount(chat: Chat) -> None:
    at_total(chat).text("jeanne.martin62@laposte.net")
    assert "total" not in chat.state.answers
    chat.text("https://www.asso-lens.fr/projets/2014")
    assert "total" not in chat.state.answers and "reconnu de montant" in chat.said


# ------------------------------------------------------------ a place at an amount step
@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Roubaix 59100", "Roubaix"),
        ("59300 Valenciennes", "Valenciennes"),
        ("Arras (62000)", "Arras"),
    ],
)
def test_a_commune_beside_its_postcode_is_no_total(chat: Chat, typed: str, named: str) -> None:
    at_total(chat).text(typed)
    assert "total" not in chat.state.answers and chat.state.step == "total"
    assert f"un lieu ({named}) avec son code postal" in chat.said


@pytest.mark.parametrize("typed", ["59100", "59100 €", "Roubaix : 59100 euros", "budget 59100"])
def test_digits_alone_or_with_a_currency_stay_an_amount(chat: Chat, typed: str) -> None:
    at_total(chat).text(typed)
    assert chat.state.answers["total"] == "59100.00"


def test_a_correction_never_takes_a_commune_and_its_postcode(chat: Chat) -> None:
    at_total(chat).text("10000")
    chat.text("3000")
    chat.text("en fait le total c'est Roubaix 59100")
    assert chat.state.answers["total"] == "10000.00"
    assert "un lieu (Roubaix)" in chat.said


# ------------------------------------------------------------ an amount at the commune step
@pytest.mark.parametrize(
    ("typed", "misread"),
    [
        ("environ 15000 euros", "Aurillac"),
        ("20 000 dont 5 000 de la ville", "Ajaccio"),
        ("8k environ", "correspondent"),
        ("dix mille euros", "correspondent"),
    ],
)
def test_an_amount_at_the_commune_step_is_an_amount(chat: Chat, typed: str, misread: str) -> None:
    at_place(chat).text(typed)
    assert "ressemble à un montant : je vous demanderai" in chat.said
    assert misread not in chat.said
    assert chat.state.step == "place" and not chat.state.answers.get("total")
    chat.text("Béthune")
    assert chat.state.answers["place"]["name"] == "Béthune"


@pytest.mark.parametrize("typed", ["62100", "62 100"])
def test_a_postcode_written_as_an_amount_is_still_found(chat: Chat, typed: str) -> None:
    at_place(chat).text(typed)
    assert chat.state.answers["place"]["name"] == "Calais"


# ------------------------------------------------------------ yes, no, thanks at open steps
@pytest.mark.parametrize(
    ("typed", "reply"),
    [
        ("merci", "Avec plaisir"),
        ("merci beaucoup !", "Avec plaisir"),
        ("super merci", "Avec plaisir"),
        ("oui", "Il me faut le nom de la commune"),
        ("non", "Il me faut le nom de la commune"),
    ],
)
def test_courtesy_and_yes_no_at_the_commune_are_no_commune(
    chat: Chat, typed: str, reply: str
) -> None:
    at_place(chat).text(typed)
    assert reply in chat.said and "correspondent" not in chat.said
    assert chat.state.step == "place" and not chat.state.candidates
    assert "Dans quelle commune" in chat.said  # the question again


def test_thanks_in_english_at_the_commune(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    at_place(chat).text("thank you!")
    assert "You're welcome" in chat.said and chat.state.step == "place"


@pytest.mark.parametrize("typed", ["non", "merci beaucoup", "ok"])
def test_yes_no_thanks_at_the_total_are_no_question(chat: Chat, typed: str) -> None:
    at_total(chat).text(typed)
    assert "programme d'activité" not in chat.said and "Source" not in chat.said
    assert "coût total" in chat.said and "total" not in chat.state.answers


def test_no_at_the_cofunding_is_still_nothing(chat: Chat) -> None:
    at_cofunding(chat).text("non")
    assert chat.state.answers["cofunding"] == "0.00"


def test_yes_at_the_cofunding_asks_the_amount(chat: Chat) -> None:
    at_cofunding(chat).text("oui")
    assert "cofunding" not in chat.state.answers and "Il me faut un montant" in chat.said


def test_yes_among_communes_offered(chat: Chat) -> None:
    at_place(chat).text("Bruay")
    assert chat.state.step == "place_choice" and len(chat.state.candidates) == 2
    chat.text("oui")  # which one? the list again
    assert "Touchez la bonne commune" in chat.said and "place" not in chat.state.answers
    chat.state.candidates = chat.state.candidates[:1]  # one commune offered: yes is that one
    chat.text("oui")
    assert chat.state.answers["place"]["name"] == "Bruay-la-Buissière"


def test_no_among_communes_offered_asks_the_commune_again(chat: Chat) -> None:
    at_place(chat).text("Bruay")
    chat.text("non")
    assert chat.state.step == "place" and not chat.state.candidates
    assert "écrivez le nom de la commune" in chat.said


# ------------------------------------------------------------ the readers alone
def test_what_is_code() -> None:
    for text in ("a[31mred", "\\e[0m", "<b>x</b>", "%s", "%(n)d", "{0}", "${x}", "&amp;"):
        assert code_like(text), text
    for text in ("12 000 €", "30 %", "Lens (62)", "<3", "100%", "j'ai 2 [environ] k", "R&D"):
        assert not code_like(text), text
    for text in ("60 % d'invest et 40 % de fonctionnement", "50 %s", "Jardin & Co"):
        assert not code_like(text), text


def test_what_is_courtesy() -> None:
    assert courtesy("ok merci") == "thanks" and courtesy("Hello") is None  # a greeting: resume
    assert courtesy("super") == "praise"
    for text in ("ok", "oui", "merci pour tout", "Merci, Lens", ""):
        assert courtesy(text) is None, text


def test_amount_readers() -> None:
    assert parse_amount("%s {0}", nothing_is_zero=True).problem == "code"
    assert parse_amount("10 000 € voir www.asso.fr/2014").amount == Decimal("10000.00")
    assert money_shape("environ 15000") == "sure" and money_shape("15000 environ") == "sure"
    assert money_shape("20 000") == "number" and money_shape("15000") is None
    assert money_shape("on a eu 2 salles à Lens") is None
    assert money_shape("Sept-Vallées") is None  # a commune's name with a number word


# ------------------------------------------------------------ numbers that count something else
@pytest.mark.parametrize(
    "typed",
    [
        "3 ans",
        "2 salariés",
        "le 15 mars",
        "le 15 mars 2015",
        "12 rue de la Paix",
        "200 m2",
        "10h30",
        "en 2015",
        "dans le 62",
    ],
)
def test_a_number_that_counts_something_else_is_no_total(chat: Chat, typed: str) -> None:
    at_total(chat).text(typed)
    assert "total" not in chat.state.answers and "autre chose que des euros" in chat.said


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        ("3000 € pour 50 jeunes", "3000.00"),
        ("12 000 sur 3 ans", "12000.00"),
        ("15 000 euros en 2015", "15000.00"),
    ],
)
def test_an_amount_beside_a_count_is_still_the_amount(chat: Chat, typed: str, total: str) -> None:
    at_total(chat).text(typed)
    assert chat.state.answers["total"] == total


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Lens 62", "Lens"),
        ("Lens (62)", "Lens"),
        ("62 Pas-de-Calais", "Pas-de-Calais"),
        ("Lille 59", "Lille"),
    ],
)
def test_a_place_beside_its_department_is_no_total(chat: Chat, typed: str, named: str) -> None:
    at_total(chat).text(typed)
    assert "total" not in chat.state.answers and f"un lieu ({named})" in chat.said


def test_a_commune_named_beside_an_amount_or_a_yes_is_kept(chat: Chat) -> None:
    at_place(chat).text("oui Lens")  # never "il me faut la commune": "oui" is a filler
    assert chat.state.answers["place"]["name"] == "Lens"
    chat.command("/recommencer")
    chat.tap("association")
    chat.text("Lens, 15000 €")
    assert chat.state.answers["place"]["name"] == "Lens"


def test_an_amount_alone_is_no_description(chat: Chat) -> None:
    at_place(chat).text("Lens")
    chat.tap("quartier")
    chat.text("environ 15000 euros")
    assert chat.state.step == "project" and "description" not in chat.state.answers
    assert "ressemble à un montant" in chat.said
    chat.text("un jardin partagé de 15 000 € au pied des immeubles")
    assert chat.state.answers.get("description", "").startswith("un jardin partagé")
