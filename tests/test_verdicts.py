"""Issue 13: verdicts faithful to the text, coherent with the dialog, counted right.

Each test drives the real rules (`evaluate`) or the real dialog (`Guide.step` through the chat
driver); nothing here restates an answer the code is meant to produce.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from dialogs import render, verdict_card
from dialogs.flow import Guide
from knowledge import Knowledge
from knowledge.i18n import gettext_for
from knowledge.rules import Answers, evaluate
from tests.dialog_driver import CLOSED, OPEN, Chat, full_run

D = Decimal


def _card(chat: Chat) -> str:
    """The verdict card: the reply that carries the "details" button, before any details."""
    for reply in chat.all_replies:
        if any(c.data.endswith("|verdict:detail") for c in reply.choices):
            return reply.text
    raise AssertionError("no verdict card")


def _edit(chat: Chat, field: str, value: str) -> None:
    """From the verdict: change one answer, then see the result again."""
    chat.tap("Changer une réponse")
    chat.tap(f"✏️ {field}")
    chat.text(value)
    assert chat.state.step == "summary", chat.said  # the dialog accepted the value
    chat.tap("Voir le résultat")


# ------------------------------------------------------------------ co-funding base
def test_cofunding_shortfall_is_a_warning_with_its_amount_and_the_reading_to_confirm(
    knowledge: Knowledge,
) -> None:
    answers = Answers(fiche=1, request=D(3000), total=D(10000), cofunding=D(1000))
    verdict = evaluate(knowledge, answers, OPEN, "artois")
    check = verdict.check("cofunding")
    assert check is not None and check.status == "warn" and check.icon == "⚠️"
    assert check.gap == D("2000.00") and "2\u202f000\xa0€" in check.message
    assert "à confirmer avec votre contact" in check.message
    assert verdict.eligible  # a reading to confirm never ends the verdict
    reading = knowledge.call["cofunding_reading"]
    assert "notre lecture" in reading["source"]["section"]


# ------------------------------------------------------------------ fiche 4 ceilings
def test_fiche4_both_kinds_each_part_against_its_own_ceiling(knowledge: Knowledge) -> None:
    within = Answers(
        fiche=4,
        total=D(300000),
        cofunding=D(0),
        kind="both",
        request_investment=D(150000),
        request_operating=D(20000),
        priority_area="yes",
    )
    verdict = evaluate(knowledge, within, OPEN, "artois")
    ceiling, floor = verdict.check("ceiling"), verdict.check("floor")
    assert ceiling is not None and ceiling.status == "ok"
    assert floor is not None and floor.actual == "170\u202f000\xa0€"  # the request is the sum
    operating_over = Answers(
        fiche=4,
        total=D(300000),
        cofunding=D(0),
        kind="both",
        request_investment=D(100000),
        request_operating=D(20001),
    )
    check = evaluate(knowledge, operating_over, OPEN, "artois").check("ceiling")
    # a funding ceiling caps the Region's funding: a warning with the amount over, no refusal
    assert check is not None and check.status == "warn" and check.gap == D(1)
    assert "Fonctionnement" in check.message and "Investissement" in check.message
    assert "au-delà du plafond de financement (20\u202f000\xa0€)." in check.message
    assert "La fiche plafonne le financement de la Région" in check.message


def test_dialog_accepts_les_deux_and_asks_both_amounts(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 4, kind="Les deux", total="200000", parts=("160000", "15000"), cofunding="0")
    assert chat.state.answers["kind"] == "both"
    assert chat.state.lead is not None and chat.state.lead["request"] == "175000.00"
    assert chat.state.answers["request_investment"] == "160000.00"
    assert chat.state.answers["request_operating"] == "15000.00"
    card = _card(chat)
    assert "⚠️ Maximum" in card and "150\u202f000" in card and "20\u202f000" in card
    # the advice ("bring the investment part down to 150 000 €") is accepted at that step
    _edit(chat, "Demande en investissement", "150000")
    assert "✅ Maximum" in _card_last(chat)


def _card_last(chat: Chat) -> str:
    return next(
        r.text
        for r in reversed(chat.all_replies)
        if any(c.data.endswith("|verdict:detail") for c in r.choices)
    )


@pytest.mark.parametrize(
    "typed", ["les deux", "un peu des deux", "investissement et fonctionnement"]
)
def test_typed_both(guide: Guide, typed: str) -> None:
    chat = Chat(guide, today=OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Roubaix")
    chat.tap("quartier")
    chat.tap("(4)")
    chat.tap("Oui")
    chat.text(typed)
    assert chat.state.answers["kind"] == "both"
    chat.text("50000")
    assert chat.state.step == "request_investment"


# ------------------------------------------------------------------ priority area
def test_priority_area_says_the_text_and_who_can_tell(guide: Guide, knowledge: Knowledge) -> None:
    chat = Chat(guide, today=OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Roubaix")
    chat.tap("quartier")
    chat.tap("(4)")
    assert "géographie prioritaire du territoire" in chat.said and "QPV" in chat.said
    chat.text("je sais pas")
    assert "techniciens" in chat.said and "Métropole Européenne de Lille" in chat.said
    verdict = evaluate(knowledge, Answers(fiche=4, priority_area="unknown"), OPEN, "metropole")
    check = verdict.check("priority_area")
    assert check is not None and check.status == "unknown"
    assert "géographie prioritaire du territoire" in check.message
    assert "techniciens" in check.message


# ------------------------------------------------------------------ non-cumul
def test_non_cumul_is_asked_about_the_project(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.tap("(1)")
    chat.text("10000")
    chat.text("3000")
    chat.text("3000")
    assert chat.state.step == "activity"
    assert "Ce projet" in chat.said and "programme d'activité" in chat.said


def test_non_cumul_is_not_asked_of_an_inhabitant(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1, role="habitant")
    assert "activity" not in chat.state.answers
    steps_asked = " ".join(r.text for r in chat.all_replies)
    assert "programme d'activité" not in steps_asked
    assert chat.state.lead is not None and "activity_funding" not in chat.state.lead["checks"]


# ------------------------------------------------------------------ intercommunality leads
def test_every_verdict_has_the_intercommunality_rule(knowledge: Knowledge) -> None:
    for fiche in knowledge.fiches:
        check = evaluate(knowledge, Answers(fiche=fiche), OPEN, "artois").check("intercommunality")
        assert check is not None and check.status == "unknown"
        assert "chef de file" in check.source.section
    assert "périmètre géographique" in knowledge.call["intercommunality"]["rule"]


def test_faq_does_not_say_fiches_1_to_3_need_no_priority_area(guide: Guide) -> None:
    for lang in ("fr", "en"):
        text = guide.faq.render(guide.faq.by_id["qpv"], lang, OPEN)
        assert "n'exigent pas" not in text and "do not require" not in text
        assert "intercommunalit" in text


# ------------------------------------------------------------------ contacts from 2014
def test_every_contact_card_says_2014_and_gives_the_plus_33_form(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 1, place="Calais")
    card = _card(chat)
    assert "Coordonnées de 2014" in card
    assert "03 28 82 79 32 (+33 3 28 82 79 32)" in card
    chat.text("qui contacter ?")
    assert "Coordonnées de 2014" in chat.said and "+33 3 28 82 79 52" in chat.said
    chat.text("je suis à Lens, j'appelle qui ?")
    assert "Coordonnées de 2014" in chat.said and "+33 3 28 82 79 63" in chat.said
    assert "Communauté d'agglomération de Lens - Liévin" in chat.said
    assert "CA de " not in chat.said


def test_source_is_a_short_linked_line(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN, lang="en")
    chat.start()
    chat.text("what is the minimum amount?")
    source = next(line for line in chat.said.splitlines() if "Source" in line)
    assert 'href="https://www.irev.fr/' in source
    assert render.visible_length(source) < 60 and "Cadre" not in source


# ------------------------------------------------------------------ no invented future
def test_closed_call_promises_no_next_call(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    chat.tap("Voir le détail")
    chat.text("il y aura un prochain appel ?")
    said = "\n".join(r.text for r in chat.all_replies).lower()
    for promise in ("nouvel appel", "le suivant", "prochain appel est", "next one"):
        assert promise not in said
    assert "hauts-de-france" in said


# ------------------------------------------------------------------ advice the dialog accepts
def test_add_750_of_cofunding_then_750_is_accepted(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1, total="2500", request="2000", cofunding="0")
    chat.tap("Voir le détail")
    # 30 % of 2 500 € is 750 €, but 2 000 € + 750 € exceeds the cost: no bare "add 750 €"
    assert "Ajoutez 750" not in chat.said and "ne tiennent pas ensemble" in chat.said
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1, total="2500", request="1750", cofunding="0")
    chat.tap("Voir le détail")
    assert "Ajoutez 750\xa0€" in chat.said
    _edit(chat, "Co-financement local", "750")
    assert "✅ Co-financement local" in _card_last(chat)


def test_lower_the_request_advice_is_accepted_too(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1, total="10000", request="9000", cofunding="0")
    chat.tap("Voir le détail")
    amounts = re.search(r"Ramenez la demande à la Région à ([\d\u202f]+)\xa0€", chat.said)
    assert amounts is not None, chat.said
    _edit(chat, "Demande à la Région", amounts.group(1).replace("\u202f", ""))
    _edit(chat, "Co-financement local", "3000")
    assert "✅ Co-financement local" in _card_last(chat)


def test_never_advise_reducing_the_total_cost(knowledge: Knowledge) -> None:
    for cofunding in (0, 1000, 2000, 2900):
        verdict = evaluate(
            knowledge,
            Answers(fiche=2, request=D(2000), total=D(10000), cofunding=D(cofunding)),
            OPEN,
            "artois",
        )
        messages = " ".join(c.message for c in verdict.checks).lower()
        assert "coût total à" not in messages and "réduisez" not in messages


# ------------------------------------------------------------------ counts add up
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(
            Answers(
                fiche=1, request=D(3000), total=D(10000), cofunding=D(3000), activity_funding=False
            ),
            id="none-to-fix",
        ),
        pytest.param(
            Answers(
                fiche=1, request=D(1500), total=D(10000), cofunding=D(3000), activity_funding=False
            ),
            id="one",
        ),
        pytest.param(
            Answers(
                fiche=1, request=D(1500), total=D(10000), cofunding=D(0), activity_funding=True
            ),
            id="three",
        ),
        pytest.param(
            Answers(
                fiche=4,
                request=D(30000),
                total=D(40000),
                cofunding=D(0),
                kind="operating",
                priority_area="no",
                activity_funding=None,
            ),
            id="fiche4-mixed",
        ),
    ],
)
@pytest.mark.parametrize("today", [OPEN, dt.date(2014, 12, 20), CLOSED])
def test_headline_counts_every_cross_and_warning(
    knowledge: Knowledge, answers: Answers, lang: str, today: dt.date
) -> None:
    _ = gettext_for(lang).gettext
    verdict = evaluate(knowledge, answers, today, "artois", lang)
    place = {"epci_name": "CA de Lens - Liévin"}
    card = verdict_card.verdict(_, verdict, {"place": place}, knowledge, lang)
    lines = card.splitlines()
    to_fix = sum(1 for line in lines if line.startswith(("❌", "⚠️")))
    to_check = sum(1 for line in lines if line.startswith("❔"))
    headline = lines[2] if verdict.closed else lines[1]
    words = {"fr": ("à revoir", "à vérifier"), "en": ("to review", "to check")}[lang]
    found_fix = re.search(rf"(\d+) points? {words[0]}", headline)
    found_check = re.search(rf"(\d+) points? {words[1]}", headline)
    assert (int(found_fix.group(1)) if found_fix else 0) == to_fix, card
    assert (int(found_check.group(1)) if found_check else 0) == to_check, card
    assert "point(s)" not in card
    for n, match in ((to_fix, found_fix), (to_check, found_check)):
        if match:
            assert ("points" in match.group(0)) == (n > 1)  # plural rules, not "(s)"


# ------------------------------------------------------------------ sub-territories
def test_sub_territory_mapping_is_marked_as_our_reading(knowledge: Knowledge) -> None:
    for territory in knowledge.territories.values():
        assert "notre lecture" in territory.source.section


def test_cli_checks_both_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import json

    from knowledge.cli import main

    argv = ["check", "--fiche", "4", "--place", "Roubaix", "--kind", "both", "--total", "300000"]
    argv += ["--cofunding", "0", "--request-investment", "160000"]
    out = io.StringIO()
    assert main([*argv, "--request-operating", "15000"], stdout=out, today=OPEN) == 0
    checks = {c["id"]: c for c in json.loads(out.getvalue())["checks"]}
    assert checks["ceiling"]["status"] == "warn" and checks["ceiling"]["gap"] == "10000.00"
    assert checks["floor"]["actual"] == "175\u202f000\xa0€"
    assert main(argv, stdout=io.StringIO(), today=OPEN) == 2  # the operating part is missing
    assert "--request-operating" in capsys.readouterr().err


def test_becoming_an_inhabitant_at_the_summary_hides_the_non_cumul_answer(guide: Guide) -> None:
    """The non-cumul answer given as an association no longer applies to an inhabitant: the
    summary neither shows it nor offers to edit it, and the verdict does not check it."""
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1)
    chat.tap("Changer une réponse")
    assert "Programme d'activité" in chat.said
    chat.tap("Vous êtes")
    chat.tap("habitant")
    assert chat.state.step == "summary" and "Programme d'activité" not in chat.said
    assert "edit:activity" not in str(chat.buttons())
    chat.tap("Voir le résultat")
    assert chat.state.lead is not None and "activity_funding" not in chat.state.lead["checks"]
