"""A reply to an earlier question of the fiche synthétique (Telegram's swipe-reply): the words
are that field's new answer, not the current field's. Any text answers a field of the sheet, so
« Jardin partagé des Mûriers » replied to the title's question, typed while the structure is
asked, was kept as the structure's name. `dialogs.replied` handles replies to the form's
questions; this, the sheet's own, known by their prompt in the quoted message.
"""

from __future__ import annotations

from dialogs.render import esc
from dialogs.sheet_fields import LABELS, QUESTIONS, is_skip
from dialogs.sheet_fields import read as read_field
from dialogs.turn import Turn
from knowledge.i18n import N_, gettext_for

LANGUAGES = ("fr", "en")
# How the person is told which answer changed: the document's labels, and for the two long
# answers (which the document heads by their question) a name of their own.
NAMES = {
    **LABELS,
    "partners": N_("Partenaires"),
    "participation": N_("Participation des habitants"),
}


def field_replied(quoted: str) -> str | None:
    """The sheet's field whose question the quoted message asked (its last one), in either
    language (the message may date from before a change of language), else None."""
    quoted = " ".join(quoted.split())
    found: tuple[int, str] | None = None
    for lang in LANGUAGES:
        _ = gettext_for(lang).gettext
        for field, prompt in QUESTIONS.items():
            at = quoted.rfind(" ".join(_(prompt).split()))
            if at >= 0 and (found is None or at > found[0]):
                found = (at, field)
    return found[1] if found else None


def earlier_field(turn: Turn, text: str, quoted: str) -> bool:
    """`text` replied to an earlier, answered question of the sheet: that field corrected
    (said with its old value), or the reason it cannot be (a phone that is none) said; then the
    current question again. False: not such a reply, read the message as usual (a skip word
    skips the current question, as typed)."""
    field = field_replied(quoted)
    sheet = turn.state.answers.get("sheet")
    step = turn.state.step
    if field is None or not isinstance(sheet, dict) or field not in sheet or is_skip(text):
        return False
    if step == f"sheet_{field}":
        return False  # the question on screen: its answer, as usual
    read = read_field(field, text)
    label = turn._(NAMES[field])
    if read.value is None:
        turn.say(
            turn._(
                "Vous répondez à une question déjà posée, mais je n'y lis pas de nouvelle réponse."
            )
            + " "
            + turn._(read.reason)
        )
    elif read.value != sheet[field]:
        old, sheet[field] = sheet[field] or "—", read.value
        turn.say(
            turn._("✏️ J'ai corrigé « {label} » : {new} (au lieu de {old}).").format(
                label=label, new=esc(read.value), old=esc(old)
            )
        )
    else:
        turn.say(turn._("C'est déjà votre réponse à « {label} ».").format(label=label))
    turn.ask()
    return True
