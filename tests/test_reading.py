"""The reading layer (knowledge.reading, issue 22): each message read once, its readings typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from dialogs.flow import Guide
from knowledge.reading import Reading
from tests.dialog_driver import Chat, started


def counting(guide: Guide, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"faq": 0, "locate": 0}
    for name, owner, attribute in (("faq", guide.faq, "ask"), ("locate", guide.places, "locate")):
        monkeypatch.setattr(owner, attribute, counted(calls, name, getattr(owner, attribute)))
    return calls


def counted(calls: dict[str, int], name: str, function: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return function(*args, **kwargs)

    return call


def test_the_faq_and_the_place_lookup_run_once_per_message(
    guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat = started(Chat(guide), "tap:association")
    calls = counting(guide, monkeypatch)
    chat.text("Où trouver le dossier de candidature ?")  # a question at the place step
    assert chat.state.step == "place"
    assert calls == {"faq": 1, "locate": 1}
    chat.text("Lens")
    assert chat.state.answers["place"]["insee"] == "62498"
    # A commune at the place step is its answer whatever the FAQ would say: no search at all
    # (issue 28: the search ran on every typed answer).
    assert calls == {"faq": 1, "locate": 2}


def test_the_amount_is_parsed_once_per_message(
    guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    import knowledge.reading as reading

    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier", "tap:(1)")
    calls = {"parse": 0}
    original = reading.parse_amount  # type: ignore[attr-defined]
    monkeypatch.setattr(reading, "parse_amount", counted(calls, "parse", original))
    chat.text("12 000 €")
    assert chat.state.answers["total"] == "12000.00"
    assert calls["parse"] == 1


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("recommencer", "restart"),
        ("can I start again please", "restart"),
        ("je voudrais parler à quelqu'un", "talk"),
        ("effacer mes données svp", "erase"),
        ("en anglais svp", "english"),
        ("revenir en arrière", "back"),
        ("recommencer le projet du jardin", None),  # a description, not the intent
        ("Lens", None),
    ],
)
def test_intents_in_words(text: str, intent: str | None) -> None:
    assert Reading(text).intent == intent


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, do you speak English? I'm from Dunkirk", "en"),
        ("I am from an association in Lille", "en"),
        ("on est une association de Lille", "fr"),
        ("Lens", None),
        ("12 000", None),
        ("ok merci", None),
    ],
)
def test_the_language_of_a_message(text: str, language: str | None) -> None:
    assert Reading(text).language == language


def test_corrections_and_the_answers_they_name() -> None:
    assert Reading("non en fait c 12000").corrects
    assert not Reading("non").corrects and not Reading("12000").corrects
    assert Reading("le coût total c'est 12 000").names == ("total",)
    assert Reading("on est une collectivité").names == ("role",)
    assert Reading("en fait c'est à Lens").after_name("place") == "Lens"


def test_fiche_4_parts_in_one_message() -> None:
    parts = Reading("on demande 30 000 en tout : 20 000 d'invest et 10 000 de fonctionnement")
    assert parts.parts == {"investment": Decimal("20000"), "operating": Decimal("10000")}
    assert Reading("fonctionnement 8000, investissement 12000").parts == {
        "investment": Decimal("12000"),
        "operating": Decimal("8000"),
    }
    # a whole that is not their sum: not read (the person is asked)
    assert Reading("30 000 en tout : 20 000 d'invest et 5 000 de fonctionnement").parts is None
    assert Reading("20 000 d'investissement").parts is None
