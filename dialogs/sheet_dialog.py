"""The conversation around the fiche synthétique: a few optional questions, then the document.

Steps of the dialog (see the table in dialogs.flow), each a function of the turn: after the verdict, "Préparer ma fiche
synthétique" (or /fiche) asks up to five short questions — project title, structure, partners,
how inhabitants take part, timing — each skippable, then replies with the document (a Reply
whose `attachment` is "sheet": the adapter writes the file from the stored state when it sends
it). Answers live in `answers["sheet"]`; the lead keeps a snapshot so staff can regenerate it.
"""

from __future__ import annotations

from typing import Any

from dialogs import verdict
from dialogs.model import Reply
from dialogs.render import esc
from dialogs.sheet import SHEET_FIELDS, lead_snapshot
from dialogs.turn import Turn
from knowledge.i18n import N_

PREFIX = "sheet_"
STEPS = tuple(PREFIX + f for f in (*SHEET_FIELDS, "ready"))  # "ready": the document
LONG_FIELDS = ("partners", "participation")  # a few sentences, not a few words
QUESTIONS = {
    "title": N_("Quel est le titre de votre projet ? (quelques mots)"),
    "structure": N_(
        "Quel est le nom de la structure qui porte le projet (association, collectif, commune…) ?"
    ),
    "partners": N_(
        "Avec quels partenaires travaillez-vous ? (par exemple : centre social, bailleur, "
        "école, commune…)"
    ),
    "participation": N_(
        "Comment les habitants participent-ils au projet ? L'appel en fait une condition : "
        "dites en quelques phrases comment ils le construisent et le portent."
    ),
    "timing": N_("Quand le projet doit-il se dérouler ? (par exemple « de mars à juin 2015 »)"),
}


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
    if all(field in sheet for field in SHEET_FIELDS):
        turn.go(PREFIX + "ready")
        return
    if not sheet:
        turn.say(
            _(
                "Je prépare votre fiche synthétique, à déposer auprès de votre "
                "intercommunalité. Quelques questions courtes, toutes facultatives : "
                "touchez « Passer » pour en sauter une."
            )
        )
    next_sheet_question(turn)


def next_sheet_question(turn: Turn) -> None:
    """The first sheet question not answered, else the document."""
    sheet = sheet_answers(turn)
    for field in SHEET_FIELDS:
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
    position = SHEET_FIELDS.index(field) + 1
    turn.say(
        f"({position}/{len(SHEET_FIELDS)}) " + _(QUESTIONS[field]),
        (
            b(_("⏭ Passer"), "sheet:skip"),
            b(_("📄 Terminer et recevoir la fiche"), "sheet:done"),
        ),
        columns=2,
    )


def sheet_text(turn: Turn, text: str) -> None:
    """An answer typed to a sheet question."""
    field = turn.state.step[len(PREFIX) :]
    if field not in SHEET_FIELDS:
        turn.say(turn._("Utilisez les boutons ci-dessous, s'il vous plaît."))
        turn.ask()
        return
    sheet_answers(turn)[field] = text.strip()
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
        for name in SHEET_FIELDS:
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
    position = SHEET_FIELDS.index(field) if field in SHEET_FIELDS else 0
    if position == 0:
        turn.state.step = "verdict"
        turn.state.seq += 1
        turn.ask()
        return
    previous = SHEET_FIELDS[position - 1]
    sheet.pop(previous, None)
    turn.say(turn._("D'accord, revenons à la question précédente."))
    turn.go(PREFIX + previous)


def send_sheet(turn: Turn) -> None:
    """The document (written by the adapter from this state), then back to the result."""
    _ = turn._
    epci = turn.state.answers["place"]["epci_name"]
    turn.replies.append(
        Reply(
            _(
                "📄 Voici votre fiche synthétique pré-remplie, à compléter puis à déposer "
                "auprès de votre intercommunalité ({epci}). /fiche pour la recevoir à "
                "nouveau."
            ).format(epci=esc(epci)),
            attachment="sheet",
        )
    )
    if turn.state.lead is not None:
        turn.state.lead = {**turn.state.lead, "sheet": lead_snapshot(turn.state, turn.today)}
    turn.state.step = "verdict"
    turn.state.seq += 1
    turn.say(_("Que voulez-vous faire ?"), verdict.verdict_buttons(turn))
