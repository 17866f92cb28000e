"""The guided eligibility conversation as a pure function: step(state, event, today).

No Telegram, no SQLite, no clock: the adapter passes the day, stores the returned state and
sends the returned replies. The question order is derived from what is still missing, so
editing one answer, going back, or changing fiche never loses the other answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from dialogs import (
    asking,
    correction_apply,
    corrections,
    early,
    fiche_step,
    field_help,
    form,
    intents,
    interpret,
    moves,
    place_step,
    priority_aside,
    quick,
    render,
    replied,
    restart_offer,
    share_offer,
    sheet_dialog,
    sheet_questions,
    stated_share,
    twice,
    typed,
    verdict,
    verdict_step,
    wrong_kind,
)
from dialogs.model import CAPTION, SHARED_CONTACT, SHARED_LOCATION, Choice, Event, Reply, State
from dialogs.sheet_dialog import STEPS as SHEET_STEPS
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
    TRISTATE,
)
from dialogs.turn import MAX_SHORT, Step, Turn
from knowledge import Knowledge, load_knowledge
from knowledge.faq import Faq
from knowledge.lexicon_data import lexicon
from knowledge.places import Gazetteer
from knowledge.text import typed as as_typed

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
        turn = Turn(self, new, today, STEPS)
        if event.kind in ("text", "other"):  # one normalisation for every reader (reading14)
            event = dataclasses.replace(event, value=as_typed(event.value))
        handle(turn, event)
        return new, turn.replies

    def again(self, state: State, today: dt.date) -> list[Reply]:
        """The current question, asked again with nothing changed: what follows the apology
        for a reply that could not be built or sent, so the person can go on."""
        turn = Turn(self, state.copy(), today, STEPS)
        turn.ask()
        return turn.replies


# ------------------------------------------------------------------ dispatch
def handle(turn: Turn, event: Event) -> None:
    """One event to its handler: commands, buttons, questions, then the step's text."""
    previous, turn.state.typed = turn.state.typed, {}  # the message just before, if a total
    if event.kind == "other" and event.value.startswith(CAPTION):
        # A photo or a file with words under it: the words are what the person wrote
        turn.say(turn._("Je ne lis pas le fichier lui-même, seulement sa légende."))
        handle(turn, Event.text(event.value.removeprefix(CAPTION)))
        return
    if event.kind == "command":
        command(turn, event.value.lower().lstrip("/").split("@")[0].split(" ")[0])
        return
    if event.kind == "choice":
        choice(turn, event.value)
        return
    if event.kind == "edited":
        moves.edited(turn)
        return
    if event.kind == "text" and wrong_kind.unreadable(turn, event.value.strip()):
        return  # nothing visible, or code or markup: nothing read from it
    if event.kind == "text" and replied.earlier_answer(turn, event.value.strip(), event.replying):
        return
    if event.kind == "text" and priority_aside.aside(turn, event.value.strip(), handle):
        return  # « on est en QPV » at fiche 1: it does not apply there (reading20)
    if event.kind == "text" and understood(turn, event.value.strip()):
        return
    if event.kind == "text" and misread(turn, event.value.strip()):
        return
    if (
        event.kind == "text"
        and turn.state.consent
        and sheet_questions.asked(turn, event.value.strip())
    ):
        return  # a question typed at a field of the fiche synthétique: never saved silently
    if event.kind == "text" and turn.state.consent and field_help.asked(turn, event.value.strip()):
        return  # « je mets quoi ici » at the description: what it expects, asked again
    if event.kind == "text" and quick.question(turn, event.value.strip()):
        return
    if not turn.state.consent:
        asking.consent_text(turn, event)
        return
    shared = event.kind == "other" and event.value.startswith(SHARED_CONTACT)
    if shared and turn.state.step == "contact":  # asked for a phone, a contact card is one
        TEXT["contact"](turn, event.value.removeprefix(SHARED_CONTACT))
        return
    if event.kind == "other" and event.value == SHARED_LOCATION:
        place_step.shared_location(turn)
        return
    if event.kind == "other":
        turn.say(
            turn._(
                "Je ne lis que le texte et les boutons 🙂 (pas les photos, "
                "autocollants ni messages vocaux)."
            )
        )
        turn.ask()
        return
    text = event.value.strip()
    limit = quick.answer_limit(turn.state.step)
    if len(text) > limit:
        turn.say(
            turn._(
                "Votre message est un peu long ({n} caractères). Pouvez-vous "
                "répondre en quelques mots ?"
            ).format(n=len(text))
        )
        turn.ask()
        return
    if not interpret.has_words(text):
        turn.say(turn._("Je n'ai pas compris 🙂"))
        turn.ask()
        return
    if moves.says_dont_know(turn, text):
        moves.dont_know(turn)
        return
    handler = TEXT.get(turn.state.step)
    if handler is None:
        turn.say(turn._("Utilisez les boutons ci-dessous, s'il vous plaît."))
        turn.ask()
        return
    if twice.asked(turn, text, previous):  # « 12000 » twice: the total's copy, not a request
        return
    step = turn.state.step
    early.keep_amount(turn, text)  # "une asso, on a besoin de 5 000 €": the amount kept aside
    handler(turn, text)
    twice.remember(turn, step, text)


