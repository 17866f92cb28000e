"""The total sent twice in a row, asked about instead of taken as the request (outside6 pass).

A double tap on « send », or a phone resending a message it thought lost on a bad network,
brings the same text twice. At the total the second copy was read as the next question's
answer: « 12000 » twice made the request 12 000 €, the whole cost asked of the Region, said as
noted. The dialog cannot tell a copy from an answer that happens to be the same (it has no
clock of seconds), so it asks once, where the same amount twice is unlikely: the total, then a
request of all of it. Two later amounts alike are common and taken (a request and a co-funding
of 3 000 € each: the tuning conversations hold many; asking there too asked back 43 of their
cases and misread 2).
The copy is said, its amount offered as a button (`State.proposed`, as an amount typed early
is); a tap takes it, another amount typed is taken as usual, the same message once more is the
answer.
"""

from __future__ import annotations

from typing import Any

from dialogs.form import context, question_at
from dialogs.table import AMOUNT_STEPS
from dialogs.turn import Turn
from dialogs.validators import Accepted

AMOUNTS = frozenset(AMOUNT_STEPS)
COPIED = "total"  # the one answer whose copy is asked about at the next amount question
TWICE = "twice"  # marks an amount offered here in `State.proposed`


def _same(text: str) -> str:
    return " ".join(text.split())


def asked(turn: Turn, text: str, last: dict[str, Any]) -> bool:
    """The message is the total typed in the message just before (`last`, what `remember`
    kept; every event forgets it, so a command or a question in between means no copy), sent
    again at the next amount question: said, its amount offered, nothing recorded. False:
    read as usual."""
    state = turn.state
    if state.step not in AMOUNTS or not last or last.get("step") == state.step:
        return False
    if _same(text) != last.get("text") or not state.history or state.history[-1] != last["step"]:
        return False
    previous, question = question_at(str(last["step"])), question_at(state.step)
    if previous is None or question is None or question.validate is None:
        return False
    result = question.validate(text, context(turn))
    if not isinstance(result, Accepted) or result.value is None:
        return False  # not an answer here anyway: the step says why, as usual
    state.proposed = {"amount": str(result.value), "from": TWICE}
    turn.note(
        turn._(
            "Vous avez envoyé « {text} » deux fois de suite : je l'ai noté pour la question "
            "d'avant ({label}), pas encore pour celle-ci."
        ).format(text=_escape(text), label=turn._(previous.label))
    )
    turn.ask()
    return True


def remember(turn: Turn, step: str, text: str) -> None:
    """After a typed message was read at `step`: the total that answered it and moved the
    dialog on is remembered for the next message; anything else forgets it. An amount offered
    here and not taken is not offered again."""
    state = turn.state
    answered = step == COPIED and state.step != step and step in state.history[-1:]
    state.typed = {"step": step, "text": _same(text)} if answered else {}
    if state.proposed.get("from") == TWICE:
        state.proposed = {}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
