"""The form engine and its validators: a validator returns a value or a reason; the engine
re-asks on a reason without changing anything, records and asks the next missing question
otherwise; a condition read from the call's data skips a question."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs import amount_validators as amounts
from dialogs import answer_hooks as hooks
from dialogs import validators as v
from dialogs.flow import Guide
from dialogs.form import question_at
from dialogs.model import State
from dialogs.table import BY_KEY, QUESTIONS
from dialogs.validators import Accepted, Context, Rejected
from knowledge import Knowledge
from tests.dialog_driver import Chat


def ctx(**answers: object) -> Context:
    return Context(dict(answers), "fr")


# ---------------------------------------------------------------------- validators alone
@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("45 000 €", "45000", id="spaces-and-sign"),
        pytest.param("2k", "2000", id="k"),
        pytest.param("deux mille euros", "2000", id="words"),
    ],
)
def test_total_accepts_an_amount_with_its_note(text: str, value: str) -> None:
    result = amounts.total(text, ctx())
    assert isinstance(result, Accepted)
    assert Decimal(result.value) == Decimal(value)
    assert "J'ai noté un coût total de" in result.note


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("bof", "Je n'ai pas reconnu de montant", id="no-number"),
        pytest.param("-5", "négatif", id="negative"),
        pytest.param("0", "supérieur à 0", id="zero"),
        pytest.param("500 € par mois", "pas par mois", id="per-period"),
    ],
)
def test_total_refuses_with_a_reason(text: str, reason: str) -> None:
    result = amounts.total(text, ctx())
    assert isinstance(result, Rejected)
    assert reason in result.reason
    assert not result.offers  # the engine says it, then asks the question again


def test_a_range_offers_both_amounts_as_buttons() -> None:
    result = amounts.total("entre 3000 et 4000 €", ctx())
    assert isinstance(result, Rejected)
    assert [Decimal(a.split(":")[1]) for _label, a in result.offers] == [3000, 4000]
    assert result.dont_know


def test_request_cannot_exceed_the_total() -> None:
    refused = amounts.request("12000", ctx(total="10000"))
    assert isinstance(refused, Rejected)
    assert "ne peut pas dépasser" in refused.reason
    accepted = amounts.request("3000", ctx(total="10000"))
    assert isinstance(accepted, Accepted) and Decimal(accepted.value) == 3000


def test_a_request_part_counts_the_other_part() -> None:
    answers = {"total": "10000", "kind": "both", "request_investment": "6000"}
    assert isinstance(amounts.request_operating("5000", Context(answers)), Rejected)
    assert isinstance(amounts.request_operating("4000", Context(answers)), Accepted)


def test_cofunding_fits_in_what_the_request_leaves() -> None:
    result = amounts.cofunding("8000", ctx(total="10000", request="3000"))
    assert isinstance(result, Rejected)
    assert "dépasser 7\u202f000" in result.reason  # the rest it may not exceed
    nothing = amounts.cofunding("rien", ctx(total="10000", request="3000"))
    assert isinstance(nothing, Accepted) and Decimal(nothing.value) == 0


def test_role_in_words_or_kept_as_typed() -> None:
    known = v.role("on est une asso", ctx())
    assert isinstance(known, Accepted) and known.value == "association"
    own = v.role("coopérative de producteurs", ctx())
    assert isinstance(own, Accepted)
    assert (own.value, dict(own.also)) == ("other", {"role_text": "coopérative de producteurs"})
    assert isinstance(v.role("ok", ctx()), Rejected)


def test_a_button_value_must_be_one_of_the_choices() -> None:
    pick = BY_KEY["role"].read_choice
    assert pick("association", ctx()) == Accepted("association", drop=("role_text",))
    assert pick("nonsense", ctx()) == Rejected()


def test_priority_area_dont_know_says_who_can_tell(knowledge: Knowledge) -> None:
    place = {"epci_name": "CA de Lens - Liévin"}
    result = v.priority_area("je sais pas", Context({"place": place}, "fr", None, knowledge))
    assert isinstance(result, Accepted) and result.value == "unknown"
    assert "Lens - Liévin (nom au 1er janvier 2026)" in result.aside
    unnamed = v.priority_area("je sais pas", ctx(place=place))  # no data: no name to show
    assert isinstance(unnamed, Accepted) and "votre intercommunalité" in unnamed.aside
    assert isinstance(v.priority_area("peut-être bleu", ctx()), Rejected)


def test_every_plain_question_has_a_validator_and_special_ones_do_not() -> None:
    plain = {q.key for q in QUESTIONS if q.validate is not None}
    assert plain == {
        "role",
        "audience",
        "priority_area",
        "kind",
        "total",
        "request",
        "request_investment",
        "request_operating",
        "cofunding",
        "activity",
    }
    assert question_at("place") is None and question_at("project") is None


# ---------------------------------------------------------------------- hooks
def test_an_edited_total_drops_the_amounts_it_makes_impossible() -> None:
    state = State(answers={"total": "10000", "request": "8000", "cofunding": "1000"})
    hooks.total_changed(state, "5000")
    assert "request" not in state.answers and state.answers["cofunding"] == "1000"
    state = State(answers={"total": "10000", "request": "3000", "cofunding": "5000"})
    hooks.total_changed(state, "7000")  # both fit alone, not together: co-funding asked again
    assert state.answers == {"total": "10000", "request": "3000"}


def test_a_kind_change_to_both_forgets_the_single_request() -> None:
    state = State(answers={"kind": "operating", "request": "3000"}, history=["kind", "request"])
    hooks.kind_changed(state, "investment")
    assert state.answers["request"] == "3000"  # still one request
    hooks.kind_changed(state, "both")
    assert "request" not in state.answers and state.history == ["kind"]


# ---------------------------------------------------------------------- the engine
def at_total(guide: Guide, fiche: int, role: str = "association") -> Chat:
    chat = Chat(guide)
    chat.start()
    chat.tap(role)
    chat.text("Liévin")
    chat.tap("quartier")
    chat.tap(f"({fiche})")
    if fiche == 4:
        chat.tap("Oui")
        chat.tap("Les deux")
    assert chat.state.step == "total"
    return chat


def test_a_reason_is_said_and_the_question_asked_again_with_nothing_changed(
    guide: Guide,
) -> None:
    chat = at_total(guide, 1)
    before = chat.state.copy()
    chat.text("beaucoup trop")
    assert "Je n'ai pas reconnu de montant" in chat.replies[0].text
    assert "coût total du projet" in chat.said  # the question again
    assert chat.state.answers == before.answers
    assert chat.state.history == before.history and chat.state.step == "total"


def test_an_accepted_value_is_recorded_with_its_note_and_the_next_question_asked(
    guide: Guide,
) -> None:
    chat = at_total(guide, 1)
    chat.text("45 000 €")
    assert Decimal(chat.state.answers["total"]) == 45000
    assert chat.state.history[-1] == "total"
    assert chat.state.step == "request"
    assert chat.replies[0].text.startswith("J'ai noté un coût total de 45")
    assert "Combien demandez-vous à la Région" in chat.replies[0].text  # one message


def test_a_condition_from_the_data_chooses_the_next_question(guide: Guide) -> None:
    # fiche 4's data gives ceilings by kind: "both" asks the request in two parts
    chat = at_total(guide, 4)
    chat.text("20000")
    assert chat.state.step == "request_investment"
    chat.text("5000")
    assert chat.state.step == "request_operating"
    chat.text("4000")
    assert chat.state.step == "cofunding"
    assert Decimal(chat.state.answers["request_operating"]) == 4000


@pytest.mark.parametrize(
    ("role", "after_cofunding"),
    [
        pytest.param("association", "activity", id="structure-asked-non-cumul"),
        pytest.param("habitant", "summary", id="inhabitant-skips-non-cumul"),
    ],
)
def test_a_condition_skips_a_question(guide: Guide, role: str, after_cofunding: str) -> None:
    chat = at_total(guide, 1, role=role)
    chat.text("10000")
    chat.text("3000")
    chat.tap("Rien pour l'instant")
    assert Decimal(chat.state.answers["cofunding"]) == 0
    assert chat.state.step == after_cofunding


def test_an_offered_amount_is_read_by_the_current_question(guide: Guide) -> None:
    chat = at_total(guide, 1)
    chat.text("entre 3000 et 4000")
    assert chat.state.step == "total" and "total" not in chat.state.answers
    chat.tap("4\u202f000")
    assert Decimal(chat.state.answers["total"]) == 4000
    assert chat.state.step == "request"


def test_dont_know_is_the_question_own_reading_and_sets_off_no_hook(guide: Guide) -> None:
    chat = at_total(guide, 1)
    chat.text("10000")
    chat.text("3000")
    chat.tap("Rien pour l'instant")
    chat.command("/retour")  # back to the co-funding, then the request
    chat.command("/retour")
    assert chat.state.step == "request"
    chat.tap("Je ne sais pas")
    assert chat.state.answers["request"] is None  # noted "à préciser", nothing dropped
    assert "notée « à préciser »" in chat.replies[0].text
    assert chat.state.step == "cofunding"


def test_dont_know_to_who_you_are_forgets_the_own_words() -> None:
    result = BY_KEY["role"].read_unknown(ctx(role_text="coopérative"))
    assert result == Accepted(
        "unknown", note="D'accord, je note « à préciser ».", drop=("role_text",)
    )
    assert BY_KEY["kind"].read_unknown(ctx()) == Accepted("unknown")


def test_every_plain_question_is_dispatched_to_the_engine() -> None:
    from dialogs.flow import CHOICE, TEXT

    for question in QUESTIONS:
        if question.validate is None:
            continue
        assert TEXT[question.step].__name__ == "form_text", question.key
        if question.action:
            assert question.action in CHOICE, question.key
