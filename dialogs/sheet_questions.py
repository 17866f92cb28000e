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
this in? »: the lexicon's `[free_answers] field_help`), or said as a statement (« c'est le nom
de notre association qu'il faut mettre », « on met koi pr les partenaires »: `field_help_rule`,
reading13), gets what the field expects and that every field is optional, and the field again,
with [✅ Garder comme réponse] under it (the words may be the answer after all: nothing lost).
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
from knowledge.asking import interrogative_opening
from knowledge.faq import Answer
from knowledge.i18n import N_
from knowledge.reading import Reading

# Beyond this many words a message is an answer, even with a question mark in it.
MAX_QUESTION_WORDS = 20
# What each field expects, said to a question about it (reading13: « il faut mettre le nom du
# président ? » at the structure).
EXPECTS = {
    "title": N_(
        "Ici : le titre du projet, en quelques mots (par exemple « Jardin des voisins »)."
    ),
    "structure": N_(
        "Ici : le nom de la structure qui porte le projet — votre association, votre collectif "
        "ou votre commune (par exemple « Association Les Jardins de Lens »). La personne à "
        "contacter est demandée plus loin."
    ),
    "partners": N_(
        "Ici : les structures avec qui vous menez le projet (centre social, bailleur, école, "
        "commune…) et ce que chacune fait."
    ),
    "participation": N_(
        "Ici : comment les habitants construisent et portent le projet, de l'idée à sa "
        "réalisation, en quelques phrases."
    ),
    "timing": N_(
        "Ici : quand le projet doit se dérouler, même à peu près (par exemple « de mars à "
        "juin 2015 »)."
    ),
    "legal_form": N_(
        "Ici : la forme juridique de la structure (par exemple « association loi 1901 », "
        "« commune », « SCIC »)."
    ),
    "address": N_("Ici : l'adresse postale du porteur du projet (rue, code postal, commune)."),
    "contact_name": N_(
        "Ici : le prénom, le nom et la fonction de la personne à contacter pour ce projet."
    ),
    "phone": N_("Ici : le numéro de téléphone de cette personne (par exemple 03 21 12 34 56)."),
    "email": N_("Ici : l'adresse e-mail de cette personne."),
    "registration": N_(
        "Ici : le numéro SIRET de la structure (14 chiffres) ou son numéro RNA d'association "
        "(W suivi de 9 chiffres)."
    ),
}


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
    # without its mark (reading12: it was saved as the project's title), or as a statement
    # (« c'est le nom de notre association qu'il faut mettre », reading13)
    helps = turn.read(text).about_field
    if not (opens or ends or helps):
        return False
    _ = turn._
    if helps:
        # what the field expects, that it is optional, and the words kept with a button
        turn.state.pending = {"kept": text, "step": turn.state.step, "seq": turn.state.seq}
        turn.say(
            _(EXPECTS[field])
            + "\n"
            + _(
                "Toutes les questions de la fiche sont facultatives : répondez en quelques "
                "mots, ou touchez « Passer » pour la laisser à compléter à la main."
            ),
            (turn.button(_("✅ Garder comme réponse"), "keep:yes"),),
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
