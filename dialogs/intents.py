"""What a message asks in words, done as its button or command does (issue 22): the language
it is written in, "parler à quelqu'un", "effacer mes données" (never erased on words: the
reply says how to confirm), "mes données". Restart and back are the commands themselves
(`dialogs.flow` maps them)."""

from __future__ import annotations

from dialogs import asking, interpret
from dialogs.form import context, question_at
from dialogs.render import esc
from dialogs.turn import DESCRIPTION_STEPS, Turn
from dialogs.validators import Accepted
from knowledge.contacts import contact_card
from knowledge.reading import Reading

# Steps where a message in another language is still the step's answer (kept, the language
# switched with a note): a description.
KEEP_AT = DESCRIPTION_STEPS
# Steps where the language is not guessed from a message (a phone number, a document's text).
NO_SWITCH_AT = frozenset({"contact"})


def switch_language(turn: Turn, reading: Reading) -> bool:
    """An English message in a French conversation (or the reverse) switches the conversation's
    language and says how to switch back. True when the message is thereby answered (the
    question asked again in the new language); False when it is still read as an answer."""
    state = turn.state
    wanted = {"english": "en", "french": "fr"}.get(reading.intent or "") or reading.language
    if wanted is None or wanted == state.lang or state.step in NO_SWITCH_AT:
        return False
    if state.step.startswith("sheet_") and not reading.intent:
        return False
    state.lang = wanted
    switched = turn._("Je vous réponds en français. Pour changer de langue : /langue.")
    if reading.intent not in (None, "english", "french") or answers_step(turn, reading):
        # "I don't know", "can I start again?", a description in English: switched, and
        # still read as what it says
        turn.note(switched)
        return False
    turn.say(switched)
    if state.step == "consent":
        asking.ask_consent(turn, short=False)
    else:
        turn.ask()
    return True


def answers_step(turn: Turn, reading: Reading) -> bool:
    """Whether the message is itself an answer to the current step (so that switching the
    language does not lose it): yes / no / don't know, a commune found, a button's words, a
    description, a correction of an earlier answer, or what the plain question's validator
    accepts."""
    step = turn.state.step
    if reading.yes_no is not None or reading.dont_know or step in KEEP_AT:
        return True
    if reading.taken_back is not None or reading.names:
        return True  # "sorry, it's 4000 not 3000": a correction, read after the switch
    if reading.corrects and reading.amount().amount is not None:
        return True  # "sorry I meant 4000" ("sorry, I don't speak French" is no answer)
    if step == "place":
        return bool(reading.place.status == "found")
    question = question_at(step)
    if question is None or question.validate is None:
        return False
    if question.key in ("role", "audience"):  # any words are kept there: only a button's
        return getattr(interpret, question.key)(reading.text) is not None
    return isinstance(question.validate(reading.text, context(turn)), Accepted)


def talk(turn: Turn) -> None:
    """ "Parler à quelqu'un": the regional team's contacts, then the question again."""
    people = esc(
        contact_card(turn.k, (turn.k.people[i] for i in turn.k.general_contacts), turn.state.lang)
    )
    turn.say(turn._("L'équipe régionale peut vous répondre :") + "\n" + people)
    turn.ask()


def erase(turn: Turn) -> None:
    """Never erased on words: how to confirm it."""
    turn.say(
        turn._(
            "Pour effacer vos données, tapez /effacer : je vous demanderai de confirmer "
            "avant de supprimer quoi que ce soit."
        )
    )
    turn.ask()


def show_data(turn: Turn) -> None:
    turn.say(turn._("Pour voir tout ce que j'ai gardé de vous : /mesdonnees."))
    turn.ask()