# Intents in words that are a command's: done as the command does.
INTENT_COMMANDS = {
    "restart": "recommencer",
    "back": "retour",
    "language": "langue",
    "help": "aide",
    "resume": "start",  # once consent is given: "Re-bonjour ! Reprenons où nous en étions."
}
INTENT_REPLIES: dict[str, Callable[[Turn], None]] = {
    "talk": intents.talk,
    "erase": intents.erase,
    "show_data": intents.show_data,
    "leave": intents.leave,
}


def understood(turn: Turn, text: str) -> bool:
    """The message read once against the conversation (`knowledge.reading`): a language to
    follow, an intent in words, or a correction of an earlier answer. False: read it as the
    current step's answer (or a question)."""
    if not text or len(text) > MAX_SHORT:
        return False
    reading = turn.read(text)
    if turn.state.consent and share_offer.answered(turn, reading):
        return True  # « non, un autre montant » typed after a share of the total was offered
    if turn.state.consent and sheet_questions.answered(turn, reading):
        return True  # « oui » typed at « C'est votre réponse ? » (a question at the sheet)
    if turn.state.consent and restart_offer.answered(turn, reading):
        return True  # « non on continue » typed at « Voulez-vous tout recommencer ? »
    tapped = typed.label(turn, reading, STEPS) if turn.state.consent else None
    if tapped is None and turn.state.step in BUTTONS_TYPED:
        tapped = typed.words(turn, reading, STEPS)  # "voir le détail": not the FAQ's
    if tapped is not None:  # "Non, c'est ma réponse", "plutôt la fiche 2": the button's
        choice(turn, tapped)
        return True
    if turn.state.consent and intents.ask_first(turn, reading):
        return True
    if intents.switch_language(turn, reading):
        return True
    if reading.intent is not None and do_intent(turn, reading.intent):
        return True
    if reading.skip and turn.state.consent and turn.state.step in DONT_KNOW_STEPS:
        moves.dont_know(turn)  # "passer" at a question: as its "je ne sais pas"
        return True
    if turn.state.consent and turn.state.mode != "question":
        return (
            share_offer.offered(turn, reading)
            or stated_share.stated(turn, reading)
            or corrections.correct(turn, reading)
        )
    return False


def misread(turn: Turn, text: str) -> bool:
    """A message of another kind than the question asks (an amount at the commune, "merci" or
    "non" at an amount), answered as what it is: `dialogs.wrong_kind`."""
    if not text or not turn.state.consent or turn.state.mode == "question":
        return False
    return wrong_kind.misread(turn, text)


# Steps whose typed words mean nothing of their own but a button's ("voir le résultat",
# "coût total" at the summary; "voir le détail", "I'd like to be contacted" at the verdict).
BUTTONS_TYPED = frozenset({"summary", "verdict"})


def do_intent(turn: Turn, intent: str, confirmed: bool = False) -> bool:
    """An intent in words, done as its command or button does (False: not one of those). A
    restart in words asks first when there are answers to lose, unless `confirmed`."""
    if intent == "resume" and not (turn.state.consent and turn.state.answers):
        return False  # "bonjour" before any answer: the step's own reading (nothing to resume)
    if intent == "restart" and not confirmed and restart_offer.offer(turn):
        return True
    if intent in INTENT_COMMANDS:
        command(turn, INTENT_COMMANDS[intent])
    elif intent in INTENT_REPLIES:
        INTENT_REPLIES[intent](turn)
    elif intent in lexicon().intent_answers:  # « qui a accès à mes données ? » (reading20)
        quick.faq_choice(turn, lexicon().intent_answers[intent])
    elif intent in ("english", "french"):
        wanted = "en" if intent == "english" else "fr"
        if turn.state.lang != wanted:
            turn.state.lang = wanted
            turn.say(turn._("Je vous réponds en français. Pour changer de langue : /langue."))
        else:  # already so: say it, and go on
            turn.say(turn._("C'est noté : je vous parle en français."))
        turn.ask()
    else:
        return False
    return True


def choice_intent(turn: Turn, value: str) -> None:
    """The buttons of `intents.ask_first`: do the intent, or read the words as the answer."""
    pending, turn.state.pending = turn.state.pending, {}
    if not pending or pending.get("step") != turn.state.step:
        turn.ask()
    elif value == "yes":
        do_intent(turn, str(pending["intent"]), confirmed=True)
    else:
        TEXT[turn.state.step](turn, str(pending["text"]))


