"""The verdict and what can follow it: the card said and the lead kept, the buttons under it
(reminders only while a deadline is ahead). Read by the summary's steps and the fiche
synthétique's, so it imports neither."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from dialogs import verdict_card
from dialogs.fields import rules_input
from dialogs.model import Choice
from dialogs.sheet import lead_snapshot
from dialogs.table import ORDER
from dialogs.turn import Turn
from knowledge.calendar_ics import REMINDER_DAYS, reminder_moment, upcoming_deadlines
from knowledge.rules import Answers, evaluate


def show_verdict(turn: Turn) -> None:
    """The verdict card, its buttons, and the lead kept for staff."""
    answers = turn.state.answers
    place = answers["place"]
    verdict = evaluate(
        turn.k, answers_for_rules(turn), turn.today, place["territory"], turn.state.lang
    )
    turn.state.step = "verdict"
    turn.state.seq += 1
    cards = {**turn.state.cards, str(turn.state.seq): worked_from(turn)}
    turn.state.cards = dict(list(cards.items())[-CARDS_KEPT:])
    turn.say(
        verdict_card.verdict(turn._, verdict, answers, turn.k, turn.state.lang),
        verdict_buttons(turn),
    )
    turn.state.lead = {
        **verdict_card.lead(verdict, answers, turn.k),
        "conversation": turn.state.conversation,
        "sheet": lead_snapshot(turn.state, turn.today),
    }


CARDS_KEPT = 5  # older cards' buttons get the plain "no longer active"


def worked_from(turn: Turn) -> str:
    """A digest of the form's answers, which the verdict is worked out from (not the fiche
    synthétique's, nor a contact's: they change no result)."""
    answers = turn.state.answers
    form = {key: answers[key] for key in ORDER if key in answers}
    text = json.dumps(form, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def old_card(turn: Turn, seq: str) -> bool:
    """A button of an old verdict card (`seq`, its step count), tapped after an answer of the
    form changed: it must not act on a result that no longer holds. Said so, and the result
    worked out again where the summary or a result is on screen (else the question on screen
    comes again). False when the card's answers are still the answers (or the card is too
    old to tell): the plain "no longer active" then, nothing claimed."""
    shown_from = turn.state.cards.get(seq)
    if shown_from is None or shown_from == worked_from(turn):
        return False
    turn.say(
        turn._("Ce résultat date d'avant votre dernière modification : voici le résultat à jour.")
    )
    if turn.state.step in ("summary", "verdict") and not turn.missing():
        show_verdict(turn)
    else:
        turn.ask()
    return True


def answers_for_rules(turn: Turn) -> Answers:
    """The answers as the rules read them (`dialogs.fields.rules_input`)."""
    return rules_input(turn.state.answers)


def verdict_buttons(turn: Turn) -> tuple[Choice, ...]:
    """What can follow the verdict (reminders only while a deadline is ahead)."""
    _ = turn._
    b = turn.button
    buttons = [
        b(_("🔎 Voir le détail"), "verdict:detail"),
        b(_("✏️ Changer une réponse"), "verdict:edit"),
        b(_("🔁 Recommencer"), "verdict:restart"),
    ]
    if not turn.state.answers.get("contact"):
        buttons.insert(1, b(_("📞 Être recontacté·e par la Région"), "verdict:contact"))
    if reminder_plan(turn) and not turn.state.reminders:
        buttons.insert(-2, b(_("⏰ Me rappeler les dates limites"), "verdict:remind"))
    buttons.insert(-2, b(_("📄 Préparer ma fiche synthétique"), "verdict:sheet"))
    return tuple(buttons)


def reminder_plan(turn: Turn) -> list[dict[str, Any]]:
    """Reminders 7 and 1 day before each deadline still ahead (none in the past)."""
    plan = []
    for step_id, deadline in upcoming_deadlines(turn.k, turn.today):
        for days in REMINDER_DAYS:
            due = deadline - dt.timedelta(days=days)
            if due >= turn.today:
                plan.append(
                    {
                        "deadline": step_id,
                        "date": deadline.isoformat(),
                        "due": due.isoformat(),
                        "due_at": reminder_moment(turn.k, due),
                        "days": days,
                    }
                )
    return plan


def ask_verdict(turn: Turn) -> None:
    """After the verdict: what next."""
    turn.say(turn._("Que voulez-vous faire ?"), verdict_buttons(turn))
