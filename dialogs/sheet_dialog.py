"""The conversation around the fiche synthétique: a few optional questions, then the document.

A mixin of the dialog's turn (dialogs.flow._Turn): after the verdict, "Préparer ma fiche
synthétique" (or /fiche) asks the short questions of dialogs.sheet_fields — about the project, then
the applicant's identity — each skippable, then replies with the document (a Reply
whose `attachment` is "sheet": the adapter writes the file from the stored state when it sends
it). Answers live in `answers["sheet"]`; the lead keeps a snapshot so staff can regenerate it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Protocol

from dialogs.model import Choice, Reply, State
from dialogs.render import esc, visible_length
from dialogs.sheet import guide_notes, snapshot
from dialogs.sheet_fields import LONG_FIELDS, QUESTIONS, SHEET_FIELDS, fields_for, is_skip, read
from knowledge import Knowledge

PREFIX = "sheet_"
STEPS = tuple(PREFIX + f for f in SHEET_FIELDS)
# A file's caption holds 1,024 characters (Telegram): longer notes follow in the next message.
CAPTION_LIMIT = 1000


class _Turn(Protocol):
    """What the mixin uses of the dialog's turn."""

    state: State
    today: dt.date
    k: Knowledge
    replies: list[Reply]

    def _(self, message: str) -> str: ...
    def say(self, text: str, choices: tuple[Choice, ...] = (), columns: int = 1) -> None: ...
    def button(self, label: str, action: str) -> Choice: ...
    def go(self, step: str) -> None: ...
    def ask(self) -> None: ...
    def missing(self) -> list[str]: ...
    def show_verdict(self) -> None: ...
    def verdict_buttons(self) -> tuple[Choice, ...]: ...
    def sheet_answers(self) -> dict[str, Any]: ...
    def next_sheet_question(self) -> None: ...
    def send_sheet(self) -> None: ...
    def sheet_fields(self) -> tuple[str, ...]: ...


def is_sheet_step(step: str) -> bool:
    return step.startswith(PREFIX)


def text_limit(step: str) -> int | None:
    """Characters allowed at a sheet step (None: not a sheet step)."""
    if not is_sheet_step(step):
        return None
    return 1500 if step[len(PREFIX) :] in LONG_FIELDS else 300


