"""The fiche synthétique in the pure dialog: the button after the verdict, /fiche, the optional
questions (each skippable), going back, and the lead's snapshot."""

from __future__ import annotations

import json

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.sheet import SHEET_FIELDS
from tests.dialog_driver import OPEN, Chat, full_run


def at_verdict(guide: Guide, fiche: int = 1) -> Chat:
    chat = Chat(guide, OPEN)
    full_run(chat, fiche)
    assert chat.state.step == "verdict"
    return chat


def test_the_verdict_offers_the_sheet_and_the_lead_keeps_a_snapshot(guide: Guide) -> None:
    chat = at_verdict(guide)
    labels = [label for label, _ in chat.buttons()]
    assert "📄 Préparer ma fiche synthétique" in labels
    assert chat.state.lead is not None
    snap = json.loads(chat.state.lead["sheet"])
    assert snap["answers"]["place"]["name"] == "Lens" and snap["as_of"] == OPEN.isoformat()


# Answers the identity questions accept as typed (the others take any words).
TYPED = {"phone": "03 21 12 34 56", "email": "marie@exemple.fr", "registration": "W623001234"}


def answer(field: str) -> str:
    return TYPED.get(field, f"réponse {field}")


@pytest.mark.parametrize("skipped", SHEET_FIELDS)
def test_each_question_can_be_skipped(guide: Guide, skipped: str) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    assert "facultatives" in chat.said
    for position, field in enumerate(SHEET_FIELDS, start=1):
        assert chat.state.step == f"sheet_{field}"
        assert f"({position}/{len(SHEET_FIELDS)})" in chat.said
        if field == skipped:
            chat.tap("Passer")
        else:
            chat.text(answer(field))
    sheet = chat.state.answers["sheet"]
    assert sheet[skipped] == ""
    assert all(sheet[f] == answer(f) for f in SHEET_FIELDS if f != skipped)
    document = chat.replies[0]
    assert (
        document.attachment == "sheet"
        and "de Lens - Liévin (nom au 1er janvier 2026)" in document.text
    )
    assert chat.state.step == "verdict" and chat.buttons()  # back to the result's buttons
    assert chat.state.lead is not None
    assert json.loads(chat.state.lead["sheet"])["answers"]["sheet"] == sheet


def test_finish_early_skips_the_rest(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text("Le jardin des Mûriers")
    chat.tap("Terminer")
    assert chat.replies[0].attachment == "sheet"
    assert chat.state.answers["sheet"] == {
        "title": "Le jardin des Mûriers",
        **{f: "" for f in SHEET_FIELDS[1:]},
    }


def test_sheet_command_before_the_verdict_asks_for_the_answers_first(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.command("/fiche")
    assert "il me faut d'abord vos réponses" in chat.said
    assert chat.state.step == "place" and "commune" in chat.replies[-1].text
    assert not any(r.attachment for r in chat.replies)


def test_sheet_command_with_all_answers_but_no_verdict_shows_the_verdict_first(
    guide: Guide,
) -> None:
    chat = Chat(guide, OPEN)
    full_run(chat, 2)
    chat.tap("Changer une réponse")  # back at the summary: answers complete, no lead yet
    chat.tap("Coût total")
    chat.text("12000")
    assert chat.state.lead is None and chat.state.step == "summary"
    chat.command("/fiche")
    assert "Résultat : fiche 2" in chat.said and chat.state.step == "sheet_title"
    assert chat.state.lead is not None


def test_a_ready_sheet_is_sent_again_or_redone(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text("Potager")
    chat.tap("Terminer")
    chat.command("/fiche")
    assert "est prête" in chat.said
    chat.tap("Recevoir")
    assert chat.replies[0].attachment == "sheet"
    chat.command("/sheet")
    chat.tap("Refaire")
    assert chat.state.step == "sheet_title" and chat.state.answers["sheet"] == {}
    chat.command("/fiche")
    chat.command("/retour")  # at the first question: back to the result
    assert chat.state.step == "verdict"


def test_back_goes_to_the_previous_question(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text("Potager")
    chat.text("Les Amis du Potager")
    assert chat.state.step == "sheet_partners"
    chat.command("/retour")
    assert chat.state.step == "sheet_structure" and "structure" in chat.replies[-1].text
    assert "structure" not in chat.state.answers["sheet"]
    assert chat.state.answers["sheet"]["title"] == "Potager"


def test_a_question_at_a_sheet_question_is_answered_and_can_still_be_kept(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text("C'est combien le plancher ?")  # the FAQ knows: answered, nothing saved
    assert "plancher" in chat.said and "titre" in chat.replies[-1].text
    assert "title" not in chat.state.answers["sheet"]
    keep = [c.data for r in chat.replies for c in r.choices if "Garder" in c.label]
    chat.send(Event.choice(keep[0]))  # under the answer: « it was my title after all »
    assert chat.state.answers["sheet"]["title"] == "C'est combien le plancher ?"
    assert chat.state.step == "sheet_structure"


def test_long_answers_fit_where_sentences_are_expected(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text("x" * 400)  # a 400-character title is refused kindly
    assert "un peu long" in chat.said and chat.state.step == "sheet_title"
    for _ in range(3):
        chat.tap("Passer")
    assert chat.state.step == "sheet_participation"
    long = "Les habitants décident en assemblée. " * 30  # ~1,100 characters
    chat.text(long)
    assert chat.state.answers["sheet"]["participation"] == long.strip()


def test_photos_and_stale_buttons_get_a_friendly_reply(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    stale = chat.buttons()[0][1]
    chat.send(Event.other("photo"))
    assert "texte" in chat.said and chat.state.step == "sheet_title"
    chat.text("Potager")
    chat.send(Event.choice(stale))
    assert "plus actif" in chat.said and chat.state.step == "sheet_structure"
    assert chat.state.answers["sheet"] == {"title": "Potager"}


def test_questions_are_asked_in_english(guide: Guide) -> None:
    chat = at_verdict(guide)
    chat.command("/langue")
    chat.send(Event.choice("lang|en"))
    chat.tap("summary sheet")
    assert "What is the title of your project?" in chat.said
    chat.tap("Skip")
    assert "organisation carrying the project" in chat.said
    chat.tap("Finish")
    assert "summary sheet" in chat.replies[0].text and chat.replies[0].attachment == "sheet"
