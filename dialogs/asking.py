"""Asking: each step's question and buttons, and the consent that comes before them all."""

from __future__ import annotations

from dialogs import interpret, render
from dialogs.model import Event
from dialogs.sheet_dialog import is_sheet_step
from dialogs.table import (
    AUDIENCES,
    CONSENT,
    KINDS,
    ROLES,
    TRISTATE,
    themes,
)
from dialogs.turn import TurnBase

esc = render.esc


class Asking(TurnBase):
    """Asking."""

    # ------------------------------------------------------------------ questions
    def ask(self) -> None:
        """(Re)ask the current step's question."""
        _ = self._
        step = self.state.step
        b = self.button
        if step == "consent":
            self.ask_consent(short=self.state.welcomed)
        elif step == "role":
            self.say(
                _("Qui êtes-vous ?"),
                (*(b(_(label), f"role:{key}") for key, label in ROLES.items()), self.dk_button()),
            )
        elif step == "place":
            self.say(
                _(
                    "Dans quelle commune se passe le projet ? Écrivez son nom ou son code "
                    "postal (par exemple « Liévin » ou « 62800 »)."
                ),
                (self.dk_button(),),
            )
        elif step == "place_choice":
            choices = [b(self.place_label(i), f"place:{i}") for i in self.state.candidates]
            choices.append(b(_("✏️ Autre commune"), "place:retry"))
            self.say(_("Quelle commune ?"), tuple(choices))
        elif step == "audience":
            self.say(
                _("Pour qui est le projet ?"),
                (
                    *(b(_(label), f"audience:{key}") for key, label in AUDIENCES.items()),
                    self.dk_button(),
                    b(_("📍 Changer de commune"), "place:retry"),
                ),
            )
        elif step == "project":
            self.say(
                _(
                    "Décrivez votre projet en une ou deux phrases (par exemple « un jardin "
                    "partagé au pied des immeubles »), ou choisissez un thème :"
                ),
                (
                    *(
                        b(f"{label} ({n})", f"fiche:{n}")
                        for n, label in themes(self.k, self.state.lang)
                    ),
                    b(_("🤷 Je ne sais pas"), "fiche:dunno"),
                ),
            )
        elif step == "fiche_confirm":
            self.ask_fiche_confirm()
        elif step == "priority_area":
            self.say(
                self.requirement_question("priority_area"),
                tuple(b(_(label), f"pa:{key}") for key, label in TRISTATE.items()),
                columns=3,
            )
        elif step == "kind":
            self.say(
                _(
                    "Votre demande, c'est de l'investissement, du fonctionnement, ou les deux ? "
                    "Les maximums ne sont pas les mêmes."
                ),
                tuple(b(_(label), f"kind:{key}") for key, label in KINDS.items()),
            )
        elif step == "total":
            self.say(
                _("Quel est le coût total du projet, en euros ? (par exemple « 12 000 € »)"),
                (self.dk_button(),),
            )
        elif step == "request":
            self.say(_("Combien demandez-vous à la Région ?"), (self.dk_button(),))
        elif step == "request_investment":
            self.say(
                _("Combien demandez-vous à la Région pour l'investissement ?"),
                (self.dk_button(),),
            )
        elif step == "request_operating":
            self.say(_("Et combien pour le fonctionnement ?"), (self.dk_button(),))
        elif step == "cofunding":
            self.say(
                _(
                    "Combien apportent les collectivités locales (commune, "
                    "intercommunalité…) ? Écrivez 0 s'il n'y en a pas encore."
                ),
                (b(_("Rien pour l'instant"), "cof:0"), self.dk_button()),
                columns=2,
            )
        elif step == "activity":
            self.say(
                _(
                    "Le programme d'activité, ce sont les actions de votre structure que la "
                    "Région finance déjà. Ce projet en fait-il partie ?"
                ),
                tuple(b(_(label), f"act:{key}") for key, label in TRISTATE.items()),
                columns=3,
            )
        elif step == "summary":
            self.ask_summary()
        elif step == "verdict":
            self.say(_("Que voulez-vous faire ?"), self.verdict_buttons())
        elif step == "contact":
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
            self.say(text, (b(_("Annuler"), "contact:cancel"),))
        elif step == "declined":
            self.say(_("D'accord, rien n'est enregistré. Si vous changez d'avis, tapez /start."))
        elif is_sheet_step(step):
            self.ask_sheet()

    def requirement_question(self, requirement: str) -> str:
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
        return self._("Le projet est-il concerné ?")

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
            tuple(b(_(label), f"consent:{value}") for value, label in CONSENT.items()),
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
