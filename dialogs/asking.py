"""Asking: each step's question and buttons, and the consent that comes before them all."""

from __future__ import annotations

from collections.abc import Callable

from dialogs import interpret, render
from dialogs.model import Choice, Event
from dialogs.sheet_dialog import is_sheet_step
from dialogs.table import BY_STEP, Extra, Question, themes
from dialogs.turn import TurnBase

esc = render.esc


class Asking(TurnBase):
    """Asking."""

    # ------------------------------------------------------------------ questions
    def ask(self) -> None:
        """(Re)ask the current step's question: a question of the table as its entry says,
        else the step's own message (consent, a choice among places, the summary…)."""
        step = self.state.step
        question = BY_STEP.get(step)
        if question is not None:
            self.ask_question(question)
        elif step in ASKED:
            ASKED[step](self)
        elif is_sheet_step(step):
            self.ask_sheet()

    def ask_question(self, q: Question) -> None:
        """A question of the table: its prompt and its buttons, laid out as its entry says."""
        _ = self._
        b = self.button
        text = self.requirement_question(q.requirement, q.prompt) if q.requirement else _(q.prompt)
        buttons: list[Choice] = []
        for spec in q.buttons:
            if spec == "choices":
                choices = q.choices or {}
                buttons += [b(_(label), f"{q.action}:{key}") for key, label in choices.items()]
            elif spec == "dk":
                if "unknown" not in (q.choices or {}):  # else a choice already says it
                    buttons.append(self.dk_button())
            elif spec == "themes":
                for n, label in themes(self.k, self.state.lang):
                    buttons.append(b(f"{label} ({n})", f"fiche:{n}"))
            elif isinstance(spec, Extra):
                buttons.append(b(_(spec.label), spec.data))
        self.say(text, tuple(buttons), columns=q.columns)

    def ask_again(self) -> None:
        """The consent's welcome, or its one-line reminder once welcomed."""
        self.ask_consent(short=self.state.welcomed)

    def ask_place_choice(self) -> None:
        """One button per candidate commune, and another commune."""
        b = self.button
        choices = [b(self.place_label(i), f"place:{i}") for i in self.state.candidates]
        choices.append(b(self._("✏️ Autre commune"), "place:retry"))
        self.say(self._("Quelle commune ?"), tuple(choices))

    def ask_verdict(self) -> None:
        """After the verdict: what next."""
        self.say(self._("Que voulez-vous faire ?"), self.verdict_buttons())

    def ask_contact(self) -> None:
        """A phone or e-mail for the regional team, promising only what is kept."""
        _ = self._
        text = _(
            "Laissez un numéro de téléphone ou une adresse e-mail : ils seront "
            "transmis à l'équipe régionale avec votre demande, et à personne "
            "d'autre."
        )
        if not self.guide.staff_available:  # no promise nobody will keep
            text = _(
                "Laissez un numéro de téléphone ou une adresse e-mail. Il sera gardé avec "
                "votre demande, pour l'équipe régionale seulement. Attention : personne ne "
                "suit encore ces demandes ici."
            )
        self.say(text, (self.button(_("Annuler"), "contact:cancel"),))

    def ask_declined(self) -> None:
        """Consent refused: nothing kept, and how to come back."""
        self.say(self._("D'accord, rien n'est enregistré. Si vous changez d'avis, tapez /start."))

    def requirement_question(self, requirement: str, fallback: str) -> str:
        """The question for a fiche's requirement, as its data words it (fiches.toml
        `requirement.question`), else asked from the requirement's label."""
        number = self.state.answers.get("fiche", "")
        suffix = "_en" if self.state.lang == "en" else ""
        for raw in self.k.raw["fiches"]["fiches"]:
            if raw.get("number") != number:
                continue
            for entry in raw.get("requirement", []):
                if entry.get("id") != requirement:
                    continue
                question = entry.get("question" + suffix) or entry.get("question")
                if question:
                    return str(question).format(n=number)
                label = entry.get("label" + suffix) or entry.get("label", "")
                return self._("La fiche {n} demande {label}. Le projet est-il concerné ?").format(
                    n=number, label=label
                )
        return self._(fallback)

    # ------------------------------------------------------------------ consent
    def ask_consent(self, short: bool) -> None:
        """The welcome once; after that, a one-line reminder with the same buttons."""
        _ = self._
        b = self.button
        if short:
            text = render.consent_reminder(_)
        else:
            text = render.welcome(
                _, self.guide.retention_days, self.k, self.today, self.state.lang
            )
            self.state.welcomed = True
        self.say(
            text,
            (b(_("✅ J'accepte"), "consent:yes"), b(_("Non merci"), "consent:no")),
            columns=2,
        )

    def consent_text(self, event: Event) -> None:
        if event.kind == "text" and interpret.yes_no_unknown(event.value) == "yes":
            self.choice_consent("yes")
        elif event.kind == "text" and interpret.yes_no_unknown(event.value) == "no":
            self.choice_consent("no")
        elif event.kind == "text" and interpret.dont_know(event.value):
            self.say(
                self._(
                    "Pas de souci : si vous acceptez, vos réponses servent seulement à vous "
                    "orienter et à préparer votre contact avec la Région, et /effacer les "
                    "supprime à tout moment. Si vous refusez, rien n'est enregistré."
                )
            )
            self.state.step = "consent"
            self.ask()
        else:
            self.state.step = "consent"
            self.ask_consent(short=self.state.welcomed)

    def choice_consent(self, value: str) -> None:
        if value == "yes":
            self.state.consent = True
            self.state.answer_count += 1
            self.say(self._("Merci ! C'est parti : une dizaine de questions, deux minutes."))
            self.next_question()
        else:
            self.state.consent = False
            self.state.step = "declined"
            self.ask()


# The steps that are not questions of the table, and what asks each.
ASKED: dict[str, Callable[[Asking], None]] = {
    "consent": Asking.ask_again,
    "place_choice": Asking.ask_place_choice,
    "fiche_confirm": lambda turn: turn.ask_fiche_confirm(),
    "summary": lambda turn: turn.ask_summary(),
    "verdict": Asking.ask_verdict,
    "contact": Asking.ask_contact,
    "declined": Asking.ask_declined,
}
