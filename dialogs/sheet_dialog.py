"""The conversation around the fiche synthétique: a few optional questions, then the document.

Steps of the dialog (see the table in dialogs.flow), each a function of the turn: after the verdict, "Préparer ma fiche
synthétique" (or /fiche) asks the short questions of dialogs.sheet_fields — about the project,
then the applicant's identity — each skippable, then replies with the document (a Reply
whose `attachment` is "sheet": the adapter writes the file from the stored state when it sends
it). Answers live in `answers["sheet"]`; the lead keeps a snapshot so staff can regenerate it.
"""

from __future__ import annotations

from typing import Any

from dialogs import verdict
from dialogs.model import Reply
from dialogs.render import esc, visible_length
from dialogs.sheet import guide_notes, lead_snapshot, sheet_verdict, snapshot
from dialogs.sheet_fields import (
    LABELS,
    LONG_FIELDS,
    QUESTIONS,
    SHEET_FIELDS,
    fields_for,
    is_skip,
    read,
)
from dialogs.turn import Turn
from knowledge.contacts import dated_epci
from knowledge.not_yet import none_yet

PREFIX = "sheet_"
STEPS = tuple(PREFIX + f for f in (*SHEET_FIELDS, "ready"))  # "ready": the document
# A file's caption holds 1,024 characters (Telegram): longer notes follow in the next message.
CAPTION_LIMIT = 1000


def is_sheet_step(step: str) -> bool:
    """Whether the step is one of the fiche synthétique's."""
    return step.startswith(PREFIX)


def text_limit(step: str) -> int | None:
    """Characters allowed at a sheet step (None: not a sheet step)."""
    if not is_sheet_step(step):
        return None
    return 1500 if step[len(PREFIX) :] in LONG_FIELDS else 300


def sheet_answers(turn: Turn) -> dict[str, Any]:
    """The sheet's own answers (created empty on first use)."""
    sheet = turn.state.answers.get("sheet")
    if not isinstance(sheet, dict):
        sheet = {}
        turn.state.answers["sheet"] = sheet
    return sheet


def sheet_fields(turn: Turn) -> tuple[str, ...]:
    """The sheet's questions asked for these answers (a structure's only for a structure)."""
    return fields_for(turn.state.answers)


def start_sheet(turn: Turn) -> None:
    """From the verdict's button or /fiche: the verdict must exist (the sheet holds it)."""
    _ = turn._
    if turn.missing():
        turn.say(
            _(
                "Pour préparer votre fiche synthétique, il me faut d'abord vos réponses. "
                "Reprenons :"
            )
        )
        turn.ask()
        return
    if turn.state.lead is None:
        verdict.show_verdict(turn)
    sheet = sheet_answers(turn)
    if all(field in sheet for field in sheet_fields(turn)):
        turn.go(PREFIX + "ready")
        return
    if not sheet:
        closed = sheet_verdict(turn.k, snapshot(turn.state, turn.today)).closed
        turn.say(
            (
                _(
                    "Je prépare votre fiche synthétique, pour mémoire : l'appel est clos, elle "
                    "ne peut plus être déposée."
                )
                if closed  # as the verdict says: no « à déposer » once its dates have passed
                else _(
                    "Je prépare votre fiche synthétique, à déposer auprès de votre "
                    "intercommunalité."
                )
            )
            + " "
            + _(
                "Quelques questions courtes sur le projet puis sur le porteur, toutes "
                "facultatives : touchez « Passer » (ou écrivez « passer ») pour en sauter "
                "une, elle restera à compléter à la main."
            )
        )
    next_sheet_question(turn)


def next_sheet_question(turn: Turn) -> None:
    """The first sheet question not answered, else the document."""
    sheet = sheet_answers(turn)
    for field in sheet_fields(turn):
        if field not in sheet:
            turn.go(PREFIX + field)
            return
    send_sheet(turn)


def ask_sheet(turn: Turn) -> None:
    """(Re)ask the current sheet question."""
    _ = turn._
    b = turn.button
    field = turn.state.step[len(PREFIX) :]
    if field == "ready":
        turn.say(
            _("Votre fiche synthétique est prête. Que voulez-vous faire ?"),
            (
                b(_("📄 Recevoir ma fiche"), "sheet:send"),
                b(_("✏️ Refaire les questions"), "sheet:redo"),
                b(_("↩️ Retour au résultat"), "sheet:cancel"),
            ),
        )
        return
    fields = sheet_fields(turn)
    position = fields.index(field) + 1 if field in fields else 1
    turn.say(
        f"({position}/{len(fields)}) " + _(QUESTIONS[field]),
        (
            b(_("⏭ Passer"), "sheet:skip"),
            b(_("📄 Terminer et recevoir la fiche"), "sheet:done"),
        ),
        columns=2,
    )


