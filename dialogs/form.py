"""The engine that applies one answer to a plain question (Rasa's form contract).

Look up the current question in the table (`dialogs.table`), run its validator on what was
typed or on the button's value, then either say the reason and ask again (nothing changes), or
run the question's hook, record the value with its note and ask the next missing question
(table order and conditions). The questions with flows of their own (the place lookup, the
fiche suggestion, the verdict, quick questions, "je ne sais pas", the fiche synthétique,
consent) stay in their modules and call `record` / `next_question` the same way.
"""

from __future__ import annotations

from dialogs.table import BY_ACTION, BY_STEP, Question
from dialogs.turn import TurnBase
from dialogs.validators import Accepted, Context, Rejected, Result


def question_at(step: str) -> Question | None:
    """The plain question asked at this step (None: a step with a flow of its own)."""
    question = BY_STEP.get(step)
    return question if question is not None and question.validate is not None else None


class Form(TurnBase):
    """Plain questions: validate, then record and move on, or explain and re-ask."""

    def context(self) -> Context:
        return Context(self.state.answers, self.state.lang)

    def form_text(self, text: str) -> None:
        """A typed answer to the current plain question."""
        question = question_at(self.state.step)
        if question is None or question.validate is None:
            self.ask()
            return
        self.apply(question, question.validate(text, self.context()))

    def form_choice(self, value: str, question: Question | None = None) -> None:
        """A button's value for the current plain question (or the one named)."""
        question = question or question_at(self.state.step)
        if question is None:
            self.ask()
            return
        self.apply(question, question.read_choice(value, self.context()))

    def form_unknown(self) -> None:
        """ "Je ne sais pas" to the current plain question: what its table entry notes then."""
        question = question_at(self.state.step)
        if question is None:
            self.ask()
            return
        self.apply(question, question.read_unknown(self.context()))

    def choice_form(self, action: str, value: str) -> None:
        """A button of a plain question: "role:association", "cof:0", "amt:3000" (one of the
        amounts offered after a range: for the amount question being asked)."""
        if action == "amt":
            question = question_at(self.state.step)
            if question is None or question.shape != "amount":
                self.ask()
                return
            self.form_choice(value, question)
            return
        self.form_choice(value, BY_ACTION[action])

    def apply(self, question: Question, result: Result) -> None:
        """Record an accepted value and ask the next question, or say why not and re-ask."""
        if isinstance(result, Rejected):
            self.reject(result)
            return
        self.accept(question, result)

    def reject(self, result: Rejected) -> None:
        if result.offers:
            buttons = [self.button(label, action) for label, action in result.offers]
            if result.dont_know:
                buttons.append(self.dk_button())
            self.say(result.reason, tuple(buttons), columns=result.columns)
            return
        if result.reason:
            self.say(result.reason)
        self.ask()

    def accept(self, question: Question, result: Accepted) -> None:
        answers = self.state.answers
        for key in result.drop:
            answers.pop(key, None)
        answers.update(result.also)
        if result.aside:
            self.say(result.aside)
        if question.hook is not None and result.value is not None:  # unknown: nothing to drop
            question.hook(self.state, result.value)
        self.record(question.key, result.value)
        if result.note:
            self.note(result.note)
        self.next_question()
