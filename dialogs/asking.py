"""Asking: a question of the table from its entry, the consent that comes before them all, and
the few questions that are not in the table (a choice among places, the end of the dialog)."""

from __future__ import annotations

from decimal import Decimal

from dialogs import interpret, render
from dialogs.model import Choice, Event
from dialogs.question import Extra, Question
from dialogs.table import BY_STEP, CONSENT, themes
from dialogs.turn import Turn

esc = render.esc


def ask_current(turn: Turn) -> None:
    """The table's question at the current step, asked from its entry."""
    ask_question(turn, BY_STEP[turn.state.step])


def ask_question(turn: Turn, q: Question) -> None:
    """A question of the table: its prompt and its buttons, laid out as its entry says."""
    _ = turn._
    b = turn.button
    if q.requirement:
        text = requirement_question(turn, q.requirement, q.prompt)
    else:  # the call's package gives the examples ("par exemple « {commune} »")
        text = _(q.prompt).format(**turn.k.region.examples)
    buttons: list[Choice] = []
    for spec in q.buttons:
        if spec == "choices":
            choices = q.choices or {}
            buttons += [b(_(label), f"{q.action}:{key}") for key, label in choices.items()]
        elif spec == "dk":
            if "unknown" not in (q.choices or {}):  # else a choice already says it
                buttons.append(turn.dk_button())
        elif spec == "themes":
            for n, label in themes(turn.k, turn.state.lang):
                buttons.append(b(f"{label} ({n})", f"fiche:{n}"))
        elif isinstance(spec, Extra):
            buttons.append(b(_(spec.label), spec.data))
    kept = turn.state.proposed.get("amount") if q.shape == "amount" else None
    if kept:  # "à Lens pour 15 000 €" typed earlier: offered, never stored unasked
        money = turn.money(Decimal(kept))
        text = (
            _("Vous m'aviez indiqué {amount} : si c'est la réponse, touchez-le.").format(
                amount=money
            )
            + "\n\n"
            + text
        )
        buttons.insert(0, b(money, f"amt:{kept}"))
    turn.say(text, tuple(buttons), columns=q.columns)


def ask_again(turn: Turn) -> None:
    """The consent's welcome, or its one-line reminder once welcomed."""
    ask_consent(turn, short=turn.state.welcomed)


def ask_place_choice(turn: Turn) -> None:
    """One button per candidate commune, and another commune."""
    b = turn.button
    choices = [b(turn.place_label(i), f"place:{i}") for i in turn.state.candidates]
    choices.append(b(turn._("✏️ Autre commune"), "place:retry"))
    turn.say(turn._("Quelle commune ?"), tuple(choices))


def ask_declined(turn: Turn) -> None:
    """Consent refused: nothing kept, and how to come back."""
    turn.say(turn._("D'accord, rien n'est enregistré. Si vous changez d'avis, tapez /start."))


def requirement_question(turn: Turn, requirement: str, fallback: str) -> str:
    """The question for a fiche's requirement, as its data words it (fiches.toml
    `requirement.question`), else asked from the requirement's label."""
    number = turn.state.answers.get("fiche", "")
    suffix = "_en" if turn.state.lang == "en" else ""
    for raw in turn.k.raw["fiches"]["fiches"]:
        if raw.get("number") != number:
            continue
        for entry in raw.get("requirement", []):
            if entry.get("id") != requirement:
                continue
            question = entry.get("question" + suffix) or entry.get("question")
            if question:
                return str(question).format(n=number)
            label = entry.get("label" + suffix) or entry.get("label", "")
            return turn._("La fiche {n} demande {label}. Le projet est-il concerné ?").format(
                n=number, label=label
            )
    return turn._(fallback)


# ------------------------------------------------------------------ consent
def ask_consent(turn: Turn, short: bool) -> None:
    """The welcome once; after that, a one-line reminder with the same buttons."""
    _ = turn._
    b = turn.button
    if short:
        text = render.consent_reminder(_)
    else:
        text = render.welcome(_, turn.guide.retention_days, turn.k, turn.today, turn.state.lang)
        turn.state.welcomed = True
    turn.say(
        text,
        tuple(b(_(label), f"consent:{value}") for value, label in CONSENT.items()),
        columns=2,
    )


def consent_text(turn: Turn, event: Event) -> None:
    """Text before consent: yes or no in words, a doubt explained, else the welcome again.
    A yes is consent only with the notice on screen: after « Non merci » the bot said that
    nothing is kept, and « ok », « d'accord » answer that, not the notice (shown again)."""
    said = interpret.yes_no_unknown(event.value) if event.kind == "text" else None
    if said == "yes" and turn.state.step == "consent":
        choice_consent(turn, "yes")
    elif said == "no":
        choice_consent(turn, "no")
    elif event.kind == "text" and interpret.dont_know(event.value):
        turn.say(
            turn._(
                "Pas de souci : si vous acceptez, vos réponses servent seulement à vous "
                "orienter et à préparer votre contact avec la Région, et /effacer les "
                "supprime à tout moment. Si vous refusez, rien n'est enregistré."
            )
        )
        turn.state.step = "consent"
        turn.ask()
    else:
        turn.state.step = "consent"
        ask_consent(turn, short=turn.state.welcomed)


def choice_consent(turn: Turn, value: str) -> None:
    """The consent's buttons: the first question, or nothing kept."""
    if value == "yes":
        turn.state.consent = True
        turn.state.answer_count += 1
        turn.say(turn._("Merci ! C'est parti : une dizaine de questions, deux minutes."))
        turn.next_question()
    else:
        turn.state.consent = False
        turn.state.step = "declined"
        turn.ask()
