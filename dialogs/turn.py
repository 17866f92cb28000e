"""What every step shares: one event's state, the replies it collects, and the helpers that
ask, record and move to the next missing question. The step modules beside it (asking, form,
place_step, fiche_step, verdict, verdict_step, sheet_dialog, quick) are functions taking the
turn; `dialogs.flow` lists them in one table of steps, which the turn reads to ask the current
question. This module imports none of them, so there is no loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from dialogs import render
from dialogs.model import Choice, Reply, State
from dialogs.table import AMOUNT_STEPS, STEP_OF, missing
from dialogs.validators import known, requested
from knowledge import Knowledge
from knowledge.faq import Faq
from knowledge.i18n import gettext_for
from knowledge.money import format_money
from knowledge.place_text import locate_in_sentence
from knowledge.places import Gazetteer
from knowledge.reading import Context as ReadingContext
from knowledge.reading import Reading

MAX_SHORT = 300  # characters in an answer that is not a description
MAX_DESCRIPTION = 1500
# Steps where any text is an answer of its own (`knowledge.reading.Context.free_text`): a
# project described, or a field of a form (a phone number, the fiche synthétique's fields).
DESCRIPTION_STEPS = frozenset({"project", "fiche_confirm"})
FORM_STEPS = frozenset({"contact"})


def free_text(step: str) -> str:
    if step in DESCRIPTION_STEPS:
        return "description"
    return "form" if step in FORM_STEPS or step.startswith("sheet_") else ""


MAX_CANDIDATES = 8  # place buttons offered at once


class Services(Protocol):
    """What a turn reads from the guide (built once per process)."""

    knowledge: Knowledge
    places: Gazetteer
    faq: Faq
    retention_days: int
    staff_available: bool


@dataclass(frozen=True, slots=True)
class Step:
    """One state of the conversation: what asks its question, and what reads a message typed
    there (None: only its buttons answer it)."""

    ask: Callable[[Turn], None]
    text: Callable[[Turn, str], None] | None = None
    # what takes this question's answer from a message typed at an earlier question of the
    # same turn ("on est une asso de Roubaix": the commune), instead of asking (`dialogs.early`)
    early: Callable[[Turn, Reading], bool] | None = None


class Turn:
    """One event's processing: mutates its state copy and collects replies. The steps are
    functions of the turn, found in `steps` (the table in `dialogs.flow`)."""

    def __init__(
        self, guide: Services, state: State, today: dt.date, steps: Mapping[str, Step]
    ) -> None:
        self.guide = guide
        self.steps = steps
        self.k = guide.knowledge
        self.state = state
        self.today = today
        self.replies: list[Reply] = []
        self.notes: list[str] = []  # "J'ai noté 45 000 €.": said with the next question
        # notes that follow a commune's card said in the same turn, not precede it (reading12)
        self.after_card: set[str] = set()
        self.reading: Reading | None = None

    def read(self, text: str) -> Reading:
        """The message read once for the whole turn (`knowledge.reading`): every step, the
        question-or-answer decision and the validators share its amount, place and FAQ."""
        state = self.state
        if (
            self.reading is None
            or self.reading.text != text
            or self.reading.context.lang != state.lang
            or self.reading.context.step != state.step
        ):
            context = ReadingContext(
                state.step,
                state.answers,
                state.lang,
                state.history[-1] if state.history else "",
                free_text=free_text(state.step),
                amount=state.step in AMOUNT_STEPS,
            )
            self.reading = Reading(
                text,
                context,
                locate=lambda t: locate_in_sentence(self.guide.places, t),
                ask=lambda t: self.guide.faq.ask(t, self.today),
            )
        return self.reading

    def waiting(self, kind: str) -> dict[str, Any] | None:
        """What an offer or a question put in `State.pending` under `kind` for the next
        message only (the share offer, « C'est votre réponse ? »): taken out whatever this
        message is, and returned when it still stands (same step, same question on screen)."""
        pending = self.state.pending
        if kind not in pending:
            return None
        self.state.pending = {}
        if pending.get("step") != self.state.step or pending.get("seq") != self.state.seq:
            return None
        return pending

    def note(self, text: str, after_card: bool = False) -> None:
        """Say this at the top of the next message (the next question), not on its own;
        `after_card`: after a commune's card said in this turn (an amount kept aside is about
        what comes next, the card about what was just answered)."""
        self.notes.append(text)
        if after_card:
            self.after_card.add(text)

    # ------------------------------------------------------------------ helpers
    def _(self, message: str) -> str:
        return gettext_for(self.state.lang).gettext(message)

    def say(self, text: str, choices: tuple[Choice, ...] = (), columns: int = 1) -> None:
        if self.notes:
            text = "\n".join(self.notes) + "\n\n" + text
            self.notes.clear()
        for chunk in render.chunks(text):
            if chunk.strip():
                self.replies.append(Reply(chunk.strip()))
        if choices:
            last = self.replies.pop() if self.replies else Reply("")
            self.replies.append(Reply(last.text, choices, columns))

    def button(self, label: str, action: str) -> Choice:
        return Choice(label, f"{self.state.seq}|{action}")

    def go(self, step: str) -> None:
        """Move to a step and ask its question (a new question: older buttons go stale)."""
        self.state.step = step
        self.state.seq += 1
        self.ask()

    def record(self, key: str, value: Any) -> None:
        self.state.answers[key] = value
        if key in self.state.history:
            self.state.history.remove(key)
        self.state.history.append(key)
        self.state.answer_count += 1
        self.state.lead = None if self.state.step != "verdict" else self.state.lead

    def next_question(self) -> None:
        """Ask the first missing answer, or show the summary card when nothing is missing."""
        missing = self.missing()
        self.state.editing = bool(missing) and self.state.editing
        if missing:
            self.go(STEP_OF.get(missing[0], missing[0]))
        else:
            self.go("summary")

    def missing(self) -> list[str]:
        return missing(self.state.answers, self.k)

    def dk_button(self) -> Choice:
        return self.button(self._("🤷 Je ne sais pas"), "dk:")

    # ------------------------------------------------------------------ shared readings
    def requested(self) -> Decimal | None:
        """The whole request to the Region: the sum of both parts for "both"."""
        return requested(self.state.answers)

    def known(self, key: str) -> Decimal | None:
        return known(self.state.answers, key)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.state.lang)

    def place_label(self, insee: str) -> str:
        commune = self.guide.places.by_insee(insee)
        if commune is None:
            return insee
        return f"{commune.name} ({commune.department})"

    # ------------------------------------------------------------------ the step table
    def ask(self) -> None:
        """(Re)ask the current step's question, as its entry of the step table says."""
        entry = self.steps.get(self.state.step)
        if entry is None:
            return
        reading = self.reading
        if (
            entry.early is not None
            and reading is not None
            and reading.context.step not in ("", self.state.step)
            and entry.early(self, reading)
        ):
            return  # answered by what the message said at the question before
        entry.ask(self)

    def restart(self) -> None:
        """Everything forgotten but the language and the consent; the first question again."""
        old = self.state
        fresh = State(lang=old.lang, consent=True, seq=old.seq, conversation=old.conversation + 1)
        for name in State.__dataclass_fields__:
            setattr(self.state, name, getattr(fresh, name))
        self.say(self._("On recommence depuis le début."))
        self.next_question()
