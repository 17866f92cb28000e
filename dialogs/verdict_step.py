"""The summary card, the verdict, its details, reminders and the contact request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dialogs import interpret, render, verdict_card
from dialogs.model import Choice, Reply
from dialogs.sheet_dialog import lead_snapshot
from dialogs.table import ORDER, STEP_OF, applies
from dialogs.turn import TurnBase
from dialogs.validators import answers_for_rules
from knowledge.calendar_ics import REMINDER_DAYS, upcoming_deadlines
from knowledge.contacts import contact_card, contacts_for
from knowledge.i18n import long_date
from knowledge.model import Person
from knowledge.rules import Answers, evaluate

esc = render.esc


class VerdictSteps(TurnBase):
    """The summary card, the verdict, its details, reminders and the contact request."""

    # ------------------------------------------------------------------ summary and edits
    def ask_summary(self) -> None:
        _ = self._
        b = self.button
        # an answer that no longer applies (non-cumul after becoming an inhabitant) is kept,
        # in case the earlier answer comes back, but neither shown nor offered for editing
        answers = self.state.answers
        shown = {k: v for k, v in answers.items() if k not in ORDER or applies(k, answers, self.k)}
        text = render.summary(_, shown, self.k, self.state.lang)
        fields = [key for key in ORDER if key in shown]
        labels = render.field_labels(_)
        buttons = [b("✏️ " + labels[key], f"edit:{key}") for key in fields]
        buttons.append(b(_("✅ Voir le résultat"), "go:verdict"))
        self.say(text, tuple(buttons), columns=2)

    def choice_edit(self, value: str) -> None:
        if value not in ORDER or value not in self.state.answers:
            self.ask()
            return
        self.state.editing = True
        self.state.answers.pop(value)
        if value in self.state.history:
            self.state.history.remove(value)
        if value == "place":
            self.state.candidates = []
        self.go(STEP_OF.get(value, value))

    def text_summary(self, text: str) -> None:
        if interpret.yes_no_unknown(text) == "yes":
            self.choice_go("verdict")
            return
        self.say(self._("Touchez « Voir le résultat », ou un bouton ✏️ pour changer une réponse."))
        self.ask()

    def choice_go(self, value: str) -> None:
        if self.missing():
            self.next_question()
            return
        self.state.answer_count += 1
        self.show_verdict()

    # ------------------------------------------------------------------ verdict
    def show_verdict(self) -> None:
        answers = self.state.answers
        place = answers["place"]
        verdict = evaluate(
            self.k, self.answers_for_rules(), self.today, place["territory"], self.state.lang
        )
        self.state.step = "verdict"
        self.state.seq += 1
        self.say(
            verdict_card.verdict(self._, verdict, place, self.k, self.state.lang),
            self.verdict_buttons(),
        )
        self.state.lead = {
            **verdict_card.lead(verdict, answers, self.k),
            "conversation": self.state.conversation,
            "sheet": lead_snapshot(self.state, self.today),
        }

    def answers_for_rules(self) -> Answers:
        return answers_for_rules(self.state.answers)

    def verdict_buttons(self) -> tuple[Choice, ...]:
        _ = self._
        b = self.button
        buttons = [
            b(_("🔎 Voir le détail"), "verdict:detail"),
            b(_("✏️ Changer une réponse"), "verdict:edit"),
            b(_("🔁 Recommencer"), "verdict:restart"),
        ]
        if not self.state.answers.get("contact"):
            buttons.insert(1, b(_("📞 Être recontacté·e par la Région"), "verdict:contact"))
        if self.reminder_plan() and not self.state.reminders:
            buttons.insert(-2, b(_("⏰ Me rappeler les dates limites"), "verdict:remind"))
        buttons.insert(-2, b(_("📄 Préparer ma fiche synthétique"), "verdict:sheet"))
        return tuple(buttons)

    def reminder_plan(self) -> list[dict[str, Any]]:
        """Reminders 7 and 1 day before each deadline still ahead (none in the past)."""
        plan = []
        for step_id, deadline in upcoming_deadlines(self.k, self.today):
            for days in REMINDER_DAYS:
                due = deadline - dt.timedelta(days=days)
                if due >= self.today:
                    plan.append(
                        {
                            "deadline": step_id,
                            "date": deadline.isoformat(),
                            "due": due.isoformat(),
                            "days": days,
                        }
                    )
        return plan

    def remind(self) -> None:
        plan = self.reminder_plan()
        self.state.seq += 1
        if not plan:
            self.say(self._("Il n'y a plus de date limite à venir pour cet appel."))
            self.ask()
            return
        self.state.reminders = plan
        lines = [
            self._("C'est noté ⏰ Je vous écrirai :"),
            *(
                "• "
                + self._("le {due} ({days} j avant : {label})").format(
                    due=long_date(dt.date.fromisoformat(r["due"]), self.state.lang),
                    days=r["days"],
                    label=esc(
                        self.k.calendar[r["deadline"]].label_en
                        if self.state.lang == "en"
                        else self.k.calendar[r["deadline"]].label
                    ),
                )
                for r in plan
            ),
            self._(
                "/rappels pour les voir ou les annuler. Voici aussi les dates pour votre agenda :"
            ),
        ]
        self.replies.append(Reply("\n".join(lines), attachment="calendar"))
        self.say(self._("Que voulez-vous faire ?"), self.verdict_buttons())

    def choice_verdict(self, value: str) -> None:
        if value == "restart":
            self.restart()
        elif value == "edit":
            self.go("summary")
        elif value == "contact":
            self.go("contact")
        elif value == "remind":
            self.remind()
        elif value == "sheet":
            self.start_sheet()
        elif value == "detail":
            self.show_details()
        else:
            self.ask()

    def show_details(self) -> None:
        """Every check explained, the next steps and the sources, under the card."""
        if "place" not in self.state.answers or self.missing():
            self.ask()
            return
        verdict = evaluate(
            self.k,
            self.answers_for_rules(),
            self.today,
            self.state.answers["place"]["territory"],
            self.state.lang,
        )
        self.state.seq += 1
        self.say(
            verdict_card.verdict_details(
                self._, verdict, self.state.answers["place"], self.k, self.state.lang
            ),
            self.verdict_buttons(),
        )

    def text_verdict(self, text: str) -> None:
        self.say(
            self._(
                "Votre résultat est ci-dessus. Vous pouvez changer une réponse, "
                "recommencer, ou demander à être recontacté·e."
            )
        )
        self.ask()

    def text_contact(self, text: str) -> None:
        contact = render.contact_details(text)
        if contact is None:
            self.say(
                self._(
                    "Je n'ai pas reconnu un numéro de téléphone ou une adresse e-mail. "
                    "Par exemple : 06 12 34 56 78 ou prenom.nom@exemple.fr"
                )
            )
            self.ask()
            return
        self.state.answers["contact"] = contact
        self.state.answer_count += 1
        if self.state.lead is not None:
            self.state.lead = {**self.state.lead, "wants_contact": True, "contact": contact}
        if self.guide.staff_available:
            self.say(
                self._(
                    "Merci ! L'équipe régionale a votre demande et vos coordonnées ({contact})."
                ).format(contact=esc(contact))
            )
        else:
            people = self.verdict_contacts()
            self.say(
                self._(
                    "Merci, c'est noté ({contact}). Attention : personne de l'équipe "
                    "régionale ne suit encore ces demandes ici. Appelez plutôt votre contact :"
                ).format(contact=esc(contact))
                + "\n"
                + esc(contact_card(self.k, people, self.state.lang))
            )
        self.state.step = "verdict"
        self.state.seq += 1
        self.ask()

    def verdict_contacts(self) -> list[Person]:
        place = self.state.answers.get("place", {})
        fiche = self.state.answers.get("fiche")
        if fiche is None:
            return [self.k.people[i] for i in self.k.general_contacts]
        return contacts_for(self.k, fiche, place.get("territory"))

    def choice_contact(self, value: str) -> None:
        self.state.step = "verdict"
        self.state.seq += 1
        self.ask()
