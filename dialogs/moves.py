"""The moves that are no answer to the question on screen: "je ne sais pas" (the button or
typed), an edited message, and /retour. Each step decides what "je ne sais pas" means; an
edit is never read as an answer; /retour forgets the last answer and asks it again. Out of
`dialogs.flow` (which dispatches to them) to keep each module to one job."""

from __future__ import annotations

from dialogs import fiche_step, form, interpret, render, sheet_dialog, verdict_step
from dialogs.form import question_at
from dialogs.sheet_dialog import is_sheet_step
from dialogs.table import AMOUNT_STEPS, DONT_KNOW_STEPS, STEP_OF
from dialogs.turn import Turn
from knowledge.contacts import contact_card
from knowledge.lexicon import dont_know as lx_dont_know
from knowledge.place_text import names_a_commune

esc = render.esc


# ------------------------------------------------------------------ don't know, edits
def says_dont_know(turn: Turn, text: str) -> bool:
    """Whether a typed message is the step's « Je ne sais pas »: in any of its whole forms, or
    — at an amount or the commune, where the rest is checked — said in a sentence with a
    reason (« aucune idée pour l'instant on n'a pas encore fait le budget », « on sait pas
    encore dans quelle ville, on hésite »), the rest holding no amount / naming no commune
    (then it is the answer)."""
    step = turn.state.step
    choice = interpret.CHOICE_READERS.get(step)
    in_sentence = step in AMOUNT_STEPS or step == "place" or choice is not None
    if step not in DONT_KNOW_STEPS or not interpret.dont_know(text, in_sentence):
        return False
    if choice is not None and not lx_dont_know(text):
        # reading23: « honnêtement je ne sais pas faire la différence entre les deux » at the
        # kind was « pas compris »; said in a sentence, it is the answer only when the
        # sentence picks no choice (« je ne sais pas, du fonctionnement je pense » picks one)
        return choice(text) is None
    if step in AMOUNT_STEPS:
        return turn.read(text).amount().amount is None
    if step == "place":
        reading = turn.read(text)
        return reading.place.status == "not_found" and not names_a_commune(turn.guide.places, text)
    return True


def choice_dk(turn: Turn, value: str) -> None:
    """The "je ne sais pas" button."""
    if turn.state.step in DONT_KNOW_STEPS:
        dont_know(turn)
    else:
        turn.ask()


def dont_know(turn: Turn) -> None:
    """'Je ne sais pas' (button or typed) at any step: each step decides what it means —
    noted "à préciser" and move on, or explain who can tell — never a dead end."""
    _ = turn._
    step = turn.state.step
    if question_at(step) is not None:  # a plain question: its table entry says what
        form.form_unknown(turn)
    elif step in ("place", "place_choice"):
        general = (turn.k.people[i] for i in turn.k.general_contacts)
        people = esc(contact_card(turn.k, general, turn.state.lang))  # with the 2014 note
        turn.say(
            _(
                "La commune me sert à trouver votre interlocuteur à la Région et votre "
                "intercommunalité. Indiquez celle où se passera le projet ou, à défaut, "
                "celle du siège de votre structure. Si vous hésitez, les contacts généraux "
                "de l'appel peuvent vous orienter :"
            )
            + "\n"
            + people
        )
        turn.state.candidates = []
        turn.go("place")
    elif step in ("project", "fiche_confirm"):
        fiche_step.choice_fiche(turn, "dunno")
    elif step == "contact":
        verdict_step.choice_contact(turn, "cancel")
    else:
        turn.ask()


def edited(turn: Turn) -> None:
    """An edit of an earlier message is not an answer to the current question (it may
    have been typed for any step); say how to change an answer, then re-ask."""
    if turn.state.consent and turn.state.step != "declined":
        turn.say(
            turn._(
                "Vous avez modifié un message déjà envoyé : je ne relis pas les messages "
                "modifiés, la réponse d'origine est gardée. Pour changer une réponse, "
                "tapez /retour (question précédente) ou touchez ✏️ dans le résumé "
                "avant le résultat ; pour tout reprendre, /recommencer."
            )
        )
    turn.ask()


# ------------------------------------------------------------------ back
def back(turn: Turn) -> None:
    """/retour: forget the last answer and ask it again."""
    if is_sheet_step(turn.state.step):
        sheet_dialog.sheet_back(turn)
        return
    if turn.state.step in ("verdict", "contact"):
        turn.go("summary")
        return
    if not turn.state.history:
        turn.say(turn._("Il n'y a pas de réponse à annuler."))
        turn.ask()
        return
    key = turn.state.history.pop()
    turn.state.answers.pop(key, None)
    if key == "fiche":
        turn.state.answers.pop("description", None)
        turn.state.suggestion = {}
    turn.state.candidates = []
    turn.state.editing = False
    turn.say(turn._("D'accord, revenons à la question précédente."))
    turn.go(STEP_OF.get(key, key))
