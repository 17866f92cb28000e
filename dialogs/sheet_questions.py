"""A question typed at a field of the fiche synthétique (issue 22, tenth pass).

Any words typed there are the document's, so a question (« c'est quand la date limite ? »)
was saved as the field's answer: the document said « Calendrier prévu : c'est quand la date
limite ? ». Now a message shaped like a question is never saved silently:
- it *opens* as a question (« c'est quoi… », « est-ce que… », « faut-il… », « what is… ») and
  the FAQ answers it: the answer, then the field asked again; a button under the answer
  (« Garder comme réponse ») keeps the words as the field's answer after all (« Pourquoi pas
  nous ? » may be a title);
- it only *ends* with « ? » (« Et si on jardinait ensemble ? »), or opens as a question the FAQ
  cannot answer: it may be both, so the bot asks « C'est votre réponse ? » with [Oui, c'est ma
  réponse] [Non, c'est une question]; « oui » / « non » typed do the same.
A question about the field itself (« qu'est-ce que je dois mettre ? », « do I have to fill
this in? »: the lexicon's `[free_answers] field_help`) gets the reply that every field is
optional, and the field again.
Where the field's own reader refuses the words (a phone number, a SIRET: « le siret c'est
obligatoire ? »), the question is answered (or doubted) without asking.
A long text (more than `MAX_QUESTION_WORDS` words: the participation's sentences) is an answer
whatever its punctuation. The words waiting for the choice live in `State.pending` for one
message only.
"""

from __future__ import annotations

from dialogs import quick, render
from dialogs.sheet_dialog import PREFIX, sheet_text
from dialogs.sheet_fields import SHEET_FIELDS, read
from dialogs.turn import Turn
from knowledge.faq import Answer
from knowledge.faq_text import interrogative_opening
from knowledge.lexicon import any_phrase, lexicon
from knowledge.reading import Reading
from knowledge.text import normalize

# Beyond this many words a message is an answer, even with a question mark in it.
MAX_QUESTION_WORDS = 20


def _field(turn: Turn) -> str | None:
    step = turn.state.step
    field = step[len(PREFIX) :] if step.startswith(PREFIX) else ""
    return field if field in SHEET_FIELDS else None


def asked(turn: Turn, text: str) -> bool:
    """A question typed at a field of the sheet: answered (the field asked again) or asked
    whether it is the answer. False: the words are the field's answer, read as usual."""
    field = _field(turn)
    if field is None or turn.state.mode == "question":
        return False
    if len(text.split()) > MAX_QUESTION_WORDS:
        return False
    opens = interrogative_opening(text)
    ends = text.rstrip().endswith("?")
    # « je dois mettre quoi ici », « what do I put here »: a question about the field even
    # without its mark (reading12: it was saved as the project's title)
    helps = any_phrase(normalize(text), lexicon().field_help)
    if not (opens or ends or helps):
        return False
    _ = turn._
    if helps:
        # « qu'est-ce que je dois mettre ? », « do I have to fill this in? »: about the field
        turn.say(
            _(
                "Toutes les questions de la fiche sont facultatives : répondez en quelques "
                "mots, ou touchez « Passer » pour la laisser à compléter à la main."
            )
        )
        turn.ask()
        return True
    answer = turn.read(text).faq
    if read(field, text).value is None:  # "le siret c'est obligatoire ?": no answer there
        say(turn, answer)
        turn.ask()
        return True
    turn.state.pending = {"kept": text, "step": turn.state.step, "seq": turn.state.seq}
    if opens and answer.status == "answered":
        assert answer.source is not None
        turn.say(
            render.sourced(answer.text, answer.source, answer.lang),
            (turn.button(_("✅ Garder comme réponse"), "keep:yes"),),
        )
        turn.ask()
        return True
    turn.say(
        _("« {text} » : c'est votre réponse ?").format(text=render.esc(text.strip())),
        (
            turn.button(_("Oui, c'est ma réponse"), "keep:yes"),
            turn.button(_("Non, c'est une question"), "keep:no"),
        ),
        columns=2,
    )
    return True


def answered(turn: Turn, reading: Reading) -> bool:
    """« oui » / « non » typed while « C'est votre réponse ? » waits: its buttons' action. The
    words wait one message: forgotten here whatever is typed."""
    pending = turn.waiting("kept")
    if pending is None or reading.yes_no not in ("yes", "no"):
        return False
    turn.state.pending = pending
    choice_keep(turn, reading.yes_no)
    return True


def choice_keep(turn: Turn, value: str) -> None:
    """The buttons: "yes" saves the words as the field's answer; "no" answers the question
    (or says it is not sure, with the contacts), then asks the field again."""
    pending, turn.state.pending = turn.state.pending, {}
    if not pending or pending.get("step") != turn.state.step or _field(turn) is None:
        turn.ask()
        return
    text = str(pending["kept"])
    if value == "yes":
        sheet_text(turn, text)
        return
    say(turn, turn.read(text).faq)
    turn.ask()


def say(turn: Turn, answer: Answer) -> None:
    """The FAQ's answer, or its doubt with the contacts."""
    if answer.status in ("answered", "quoted"):
        quick.say_answer(turn, answer)
    else:
        quick.say_unsure(turn, answer)
