"""What a message asks in words, done as its button or command does (issue 22): the language
it is written in, "parler à quelqu'un", "effacer mes données" (the erasure's own confirmation,
with its buttons: never erased on words), "mes données" (the data themselves). Restart and back
are the commands themselves (`dialogs.flow` maps them); a restart in words asks first when
there are answers to lose (`dialogs.restart_offer`)."""

from __future__ import annotations

from dialogs import asking, interpret, place_step
from dialogs.form import context, question_at
from dialogs.model import Reply
from dialogs.render import esc
from dialogs.turn import DESCRIPTION_STEPS, Turn, free_text
from dialogs.validators import Accepted
from knowledge import lexicon as lx
from knowledge.contacts import contact_card
from knowledge.i18n import N_
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
    # "how does it work?" mid-way: a question the FAQ answers is answered after the switch
    # (a first message gets the welcome; "is English ok?" is no question of the FAQ's)
    asked = (
        state.consent
        and reading.intent is None
        and "?" in reading.text
        and turn.read(reading.text).faq.status == "answered"  # read in the new language
    )
    if reading.intent not in (None, "english", "french") or asked or answers_step(turn, reading):
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
    if step == "place":  # a commune found, communes to choose from, or a town abroad
        return reading.place.status != "not_found" or place_step.names_abroad(turn, reading.text)
    question = question_at(step)
    if question is None or question.validate is None:
        return False
    if question.key in ("role", "audience"):  # any words are kept there: only a button's
        return getattr(interpret, question.key)(reading.text) is not None
    return isinstance(question.validate(reading.text, context(turn)), Accepted)


def talk(turn: Turn) -> None:
    """ "Parler à quelqu'un": the call's general contacts (2014, with their note), then the
    question again."""
    people = esc(
        contact_card(turn.k, (turn.k.people[i] for i in turn.k.general_contacts), turn.state.lang)
    )
    turn.say(turn._("Contacts généraux de l'appel :") + "\n" + people)
    turn.ask()


# The erasure's confirmation and the data summary's heading: one text each, the commands'
# (bot/rights.py, bot/privacy.py) and the words' (here).
ERASE_ASK = N_("Effacer toutes vos réponses, nos messages et votre demande ? C'est définitif.")
DATA_HEADING = N_("Voici ce que nous gardons sur vous :")


def erase(turn: Turn) -> None:
    """ "Effacez tout ce que je vous ai dit": what /effacer does — its confirmation, with its
    buttons (the adapter carries the effect out: the buttons carry the update that asked,
    and erasing needs the tap). Reason: the issue's rule, intents in words do what their
    command does; pointing to /effacer made the person type it again. Never erased on words.
    The question is not asked again: the confirmation's buttons stay the last on screen."""
    _effect(turn, ERASE_ASK, "erase")


def show_data(turn: Turn) -> None:
    """ "Vous gardez quoi sur moi ?": what /mesdonnees does — the data themselves (the adapter
    reads storage in this reply's place), not a pointer to the command."""
    _effect(turn, DATA_HEADING, "show_data")


def _effect(turn: Turn, text: str, effect: str) -> None:
    if turn.notes:  # what this turn noted first (a language switched) is said before
        turn.say("")
    turn.replies.append(Reply(turn._(text), effect=effect))


def leave(turn: Turn) -> None:
    """ "Stop", "bye", "j'abandonne": the person leaves. Nothing is erased on words and the
    question is not asked again (they said they stop); the reply says what is kept, how to
    come back and how to erase it (/effacer asks to confirm). Before consent nothing is kept."""
    _ = turn._
    if not turn.state.consent:
        turn.say(_("D'accord, à bientôt ! Pour commencer quand vous voudrez : /start."))
        return
    turn.state.pending = {}
    turn.say(
        _(
            "D'accord, on s'arrête là. Vos réponses sont gardées : pour reprendre où nous en "
            "étions, écrivez-moi ou tapez /start. Pour les effacer, tapez /effacer (je vous "
            "demanderai de confirmer)."
        )
    )


# Intents whose whole phrases ("au revoir", "j'abandonne", "aide") describe no project: done
# at a description without asking (a title of the fiche synthétique still asks first).
NEVER_A_DESCRIPTION = frozenset({"leave", "help", "resume"})

# What an intent does, asked where the same words could be the answer itself.
ASK_FIRST = {
    "restart": N_("Voulez-vous tout recommencer depuis le début ?"),
    "back": N_("Voulez-vous revenir à la question précédente ?"),
    "erase": N_("Voulez-vous effacer vos données ?"),
    "show_data": N_("Voulez-vous voir les données que j'ai gardées de vous ?"),
    "talk": N_("Voulez-vous les coordonnées des contacts généraux de l'appel ?"),
    "english": N_("Voulez-vous que je vous réponde en anglais ?"),
    "french": N_("Voulez-vous que je vous réponde en français ?"),
    "language": N_("Voulez-vous changer de langue ?"),
    "leave": N_("Voulez-vous vous arrêter là ? Vos réponses restent gardées."),
    "help": N_("Voulez-vous l'aide (les commandes) ?"),
    "resume": N_("Voulez-vous reprendre où nous en étions ?"),
}


def ask_first(turn: Turn, reading: Reading) -> bool:
    """Where any text is an answer (a description, a field of the fiche synthétique, a phone
    number), words that also name an intent ("Repartir de zéro" as a project's title) are
    neither done nor stored silently: the bot asks which was meant, with buttons (`choice_intent`
    in `dialogs.flow` reads them). At a description, an intent said in other words and asked
    for ("je voudrais parler à quelqu'un", "on peut tout reprendre ?") is no description:
    it is done. True when asked."""
    kind = free_text(turn.state.step)
    intent = reading.intent if kind == "form" else None
    if kind == "form" and intent is None:
        # « effacez toutes mes données » typed as a project's title: an intent's rule fits
        # (reading15: stored as the title before), asked which was meant, never stored silently
        intent = lx.by_rules(reading.without_politeness)
    if kind == "description" and not (reading.asks or "?" in reading.text):
        intent = reading.intent_phrase  # asked for ("je voudrais …", "…?"): no description
        if intent in NEVER_A_DESCRIPTION:
            return False  # done as it is said
        if intent is None and reading.intent == "leave":
            # put off to later (« laissez tomber je vais recommencer plus tard »): a project
            # may be said so too (« on reprendra les ateliers la semaine prochaine »): asked
            intent = "leave"
    if intent not in ASK_FIRST:
        return False
    _ = turn._
    turn.state.pending = {"intent": intent, "text": reading.text, "step": turn.state.step}
    turn.say(
        _(ASK_FIRST[intent]),
        (
            turn.button(_("Oui"), "intent:yes"),
            turn.button(_("Non, c'est ma réponse"), "intent:no"),
        ),
        columns=2,
    )
    return True
