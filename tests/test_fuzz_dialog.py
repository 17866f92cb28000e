"""Property-based fuzzing of the pure dialog: any text, number, unicode, huge string, command or
button data, at any step, gives replies and never an exception; the state always round-trips."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.flow import Guide
from dialogs.model import Event, State
from dialogs.table import ORDER, STEPS

GUIDE = Guide()
DAYS = st.sampled_from([dt.date(2014, 11, 20), dt.date(2014, 12, 15), dt.date(2026, 11, 22)])
amounts = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=2).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "2 000 €",
            "2.000",
            "2k",
            "deux mille euros",
            "30 %",
            "1e9",
            "0",
            "-5",
            "5000 ?",
            "c'est quoi le plancher ?",
            "١٢٣",
            "５０００",
        ]
    ),
)
texts = st.one_of(
    st.text(max_size=60),
    st.text(min_size=1000, max_size=5000),
    amounts,
    st.sampled_from(
        [
            "oui",
            "non",
            "je sais pas",
            "Liévin",
            "62100",
            "Saint-Aubin",
            "fiche 4",
            "<b>x</b>",
            "&amp;",
            "\u202e",
            "🙂",
            "   ",
            "/start",
            "jusqu'à quand ?",
        ]
    ),
)
choice_data = st.one_of(
    st.text(max_size=70),
    st.builds(lambda s, a: f"{s}|{a}", st.integers(-2, 40), st.text(max_size=40)),
    st.sampled_from(
        [
            "faq|floor",
            "faq|nope",
            "faq|resume",
            "lang|en",
            "lang|xx",
            "rem|1",
            "erase|yes",
            "staff|o|1",
            "3|place:99999",
            "3|fiche:9",
            "3|dk:",
            "3|amt:2000.00",
            "3|amt:abc",
            "|",
            "::",
        ]
    ),
)
events = st.one_of(
    texts.map(Event.text),
    choice_data.map(Event.choice),
    st.sampled_from(
        [
            "/start",
            "/aide",
            "/retour",
            "/recommencer",
            "/langue",
            "/question",
            "/inconnu",
            "/rappels",
            "/start@dsdt_bot extra",
        ]
    ).map(Event.command),
    st.just(Event.other("media")),
    texts.map(Event.edited),
)


def reached(step: str) -> State:
    """A state standing at `step`, with the answers the steps before it need."""
    state = State(consent=step != "consent", step=step, seq=3)
    answers = {
        "role": "association",
        "place": {
            "insee": "62510",
            "name": "Liévin",
            "former": "",
            "department": "62",
            "epci_code": "246200364",
            "epci_name": "CA de Lens - Liévin",
            "territory": "artois",
        },
        "audience": "all",
        "fiche": 4,
        "priority_area": "yes",
        "kind": "investment",
        "total": "40000",
        "request": "20000",
        "cofunding": "0",
        "activity": "no",
    }
    index = ORDER.index(step) if step in ORDER else len(ORDER)
    state.answers = {k: v for k, v in answers.items() if ORDER.index(k) < index}
    if step == "place_choice":
        state.candidates = ["62510", "62498"]
    return state


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(step=st.sampled_from(STEPS), script=st.lists(events, min_size=1, max_size=6), day=DAYS)
def test_any_event_at_any_step_gets_a_reply(step: str, script: list[Event], day: dt.date) -> None:
    state = reached(step)
    for event in script:
        state, replies = GUIDE.step(state, event, day)
        assert replies, (step, event)
        for reply in replies:
            assert reply.text.strip()
            assert len(reply.text) <= 4096
            for choice in reply.choices:
                assert len(choice.data.encode()) <= 64
        assert State.from_json(state.to_json()) == state
