"""Issue 13: plain, short, kind. Measured on the main paths of the real dialog.

`sentence_stats` is the measure quoted in the README: sentences are split at line breaks and
at . ! ? …, HTML tags are dropped, and a word is any run of characters holding a letter or a
digit ("2 000 €" counts as two words, a phone number as five: the measure is strict).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from decimal import Decimal

import pytest

from bot.__main__ import warn_about_settings
from bot.settings import Settings
from dialogs import render, verdict_card
from dialogs.flow import Guide
from knowledge import Knowledge
from knowledge.contacts import dated_epci
from knowledge.i18n import gettext_for, long_date
from knowledge.rules import Answers, evaluate
from tests.dialog_driver import CLOSED, OPEN, Chat, full_run, main_paths

TAG = re.compile(r"<[^>]+>")
MAX_WORDS = 15


def sentences(text: str) -> list[str]:
    plain = TAG.sub("", text)
    found = []
    for line in plain.split("\n"):
        for sentence in re.split(r"(?<=[.!?…])\s+", line):
            if re.search(r"\w", sentence):
                found.append(sentence)
    return found


def words(sentence: str) -> list[str]:
    return [w for w in sentence.split() if re.search(r"\w", w)]


def sentence_stats(texts: list[str]) -> tuple[int, int]:
    """(sentences, sentences over MAX_WORDS words)."""
    all_sentences = [s for t in texts for s in sentences(t)]
    return len(all_sentences), sum(1 for s in all_sentences if len(words(s)) > MAX_WORDS)


@pytest.fixture(scope="module")
def paths(guide: Guide) -> dict[str, Chat]:
    return dict(main_paths(guide))


def test_nine_sentences_in_ten_have_at_most_15_words(paths: dict[str, Chat]) -> None:
    texts = [r.text for chat in paths.values() for r in chat.all_replies]
    total, long = sentence_stats(texts)
    assert total > 300  # the walk covers the dialog, not a corner of it
    assert long / total <= 0.10, f"{long}/{total} sentences over {MAX_WORDS} words"


def test_every_message_is_short_and_the_verdict_is_one_card_then_one_detail(
    paths: dict[str, Chat],
) -> None:
    for name, chat in paths.items():
        for reply in chat.all_replies:
            assert render.visible_length(reply.text) < render.MAX_MESSAGE, (name, reply.text)
        details = chat.replies
        assert len(details) == 1, name  # "Voir le détail": one message on the main paths
        cards = [
            r
            for r in chat.all_replies
            if any(c.data.endswith("verdict:detail") for c in r.choices)
        ]
        card_turn = chat.all_replies[chat.all_replies.index(cards[0]) - 1]
        assert "|verdict:detail" not in str(card_turn.choices)
        summary = card_turn.text.split("\n\n", 1)[-1]  # after the echo of the last amount
        assert summary.startswith(("<b>Vos réponses", "<b>Your answers")), name


def _longest_epci(knowledge: Knowledge) -> dict[str, str]:
    longest: dict[str, str] = {}
    for commune in knowledge.communes:
        if len(commune.epci_name) > len(longest.get(commune.territory, "")):
            longest[commune.territory] = commune.epci_name
    return longest


def test_the_card_is_one_message_in_every_combination(knowledge: Knowledge) -> None:
    """Every fiche, sub-territory (its longest intercommunality name), date and answer mix."""
    longest = _longest_epci(knowledge)
    days = (OPEN, dt.date(2014, 12, 20), CLOSED)
    worst = most_details = 0
    for lang in ("fr", "en"):
        _ = gettext_for(lang).gettext
        for fiche, territory, today in itertools.product(knowledge.fiches, longest, days):
            kinds: list[tuple[str | None, Decimal | None, Decimal | None]] = [(None, None, None)]
            if knowledge.fiches[fiche].ceilings:
                kinds = [
                    ("investment", None, None),
                    ("both", Decimal(160000), Decimal(25000)),
                    (None, None, None),
                ]
            for (kind, inv, op), area, activity, request in itertools.product(
                kinds, ("yes", "no", "unknown"), (True, False, None), (1500, 3000)
            ):
                answers = Answers(
                    fiche=fiche,
                    request=None if kind == "both" else Decimal(request),
                    total=Decimal(400000 if kind == "both" else 10000),
                    cofunding=Decimal(1000),
                    kind=kind,  # type: ignore[arg-type]
                    priority_area=area,  # type: ignore[arg-type]
                    activity_funding=activity,
                    request_investment=inv,
                    request_operating=op,
                )
                verdict = evaluate(knowledge, answers, today, territory, lang)
                longest_answers = {  # a fiche to confirm: its mark makes the card longer
                    "place": {"epci_name": longest[territory]},
                    "fiche_unsure": True,
                }
                card = verdict_card.verdict(_, verdict, longest_answers, knowledge, lang)
                worst = max(worst, render.visible_length(card))
                details = verdict_card.verdict_details(
                    _, verdict, {"epci_name": longest[territory]}, knowledge, lang
                )
                most_details = max(most_details, len(list(render.chunks(details))))
    assert worst < render.MAX_MESSAGE, worst
    assert most_details <= 2  # one message on the main paths (tested above), two at worst


EXPLAINED = {
    "fr": {
        "fiche": "une fiche, c'est",
        "programme d'activité": "le programme d'activité, ce sont",
        "politique de la ville": "la politique de la ville, c'est",
        "non-cumul": "double financement",
    },
    "en": {
        "fiche": "a fiche is",
        "activity programme": "the activity programme is",
        "urban policy": "urban policy is",
    },
}
ACRONYMS = {
    "DSDT": ("Développement Social Durable des Territoires", "Sustainable Social Development"),
    "QPV": ("de la politique de la ville (QPV)", "of urban policy (QPV)"),
    "GUP": ("Gestion Urbaine de Proximité", "Local Urban Management"),
    "EPCI": ("intercommunalité", "intercommunality"),
    "FPH": ("Fonds de Participation des Habitants", "Participation Fund"),
}


def test_jargon_is_explained_where_it_first_appears(paths: dict[str, Chat]) -> None:
    for name, chat in paths.items():
        for term, explanation in EXPLAINED[chat.state.lang].items():
            first = next((r.text for r in chat.all_replies if term in r.text.lower()), None)
            if first is not None:
                assert explanation in first.lower(), (name, term, first)


def test_acronyms_are_expanded_where_they_first_appear(paths: dict[str, Chat]) -> None:
    for name, chat in paths.items():
        said = [r.text for r in chat.all_replies]
        for acronym, (french, english) in ACRONYMS.items():
            first = next((t for t in said if re.search(rf"\b{acronym}\b", t)), None)
            if first is not None:
                expansion = english if chat.state.lang == "en" else french
                assert expansion.lower() in first.lower(), (name, acronym, first)
        for text in said:  # CA / CC / CU of intercommunality names, everywhere
            assert not re.search(r"\b(CA|CC|CU) (de|du|des|d')", text), (name, text)


FRENCH = re.compile(
    r" [:;?!]|point\(s\)|\b(le|la|les|des|du|votre|vous|est|pour|avec|dans|une|Résultat|"
    r"Coordonnées|Direction|Demande|Quartier|Maximum :)\b"
)


def test_english_mode_has_no_french_left(paths: dict[str, Chat], knowledge: Knowledge) -> None:
    english = {name: chat for name, chat in paths.items() if chat.state.lang == "en"}
    assert english
    for name, chat in english.items():
        place = chat.state.answers["place"]
        proper = [
            dated_epci(knowledge, place["epci_name"], "en"),
            place["name"],
            knowledge.territory_name(place["territory"]),
            "(fiche synthétique)",
            "Nord-Pas de Calais",
        ]
        for reply in chat.all_replies:
            text = TAG.sub("", reply.text)
            for name_ in proper:
                text = text.replace(name_, "")
            text = re.sub(r"\S+@\S+", "", text)
            assert not FRENCH.search(text), (name, FRENCH.search(text), text)
            for choice in reply.choices:
                assert not FRENCH.search(choice.label), (name, choice.label)


def test_phone_numbers_are_also_in_plus_33_form(paths: dict[str, Chat]) -> None:
    for name, chat in paths.items():
        for reply in chat.all_replies:
            for phone in re.findall(r"(?<![+\d])0\d(?: \d\d){4}", reply.text):
                assert f"+33 {phone[1]} {phone[3:]}" in reply.text, (name, phone)


# ------------------------------------------------------------------ first message, consent
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_first_message_says_the_call_is_closed_with_its_dates(
    guide: Guide, knowledge: Knowledge, lang: str
) -> None:
    chat = Chat(guide, today=CLOSED, lang=lang)
    chat.command("/start")
    welcome = chat.said
    for step in knowledge.calendar.values():
        if step.deadline is not None:
            assert long_date(step.deadline, lang) in welcome
    assert ("clos" if lang == "fr" else "closed") in welcome
    assert ("Je peux encore" if lang == "fr" else "I can still") in welcome
    open_chat = Chat(guide, today=OPEN, lang=lang)
    open_chat.command("/start")
    assert ("clos" if lang == "fr" else "closed") not in open_chat.said
    assert ("passée" if lang == "fr" else "passed") not in open_chat.said
    between = Chat(guide, today=dt.date(2014, 12, 20), lang=lang)
    between.command("/start")
    assert between.said.count("passée" if lang == "fr" else "passed") == 1


def test_a_question_before_consent_does_not_repeat_the_welcome(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    chat.command("/start")
    assert "Bonjour" in chat.said
    chat.text("c'est combien le minimum ?")
    assert "2\u202f000" in chat.said and "Bonjour" not in chat.said
    assert chat.buttons() and "accepte" in chat.buttons()[0][0]
    chat.text("Lens")
    assert "Bonjour" not in chat.said and chat.state.step == "consent"
    chat.command("/aide")
    assert "Bonjour" not in chat.said and chat.buttons()
    chat.command("/langue")
    chat.tap("English")
    assert "Hello" in chat.said  # the notice again, in the language now chosen
    chat.command("/start")
    assert "Hello" in chat.said  # /start always shows the welcome
    chat.tap("agree")
    assert chat.state.consent


def test_a_question_as_first_message_gets_the_welcome_once(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    chat.text("c'est quoi le DSDT ?")
    assert "Bonjour" in chat.said  # never welcomed yet: the notice must be shown once


# ------------------------------------------------------------------ call-back without staff
def test_no_call_back_promise_without_staff(knowledge: Knowledge) -> None:
    for staff, promised in ((False, False), (True, True)):
        chat = Chat(Guide(knowledge, staff_available=staff), today=CLOSED)
        full_run(chat, 2, place="Arras")
        chat.tap("recontacté")
        assert ("transmis à l'équipe" in chat.said) is promised
        chat.text("06 12 34 56 78")
        assert ("a votre demande" in chat.said) is promised
        if not promised:
            assert "Déborah FACON" in chat.said and "Coordonnées de 2014" in chat.said


def test_start_up_warns_when_no_staff_is_configured(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        warn_about_settings(Settings())
    assert "STAFF_USER_IDS" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        warn_about_settings(Settings(staff_user_ids=frozenset({111})))
    assert caplog.text == ""


def test_answers_needed_to_reach_a_verdict(paths: dict[str, Chat]) -> None:
    """Taps and typed answers from /start to the verdict card (consent included)."""
    for name, chat in paths.items():
        fiche4 = chat.state.answers.get("fiche") == 4
        assert chat.state.answer_count <= (13 if fiche4 else 11), name
