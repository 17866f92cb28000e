"""The guided eligibility conversation as a pure function: step(state, event, today).

No Telegram, no SQLite, no clock: the adapter passes the day, stores the returned state and
sends the returned replies. The question order is derived from what is still missing, so
editing one answer, going back, or changing fiche never loses the other answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from dialogs import interpret, questions, render
from dialogs.model import Choice, Event, Reply, State
from dialogs.sheet_dialog import SheetSteps, is_sheet_step, lead_snapshot, text_limit
from knowledge import Knowledge, load_knowledge
from knowledge.calendar_ics import REMINDER_DAYS, upcoming_deadlines
from knowledge.contacts import contact_card, contact_lines, contacts_for, outside_contacts
from knowledge.faq import Answer, Faq
from knowledge.i18n import N_, gettext_for, long_date
from knowledge.model import Person, as_of
from knowledge.money import format_money, parse_amount
from knowledge.places import Elsewhere, Gazetteer, Located
from knowledge.rules import Answers, evaluate
from knowledge.suggest import understand

esc = render.esc

MAX_SHORT = 300  # characters in an answer that is not a description
MAX_DESCRIPTION = 1500
MAX_CANDIDATES = 8  # place buttons offered at once

# Answer key -> the step that asks it, in the order they are asked.
ORDER = (
    "role",
    "place",
    "audience",
    "fiche",
    "priority_area",
    "kind",
    "total",
    "request",
    "request_investment",
    "request_operating",
    "cofunding",
    "activity",
)
FICHE_4_ONLY = ("priority_area", "kind")
PARTS = {"request_investment": "investment", "request_operating": "operating"}
STEP_OF = {"fiche": "project"}
KEY_OF = {"project": "fiche", "fiche_confirm": "fiche", "place_choice": "place"}

ROLES = {
    "association": N_("Une association"),
    "inhabitant": N_("Un·e habitant·e"),
    "authority": N_("Une collectivité, un bailleur, un opérateur"),
    "other": N_("Autre"),
}
AUDIENCES = {
    "neighbourhood": N_("Les habitants d'un quartier"),
    "youth": N_("Des jeunes"),
    "far": N_("Des personnes éloignées des institutions"),
    "all": N_("Tous les publics"),
}
THEMES = {
    1: N_("Petits projets d'habitants, participation"),
    2: N_("Une idée nouvelle, une expérimentation"),
    3: N_("Un projet d'ampleur avec l'intercommunalité"),
    4: N_("Le cadre de vie d'un quartier prioritaire"),
}
KINDS = {
    "investment": N_("Investissement (travaux, équipement)"),
    "operating": N_("Fonctionnement (animation, personnel)"),
    "both": N_("Les deux"),
    "unknown": N_("Je ne sais pas"),
}
TRISTATE = {"yes": N_("Oui"), "no": N_("Non"), "unknown": N_("Je ne sais pas")}
# Steps where "je ne sais pas" (button or typed) has a meaning of its own: see dont_know().
DONT_KNOW_STEPS = (
    "role",
    "place",
    "place_choice",
    "audience",
    "project",
    "fiche_confirm",
    "priority_area",
    "kind",
    "total",
    "request",
    *PARTS,
    "cofunding",
    "activity",
    "contact",
)


class Guide:
    """The conversation over one loaded call. Cheap to call; build once per process."""

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        retention_days: int = 730,
        staff_available: bool = False,
    ) -> None:
        self.knowledge = knowledge or load_knowledge()
        self.places = Gazetteer.from_knowledge(self.knowledge)
        self.faq = Faq(self.knowledge, self.places)
        self.retention_days = retention_days
        # Whether a staff member receives contact requests: passed in by the adapter (from its
        # settings), so the dialog never promises a call-back nobody will see.
        self.staff_available = staff_available

    # ------------------------------------------------------------------ entry point
    def step(self, state: State, event: Event, today: dt.date) -> tuple[State, list[Reply]]:
        """Apply one event; return the new state and the replies to send, in order."""
        new = state.copy()
        turn = _Turn(self, new, today)
        turn.handle(event)
        return new, turn.replies


class _Turn(SheetSteps):
    """One event's processing: mutates its state copy and collects replies."""

    def __init__(self, guide: Guide, state: State, today: dt.date) -> None:
        self.guide = guide
        self.k = guide.knowledge
        self.state = state
        self.today = today
        self.replies: list[Reply] = []
        self.notes: list[str] = []  # "J'ai noté 45 000 €.": said with the next question

    def note(self, text: str) -> None:
        """Say this at the top of the next message (the next question), not on its own."""
        self.notes.append(text)

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
        return [key for key in ORDER if key not in self.state.answers and self.applies(key)]

    def applies(self, key: str) -> bool:
        """Whether a question is asked at all, from the fiche's data and earlier answers: the
        priority area where the fiche requires one, the kind where ceilings differ by kind,
        both amounts for "both", and non-cumul only of people with a structure."""
        answers = self.state.answers
        fiche = self.k.fiches.get(answers.get("fiche", 0))
        both = answers.get("kind") == "both"
        if key == "priority_area":
            return fiche is not None and "priority_area" in fiche.requirements
        if key == "kind":
            return fiche is not None and bool(fiche.ceilings)
        if key == "request":
            return not both
        if key in PARTS:
            return both
        if key == "activity":
            return answers.get("role") != "inhabitant"
        return True

    # ------------------------------------------------------------------ dispatch
    def handle(self, event: Event) -> None:
        if event.kind == "command":
            self.command(event.value.lower().lstrip("/").split("@")[0].split(" ")[0])
            return
        if event.kind == "choice":
            self.choice(event.value)
            return
        if event.kind == "edited":
            self.edited()
            return
        if event.kind == "text" and self.question(event.value.strip()):
            return
        if not self.state.consent:
            self.consent_text(event)
            return
        if event.kind == "other":
            self.say(
                self._(
                    "Je ne lis que le texte et les boutons 🙂 (pas les photos, "
                    "autocollants ni messages vocaux)."
                )
            )
            self.ask()
            return
        text = event.value.strip()
        limit = MAX_DESCRIPTION if self.state.step in ("project", "fiche_confirm") else MAX_SHORT
        limit = text_limit(self.state.step) or limit
        if len(text) > limit:
            self.say(
                self._(
                    "Votre message est un peu long ({n} caractères). Pouvez-vous "
                    "répondre en quelques mots ?"
                ).format(n=len(text))
            )
            self.ask()
            return
        if not interpret.has_words(text):
            self.say(self._("Je n'ai pas compris 🙂"))
            self.ask()
            return
        if interpret.dont_know(text) and self.state.step in DONT_KNOW_STEPS:
            at_amount = self.state.step in self.AMOUNT_STEPS
            if not at_amount or parse_amount(text, self.state.lang).amount is None:
                self.dont_know()
                return
        handler: Callable[[str], None] | None = getattr(self, f"text_{self.state.step}", None)
        if is_sheet_step(self.state.step):
            handler = self.sheet_text
        if handler is None:
            self.say(self._("Utilisez les boutons ci-dessous, s'il vous plaît."))
            self.ask()
            return
        handler(text)

    # ------------------------------------------------------------------ quick questions
    AMOUNT_STEPS = ("total", "request", *PARTS, "cofunding")

    def question(self, text: str) -> bool:
        """Answer a question typed at any moment, then resume the dialog; False when the text
        is an answer to the current step ("5000" at the amount step is never a question)."""
        explicit = self.state.mode == "question"
        if not text or len(text) > MAX_SHORT:
            return False
        if not explicit:
            if is_sheet_step(self.state.step):  # what they type here is their document
                return False
            if interpret.dont_know(text):
                return False
        answer = (
            self.guide.faq.ask(text, self.today)
            if explicit
            else questions.read(
                self.guide, self.state.step, text, self.today, self.state.lang, self.AMOUNT_STEPS
            )
        )
        if answer is None:
            return False  # an answer to the current step
        if answer.status == "answered":
            self.say_answer(answer)
        else:
            self.say_unsure(answer)
        self.resume()
        return True

    def say_answer(self, answer: Answer) -> None:
        assert answer.entry is not None and answer.source is not None
        self.say(render.sourced(answer.text, answer.source, answer.lang))

    def say_unsure(self, answer: Answer) -> None:
        _ = self._
        people = esc(
            contact_card(
                self.k, (self.k.people[i] for i in self.k.general_contacts), self.state.lang
            )
        )
        text = _("Je ne suis pas sûr de bien comprendre votre question.")
        if answer.alternatives:
            text += " " + _("Vouliez-vous demander :")
        text += "\n\n" + _("Sinon, l'équipe régionale vous répondra :") + "\n" + people
        choices = tuple(Choice(a.question[:60], f"faq|{a.id}") for a in answer.alternatives)
        self.say(text, choices)

    def resume(self) -> None:
        """After an answer: in question mode, invite the next one; otherwise re-ask the step."""
        if self.state.mode == "question":
            self.say(
                self._("Une autre question ? Écrivez-la. Pour reprendre le questionnaire :"),
                (Choice(self._("↩️ Reprendre"), "faq|resume"),),
            )
        elif self.state.step == "consent" and self.state.welcomed:
            self.ask_consent(short=True)
        elif self.state.step != "declined":
            self.ask()

    def faq_choice(self, entry_id: str) -> None:
        if entry_id == "resume" or entry_id not in self.guide.faq.by_id:
            self.state.mode = ""
            self.ask()
            return
        entry = self.guide.faq.by_id[entry_id]
        text = self.guide.faq.render(entry, self.state.lang, self.today)
        self.say(render.sourced(text, entry.source, self.state.lang))
        self.resume()

    def command(self, name: str) -> None:
        if name in ("question", "ask"):
            self.state.mode = "question"
            self.say(
                self._(
                    "Posez votre question (par exemple « c'est combien le minimum ? » ou "
                    "« je suis à Lens, j'appelle qui ? »)."
                ),
                (Choice(self._("↩️ Reprendre le questionnaire"), "faq|resume"),),
            )
            return
        self.state.mode = ""
        if name == "start":
            if self.state.consent:
                self.say(
                    self._(
                        "Re-bonjour ! Reprenons où nous en étions. Pour tout reprendre "
                        "à zéro : /recommencer."
                    )
                )
                self.ask()
            else:
                self.state.step = "consent"
                self.ask_consent(short=False)  # /start: the whole welcome, every time
        elif name in ("aide", "help"):
            self.say(render.help_text(self._))
            self.ask()
        elif name in ("langue", "language"):
            self.say(
                self._("Choisissez votre langue :"),
                (Choice("Français", "lang|fr"), Choice("English", "lang|en")),
                columns=2,
            )
        elif not self.state.consent:
            self.ask()
        elif name in ("recommencer", "restart"):
            self.restart()
        elif name in ("retour", "back"):
            self.back()
        elif name in ("fiche", "sheet"):
            self.start_sheet()
        else:
            self.say(self._("Je ne connais pas cette commande. Tapez /aide pour la liste."))
            self.ask()

    def choice(self, data: str) -> None:
        seq, _sep, action = data.partition("|")
        if seq == "faq":
            self.faq_choice(action)
            return
        if seq == "lang":
            self.state.lang = action if action in ("fr", "en") else "fr"
            self.say(self._("C'est noté : je vous parle en français."))
            if self.state.step == "consent":
                self.ask_consent(short=False)  # the notice again, in the new language
            else:
                self.ask()
            return
        if not seq.isdigit() or int(seq) != self.state.seq:
            self.say(self._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
            self.ask()
            return
        name, _sep, value = action.partition(":")
        handler: Callable[[str], None] | None = getattr(self, f"choice_{name}", None)
        if handler is None or (not self.state.consent and name != "consent"):
            self.say(self._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
            self.ask()
            return
        handler(value)

    # ------------------------------------------------------------------ don't know, edits
    def dk_button(self) -> Choice:
        return self.button(self._("🤷 Je ne sais pas"), "dk:")

    def choice_dk(self, value: str) -> None:
        if self.state.step in DONT_KNOW_STEPS:
            self.dont_know()
        else:
            self.ask()

    def dont_know(self) -> None:
        """'Je ne sais pas' (button or typed) at any step: each step decides what it means —
        noted "à préciser" and move on, or explain who can tell — never a dead end."""
        _ = self._
        step = self.state.step
        if step in ("role", "audience"):
            self.state.answers.pop(f"{step}_text", None)
            self.record(step, "unknown")
            self.note(_("D'accord, je note « à préciser »."))
            self.next_question()
        elif step in ("place", "place_choice"):
            people = esc(contact_lines(self.k.people[i] for i in self.k.general_contacts))
            self.say(
                _(
                    "La commune me sert à trouver votre interlocuteur à la Région et votre "
                    "intercommunalité. Indiquez celle où se passera le projet ou, à défaut, "
                    "celle du siège de votre structure. Si vous hésitez, l'équipe régionale "
                    "peut vous orienter :"
                )
                + "\n"
                + people
            )
            self.state.candidates = []
            self.go("place")
        elif step in ("project", "fiche_confirm"):
            self.choice_fiche("dunno")
        elif step == "priority_area":
            self.choice_pa("unknown")
        elif step == "activity":
            self.choice_act("unknown")
        elif step == "kind":
            self.choice_kind("unknown")
        elif step in self.AMOUNT_STEPS:
            self.amount_unknown(step)
        elif step == "contact":
            self.choice_contact("cancel")
        else:
            self.ask()

    def edited(self) -> None:
        """An edit of an earlier message is not an answer to the current question (it may
        have been typed for any step); say how to change an answer, then re-ask."""
        if self.state.consent and self.state.step != "declined":
            self.say(
                self._(
                    "Vous avez modifié un message déjà envoyé : je ne relis pas les messages "
                    "modifiés, la réponse d'origine est gardée. Pour changer une réponse, "
                    "tapez /retour (question précédente) ou touchez ✏️ dans le résumé "
                    "avant le résultat ; pour tout reprendre, /recommencer."
                )
            )
        self.ask()

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
                    *(b(f"{_(label)} ({n})", f"fiche:{n}") for n, label in THEMES.items()),
                    b(_("🤷 Je ne sais pas"), "fiche:dunno"),
                ),
            )
        elif step == "fiche_confirm":
            self.ask_fiche_confirm()
        elif step == "priority_area":
            self.say(
                _(
                    "La fiche {n} vise les quartiers de la « géographie prioritaire du "
                    "territoire ». En général, ce sont les quartiers prioritaires de la "
                    "politique de la ville (QPV). La politique de la ville, c'est l'action "
                    "publique pour les quartiers en difficulté. Le projet est-il dans un de "
                    "ces quartiers ?"
                ).format(n=self.state.answers.get("fiche", "")),
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

    # ------------------------------------------------------------------ role
    def choice_role(self, value: str) -> None:
        if value not in ROLES:
            self.ask()
            return
        self.state.answers.pop("role_text", None)
        self.record("role", value)
        self.next_question()

    def text_role(self, text: str) -> None:
        value = interpret.role(text)
        if value is None and interpret.is_stray(text, min_words=2):
            self.say(
                self._(
                    "Je n'ai pas compris qui vous êtes. Touchez un bouton ci-dessous "
                    "(« Autre » si aucun ne convient), ou décrivez-vous en quelques mots."
                )
            )
            self.ask()
            return
        if value is None:
            self.state.answers["role_text"] = text
            value = "other"
        self.record("role", value)
        self.next_question()

    # ------------------------------------------------------------------ place
    def text_place(self, text: str) -> None:
        self.locate(text)

    def text_place_choice(self, text: str) -> None:
        self.locate(text)

    def locate(self, text: str) -> None:
        _ = self._
        located: Located = self.guide.places.locate(text)
        if located.status == "found":
            if located.commune is None:  # a postcode of several communes, one EPCI: no need
                self.set_shared_postcode(located)
                return
            match = located.matches[0]
            former = match.matched if match.via == "former" else ""
            self.set_place(match.commune.insee, former, located.elsewhere)
            return
        if located.status == "outside":
            department = (
                f"{located.department_name} ({located.department})" if located.department else ""
            )
            people = outside_contacts(self.k)
            self.say(render.outside(_, text, located.elsewhere, people, department))
            if located.suggestions:
                self.state.candidates = [m.commune.insee for m in located.suggestions]
                self.go("place_choice")
            else:  # the card ends by inviting another commune: wait for it without re-asking
                self.state.step = "place"
                self.state.seq += 1
            return
        if located.status == "ambiguous":
            self.state.candidates = [m.commune.insee for m in located.matches[:MAX_CANDIDATES]]
            if located.reason == "epci":
                self.say(
                    _(
                        "{epci} est une intercommunalité. Dans laquelle de ses communes ? "
                        "Si elle n'est pas dans la liste, écrivez son nom."
                    ).format(epci=esc(located.epci_name))
                )
            elif len(located.matches) > MAX_CANDIDATES:
                self.say(
                    _(
                        "{n} communes correspondent à « {text} ». Voici les plus grandes ; "
                        "sinon, écrivez le nom de la commune."
                    ).format(n=len(located.matches), text=esc(text))
                )
            else:
                self.say(
                    _("Plusieurs communes correspondent à « {text} ».").format(text=esc(text))
                )
            if located.elsewhere:
                self.say(render.elsewhere_note(_, located.elsewhere))
            self.go("place_choice")
            return
        if located.reason == "department":
            self.say(
                _(
                    "Il me faut le nom de la commune, pas seulement celui du département ou "
                    "de la région."
                )
            )
        elif located.reason == "out_of_region":
            self.say(
                _(
                    "Ce code postal n'est pas dans le Nord ou le Pas-de-Calais. Cet appel à "
                    "projets concerne uniquement les communes du Nord-Pas de Calais."
                )
            )
        elif located.suggestions:
            self.state.candidates = [m.commune.insee for m in located.suggestions]
            self.say(
                _(
                    "Je ne trouve pas « {text} » dans le Nord ou le Pas-de-Calais. "
                    "Vouliez-vous dire :"
                ).format(text=esc(text))
            )
            self.go("place_choice")
            return
        else:
            self.say(
                _(
                    "Je ne trouve pas « {text} » dans le Nord ou le Pas-de-Calais. Vérifiez "
                    "l'orthographe, ou écrivez le code postal."
                ).format(text=esc(text))
            )
        self.go("place")

    def choice_place(self, value: str) -> None:
        if value == "retry":
            self.state.answers.pop("place", None)
            self.go("place")
            return
        if value not in self.state.candidates or self.guide.places.by_insee(value) is None:
            self.ask()
            return
        self.set_place(value, "")

    def set_place(self, insee: str, former: str, elsewhere: tuple[Elsewhere, ...] = ()) -> None:
        commune = self.guide.places.by_insee(insee)
        assert commune is not None
        self.state.candidates = []
        self.record(
            "place",
            {
                "insee": commune.insee,
                "name": commune.name,
                "former": former,
                "department": commune.department,
                "epci_code": commune.epci_code,
                "epci_name": commune.epci_name,
                "territory": commune.territory,
            },
        )
        self.say(
            render.place_card(
                self._, self.state.answers["place"], self.k.territory_name(commune.territory)
            )
        )
        if elsewhere:
            self.say(render.elsewhere_note(self._, elsewhere))
        self.next_question()

    def set_shared_postcode(self, located: Located) -> None:
        """A postcode whose communes share one EPCI and sub-territory: the routing is the
        same whichever commune it is, so record the postcode and go on."""
        commune = located.routing
        assert commune is not None
        self.state.candidates = []
        self.record(
            "place",
            {
                "insee": "",
                "name": located.postcode,
                "postcode": located.postcode,
                "communes": len(located.matches),
                "former": "",
                "department": commune.department,
                "epci_code": commune.epci_code,
                "epci_name": commune.epci_name,
                "territory": commune.territory,
            },
        )
        self.say(
            render.postcode_card(
                self._, self.state.answers["place"], self.k.territory_name(commune.territory)
            )
        )
        self.next_question()

    def place_label(self, insee: str) -> str:
        commune = self.guide.places.by_insee(insee)
        if commune is None:
            return insee
        return f"{commune.name} ({commune.department})"

    # ------------------------------------------------------------------ audience
    def choice_audience(self, value: str) -> None:
        if value not in AUDIENCES:
            self.ask()
            return
        self.state.answers.pop("audience_text", None)
        self.record("audience", value)
        self.next_question()

    def text_audience(self, text: str) -> None:
        value = interpret.audience(text)
        if value is None and interpret.is_stray(text, min_words=2):
            self.say(
                self._(
                    "Je n'ai pas compris pour qui est le projet. Touchez un bouton, ou "
                    "décrivez le public en quelques mots (par exemple « des familles du "
                    "quartier »)."
                )
            )
            self.ask()
            return
        if value is None:
            self.state.answers["audience_text"] = text
            value = "other"
        self.record("audience", value)
        self.next_question()

    # ------------------------------------------------------------------ project and fiche
    def text_project(self, text: str) -> None:
        number = interpret.fiche_number(text)
        if number is not None:
            self.choice_fiche(str(number))
            return
        if interpret.yes_no_unknown(text) == "unknown":
            self.choice_fiche("dunno")
            return
        if self.stray_fiche(text):
            return
        self.describe(text)

    def stray_fiche(self, text: str) -> bool:
        """A lone digit, "ok" or "oui" is not a project description: explain and re-ask."""
        if not interpret.is_stray(text):
            return False
        self.say(
            self._(
                "Je n'ai pas compris. Décrivez votre projet en une ou deux phrases, ou "
                "touchez un bouton (il y a quatre fiches, numérotées de 1 à 4)."
            )
        )
        self.ask()
        return True

    def describe(self, text: str) -> None:
        self.state.answers["description"] = text
        understood = understand(self.k, text)
        if understood.sure:
            best = understood.ranking[0]
            self.state.suggestion = {"fiche": best.fiche.number, "matched": list(best.matched)}
        else:  # weak or tied evidence: never pick by fiche number, show the four
            self.state.suggestion = {"candidates": list(understood.candidates)}
        self.state.answer_count += 1
        self.go("fiche_confirm")

    def ask_fiche_confirm(self) -> None:
        _ = self._
        suggestion = self.state.suggestion
        b = self.button
        if suggestion.get("fiche"):
            fiche = self.k.fiches[suggestion["fiche"]]
            words = ", ".join(f"« {esc(w)} »" for w in suggestion["matched"][:4])
            text = _(
                "D'après vos mots ({words}), votre projet ressemble à la <b>fiche {n} — "
                "{title}</b>.\n{summary}\n\nC'est bien ça ?"
            ).format(
                words=words,
                n=fiche.number,
                title=esc(fiche.short_title_in(self.state.lang)),
                summary=esc(fiche.summary_in(self.state.lang)),
            )
            buttons = [b(_("✅ Oui, fiche {n}").format(n=fiche.number), f"fiche:{fiche.number}")]
            buttons += [
                b(_("Plutôt la fiche {n}").format(n=n), f"fiche:{n}")
                for n in self.k.fiches
                if n != fiche.number
            ]
            buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
            self.say(text, tuple(buttons))
            return
        candidates = suggestion.get("candidates") or []
        if suggestion.get("dunno"):
            head = _("Quelle fiche vous semble la plus proche ? Vous pourrez en changer à la fin.")
        elif len(candidates) > 1:
            head = _(
                "Je ne suis pas sûr : vos mots évoquent plusieurs fiches ({numbers}). "
                "Voici les quatre, en une ligne :"
            ).format(numbers=", ".join(str(n) for n in candidates))
        else:
            head = _(
                "Je ne suis pas sûr de la fiche qui convient. Voici les quatre, en une ligne :"
            )
        lines = [head]
        lines += [render.fiche_line(f, self.state.lang) for f in self.k.fiches.values()]
        buttons = [b(_("Fiche {n}").format(n=n), f"fiche:{n}") for n in self.k.fiches]
        if not suggestion.get("dunno"):
            buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
        self.say("\n".join(lines), tuple(buttons), columns=2)

    def fiche_unknown(self) -> None:
        """The person cannot choose: the rules differ by fiche, so say who helps choose (the
        contacts for their territory) and what changes, then let them pick the closest one;
        the lead says the fiche is to be confirmed."""
        _ = self._
        self.state.answers["fiche_unsure"] = True
        self.state.suggestion = {"dunno": True}
        territory = (self.state.answers.get("place") or {}).get("territory")
        people = []
        for number in self.k.fiches:
            people += [p for p in contacts_for(self.k, number, territory) if p not in people]
        floors: dict[str, list[str]] = {}
        for number, fiche in self.k.fiches.items():
            floor = as_of(fiche.floor, self.today)
            if floor is not None:
                amount = format_money(floor.value, self.state.lang)
                floors.setdefault(amount, []).append(str(number))
        rules = _(" ; ").join(
            _("fiches {numbers} : {amount}").format(numbers=", ".join(ns), amount=amount)
            for amount, ns in floors.items()
        )
        self.say(
            _(
                "Pas de souci : le choix de la fiche se fait avec les techniciens de votre "
                "intercommunalité et l'équipe régionale, qui vous aideront :\n{people}\n\n"
                "Les règles changent d'une fiche à l'autre (demande minimum : {rules}). Pour "
                "que je vérifie le reste, choisissez la fiche qui vous semble la plus proche : "
                "votre demande portera la mention « fiche à confirmer »."
            ).format(people=esc(contact_lines(people)), rules=esc(rules))
        )
        self.state.seq += 1
        self.ask()

    def text_fiche_confirm(self, text: str) -> None:
        number = interpret.fiche_number(text)
        answer = interpret.yes_no_unknown(text) if number is None else None
        if answer is not None and not self.state.suggestion.get("fiche"):
            # the four fiches are shown: "je ne sais pas" is the button; yes / no choose nothing
            if answer == "unknown":
                self.fiche_unknown()
            else:
                self.ask()
            return
        if answer == "yes":
            number = self.state.suggestion["fiche"]
        elif answer in ("no", "unknown"):
            self.state.suggestion = {"candidates": []}
            self.ask()
            return
        if number is None:
            if self.stray_fiche(text):
                return
            self.describe(text)
            return
        self.choice_fiche(str(number))

    def choice_fiche(self, value: str) -> None:
        if value == "dunno" and (
            self.state.step == "project" or self.state.suggestion.get("fiche")
        ):
            self.state.suggestion = {"candidates": []}  # first, the four fiches explained
            self.go("fiche_confirm")
            return
        if value == "dunno":
            self.fiche_unknown()
            return
        if not value.isdigit() or int(value) not in self.k.fiches:
            self.ask()
            return
        number = int(value)
        if self.state.answers.get("fiche") != number:
            for key in FICHE_4_ONLY:  # asked again if the person comes back to fiche 4
                self.state.answers.pop(key, None)
                if key in self.state.history:
                    self.state.history.remove(key)
        if self.state.step == "project":
            self.state.answers.pop("description", None)
            self.state.suggestion = {}
        if not self.state.suggestion.get("dunno"):
            self.state.answers.pop("fiche_unsure", None)
        self.record("fiche", number)
        self.next_question()

    # ------------------------------------------------------------------ fiche 4 questions
    def choice_pa(self, value: str) -> None:
        if value == "unknown":
            epci = self.state.answers.get("place", {}).get("epci_name", "")
            name = render.epci_name(epci, self._) if epci else "—"
            self.say(
                self._(
                    "Pas de souci. Les techniciens de votre ville ou de l'intercommunalité "
                    "({epci}) peuvent vous le dire. Je le note comme « à vérifier »."
                ).format(epci=esc(name))
            )
        self.tristate("priority_area", value)

    def text_priority_area(self, text: str) -> None:
        value = interpret.yes_no_unknown(text)
        if value is None:
            self.tristate_text("priority_area", text)
            return
        self.choice_pa(value)

    def choice_kind(self, value: str) -> None:
        if value not in KINDS:
            self.ask()
            return
        answers = self.state.answers
        if (answers.get("kind") == "both") != (value == "both"):  # the amounts asked change
            for key in ("request", *PARTS):
                answers.pop(key, None)
                if key in self.state.history:
                    self.state.history.remove(key)
        self.record("kind", value)
        self.next_question()

    def text_kind(self, text: str) -> None:
        value = interpret.kind(text)
        if value is None:
            self.say(
                self._(
                    "Je n'ai pas compris : investissement (travaux, équipement), "
                    "fonctionnement (animation, personnel) ou les deux ?"
                )
            )
            self.ask()
            return
        self.choice_kind(value)

    # ------------------------------------------------------------------ money
    def text_total(self, text: str) -> None:
        amount = self.amount(text, allow_zero=False)
        if amount is None:
            return
        answers = self.state.answers
        for key in ("request", *PARTS, "cofunding"):  # an edit that makes later amounts impossible
            if (value := self.known(key)) is not None and value > amount:
                answers.pop(key)
        parts = [self.known(key) for key in PARTS]
        if sum(p for p in parts if p is not None) > amount:
            for key in PARTS:
                answers.pop(key, None)
        requested = self.requested()
        cofunding = self.known("cofunding")
        if requested is not None and cofunding is not None and requested + cofunding > amount:
            answers.pop("cofunding")
        self.record("total", str(amount))
        self.note(self._("J'ai noté un coût total de {amount}.").format(amount=self.money(amount)))
        self.next_question()

    def text_request(self, text: str) -> None:
        self.set_request("request", text)

    def text_request_investment(self, text: str) -> None:
        self.set_request("request_investment", text)

    def text_request_operating(self, text: str) -> None:
        self.set_request("request_operating", text)

    def set_request(self, key: str, text: str) -> None:
        """Record the request (or one of its parts): together they stay within the total."""
        amount = self.amount(text, allow_zero=False)
        if amount is None:
            return
        total = self.known("total")
        others = Decimal(0)
        if key in PARTS:
            others = sum(
                (v for k in PARTS if k != key and (v := self.known(k)) is not None), Decimal(0)
            )
        asked = amount + others
        if total is not None and asked > total:
            self.say(
                self._(
                    "La somme demandée à la Région ({amount}) ne peut pas dépasser le "
                    "coût total du projet ({total})."
                ).format(amount=self.money(asked), total=self.money(total))
            )
            self.ask()
            return
        cofunding = self.known("cofunding")
        if total is not None and cofunding is not None and asked + cofunding > total:
            self.state.answers.pop("cofunding")
        self.record(key, str(amount))
        self.note(
            self._("J'ai noté {amount} demandés à la Région.").format(amount=self.money(amount))
        )
        self.next_question()

    def requested(self) -> Decimal | None:
        """The whole request to the Region: the sum of both parts for "both"."""
        if self.state.answers.get("kind") == "both":
            parts = [v for k in PARTS if (v := self.known(k)) is not None]
            return sum(parts, Decimal(0)) if parts else None
        return self.known("request")

    def choice_cof(self, value: str) -> None:
        self.text_cofunding(value or "0")

    def text_cofunding(self, text: str) -> None:
        amount = self.amount(text, allow_zero=True)
        if amount is None:
            return
        total, request = self.known("total"), self.requested()
        if total is not None and amount > total:
            self.say(
                self._(
                    "Le co-financement ({amount}) ne peut pas dépasser le coût total du "
                    "projet ({total})."
                ).format(amount=self.money(amount), total=self.money(total))
            )
            self.ask()
            return
        if total is not None and request is not None and amount + request > total:
            self.say(
                self._(
                    "Avec {request} demandés à la Région, le co-financement local ne peut "
                    "pas dépasser {rest} (coût total : {total})."
                ).format(
                    request=self.money(request),
                    rest=self.money(total - request),
                    total=self.money(total),
                )
            )
            self.ask()
            return
        self.record("cofunding", str(amount))
        self.note(
            self._("J'ai noté {amount} de co-financement local.").format(amount=self.money(amount))
        )
        self.next_question()

    def choice_amt(self, value: str) -> None:
        """One of the amounts offered after a range ("3 000 € ou 4 000 € ?")."""
        handler = getattr(self, f"text_{self.state.step}", None)
        if self.state.step not in self.AMOUNT_STEPS or handler is None:
            self.ask()
            return
        handler(value)

    def amount(self, text: str, allow_zero: bool) -> Decimal | None:
        """Parse an amount or explain the problem and re-ask (returns None then)."""
        _ = self._
        parsed = parse_amount(text, self.state.lang, nothing_is_zero=allow_zero)
        if parsed.problem in ("range", "ambiguous") and len(parsed.values) == 2:
            low, high = parsed.values
            question = (
                _(
                    "Vous hésitez entre {low} et {high} ? J'ai besoin d'un seul montant : "
                    "lequel dois-je retenir ? Touchez-le, ou écrivez le montant exact."
                )
                if parsed.problem == "range"
                else _("Voulez-vous dire {low} ou {high} ? Touchez le bon montant.")
            )
            self.say(
                question.format(low=self.money(low), high=self.money(high)),
                (
                    self.button(self.money(low), f"amt:{low}"),
                    self.button(self.money(high), f"amt:{high}"),
                    self.dk_button(),
                ),
                columns=2,
            )
            return None
        several = ", ".join(self.money(v) for v in parsed.values)
        if parsed.problem == "several_numbers" and self.state.step == "cofunding":
            total = sum(parsed.values, Decimal(0))
            self.say(
                _(
                    "J'ai vu plusieurs montants ({amounts}). Faut-il les additionner "
                    "({total} au total) ? Touchez le total, ou écrivez le bon montant."
                ).format(amounts=several, total=self.money(total)),
                (
                    self.button(
                        _("Le total : {total}").format(total=self.money(total)), f"amt:{total}"
                    ),
                    self.dk_button(),
                ),
            )
            return None
        problems = {
            "empty": _("Je n'ai pas reconnu de montant."),
            "not_a_number": _("Je n'ai pas reconnu de montant."),
            "several_numbers": _(
                "J'ai vu plusieurs montants ({amounts}) : indiquez un seul montant (s'il "
                "faut les additionner, écrivez le total)."
            ).format(amounts=several)
            if parsed.values
            else _("J'ai vu plusieurs nombres : indiquez un seul montant."),
            "currency": _("Indiquez le montant en euros, s'il vous plaît."),
            "bound": _(
                "J'ai besoin du montant lui-même, même approximatif, pas une limite "
                "(« plus de », « moins de »)."
            ),
            "per_period": _(
                "Indiquez le montant total pour tout le projet, pas par mois ou par an."
            ),
            "negative": _("Un montant ne peut pas être négatif."),
            "too_large": _("Ce montant semble trop élevé : vérifiez le nombre de zéros."),
            "percent": _("Indiquez un montant en euros, pas un pourcentage."),
        }
        message = problems.get(parsed.problem or "")
        if message is None and parsed.amount == 0 and not allow_zero:
            message = _("Le montant doit être supérieur à 0 €.")
        if message is not None:
            self.say(
                message
                + " "
                + _("Écrivez par exemple « 2 000 € », « 2000 », « 2k » ou « deux mille euros ».")
            )
            self.ask()
            return None
        return parsed.amount

    def amount_unknown(self, step: str) -> None:
        """'Je ne sais pas' at an amount step: noted as "à préciser"; the verdict says what
        it could not check and who can tell."""
        _ = self._
        place = self.state.answers.get("place") or {}
        messages = {
            "total": _(
                "D'accord, le coût total est noté « à préciser » (votre budget prévisionnel "
                "ou vos devis le donneront). Sans lui, je ne pourrai pas vérifier la part "
                "de co-financement local."
            ),
            "request": _(
                "D'accord, la demande à la Région est notée « à préciser ». Le résultat "
                "vous rappellera le plancher et le plafond de votre fiche pour la fixer."
            ),
            "cofunding": _(
                "D'accord, le co-financement local est noté « à préciser ». Votre commune "
                "ou votre intercommunalité ({epci}) peut vous dire ce qu'elle apportera."
            ).format(epci=esc(place.get("epci_name") or "—")),
        }
        self.record(step, None)
        self.note(messages.get(step, messages["request"]))
        self.next_question()

    def known(self, key: str) -> Decimal | None:
        value = self.state.answers.get(key)
        return Decimal(value) if value is not None else None

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.state.lang)

    # ------------------------------------------------------------------ activity programme
    def choice_act(self, value: str) -> None:
        self.tristate("activity", value)

    def text_activity(self, text: str) -> None:
        self.tristate_text("activity", text)

    def tristate(self, key: str, value: str) -> None:
        """Record a yes / no / don't-know answer, or re-ask on anything else."""
        if value not in TRISTATE:
            self.ask()
            return
        self.record(key, value)
        self.next_question()

    def tristate_text(self, key: str, text: str) -> None:
        value = interpret.yes_no_unknown(text)
        if value is None:
            self.say(self._("Répondez par oui, non ou « je ne sais pas »."))
            self.ask()
            return
        self.tristate(key, value)

    # ------------------------------------------------------------------ summary and edits
    def ask_summary(self) -> None:
        _ = self._
        b = self.button
        # an answer that no longer applies (non-cumul after becoming an inhabitant) is kept,
        # in case the earlier answer comes back, but neither shown nor offered for editing
        shown = {k: v for k, v in self.state.answers.items() if k not in ORDER or self.applies(k)}
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
            render.verdict(self._, verdict, place, self.k, self.state.lang),
            self.verdict_buttons(),
        )
        self.state.lead = {
            **render.lead(verdict, answers, self.k),
            "conversation": self.state.conversation,
            "sheet": lead_snapshot(self.state, self.today),
        }

    def answers_for_rules(self) -> Answers:
        a = self.state.answers
        kind = a.get("kind")
        activity = a.get("activity")
        return Answers(
            fiche=a["fiche"],
            request=self.requested(),
            total=self.known("total"),
            cofunding=self.known("cofunding"),
            kind=kind if kind in ("investment", "operating", "both") else None,
            priority_area=a.get("priority_area"),
            activity_funding=None if activity in (None, "unknown") else activity == "yes",
            request_investment=self.known("request_investment"),
            request_operating=self.known("request_operating"),
            has_structure=a.get("role") != "inhabitant",
        )

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
            render.verdict_details(
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

    # ------------------------------------------------------------------ back and restart
    def restart(self) -> None:
        old = self.state
        fresh = State(lang=old.lang, consent=True, seq=old.seq, conversation=old.conversation + 1)
        for name in State.__dataclass_fields__:
            setattr(self.state, name, getattr(fresh, name))
        self.say(self._("On recommence depuis le début."))
        self.next_question()

    def back(self) -> None:
        if is_sheet_step(self.state.step):
            self.sheet_back()
            return
        if self.state.step in ("verdict", "contact"):
            self.go("summary")
            return
        if not self.state.history:
            self.say(self._("Il n'y a pas de réponse à annuler."))
            self.ask()
            return
        key = self.state.history.pop()
        self.state.answers.pop(key, None)
        if key == "fiche":
            self.state.answers.pop("description", None)
            self.state.suggestion = {}
        self.state.candidates = []
        self.state.editing = False
        self.say(self._("D'accord, revenons à la question précédente."))
        self.go(STEP_OF.get(key, key))


_DEFAULT: Guide | None = None


def step(state: State, event: Event, today: dt.date) -> tuple[State, list[Reply]]:
    """Module-level convenience over a default Guide (the data in knowledge/data)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Guide()
    return _DEFAULT.step(state, event, today)
