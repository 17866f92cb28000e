"""The question table is the single source of truth: what a question asks, how its answer shows,
what the rules, the lead, the spreadsheet and the fiche synthétique read, all come from its
entry. These tests go through the real dialog and the real sheet."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from dialogs import fields
from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.question import Extra
from dialogs.sheet import build, guide_notes, snapshot
from dialogs.table import BY_KEY, QUESTIONS
from knowledge.i18n import gettext_for
from knowledge.money import format_money
from knowledge.rules import Answers, evaluate
from tests.dialog_driver import OPEN, Chat, full_run


def money(amount: str) -> str:
    return format_money(Decimal(amount), "fr")


def _checks(guide: Guide, answers: dict) -> dict[str, str]:  # type: ignore[type-arg]
    verdict = evaluate(
        guide.knowledge, fields.rules_input(answers), OPEN, answers["place"]["territory"], "fr"
    )
    return {c.id: c.status for c in verdict.checks}


def test_every_question_is_asked_with_its_prompt_and_buttons(guide: Guide) -> None:
    """Each question the dialog reaches says its entry's prompt, in each language, and offers
    its entry's choices and extra buttons."""
    for lang in ("fr", "en"):
        _ = gettext_for(lang).gettext
        chat = Chat(guide, OPEN, lang=lang)
        chat.start()
        seen = set()
        for question in QUESTIONS:
            chat.state.step = question.step
            chat.state.answers.setdefault("fiche", 4)
            chat.state.answers.setdefault("kind", "both")
            replies = chat.send(Event.command("/start"))
            said = "\n".join(r.text for r in replies)
            if not question.requirement:
                assert _(question.prompt).split("{")[0] in said, (lang, question.key)
            labels = [label for label, _data in chat.buttons()]
            for key, label in (question.choices or {}).items():
                assert _(label) in labels, (lang, question.key, key)
            for spec in question.buttons:
                if isinstance(spec, Extra):
                    assert _(spec.label) in labels, (lang, question.key)
            seen.add(question.key)
        assert seen == set(BY_KEY)


def test_a_changed_prompt_is_what_the_dialog_asks(guide: Guide, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One wording is one place: change the entry and the dialog says the new words."""
    import dialogs.table as table

    new = dataclasses.replace(BY_KEY["total"], prompt="Combien coûte tout le projet ?")
    monkeypatch.setitem(table.BY_STEP, "total", new)
    chat = Chat(guide, OPEN)
    chat.start()
    chat.state.step = "total"
    replies = chat.send(Event.command("/start"))
    assert "Combien coûte tout le projet ?" in replies[-1].text


def test_one_reading_for_the_dialog_and_the_sheet(guide: Guide) -> None:
    """An inhabitant's fiche-4 project with both kinds of spending: the fiche synthétique
    reviews exactly the checks the dialog's verdict gave (the two readings had drifted)."""
    chat = Chat(guide, OPEN)
    full_run(
        chat,
        4,
        place="Roubaix",
        role="habitant",
        kind="Les deux",
        total="100000",
        parts=("20000", "10000"),
        cofunding="30000",
    )
    answers = chat.state.answers
    lead = chat.state.lead
    assert lead is not None
    dialog_checks = lead["checks"]
    assert dialog_checks["floor"] == "ok" and dialog_checks["ceiling"] == "ok"
    assert "activity_funding" not in dialog_checks  # an inhabitant: non-cumul not asked
    assert _checks(guide, answers) == dialog_checks
    snap = snapshot(chat.state, OPEN)
    text = build(guide.knowledge, snap).text()
    # the points to review go in the message carrying the sheet (never in the document)
    review = [note for note in guide_notes(guide.knowledge, snap) if note.startswith("• ")]
    not_ok = [status for status in dialog_checks.values() if status != "ok"]
    assert len(review) == len(not_ok)  # the same points as the dialog's card, no more
    # fiche 4's two parts are on the sheet, each beside its ceiling
    for part, amount in (("investissement", "20000"), ("fonctionnement", "10000")):
        line = next(line for line in text.splitlines() if line.startswith(f"Part {part}"))
        assert line.split(" : ", 1)[1].startswith(money(amount))
    assert f"Demande à la Région : {money('30000')} (30" in text


def test_an_unknown_request_does_not_break_the_sheet(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    full_run(chat, 1, place="Lens", request="je ne sais pas")
    assert chat.state.answers["request"] is None
    text = build(guide.knowledge, snapshot(chat.state, OPEN)).text()
    assert "Demande à la Région : \n" in text  # a blank to fill in, not a crash


def test_rules_input_reads_every_question_that_feeds_the_rules() -> None:
    """Every field of the rules' input but the place is fed by exactly one question."""
    fed = [q.rules[0] for q in QUESTIONS if q.rules is not None]
    assert len(fed) == len(set(fed))
    assert set(fed) == {f.name for f in dataclasses.fields(Answers)}
    answers = {
        "role": "inhabitant",
        "fiche": 4,
        "kind": "both",
        "request_investment": "20000",
        "request_operating": "10000",
        "total": "100000",
        "cofunding": "0",
        "activity": "unknown",
        "priority_area": "yes",
    }
    read = fields.rules_input(answers)
    assert read.request == Decimal(30000) and read.kind == "both"
    assert read.has_structure is False and read.activity_funding is None
    assert read.priority_area == "yes" and read.cofunding == Decimal(0)


def test_the_lead_and_the_export_columns_come_from_the_table(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    full_run(chat, 4, place="Roubaix", kind="Les deux", parts=("2000", "1500"))
    lead = chat.state.lead
    assert lead is not None
    assert lead["request"] == "3500.00" and lead["total"] == "10000.00"
    assert lead["kind"] == "both" and lead["activity_funding"] == "no"
    assert lead["commune"] == "Roubaix" and lead["role"] == "association"
    columns = [column for _h, column, _s in fields.export_columns() if column != "verdict"]
    for column in columns:  # the verdict is the store's, from the lead's checks
        assert column in lead, column
    shapes = {column: shape for _h, column, shape in fields.export_columns()}
    assert {c for c, s in shapes.items() if s == "amount"} == {"total", "request", "cofunding"}


def test_every_state_is_one_entry_of_the_step_table(guide: Guide) -> None:
    """Each state of the dialog has one entry (what asks it, what reads text there), each a
    function of the turn with its one-line docstring; asking any state says something."""
    from dialogs import flow
    from dialogs.sheet_dialog import STEPS as SHEET_STEPS
    from dialogs.table import STEPS as STATES

    assert set(flow.STEPS) == {*STATES, *SHEET_STEPS}
    handlers = [s.ask for s in flow.STEPS.values()] + [
        s.text for s in flow.STEPS.values() if s.text is not None
    ]
    handlers += list(flow.CHOICE.values())
    for handler in handlers:
        if handler.__name__ != "<lambda>":  # a plain question's button, see flow._plain
            assert handler.__doc__, handler.__qualname__
    chat = Chat(guide, OPEN)
    full_run(chat, 4, place="Roubaix")
    for name in flow.STEPS:
        if name in ("place_choice",):
            continue  # asked only with candidates
        chat.state.step = name
        assert chat.send(Event.command("/start"))[-1].text, name
