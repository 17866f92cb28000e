"""The engine that applies one answer to a plain question (Rasa's form contract).

Look up the current question in the table (`dialogs.table`), run its validator on what was
typed or on the button's value, then either say the reason and ask again (nothing changes), or
run the question's hook, record the value with its note and ask the next missing question
(table order and conditions). The questions with flows of their own (the place lookup, the
fiche suggestion, the verdict, quick questions, "je ne sais pas", the fiche synthétique,
consent) stay in their modules and call `record` / `next_question` the same way.
"""

from __future__ import annotations

from dialogs.question import Question
from dialogs.table import BY_ACTION, BY_STEP
from dialogs.turn import Turn
from dialogs.validators import Accepted, Context, Rejected, Result


def question_at(step: str) -> Question | None:
    """The plain question asked at this step (None: a step with a flow of its own)."""
    question = BY_STEP.get(step)
    return question if question is not None and question.validate is not None else None


def context(turn: Turn) -> Context:
    """What a validator reads: the answers so far, the language and the call's data."""
    reading = turn.reading
    return Context(turn.state.answers, turn.state.lang, reading, turn.k)


def form_text(turn: Turn, text: str) -> None:
    """A typed answer to the current plain question."""
    question = question_at(turn.state.step)
    if question is None or question.validate is None:
        turn.ask()
        return
    apply(turn, question, question.validate(text, context(turn)))


def form_choice(turn: Turn, value: str, question: Question | None = None) -> None:
    """A button's value for the current plain question (or the one named)."""
    question = question or question_at(turn.state.step)
    if question is None:
        turn.ask()
        return
    apply(turn, question, question.read_choice(value, context(turn)))


def form_unknown(turn: Turn) -> None:
    """ "Je ne sais pas" to the current plain question: what its table entry notes then."""
    question = question_at(turn.state.step)
    if question is None:
        turn.ask()
        return
    apply(turn, question, question.read_unknown(context(turn)))


def choice_form(turn: Turn, action: str, value: str) -> None:
    """A button of a plain question: "role:association", "cof:0", "amt:3000" (one of the
    amounts offered after a range: for the amount question being asked)."""
    if action == "amt":
        question = question_at(turn.state.step)
        if question is None or question.shape != "amount":
            turn.ask()
            return
        form_choice(turn, value, question)
        if turn.state.proposed.get("amount") == value and question.key in turn.state.answers:
            turn.state.proposed = {}  # the amount kept aside has found its answer
        return
    form_choice(turn, value, BY_ACTION[action])


def apply(turn: Turn, question: Question, result: Result) -> None:
    """Record an accepted value and ask the next question, or say why not and re-ask."""
    if isinstance(result, Rejected):
        reject(turn, result)
        return
    accept(turn, question, result)


def reject(turn: Turn, result: Rejected) -> None:
    """Say why the answer is not taken (with buttons for a range) and re-ask."""
    if result.offers:
        buttons = [turn.button(label, action) for label, action in result.offers]
        if result.dont_know:
            buttons.append(turn.dk_button())
        turn.say(result.reason, tuple(buttons), columns=result.columns)
        return
    if result.reason:
        turn.say(result.reason)
    turn.ask()


def accept(turn: Turn, question: Question, result: Accepted, ask_next: bool = True) -> None:
    """Record the value (its hook, note and aside) and ask the next question (unless another
    answer of the same message is recorded next: `dialogs.early`)."""
    answers = turn.state.answers
    for key in result.drop:
        answers.pop(key, None)
    answers.update(result.also)
    if result.aside:
        turn.say(result.aside)
    if question.hook is not None and result.value is not None:  # unknown: nothing to drop
        question.hook(turn.state, result.value)
        answers.update(result.also)  # what the answer itself set is not the hook's to drop
    turn.record(question.key, result.value)
    if result.note:
        turn.note(result.note)
    if ask_next:
        turn.next_question()
