"""Quick questions typed at any moment: answered from the FAQ, then the dialog resumes."""

from __future__ import annotations

from dialogs import asking, interpret, moves, place_step, questions, render
from dialogs.model import Choice
from dialogs.sheet_dialog import is_sheet_step, text_limit
from dialogs.table import AMOUNT_STEPS, DONT_KNOW_STEPS
from dialogs.turn import DESCRIPTION_STEPS, MAX_DESCRIPTION, MAX_SHORT, Turn
from knowledge.asking import asks
from knowledge.contacts import contact_card
from knowledge.faq import Answer
from knowledge.money import format_money, format_rate
from knowledge.percent_of import percent_of

esc = render.esc


# ------------------------------------------------------------------ quick questions
def answer_limit(step: str) -> int:
    """Characters an answer to `step` may have: a description or a long field of the fiche
    synthétique is written at length, every other answer is a few words."""
    return text_limit(step) or (MAX_DESCRIPTION if step in DESCRIPTION_STEPS else MAX_SHORT)


def letter(turn: Turn, text: str) -> bool:
    """A message too long to be the current step's answer that asks (a question mark): a
    letter (« Madame, Monsieur, … pourriez-vous nous indiquer … ? ») is read for its question,
    where it was only told it is too long (an answer this long is refused anyway). A letter
    asks without a mark too (« …je souhaiterais savoir quel est le montant minimum… »:
    `knowledge.asking.asks`, reading14)."""
    return len(text) > answer_limit(turn.state.step) and ("?" in text or asks(text))


def question(turn: Turn, text: str) -> bool:
    """Answer a question typed at any moment, then resume the dialog; False when the text
    is an answer to the current step ("5000" at the amount step is never a question)."""
    explicit = turn.state.mode == "question"  # any text is a question, up to a letter's length
    if not text or len(text) > MAX_DESCRIPTION:
        return False
    if len(text) > MAX_SHORT:
        if not (explicit or letter(turn, text)):
            return False  # a description, a long field of the fiche synthétique: the answer
        explicit = True  # a letter: read for its question, as in question mode
    if not explicit:
        if is_sheet_step(turn.state.step):  # what they type here is their document
            return False
        if moves.says_dont_know(turn, text) or (
            turn.state.step not in DONT_KNOW_STEPS and interpret.dont_know(text)
        ):
            return False  # "je sais pas encore, la mairie doit voter": no question
    if worked_out(turn, text):
        resume(turn)
        return True
    answer = (
        turn.read(text).faq
        if explicit
        else questions.read(
            turn.guide,
            turn.state.step,
            text,
            turn.today,
            turn.state.lang,
            AMOUNT_STEPS,
            turn.read(text),
        )
    )
    if answer is None:
        return False  # an answer to the current step
    if answer.status in ("answered", "quoted"):
        say_answer(turn, answer)
    else:
        say_unsure(turn, answer)
    if not explicit and turn.state.step == "place" and place_step.offer_named(turn, text):
        return True  # "Je suis à Boulogne-sur-Mer, j'appelle qui ?": the commune offered too
    resume(turn)
    return True


def worked_out(turn: Turn, text: str) -> bool:
    """« 30 % de 12000 ça fait combien ? »: the percentage of the amount, worked out (reading20:
    « Je n'ai pas compris » at the description). Arithmetic on the person's numbers, said
    plainly; nothing stored."""
    asked = percent_of(text, turn.state.lang)
    if asked is None:
        return False
    lang = turn.state.lang
    turn.say(
        turn._("{rate} de {whole}, cela fait {result}.").format(
            rate=format_rate(asked.rate / 100, lang),
            whole=format_money(asked.whole, lang),
            result=format_money(asked.result, lang),
        )
    )
    return True


def say_answer(turn: Turn, answer: Answer) -> None:
    """A curated answer, or a passage of the documents quoted: each with its source."""
    assert answer.source is not None
    turn.say(render.sourced(answer.text, answer.source, answer.lang))


def say_unsure(turn: Turn, answer: Answer) -> None:
    """Not sure: the close questions as buttons, and the contacts."""
    _ = turn._
    people = esc(
        contact_card(turn.k, (turn.k.people[i] for i in turn.k.general_contacts), turn.state.lang)
    )
    # the documents do not say (and their two closest passages), or, for a call without
    # passages, a plain "not sure"
    text = esc(answer.text) or _("Je ne suis pas sûr de bien comprendre votre question.")
    if answer.alternatives:
        text += " " + _("Vouliez-vous demander :")
    text += "\n\n" + _("Sinon, demandez aux contacts généraux de l'appel :") + "\n" + people
    choices = tuple(Choice(a.question[:60], f"faq|{a.id}") for a in answer.alternatives)
    turn.say(text, choices)


def resume(turn: Turn) -> None:
    """After an answer: in question mode, invite the next one; otherwise re-ask the step."""
    if turn.state.mode == "question":
        turn.say(
            turn._("Une autre question ? Écrivez-la. Pour reprendre le questionnaire :"),
            (Choice(turn._("↩️ Reprendre"), "faq|resume"),),
        )
    elif turn.state.step == "consent" and turn.state.welcomed:
        asking.ask_consent(turn, short=True)
    elif turn.state.step != "declined":
        turn.ask()


def faq_choice(turn: Turn, entry_id: str) -> None:
    """A close question's button (or "Reprendre"): its answer, then resume."""
    if entry_id == "resume" or entry_id not in turn.guide.faq.by_id:
        turn.state.mode = ""
        turn.ask()
        return
    entry = turn.guide.faq.by_id[entry_id]
    text = turn.guide.faq.render(entry, turn.state.lang, turn.today)
    turn.say(render.sourced(text, entry.source, turn.state.lang))
    resume(turn)
