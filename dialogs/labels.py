"""Answers and steps in people's words, read from the question table: what staff see instead
of the codes the dialog stores ("youth" is « Des jeunes », step "fiche_confirm" is
« Confirmation de la fiche »). Pure: the console and the Telegram staff views pass these
functions to `dialogs.staff_views`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.table import BY_ACTION, BY_KEY, BY_STEP, CONSENT, STEP_LABELS, STEPS
from knowledge.i18n import gettext_for

# Lead columns named otherwise than the question that fills them.
_QUESTION_OF = {"activity_funding": "activity"}

Words = Callable[[str, Any], str]


def answer_words(lang: str) -> Words:
    """`words(column, value)`: a coded answer as the button the person pressed said it, in
    `lang`; anything else (free text, amounts, a name) unchanged."""
    _ = gettext_for(lang).gettext

    def words(column: str, value: Any) -> str:
        question = BY_KEY.get(_QUESTION_OF.get(column, column))
        if value is None or value == "":
            return "?"
        choices = question.choices if question is not None else None
        if choices and str(value) in choices:
            return _(choices[str(value)])
        return str(value)

    return words


def answer_label(column: str, lang: str) -> str:
    """The question's staff label for a lead column ("Public", "Nature"), or the column."""
    question = BY_KEY.get(_QUESTION_OF.get(column, column))
    return gettext_for(lang).gettext(question.label) if question is not None else column


def step_label(step: str, lang: str) -> str:
    """A step of the dialog as staff read it: its question's label, or the table's name for
    the steps around the questions; never the internal name."""
    _ = gettext_for(lang).gettext
    if step in STEP_LABELS:
        return _(STEP_LABELS[step])
    question = BY_STEP.get(step)
    if question is not None:
        return _(question.label)
    return _("Autre étape")


def funnel_order() -> tuple[str, ...]:
    """The dialog's steps in the order they are asked (the funnel's order)."""
    return STEPS


def button_words(data: str, lang: str) -> str | None:
    """A button's data ("3|audience:youth") read back through the question table, for a
    button whose message is no longer in the transcript; None when the table cannot tell."""
    _seq, _sep, action = data.partition("|")
    name, _sep, value = action.partition(":")
    if name == "consent" and value in CONSENT:
        return gettext_for(lang).gettext(CONSENT[value])
    question = BY_ACTION.get(name)
    if question is not None and question.choices and value in question.choices:
        return gettext_for(lang).gettext(question.choices[value])
    return None


def card_words(lang: str) -> dict[str, Any]:
    """The keyword arguments of `dialogs.staff_views.lead_card` that put a lead in words."""
    return {"words": answer_words(lang), "label": lambda column: answer_label(column, lang)}


def table_words(lang: str) -> Callable[[str], str | None]:
    """The `table` argument of the staff views' transcripts."""
    return lambda data: button_words(data, lang)
