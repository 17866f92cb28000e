"""What the answers become, read from the question table for every question at once: the
rules' input, the lead's columns, the spreadsheet's columns, the summary card's lines and the
fiche synthétique's values.

Nothing here names an answer: each question's entry in `dialogs.table` says what it feeds and
how it shows (by its shape), so a new plain question is one entry there and nothing here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from dialogs.question import Question, cents
from dialogs.staff_views import CHECK_LABELS, CHECK_STATES, VERDICT_LABELS
from dialogs.table import BY_KEY, QUESTIONS
from knowledge import Knowledge
from knowledge.contacts import dated_epci, epci_mark
from knowledge.money import format_money
from knowledge.rules import Answers

Gettext = Callable[[str], str]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def rules_input(answers: Mapping[str, Any]) -> Answers:
    """The answers as the rules read them: the one reading, for the dialog's verdict, the
    fiche synthétique and whatever else evaluates stored answers."""
    fields = {q.rules[0]: q.rules[1](answers) for q in QUESTIONS if q.rules is not None}
    return Answers(**fields)


def lead_columns(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The lead's columns the answers fill, each as its question says (by default, an amount
    as exact decimal text, a choice as its key or the words typed when no button fitted)."""
    columns: dict[str, Any] = {}
    for q in QUESTIONS:
        if q.store is not None:
            columns.update(q.store(answers))
        elif q.lead:
            columns[q.lead] = _stored(q, answers)
    return columns


def _stored(q: Question, answers: Mapping[str, Any]) -> Any:
    value = answers.get(q.key)
    if q.shape == "amount":
        return cents(value)
    if q.noted:
        return answers.get(q.noted) or value
    return value


# A spreadsheet column: (French header, lead column, shape) — storage.export's Shape: a name,
# the words of each stored value, or for a JSON object of states its names' and states' words.
Column = tuple[str, str, str | Mapping[str, str] | tuple[Mapping[str, str], Mapping[str, str]]]


def export_columns(knowledge: Knowledge | None = None) -> tuple[Column, ...]:
    """The spreadsheet's columns the dialog words: (French header, lead column, shape), the
    answers' from the question table, then the verdict in the console's words (« tout est bon »,
    « points à vérifier », « une règle n'est pas respectée »; never « éligible »: the bot checks
    rules, the juries decide). The spreadsheet is French like its headers, and says a choice
    by its button's words (« Des jeunes », not the stored « youth »; « à préciser » for « je
    ne sais pas ») and, given the call's data, a territory by its name and the
    intercommunality's header with the year of its names (« nom au 1er janvier 2026 »)."""

    def shape(q: Question, column: str) -> str | Mapping[str, str]:
        if q.choices is not None:
            return {**q.choices, "unknown": "à préciser"}
        if column == "territory" and knowledge is not None:
            return {key: t.name for key, t in knowledge.territories.items()}
        return q.shape

    def named(header: str, column: str) -> str:
        # the year the intercommunalities' names refer to, as the dates' header names the zone
        mark = epci_mark(knowledge, "fr") if column == "epci" and knowledge else ""
        return f"{header} ({mark})" if mark else header

    answers = tuple(
        (named(header, column), column, shape(q, column))
        for q in QUESTIONS
        for header, column in q.export
    )
    return (
        *answers,
        ("Verdict", "verdict", dict(VERDICT_LABELS)),
        ("Vérifications", "checks", (dict(CHECK_LABELS), dict(CHECK_STATES))),
    )


def field_labels(_: Gettext) -> dict[str, str]:
    """Each answer's label on the summary card and in staff views."""
    return {q.key: _(q.label) for q in QUESTIONS}


def answer_text(
    _: Gettext, key: str, answers: Mapping[str, Any], knowledge: Knowledge, lang: str
) -> str:
    """An answer as the summary card shows it (HTML: what the person typed is escaped)."""
    q = BY_KEY.get(key)
    value = answers.get(key)
    if q is None:
        return esc(str(value)) if value is not None else "—"
    if value is None or (q.choices is not None and value not in q.choices):
        return _("à préciser") if key in answers else "—"
    return SHOWN[q.shape](_, q, answers, knowledge, lang)


def plain_text(
    _: Gettext, key: str, answers: Mapping[str, Any], knowledge: Knowledge, lang: str
) -> str:
    """An answer as a document shows it: plain text, empty when not known."""
    q = BY_KEY[key]
    value = answers.get(key)
    if value is None or (q.choices is not None and value not in q.choices):
        return ""
    return html.unescape(SHOWN[q.shape](_, q, answers, knowledge, lang))


def _choice(_: Gettext, q: Question, answers: Mapping[str, Any], k: Knowledge, lang: str) -> str:
    value = answers[q.key]
    noted = answers.get(q.noted) if q.noted else None
    return esc(noted) if value == "other" and noted else _((q.choices or {})[value])


def _amount(_: Gettext, q: Question, answers: Mapping[str, Any], k: Knowledge, lang: str) -> str:
    return format_money(Decimal(answers[q.key]), lang)


def _place(_: Gettext, q: Question, answers: Mapping[str, Any], k: Knowledge, lang: str) -> str:
    value = answers[q.key]
    epci = esc(dated_epci(k, value["epci_name"], lang))
    return f"{esc(value['name'])} ({value['department']}) — {epci}"


def fiche_unsure(answers: Mapping[str, Any]) -> bool:
    """Whether the fiche is the person's closest guess, to be confirmed with the contacts
    (they could not choose): the lead's `fiche_to_confirm`."""
    return bool(answers.get("fiche_unsure"))


def unsure_mark(_: Gettext, answers: Mapping[str, Any]) -> str:
    """What follows the fiche's name wherever the bot names the person's fiche (the summary
    card, the verdict card, the fiche synthétique): one wording, so no reader of one of them
    takes a guess for a choice. Empty when the fiche was chosen."""
    return " " + _("(à confirmer)") if fiche_unsure(answers) else ""


def _fiche(_: Gettext, q: Question, answers: Mapping[str, Any], k: Knowledge, lang: str) -> str:
    value = answers[q.key]
    return f"{value} — {esc(k.fiches[value].short_title_in(lang))}" + unsure_mark(_, answers)


Shown = Callable[[Gettext, Question, Mapping[str, Any], Knowledge, str], str]
# How an answer shows, by the shape of its question.
SHOWN: dict[str, Shown] = {
    "choice": _choice,
    "yes_no": _choice,
    "amount": _amount,
    "place": _place,
    "description": _fiche,
}