def sheet_text(turn: Turn, text: str) -> None:
    """A typed answer: a skip word skips (never saved); an answer that cannot be right (a
    SIRET whose key fails) is asked again with the reason, nothing recorded."""
    field = turn.state.step[len(PREFIX) :]
    if field not in SHEET_FIELDS:
        turn.say(turn._("Utilisez les boutons ci-dessous, s'il vous plaît."))
        turn.ask()
        return
    if is_skip(text):
        sheet_answers(turn)[field] = ""
        next_sheet_question(turn)
        return
    if field not in LONG_FIELDS and none_yet(text):
        # « pas encore de titre », « no name yet »: nothing to print yet (the partners' or the
        # participation's "not yet" is the project's state: kept as their answer)
        sheet_answers(turn)[field] = ""
        turn.say(
            turn._(
                "D'accord, je laisse « {label} » vide : vous pourrez le compléter plus tard."
            ).format(label=turn._(LABELS[field]))
        )
        next_sheet_question(turn)
        return
    reading = read(field, text)
    if reading.value is None:
        turn.say(turn._(reading.reason))
        turn.ask()
        return
    sheet_answers(turn)[field] = reading.value
    turn.state.answer_count += 1
    next_sheet_question(turn)


def choice_sheet(turn: Turn, value: str) -> None:
    """The sheet's buttons: skip, done, send, redo, cancel."""
    field = turn.state.step[len(PREFIX) :]
    sheet = sheet_answers(turn)
    if value == "skip" and field in SHEET_FIELDS:
        sheet[field] = ""
        next_sheet_question(turn)
    elif value == "done" and field in SHEET_FIELDS:
        for name in sheet_fields(turn):
            sheet.setdefault(name, "")
        send_sheet(turn)
    elif value == "send":
        send_sheet(turn)
    elif value == "redo":
        sheet.clear()
        next_sheet_question(turn)
    elif value == "cancel":
        turn.state.step = "verdict"
        turn.state.seq += 1
        turn.ask()
    else:
        turn.ask()


def sheet_back(turn: Turn) -> None:
    """/retour during the questions: the previous question, or the result."""
    field = turn.state.step[len(PREFIX) :]
    sheet = sheet_answers(turn)
    fields = sheet_fields(turn)
    position = fields.index(field) if field in fields else 0
    if position == 0:
        turn.state.step = "verdict"
        turn.state.seq += 1
        turn.ask()
        return
    previous = fields[position - 1]
    sheet.pop(previous, None)
    turn.say(turn._("D'accord, revenons à la question précédente."))
    turn.go(PREFIX + previous)


def send_sheet(turn: Turn) -> None:
    """The document (written by the adapter from this state), with the guide's own notes
    (points to review, a closed call) in the message, never in the document: the document
    goes to the intercommunality as it is. Then back to the result."""
    _ = turn._
    epci = dated_epci(turn.k, turn.state.answers["place"]["epci_name"], turn.state.lang)
    snap = snapshot(turn.state, turn.today)
    notes = guide_notes(turn.k, snap)
    if sheet_verdict(turn.k, snap).closed:  # its dates have passed: no « déposez-la »
        text = _(
            "📄 Voici votre fiche synthétique pré-remplie, pour mémoire : les dates de "
            "l'appel sont passées (voir ci-dessous). /fiche pour la recevoir à nouveau."
        )
    else:
        text = _(
            "📄 Voici votre fiche synthétique pré-remplie. Relisez-la, complétez à la main "
            "ce qui est en pointillés, datez et signez-la, puis déposez-la auprès de votre "
            "intercommunalité : {epci}. /fiche pour la recevoir à nouveau."
        ).format(epci=esc(epci))
    remarks = "\n".join(esc(line) for line in notes)
    if remarks and visible_length(text + remarks) < CAPTION_LIMIT:
        text, remarks = text + "\n\n" + remarks, ""
    turn.replies.append(Reply(text, attachment="sheet"))
    if turn.state.lead is not None:
        turn.state.lead = {**turn.state.lead, "sheet": lead_snapshot(turn.state, turn.today)}
    turn.state.step = "verdict"
    turn.state.seq += 1
    question = _("Que voulez-vous faire ?")
    turn.say(f"{remarks}\n\n{question}" if remarks else question, verdict.verdict_buttons(turn))
