"""The summary card, the verdict, its details, reminders and the contact request."""

from __future__ import annotations

import datetime as dt

from dialogs import interpret, render, sheet_dialog, verdict, verdict_card
from dialogs.fields import field_labels, rules_input
from dialogs.model import Reply
from dialogs.table import ORDER, STEP_OF, applies
from dialogs.turn import Turn
from knowledge.contacts import contact_card, contacts_for
from knowledge.i18n import long_date
from knowledge.model import Person
from knowledge.rules import evaluate

esc = render.esc


# ------------------------------------------------------------------ summary and edits
def ask_summary(turn: Turn) -> None:
    """The summary card: every answer that applies, each with its ✏️ button."""
    _ = turn._
    b = turn.button
    # an answer that no longer applies (non-cumul after becoming an inhabitant) is kept,
    # in case the earlier answer comes back, but neither shown nor offered for editing
    answers = turn.state.answers
    shown = {k: v for k, v in answers.items() if k not in ORDER or applies(k, answers, turn.k)}
    text = render.summary(_, shown, turn.k, turn.state.lang)
    fields = [key for key in ORDER if key in shown]
    labels = field_labels(_)
    buttons = [b("✏️ " + labels[key], f"edit:{key}") for key in fields]
    buttons.append(b(_("✅ Voir le résultat"), "go:verdict"))
    turn.say(text, tuple(buttons), columns=2)


def choice_edit(turn: Turn, value: str) -> None:
    """A ✏️ button: forget that answer and ask it again."""
    if value not in ORDER or value not in turn.state.answers:
        turn.ask()
        return
    turn.state.editing = True
    turn.state.answers.pop(value)
    if value in turn.state.history:
        turn.state.history.remove(value)
    if value == "place":
        turn.state.candidates = []
    turn.go(STEP_OF.get(value, value))


def text_summary(turn: Turn, text: str) -> None:
    """Text at the summary: yes shows the result, else how to go on."""
    if interpret.yes_no_unknown(text) == "yes":
        choice_go(turn, "verdict")
        return
    turn.say(turn._("Touchez « Voir le résultat », ou un bouton ✏️ pour changer une réponse."))
    turn.ask()


def choice_go(turn: Turn, value: str) -> None:
    """ "Voir le résultat": the verdict, or the question still missing."""
    if turn.missing():
        turn.next_question()
        return
    turn.state.answer_count += 1
    verdict.show_verdict(turn)


# ------------------------------------------------------------------ verdict
def remind(turn: Turn) -> None:
    """Plan the reminders and send the calendar."""
    plan = verdict.reminder_plan(turn)
    turn.state.seq += 1
    if not plan:
        turn.say(turn._("Il n'y a plus de date limite à venir pour cet appel."))
        turn.ask()
        return
    turn.state.reminders = plan
    lines = [
        turn._("C'est noté ⏰ Je vous écrirai :"),
        *(
            "• "
            + turn._("le {due} ({days} j avant : {label})").format(
                due=long_date(dt.date.fromisoformat(r["due"]), turn.state.lang),
                days=r["days"],
                label=esc(
                    turn.k.calendar[r["deadline"]].label_en
                    if turn.state.lang == "en"
                    else turn.k.calendar[r["deadline"]].label
                ),
            )
            for r in plan
        ),
        turn._("/rappels pour les voir ou les annuler. Voici aussi les dates pour votre agenda :"),
    ]
    turn.replies.append(Reply("\n".join(lines), attachment="calendar"))
    turn.say(turn._("Que voulez-vous faire ?"), verdict.verdict_buttons(turn))


def choice_verdict(turn: Turn, value: str) -> None:
    """The verdict's buttons, each to its handler."""
    if value == "restart":
        turn.restart()
    elif value == "edit":
        turn.go("summary")
    elif value == "contact":
        turn.go("contact")
    elif value == "remind":
        remind(turn)
    elif value == "sheet":
        sheet_dialog.start_sheet(turn)
    elif value == "detail":
        show_details(turn)
    else:
        turn.ask()


def show_details(turn: Turn) -> None:
    """Every check explained, the next steps and the sources, under the card."""
    if "place" not in turn.state.answers or turn.missing():
        turn.ask()
        return
    result = evaluate(
        turn.k,
        rules_input(turn.state.answers),
        turn.today,
        turn.state.answers["place"]["territory"],
        turn.state.lang,
    )
    turn.state.seq += 1
    turn.say(
        verdict_card.verdict_details(
            turn._, result, turn.state.answers["place"], turn.k, turn.state.lang
        ),
        verdict.verdict_buttons(turn),
    )


def text_verdict(turn: Turn, text: str) -> None:
    """Text after the verdict: what can be done from here."""
    turn.say(
        turn._(
            "Votre résultat est ci-dessus. Vous pouvez changer une réponse, "
            "recommencer, ou demander à être recontacté·e."
        )
    )
    turn.ask()


def text_contact(turn: Turn, text: str) -> None:
    """A phone or e-mail for the regional team, or why it was not read."""
    contact = render.contact_details(text)
    if contact is None:
        turn.say(
            turn._(
                "Je n'ai pas reconnu un numéro de téléphone ou une adresse e-mail. "
                "Par exemple : 06 12 34 56 78 ou prenom.nom@exemple.fr"
            )
        )
        turn.ask()
        return
    turn.state.answers["contact"] = contact
    turn.state.answer_count += 1
    if turn.state.lead is not None:
        turn.state.lead = {**turn.state.lead, "wants_contact": True, "contact": contact}
    if turn.guide.staff_available:
        turn.say(
            turn._(
                "Merci ! L'équipe régionale a votre demande et vos coordonnées ({contact})."
            ).format(contact=esc(contact))
        )
    else:
        people = verdict_contacts(turn)
        turn.say(
            turn._(
                "Merci, c'est noté ({contact}). Attention : personne de l'équipe "
                "régionale ne suit encore ces demandes ici. Appelez plutôt votre contact :"
            ).format(contact=esc(contact))
            + "\n"
            + esc(contact_card(turn.k, people, turn.state.lang))
        )
    turn.state.step = "verdict"
    turn.state.seq += 1
    turn.ask()


def verdict_contacts(turn: Turn) -> list[Person]:
    """The contacts for this fiche and sub-territory (the general ones without a fiche)."""
    place = turn.state.answers.get("place", {})
    fiche = turn.state.answers.get("fiche")
    if fiche is None:
        return [turn.k.people[i] for i in turn.k.general_contacts]
    return contacts_for(turn.k, fiche, place.get("territory"))


def choice_contact(turn: Turn, value: str) -> None:
    """ "Annuler" at the contact question: back to the verdict."""
    turn.state.step = "verdict"
    turn.state.seq += 1
    turn.ask()


def ask_contact(turn: Turn) -> None:
    """A phone or e-mail for the regional team, promising only what is kept."""
    _ = turn._
    text = _(
        "Laissez un numéro de téléphone ou une adresse e-mail : ils seront "
        "transmis à l'équipe régionale avec votre demande, et à personne "
        "d'autre."
    )
    if not turn.guide.staff_available:  # no promise nobody will keep
        text = _(
            "Laissez un numéro de téléphone ou une adresse e-mail. Il sera gardé avec "
            "votre demande, pour l'équipe régionale seulement. Attention : personne ne "
            "suit encore ces demandes ici."
        )
    turn.say(text, (turn.button(_("Annuler"), "contact:cancel"),))
