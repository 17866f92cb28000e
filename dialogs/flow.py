"""The guided eligibility conversation as a pure function: step(state, event, today).

No Telegram, no SQLite, no clock: the adapter passes the day, stores the returned state and
sends the returned replies. The question order is derived from what is still missing, so
editing one answer, going back, or changing fiche never loses the other answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dialogs import interpret, render
from dialogs.asking import Asking
from dialogs.fiche_step import FicheSteps
from dialogs.form import Form, question_at
from dialogs.model import Choice, Event, Reply, State
from dialogs.place_step import PlaceSteps
from dialogs.quick import QuickQuestions
from dialogs.sheet_dialog import SheetSteps, is_sheet_step, text_limit
from dialogs.table import (
    AMOUNT_STEPS,
    AUDIENCES,
    BY_ACTION,
    DONT_KNOW_STEPS,
    KEY_OF,
    KINDS,
    ORDER,
    PARTS,
    QUESTIONS,
    ROLES,
    STEP_OF,
    STEPS,
    TRISTATE,
)
from dialogs.turn import MAX_DESCRIPTION, MAX_SHORT, TurnBase
from dialogs.verdict_step import VerdictSteps
from knowledge import Knowledge, load_knowledge
from knowledge.contacts import contact_lines
from knowledge.faq import Faq
from knowledge.money import parse_amount
from knowledge.places import Gazetteer

esc = render.esc


# The table of questions (re-exported: the adapters and older imports read them here).
__all__ = [
    "AMOUNT_STEPS",
    "AUDIENCES",
    "DONT_KNOW_STEPS",
    "KEY_OF",
    "KINDS",
    "ORDER",
    "PARTS",
    "ROLES",
    "STEPS",
    "STEP_OF",
    "TRISTATE",
    "Guide",
    "step",
]


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


class _Turn(
    QuickQuestions,
    Asking,
    Form,
    PlaceSteps,
    FicheSteps,
    VerdictSteps,
    SheetSteps,
    TurnBase,
):
    """One event's processing: the step modules put together, and the dispatch of events."""

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
        handler = TEXT.get(self.state.step)
        if is_sheet_step(self.state.step):
            handler = _Turn.sheet_text
        if handler is None:
            self.say(self._("Utilisez les boutons ci-dessous, s'il vous plaît."))
            self.ask()
            return
        handler(self, text)

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
        if not (seq.isascii() and seq.isdigit()) or int(seq) != self.state.seq:  # "¹" is a digit
            self.say(self._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
            self.ask()
            return
        name, _sep, value = action.partition(":")
        handler = CHOICE.get(name)
        if handler is None or (not self.state.consent and name != "consent"):
            self.say(self._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
            self.ask()
            return
        handler(self, value)

    # ------------------------------------------------------------------ don't know, edits
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
        if question_at(step) is not None:  # a plain question: its table entry says what
            self.form_unknown()
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


Handler = Callable[[_Turn, str], None]


def _plain(action: str) -> Handler:
    """A plain question's button: read by the engine (dialogs.form) with the table's validator."""
    return lambda turn, value: turn.choice_form(action, value)


# What reads a typed answer at each step: one explicit table, so a reader (or a tool) follows a
# message from the adapter to its step's code. Every plain question of the table (one with a
# validator) is read by the engine, `form_text`, and its buttons by `_plain`: a new plain
# question needs no line here.
TEXT: dict[str, Handler] = {
    "place": _Turn.text_place,
    "place_choice": _Turn.text_place_choice,
    "project": _Turn.text_project,
    "fiche_confirm": _Turn.text_fiche_confirm,
    "summary": _Turn.text_summary,
    "verdict": _Turn.text_verdict,
    "contact": _Turn.text_contact,
    **{q.step: _Turn.form_text for q in QUESTIONS if q.validate is not None},
}
# What a button does: its data is "<seq>|<action>:<value>" (see TurnBase.button).
CHOICE: dict[str, Handler] = {
    "consent": _Turn.choice_consent,
    "place": _Turn.choice_place,
    "fiche": _Turn.choice_fiche,
    "dk": _Turn.choice_dk,
    "edit": _Turn.choice_edit,
    "go": _Turn.choice_go,
    "verdict": _Turn.choice_verdict,
    "contact": _Turn.choice_contact,
    "sheet": _Turn.choice_sheet,
    **{action: _plain(action) for action in (*BY_ACTION, "amt")},
}


def step(state: State, event: Event, today: dt.date) -> tuple[State, list[Reply]]:
    """Module-level convenience over a default Guide (the data in knowledge/data)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Guide()
    return _DEFAULT.step(state, event, today)
