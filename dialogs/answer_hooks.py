"""What recording an answer does to the others (the question table's hooks, Rasa's form
contract): an edited total removes the later amounts it makes impossible, a new request the
co-funding that no longer fits, a change to or from fiche 4's "both" the request. Pure state
changes, declared beside their question in `dialogs.table`; the engine (`dialogs.form`) and the
corrections run them when they record.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dialogs.model import State
from dialogs.validators import PARTS, Hook, known, requested


def _forget(state: State, keys: tuple[str, ...]) -> None:
    for key in keys:
        state.answers.pop(key, None)
        if key in state.history:
            state.history.remove(key)


def total_changed(state: State, value: Any) -> None:
    """An edited total removes the later amounts it makes impossible (asked again)."""
    answers = state.answers
    whole = Decimal(value)
    for key in ("request", *PARTS, "cofunding"):
        if (v := known(answers, key)) is not None and v > whole:
            answers.pop(key)
    parts = [known(answers, key) for key in PARTS]
    if sum(p for p in parts if p is not None) > whole:
        for key in PARTS:
            answers.pop(key, None)
    asked, cof = requested(answers), known(answers, "cofunding")
    if asked is not None and cof is not None and asked + cof > whole:
        answers.pop("cofunding")


def request_changed(key: str) -> Hook:
    """A new request (or part) removes a co-funding that no longer fits in the total."""

    def hook(state: State, value: Any) -> None:
        answers = state.answers
        whole, cof = known(answers, "total"), known(answers, "cofunding")
        others = sum(
            (v for k in PARTS if k != key and (v := known(answers, k)) is not None), Decimal(0)
        )
        asked = Decimal(value) + (others if key in PARTS else Decimal(0))
        if whole is not None and cof is not None and asked + cof > whole:
            answers.pop("cofunding")

    return hook


def kind_changed(state: State, value: Any) -> None:
    """Going to or from "both" changes the amounts asked: the request is asked again."""
    if (state.answers.get("kind") == "both") != (value == "both"):
        _forget(state, ("request", *PARTS))
