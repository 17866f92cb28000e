"""`State.copy` is a structural copy that must give exactly what the JSON round trip it
replaced gave (`json.loads(json.dumps(data, sort_keys=True))`): equal values, dicts in the same
(sorted) order at every level, int keys made strings, tuples made lists, nothing shared with
the original, and the same TypeError for what JSON cannot hold. Checked on generated states
(hypothesis) and on the states of a whole benchmark conversation."""

from __future__ import annotations

import enum
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.model import State


def json_copy(state: State) -> State:
    """The copy as it was: through JSON text."""
    data = {f.name: getattr(state, f.name) for f in fields(State)}
    return State(**json.loads(json.dumps(data, sort_keys=True)))


def shape(value: Any) -> str:
    """Values, types and every dict's order (json.dumps keeps the order it is given)."""
    return json.dumps(value, sort_keys=False, ensure_ascii=False) + repr(_types(value))


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return [(type(k).__name__, k, _types(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [type(value).__name__, *(_types(v) for v in value)]
    return type(value).__name__


def _ids(value: Any) -> set[int]:
    """The ids of every container inside `value`."""
    if isinstance(value, dict):
        return {id(value)} | {i for v in value.values() for i in _ids(v)}
    if isinstance(value, list | tuple):
        return {id(value)} | {i for v in value for i in _ids(v)}
    return set()


atoms = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
)
values = st.recursive(
    atoms,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.dictionaries(st.integers(-50, 50), inner, max_size=4)
    ),
    max_leaves=25,
)
str_dicts = st.dictionaries(st.text(max_size=8), values, max_size=5)
states = st.builds(
    State,
    step=st.text(max_size=10),
    lang=st.sampled_from(["fr", "en"]),
    consent=st.booleans(),
    answers=str_dicts,
    history=st.lists(st.text(max_size=10), max_size=5),
    candidates=st.lists(st.text(max_size=5), max_size=3),
    suggestion=str_dicts,
    seq=st.integers(0, 10_000),
    lead=st.none() | str_dicts,
    reminders=st.lists(str_dicts, max_size=3),
    pending=str_dicts,
    cards=st.dictionaries(st.text(max_size=4), st.text(max_size=8), max_size=3),
    proposed=str_dicts | st.dictionaries(st.integers(), values, max_size=3),
    erase_asked=st.none() | st.integers(0, 100),
)


@settings(max_examples=200, deadline=None)
@given(states)
def test_the_copy_equals_the_json_round_trip(state: State) -> None:
    copied, through_json = state.copy(), json_copy(state)
    assert copied == through_json
    for f in fields(State):
        assert shape(getattr(copied, f.name)) == shape(getattr(through_json, f.name)), f.name
    assert copied.to_json() == through_json.to_json()
    original = {i for f in fields(State) for i in _ids(getattr(state, f.name))}
    assert not original & {i for f in fields(State) for i in _ids(getattr(copied, f.name))}


class Colour(enum.IntEnum):
    RED = 1


class Word(enum.StrEnum):
    YES = "oui"


@pytest.mark.parametrize(
    "answers",
    [
        {"n": Colour.RED, "w": Word.YES},  # subclasses: as JSON writes them (1, "oui")
        {"f": {1.5: "x", 2.0: "y"}},  # float keys
        {"b": {True: 1, False: 0}, "z": {None: 2}},  # keyword keys
        {"x": {2: "a", 10: "b", -3: "c"}},  # int keys sorted by number, then strings
        {"t": (1, (2, [3, {"k": (4,)}]))},
        {"inf": float("inf"), "neg": -0.0},
    ],
)
def test_the_odd_values_too(answers: dict[str, Any]) -> None:
    state = State(answers=answers)
    assert shape(state.copy().answers) == shape(json_copy(state).answers)


@pytest.mark.parametrize(
    "answers", [{"mixed": {1: "a", "b": 2}}, {"set": {1, 2}}, {"bytes": b"x"}, {"obj": object()}]
)
def test_what_json_cannot_hold_fails_the_same_way(answers: dict[str, Any]) -> None:
    state = State(answers=answers)
    with pytest.raises(TypeError):
        json_copy(state)
    with pytest.raises(TypeError):
        state.copy()


async def test_every_state_of_a_conversation(tmp_path: Path) -> None:
    """The states a real conversation stores on its way to the verdict, each copied."""
    from storage.sqlite import sqlite3
    from tests.test_bot_app import Harness, run_to_verdict

    h = Harness(tmp_path / "db.sqlite3")
    await h.start()
    stored: list[str] = []
    original = h.push

    async def push(update: dict[str, Any]) -> None:
        await original(update)
        conn = sqlite3.connect(tmp_path / "db.sqlite3")
        stored.extend(row[0] for row in conn.execute("select state from conversations"))
        conn.close()

    h.push = push  # type: ignore[method-assign]
    await run_to_verdict(h, 1)
    await h.stop()
    assert len(set(stored)) > 5
    for text in set(stored):
        state = State.from_json(text)
        assert shape(vars_of(state.copy())) == shape(vars_of(json_copy(state)))


def vars_of(state: State) -> dict[str, Any]:
    return {f.name: getattr(state, f.name) for f in fields(State)}