def command(turn: Turn, name: str) -> None:
    """A slash command, apart from the conversation's state."""
    if name in ("question", "ask"):
        turn.state.mode = "question"
        turn.say(
            turn._(
                "Posez votre question (par exemple « c'est combien le minimum ? » ou "
                "« je suis à {place}, j'appelle qui ? »)."
            ).format(**turn.k.region.examples),
            (Choice(turn._("↩️ Reprendre le questionnaire"), "faq|resume"),),
        )
        return
    turn.state.mode = ""
    if name == "start":
        if turn.state.consent:
            turn.say(
                turn._(
                    "Re-bonjour ! Reprenons où nous en étions. Pour tout reprendre "
                    "à zéro : /recommencer."
                )
            )
            turn.ask()
        else:
            turn.state.step = "consent"
            asking.ask_consent(turn, short=False)  # /start: the whole welcome, every time
    elif name in ("aide", "help"):
        turn.say(render.help_text(turn._, str(turn.k.call["guide"]["team"])))
        turn.ask()
    elif name in ("langue", "language"):
        turn.say(
            turn._("Choisissez votre langue :"),
            (Choice("Français", "lang|fr"), Choice("English", "lang|en")),
            columns=2,
        )
    elif not turn.state.consent:
        turn.ask()
    elif name in ("recommencer", "restart"):
        turn.restart()
    elif name in ("retour", "back"):
        moves.back(turn)
    elif name in ("fiche", "sheet"):
        sheet_dialog.start_sheet(turn)
    else:
        turn.say(turn._("Je ne connais pas cette commande. Tapez /aide pour la liste."))
        turn.ask()


def choice(turn: Turn, data: str) -> None:
    """A button: stale ones re-ask, the others go to CHOICE's handler."""
    seq, _sep, action = data.partition("|")
    if seq == "faq":
        quick.faq_choice(turn, action)
        return
    if seq == "lang":
        turn.state.lang = action if action in ("fr", "en") else "fr"
        turn.say(turn._("C'est noté : je vous parle en français."))
        if turn.state.step == "consent":
            asking.ask_consent(turn, short=False)  # the notice again, in the new language
        else:
            turn.ask()
        return
    if not (seq.isascii() and seq.isdigit()) or int(seq) != turn.state.seq:  # "¹" is a digit
        if action.startswith("verdict:") and verdict.old_card(turn, seq):
            return
        turn.say(turn._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
        turn.ask()
        return
    name, _sep, value = action.partition(":")
    handler = CHOICE.get(name)
    if handler is None or (not turn.state.consent and name != "consent"):
        turn.say(turn._("Ce bouton n'est plus actif. Voici où nous en sommes :"))
        turn.ask()
        return
    handler(turn, value)


_DEFAULT: Guide | None = None


Handler = Callable[[Turn, str], None]


def _plain(action: str) -> Handler:
    """A plain question's button: read by the engine (dialogs.form) with the table's validator."""
    return lambda turn, value: form.choice_form(turn, action, value)


# The conversation's states, one entry each: what asks the state's question and what reads a
# message typed there (python-telegram-bot's ConversationHandler `states`, as data). A reader
# (or a tool) follows a message from `handle` to its step's function here. Every question of the
# table is asked from its entry (`asking.ask_current`) and every plain one is read by the engine
# (`form.form_text`): a new plain question needs no line here.
STEPS: dict[str, Step] = {
    "consent": Step(asking.ask_again),  # typed text is read before the steps: consent_text
    **{q.step: Step(asking.ask_current, form.form_text) for q in QUESTIONS if q.validate},
    "audience": Step(asking.ask_current, form.form_text, early.audience),
    "activity": Step(asking.ask_current, form.form_text, early.yes_no),
    "place": Step(asking.ask_current, place_step.text_place, early.place),
    "total": Step(asking.ask_current, form.form_text, early.total),
    "place_choice": Step(asking.ask_place_choice, place_step.text_place_choice),
    "project": Step(asking.ask_current, fiche_step.text_project),
    "fiche_confirm": Step(fiche_step.ask_fiche_confirm, fiche_step.text_fiche_confirm),
    "summary": Step(verdict_step.ask_summary, verdict_step.text_summary),
    "verdict": Step(verdict.ask_verdict, verdict_step.text_verdict),
    "contact": Step(verdict_step.ask_contact, verdict_step.text_contact),
    "declined": Step(asking.ask_declined),
    **{name: Step(sheet_dialog.ask_sheet, sheet_dialog.sheet_text) for name in SHEET_STEPS},
}
# What reads a typed answer at each step (the steps' `text`, for the tests and the tools).
TEXT: dict[str, Handler] = {name: s.text for name, s in STEPS.items() if s.text is not None}
# What a button does: its data is "<seq>|<action>:<value>" (see Turn.button).
CHOICE: dict[str, Handler] = {
    "consent": asking.choice_consent,
    "place": place_step.choice_place,
    "fiche": fiche_step.choice_fiche,
    "dk": moves.choice_dk,
    "edit": verdict_step.choice_edit,
    "go": verdict_step.choice_go,
    "verdict": verdict_step.choice_verdict,
    "contact": verdict_step.choice_contact,
    "sheet": sheet_dialog.choice_sheet,
    "fix": correction_apply.choice_fix,
    "intent": choice_intent,
    "restart": restart_offer.choice,
    "keep": sheet_questions.choice_keep,
    **{action: _plain(action) for action in (*BY_ACTION, "amt")},
}


def step(state: State, event: Event, today: dt.date) -> tuple[State, list[Reply]]:
    """Module-level convenience over a default Guide (the data in knowledge/data)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Guide()
    return _DEFAULT.step(state, event, today)