class SheetSteps:
    """Methods of the dialog's turn for the fiche synthétique (mixed into _Turn)."""

    def sheet_answers(self: _Turn) -> dict[str, Any]:
        sheet = self.state.answers.get("sheet")
        if not isinstance(sheet, dict):
            sheet = {}
            self.state.answers["sheet"] = sheet
        return sheet

    def sheet_fields(self: _Turn) -> tuple[str, ...]:
        """The sheet's questions asked for these answers (a structure's only for a structure)."""
        return fields_for(self.state.answers)

    def start_sheet(self: _Turn) -> None:
        """From the verdict's button or /fiche: the verdict must exist (the sheet holds it)."""
        _ = self._
        if self.missing():
            self.say(
                _(
                    "Pour préparer votre fiche synthétique, il me faut d'abord vos réponses. "
                    "Reprenons :"
                )
            )
            self.ask()
            return
        if self.state.lead is None:
            self.show_verdict()
        sheet = self.sheet_answers()
        if all(field in sheet for field in self.sheet_fields()):
            self.go(PREFIX + "ready")
            return
        if not sheet:
            self.say(
                _(
                    "Je prépare votre fiche synthétique, à déposer auprès de votre "
                    "intercommunalité. Quelques questions courtes sur le projet puis sur le "
                    "porteur, toutes facultatives : touchez « Passer » (ou écrivez « passer ») "
                    "pour en sauter une, elle restera à compléter à la main."
                )
            )
        self.next_sheet_question()

    def next_sheet_question(self: _Turn) -> None:
        sheet = self.sheet_answers()
        for field in self.sheet_fields():
            if field not in sheet:
                self.go(PREFIX + field)
                return
        self.send_sheet()

    def ask_sheet(self: _Turn) -> None:
        """(Re)ask the current sheet question."""
        _ = self._
        b = self.button
        field = self.state.step[len(PREFIX) :]
        if field == "ready":
            self.say(
                _("Votre fiche synthétique est prête. Que voulez-vous faire ?"),
                (
                    b(_("📄 Recevoir ma fiche"), "sheet:send"),
                    b(_("✏️ Refaire les questions"), "sheet:redo"),
                    b(_("↩️ Retour au résultat"), "sheet:cancel"),
                ),
            )
            return
        fields = self.sheet_fields()
        position = fields.index(field) + 1 if field in fields else 1
        self.say(
            f"({position}/{len(fields)}) " + _(QUESTIONS[field]),
            (
                b(_("⏭ Passer"), "sheet:skip"),
                b(_("📄 Terminer et recevoir la fiche"), "sheet:done"),
            ),
            columns=2,
        )

    def sheet_text(self: _Turn, text: str) -> None:
        """A typed answer: a skip word skips (never saved); an answer that cannot be right (a
        SIRET whose key fails) is asked again with the reason, nothing recorded."""
        field = self.state.step[len(PREFIX) :]
        if field not in SHEET_FIELDS:
            self.say(self._("Utilisez les boutons ci-dessous, s'il vous plaît."))
            self.ask()
            return
        if is_skip(text):
            self.sheet_answers()[field] = ""
            self.next_sheet_question()
            return
        reading = read(field, text)
        if reading.value is None:
            self.say(self._(reading.reason))
            self.ask()
            return
        self.sheet_answers()[field] = reading.value
        self.state.answer_count += 1
        self.next_sheet_question()

    def choice_sheet(self: _Turn, value: str) -> None:
        field = self.state.step[len(PREFIX) :]
        sheet = self.sheet_answers()
        if value == "skip" and field in SHEET_FIELDS:
            sheet[field] = ""
            self.next_sheet_question()
        elif value == "done" and field in SHEET_FIELDS:
            for name in self.sheet_fields():
                sheet.setdefault(name, "")
            self.send_sheet()
        elif value == "send":
            self.send_sheet()
        elif value == "redo":
            sheet.clear()
            self.next_sheet_question()
        elif value == "cancel":
            self.state.step = "verdict"
            self.state.seq += 1
            self.ask()
        else:
            self.ask()

    def sheet_back(self: _Turn) -> None:
        """/retour during the questions: the previous question, or the result."""
        field = self.state.step[len(PREFIX) :]
        sheet = self.sheet_answers()
        fields = self.sheet_fields()
        position = fields.index(field) if field in fields else 0
        if position == 0:
            self.state.step = "verdict"
            self.state.seq += 1
            self.ask()
            return
        previous = fields[position - 1]
        sheet.pop(previous, None)
        self.say(self._("D'accord, revenons à la question précédente."))
        self.go(PREFIX + previous)

    def send_sheet(self: _Turn) -> None:
        """The document (written by the adapter from this state), with the guide's own notes
        (points to review, a closed call) in the message, never in the document: the document
        goes to the intercommunality as it is. Then back to the result."""
        _ = self._
        epci = self.state.answers["place"]["epci_name"]
        notes = guide_notes(self.k, snapshot(self.state, self.today))
        text = _(
            "📄 Voici votre fiche synthétique pré-remplie. Relisez-la, complétez à la main "
            "ce qui est en pointillés, datez et signez-la, puis déposez-la auprès de votre "
            "intercommunalité ({epci}). /fiche pour la recevoir à nouveau."
        ).format(epci=esc(epci))
        remarks = "\n".join(esc(line) for line in notes)
        if remarks and visible_length(text + remarks) < CAPTION_LIMIT:
            text, remarks = text + "\n\n" + remarks, ""
        self.replies.append(Reply(text, attachment="sheet"))
        if self.state.lead is not None:
            self.state.lead = {**self.state.lead, "sheet": lead_snapshot(self.state, self.today)}
        self.state.step = "verdict"
        self.state.seq += 1
        question = _("Que voulez-vous faire ?")
        self.say(f"{remarks}\n\n{question}" if remarks else question, self.verdict_buttons())


def lead_snapshot(state: State, today: dt.date) -> str:
    """The snapshot as the lead's `sheet` column holds it (JSON text)."""
    return json.dumps(snapshot(state, today), ensure_ascii=False, sort_keys=True)
