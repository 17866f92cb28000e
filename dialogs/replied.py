"""A reply to an earlier question (Telegram's swipe-reply, `reply_to_message`): the person
answers a question of the form they had already answered, by replying to its message. The
words are that answer's, not the current question's: « Liévin » replied to the commune's
question, typed while the description is asked, is not a description.

The question is known by its prompt in the quoted message (Telegram sends the message replied
to, as plain text). The words then go through the path of a correction that names its answer
(`dialogs.corrections.named`); when they do not change that answer, the person is asked,
with the answer's ✏️ button, and the current question comes again: nothing changes silently.
A reply to the current question, to a question not answered yet, or to anything else (a
result, an answer to a question) is read as usual. At the fiche synthétique's and the
contact's steps too, where any text is the current field's answer (a reply to the commune's
question was kept as the project's title); a reply to an earlier field of the sheet is that
field's (`dialogs.replied_sheet`).
"""

from __future__ import annotations

from dialogs import corrections, replied_sheet
from dialogs.correction_apply import which_answer
from dialogs.table import QUESTIONS, applies
from dialogs.turn import DESCRIPTION_STEPS, FORM_STEPS, Turn
from knowledge.i18n import gettext_for

# A prompt is recognised by its words before its first placeholder, of at least this length
# ("Quel est le coût total du projet, en euros ?"), so a short one cannot match by chance.
MIN_PROMPT = 12
LANGUAGES = ("fr", "en")
# Where a reply to an earlier question is read as that answer's: the form's questions, the
# description (where any text would be taken as the project's), the summary and the result.
STEPS = corrections.AT_STEPS | DESCRIPTION_STEPS


def _reads_at(step: str) -> bool:
    """Whether a reply to an earlier question is read as that answer's at this step: also at
    the fiche synthétique's fields and the contact's (any text is their answer: « Liévin »
    replied to the commune's question was kept as the project's title)."""
    return step in STEPS or step.startswith("sheet_") or step in FORM_STEPS


def _plain(text: str) -> str:
    """Spaces of every kind as one (Telegram's text keeps the no-break spaces we send)."""
    return " ".join(text.split())


def question_replied(turn: Turn, quoted: str) -> str | None:
    """The key of the form's question the quoted message asked (its last one, when a message
    holds several), or None when it asks none. In both languages: the message may date from
    before a change of language."""
    quoted = _plain(quoted)
    found: tuple[int, int, str] | None = None
    for lang in LANGUAGES:
        _ = gettext_for(lang).gettext
        for question in QUESTIONS:
            if not question.prompt:
                continue
            words = _plain(_(question.prompt).split("{", 1)[0])
            if len(words) < MIN_PROMPT:
                continue
            at = quoted.rfind(words)
            if at >= 0 and (found is None or (at, len(words)) > found[:2]):
                found = (at, len(words), question.key)
    return found[2] if found else None


def earlier_answer(turn: Turn, text: str, quoted: str) -> bool:
    """`text`, replied to a message that asked an earlier, answered question: read as a
    correction of that answer, or the person asked. False: read the message as usual."""
    state = turn.state
    if not quoted or not state.consent or state.mode == "question" or not _reads_at(state.step):
        return False
    if replied_sheet.earlier_field(turn, text, quoted):
        return True
    key = question_replied(turn, quoted)
    if key is None or key not in state.answers or not applies(key, state.answers, turn.k):
        return False
    current = next((q.key for q in QUESTIONS if q.step == state.step), None)
    if key == current:
        return False  # the question on screen: its answer, as usual
    reading = turn.read(text)
    if corrections.named(turn, reading, key):
        return True
    if reading.aside in ("question", "request", "complaint"):
        return False  # « c'est quoi un EPCI ? » about that question: answered as usual
    turn.say(
        turn._("Vous répondez à une question déjà posée, mais je n'y lis pas de nouvelle réponse.")
    )
    which_answer(turn, (key,))
    turn.ask()
    return True
