"""Issue 22, fifth pass, through the real dialog: leaving in words (kept, never erased), help in
words, the conversation's language (back to French only on French sentences), towns abroad
inside sentences, bare names shared across France, "near" a commune, and fiche 4's two parts
typed at the kind or total question, by shares, "the rest" or halves."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from knowledge import parts
from knowledge.reading import Context, Reading
from tests.dialog_driver import Chat, started

TO_TOTAL = ("tap:association", "Lens", "tap:quartier", "tap:(1)")
TO_KIND = ("tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui")
TO_PARTS = (*TO_KIND, "tap:deux", "50000")


def english(guide: Guide, *turns: str) -> Chat:
    chat = Chat(guide)
    chat.text("Good afternoon, I'd like to apply for a grant")
    chat.tap("agree")
    for turn in turns:
        chat.tap(turn[4:]) if turn.startswith("tap:") else chat.text(turn)
    return chat


# ---------------------------------------------------------------- leaving, help
@pytest.mark.parametrize(
    "typed",
    [
        "stop",
        "c'est trop compliqué, j'abandonne",
        "laisse tomber",
        "bon on arrête là",
        "au revoir",
    ],
)
def test_leaving_in_words_keeps_the_answers_and_says_how_to_come_back(
    guide: Guide, typed: str
) -> None:
    chat = started(Chat(guide), *TO_TOTAL)
    before = dict(chat.state.answers)
    chat.text(typed)
    assert chat.state.answers == before, "nothing erased, nothing recorded"
    assert chat.state.step == "total"
    assert "/effacer" in chat.said and "/start" in chat.said
    assert "coût total" not in chat.said, "the question is not asked again: they stop"
    chat.command("/start")
    assert "coût total" in chat.said  # back where they were


def test_leaving_in_english_names_the_english_commands(guide: Guide) -> None:
    chat = english(guide, "tap:association", "Lens", "I give up")
    assert "/forget" in chat.said and chat.state.answers["place"]["name"] == "Lens"


def test_stop_at_the_cofunding_is_no_zero(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL, "10000", "3000")
    chat.text("stop")
    assert "cofunding" not in chat.state.answers


def test_leaving_before_consent_keeps_nothing(guide: Guide) -> None:
    chat = Chat(guide)
    chat.text("bye")
    assert not chat.state.consent and chat.state.answers == {}
    assert "/start" in chat.said and "/effacer" not in chat.said


def test_a_project_named_like_a_goodbye_is_a_description(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("Bye bye la solitude")
    assert chat.state.answers["description"] == "Bye bye la solitude"


def test_help_in_words_shows_the_commands(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL)
    chat.text("help")
    assert "/recommencer" in chat.said and "/effacer" in chat.said
    assert "total" not in chat.state.answers


def test_undo_and_another_project_in_words(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL, "10000")
    chat.text("annule")
    assert "total" not in chat.state.answers and chat.state.step == "total"
    chat.text("en fait j'ai un autre projet, on recommence")
    chat.tap("Oui, tout recommencer")  # answers to lose: asked first (reading13)
    assert chat.state.answers == {} and chat.state.step == "role"


# ---------------------------------------------------------------- language
@pytest.mark.parametrize(
    ("text", "lang", "step", "expected"),
    [
        ("la ville de Lens", "en", "place", None),
        ("les jeunes du quartier", "en", "audience", None),
        ("nous sommes une petite association de Douai", "en", "role", "fr"),
        ("la ville de Lens", "fr", "place", "fr"),  # already French: nothing changes
        ("nous sommes une association", "fr", "role", "fr"),
        ("Hi!", "fr", "consent", "en"),
        ("hi, Calais", "fr", "consent", "en"),
        ("Hello", "fr", "consent", None),
        ("hi", "fr", "total", None),  # later, a greeting switches nothing
    ],
)
def test_which_language_a_message_is_in(
    text: str, lang: str, step: str, expected: str | None
) -> None:
    assert Reading(text, Context(step=step, lang=lang)).language == expected


def test_a_french_name_in_an_english_chat_is_read_and_stays_english(guide: Guide) -> None:
    chat = english(guide, "tap:association", "Lens", "pour les jeunes")
    assert chat.state.lang == "en" and chat.state.answers["audience"] == "youth"


# ---------------------------------------------------------------- places
@pytest.mark.parametrize(
    ("typed", "country"),
    [
        ("on bosse à Mouscron près de la frontière", "Belgique"),
        ("notre asso est à Charleroi dans le Hainaut", "Belgique"),
    ],
)
def test_a_town_abroad_inside_a_sentence(guide: Guide, typed: str, country: str) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(typed)
    assert "place" not in chat.state.answers
    assert country in chat.said and "n'est pas en France" in chat.said


def test_a_town_abroad_beside_a_commune_offers_the_commune(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("on est basés à Gand, pas loin de Lille")
    assert "place" not in chat.state.answers, "never taken: the project may be in Gand"
    assert "Belgique" in chat.said
    chat.tap("Lille")
    assert chat.state.answers["place"]["insee"] == "59350"


def test_a_commune_of_the_region_in_a_sentence_is_never_abroad(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("on est basés à Comines près de la frontière")
    assert "n'est pas en France" not in chat.said


def test_boulogne_alone_offers_the_region_s_boulognes_only(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("Boulogne")
    assert "Vendée" not in chat.said and "Essarts" not in chat.said
    assert chat.buttons()[0][0].startswith("Boulogne-sur-Mer")


def test_a_far_city_by_an_alternate_name_is_not_mentioned(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("St Pol")
    assert "États-Unis" not in chat.said and chat.state.step == "place_choice"


@pytest.mark.parametrize("typed", ["oui", "non", "ok"])
def test_a_word_that_is_no_commune_asks_for_one(guide: Guide, typed: str) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(typed)
    assert chat.state.step == "place" and "Plusieurs communes" not in chat.said
    assert "nom de la commune" in chat.said


@pytest.mark.parametrize(
    ("typed", "insee"), [("jhabite dunkerque", "59183"), ("bah chuis à calais", "62193")]
)
def test_sms_words_around_a_commune(guide: Guide, typed: str, insee: str) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text(typed)
    assert chat.state.answers["place"]["insee"] == insee


def test_near_a_commune_asks_which(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("jsuis près de lille")
    assert "place" not in chat.state.answers and "Lille et ses environs" in chat.said
    chat.tap("Lille")
    assert chat.state.answers["place"]["name"] == "Lille"


# ---------------------------------------------------------------- fiche 4's parts
def test_both_parts_typed_at_the_kind_question(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_KIND)
    chat.text("les deux : 20 000 d'invest et 8 000 de fonctionnement")
    answers = chat.state.answers
    assert answers["kind"] == "both"
    assert (answers["request_investment"], answers["request_operating"]) == ("20000.00", "8000.00")
    said = " ".join(chat.said.replace("\u202f", " ").split())
    assert "20 000 € en investissement et 8 000 € en fonctionnement" in said  # said back
    chat.text("60000")
    assert chat.state.answers["total"] == "60000.00" and chat.state.step == "cofunding"


def test_parts_at_the_kind_question_above_a_known_total_are_asked(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_KIND, "tap:deux", "20000")
    chat.command("/retour")  # back to the kind, the total kept
    chat.text("les deux : 20 000 d'invest et 8 000 de fonctionnement")
    assert "request_investment" not in chat.state.answers


def test_the_request_s_parts_beside_the_total(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_KIND, "tap:deux")
    chat.text("coût total 50 000, on demande 20 000 d'invest et 10 000 de fonct")
    answers = chat.state.answers
    assert answers["total"] == "50000.00"
    assert (answers["request_investment"], answers["request_operating"]) == (
        "20000.00",
        "10000.00",
    )


def test_a_cost_split_at_the_total_is_no_request(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_KIND, "tap:deux")
    chat.text("50 000 au total dont 30 000 d'invest et 20 000 de fonctionnement")
    assert "request_investment" not in chat.state.answers


@pytest.mark.parametrize(
    ("typed", "investment", "operating"),
    [
        ("on demande 25 000 : 60 % en investissement, le reste en fonctionnement", 15000, 10000),
        ("20 000 en tout dont 15 000 d'investissement", 15000, 5000),
        ("moitié-moitié sur 20 000", 10000, 10000),
        ("we ask 30k in all, 70% investment and the rest running costs", 21000, 9000),
    ],
)
def test_parts_worked_out_from_a_whole(
    guide: Guide, typed: str, investment: int, operating: int
) -> None:
    chat = started(Chat(guide), *TO_PARTS)
    chat.text(typed)
    answers = chat.state.answers
    assert Decimal(answers["request_investment"]) == investment
    assert Decimal(answers["request_operating"]) == operating


@pytest.mark.parametrize(
    "typed",
    [
        "le reste",  # of what?
        "le projet coûte 50 000 dont 30 000 d'invest",  # the cost, not the request
        "25 000 : 60 % en investissement",  # 40 % of what part?
        "on demande 25 000 : 60 % en investissement et 60 % en fonctionnement",  # over 100 %
    ],
)
def test_parts_not_worked_out_when_unsure(typed: str) -> None:
    reading = Reading(typed, Context(step="request_investment"))
    assert reading.parts is None


def test_shares_read_as_written() -> None:
    scan = parts.scan("60 pour cent en investissement, le reste en fonctionnement", "fr")
    assert scan.shares == {"investment": Decimal("0.6")} and scan.rest == "operating"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("rappelez-moi svp", "talk"),
        ("je préfère en parler de vive voix", "talk"),
        ("mes infos", "show_data"),
        ("what do you keep about me?", "show_data"),
        ("oops, back", "back"),
        ("c'est trop compliqué pour moi", "help"),
        ("I'm confused", "help"),
        ("c'est trop compliqué, j'abandonne", "leave"),  # leaving wins over help
        ("let's do this later", "leave"),
        ("can we stop now please", "leave"),
        ("on ne laisse tomber personne", None),  # negated
        ("un autre projet", None),  # "is it part of your activity programme?": no restart
        ("c'est pour faire un autre projet", None),
        ("on recommence avec un autre projet", "restart"),
    ],
)
def test_intents_of_this_pass_in_other_words(text: str, intent: str | None) -> None:
    assert Reading(text, Context(step="total")).intent == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("laisse tomber, on recommence à zéro", "restart"),  # leaving gives way
        ("stop, retour à la question précédente", "back"),
        ("laisse tomber je veux parler à quelqu'un", "talk"),
    ],
)
def test_leaving_gives_way_to_what_is_asked_beside_it(text: str, intent: str) -> None:
    assert Reading(text, Context(step="total")).intent == intent


def test_a_town_abroad_typed_in_english_in_a_french_chat_is_said(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("we're in brussels")
    assert chat.state.lang == "en" and "(Belgium) is not in France" in chat.said


def test_beside_the_station_of_a_commune_is_in_it(guide: Guide) -> None:
    chat = started(Chat(guide), "tap:association")
    chat.text("à côté de la gare de Lens")
    assert chat.state.answers["place"]["insee"] == "62498"
    chat = started(Chat(guide), "tap:association")
    chat.text("near Dunkirk")
    assert "place" not in chat.state.answers and "Dunkerque" in chat.said


def test_an_english_question_in_a_french_chat_is_answered_after_the_switch(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL)
    chat.text("what is the maximum grant?")
    assert chat.state.lang == "en" and "€150,000" in chat.said
    assert "What is the project's total cost" in chat.said  # then the question again


def test_coming_back_with_a_greeting_resumes(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL)
    chat.text("stop")
    chat.text("bonjour")
    assert "Reprenons" in chat.said and "coût total" in chat.said
    chat.text("12000")
    assert chat.state.answers["total"] == "12000.00"


TO_VERDICT = (*TO_TOTAL, "15000", "10000", "2000", "tap:Non", "tap:Voir le r")


@pytest.mark.parametrize(
    ("typed", "step"),
    [
        ("voir le détail", "verdict"),
        ("je voudrais la fiche synthétique", "sheet_title"),
        ("changer une réponse", "summary"),
    ],
)
def test_a_verdict_button_typed_does_what_it_does(guide: Guide, typed: str, step: str) -> None:
    chat = started(Chat(guide), *TO_VERDICT)
    chat.text(typed)
    assert chat.state.step == step
    if step == "verdict":
        assert "Le détail" in chat.said


def test_a_question_at_the_verdict_is_still_a_question(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_VERDICT)
    chat.text("c'est quoi la fiche synthétique ?")
    assert chat.state.step == "verdict" and "présente votre projet" in chat.said


def test_a_summary_button_typed_does_what_it_does(guide: Guide) -> None:
    chat = started(Chat(guide), *TO_TOTAL, "15000", "10000", "2000", "tap:Non")
    assert chat.state.step == "summary"
    chat.text("voir le résultat")  # "voir" alone led the FAQ to la ruche à projets
    assert chat.state.step == "verdict"
