"""Whether an earlier answer's question takes a value (issue 22's corrections): what it would
record without undoing another answer, the amounts answered before, whether a question takes a
message. Shared by `dialogs.corrections` (which finds what a message corrects) and
`dialogs.correction_offers` (which offers a value only an earlier answer takes).
"""

from __future__ import annotations

from dialogs.form import context
from dialogs.question import Question
from dialogs.table import BY_KEY, applies
from dialogs.turn import Turn
from dialogs.validators import Accepted, known
from knowledge.reading import Reading

AMOUNTS = tuple(key for key, q in BY_KEY.items() if q.shape == "amount")
# A correction marker with at most this many other words and no value ("je me suis trompé",
# "erreur de montant") asks which answer to change; a commune typed for a choice is as short.
MAX_WORDS_WHICH = 6


def fits_answer(turn: Turn, key: str, text: str) -> Accepted | None:
    """What the answer `key` would record from `text`: its validator's reading, when it
    accepts it and recording it would not undo another answer (a total below the request
    already given does not fit)."""
    question = BY_KEY[key]
    if question.validate is None:
        return None
    result = question.validate(text, context(turn))
    if not isinstance(result, Accepted) or result.value is None:
        return None
    trial = turn.state.copy()
    for drop in result.drop:
        trial.answers.pop(drop, None)
    trial.answers.update(result.also)
    if question.hook is not None:
        question.hook(trial, result.value)
    kept = {k for k in turn.state.answers if k in BY_KEY} - {key}
    return result if kept <= set(trial.answers) else None


def earlier_amounts(turn: Turn, current: str) -> list[str]:
    """The amounts answered before, that still apply, the previous answer first."""
    answers, previous = turn.state.answers, turn.state.history[-1] if turn.state.history else ""
    keys = [
        k
        for k in AMOUNTS
        if k != current and known(answers, k) is not None and applies(k, answers, turn.k)
    ]
    return sorted(keys, key=lambda k: k != previous)


def accepts(turn: Turn, question: Question, reading: Reading) -> bool:
    """Whether the question's validator takes the message as its answer (one of its buttons,
    for a choice: any words are kept as "other" there)."""
    if question.validate is None:
        return False
    result = question.validate(reading.text, context(turn))
    return isinstance(result, Accepted) and not (
        question.shape == "choice" and result.value == "other"
    )
