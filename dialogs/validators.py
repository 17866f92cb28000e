"""What an answer means: the validators' contract (`Accepted`, `Rejected`, `Context`) and one
validator per choice or yes / no question (Rasa's form contract); the amounts' validators are
`dialogs.amount_validators`, the hooks that recording an answer sets off `dialogs.answer_hooks`
(split by job at 499 lines, reading18).

A validator reads what the person typed (or a button's value) against the answers so far and
returns either `Accepted` (the value to record, with what to say about it) or `Rejected` (the
reason to say before the question is asked again). Validators are pure: no state changes, no
I/O, so they are tested alone and the engine (`dialogs.form`) is the only place that records.
A hook is what recording one answer does to the others (an edited total removes a request that
became impossible); the table of questions declares it beside the question.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dialogs import interpret
from dialogs.model import State
from knowledge import Knowledge
from knowledge.contacts import dated_epci
from knowledge.i18n import gettext_for
from knowledge.money import Parsed, format_money, parse_amount
from knowledge.negated import split
from knowledge.reading import Reading
from knowledge.text import normalize

# The request split by kind: answer key -> kind of ceiling it is checked against.
PARTS = {"request_investment": "investment", "request_operating": "operating"}
TRISTATE_KEYS = ("yes", "no", "unknown")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True, slots=True)
class Accepted:
    """The value to record. `note` is said at the top of the next question ("J'ai noté
    45 000 €."); `aside` is said on its own before it. `also` sets companion answers (the
    person's own words when no button fits); `drop` removes them."""

    value: Any
    note: str = ""
    aside: str = ""
    also: Mapping[str, Any] = field(default_factory=dict)
    drop: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why the answer cannot be recorded, said before the question is asked again (an empty
    reason: the question alone). With `offers` ((label, action) buttons), the reason is itself
    the question ("3 000 € or 4 000 € ?") and the step's question is not repeated."""

    reason: str = ""
    offers: tuple[tuple[str, str], ...] = ()
    dont_know: bool = False  # offers end with the "je ne sais pas" button
    columns: int = 1


Result = Accepted | Rejected


@dataclass(frozen=True, slots=True)
class Context:
    """What a validator may read: the answers so far and the person's language."""

    answers: Mapping[str, Any]
    lang: str = "fr"
    reading: Reading | None = None  # the turn's reading of the message (parsed once)
    knowledge: Knowledge | None = None  # the call's data, for names shown as the cards show them

    def _(self, message: str) -> str:
        return gettext_for(self.lang).gettext(message)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.lang)

    def epci(self) -> str:
        """The place's intercommunality as messages name it (dated_epci), or empty."""
        name = (self.answers.get("place") or {}).get("epci_name")
        return dated_epci(self.knowledge, name, self.lang) if name and self.knowledge else ""

    def known(self, key: str) -> Decimal | None:
        return known(self.answers, key)

    def parsed(self, text: str, nothing_is_zero: bool) -> Parsed:
        """The amount in `text`: the turn's reading's when it read this very text."""
        if self.reading is not None and self.reading.text == text:
            return self.reading.amount(nothing_is_zero)
        return parse_amount(text, self.lang, nothing_is_zero=nothing_is_zero)


Validator = Callable[[str, Context], Result]
Hook = Callable[[State, Any], None]


def known(answers: Mapping[str, Any], key: str) -> Decimal | None:
    value = answers.get(key)
    return Decimal(value) if value is not None else None


def requested(answers: Mapping[str, Any]) -> Decimal | None:
    """The whole request to the Region: the sum of both parts for "both"."""
    if answers.get("kind") == "both":
        parts = [v for k in PARTS if (v := known(answers, k)) is not None]
        return sum(parts, Decimal(0)) if parts else None
    return known(answers, "request")


# ---------------------------------------------------------------------- choices
def among(choices: Mapping[str, str], drop: tuple[str, ...] = ()) -> Validator:
    """A button's value: one of the question's choices, else the question again."""

    def pick(value: str, ctx: Context) -> Result:
        return Accepted(value, drop=drop) if value in choices else Rejected()

    return pick


def role(text: str, ctx: Context) -> Result:
    """Who is asking: a known role, or "other" with their own words."""
    _ = ctx._
    return _words(
        interpret.role(text),
        text,
        "role_text" if not interpret.torn(text, "role") else "",
        ctx,
        _(
            "Je n'ai pas compris qui vous êtes. Touchez un bouton ci-dessous "
            "(« Autre » si aucun ne convient), ou décrivez-vous en quelques mots."
        ),
    )


def audience(text: str, ctx: Context) -> Result:
    """Whom the project is for: a known audience, or "other" with their own words."""
    _ = ctx._
    return _words(
        interpret.audience(text),
        text,
        "" if interpret.not_an_audience(text) else "audience_text",
        ctx,
        _(
            "Je n'ai pas compris pour qui est le projet. Touchez un bouton, ou "
            "décrivez le public en quelques mots (par exemple « des familles du "
            "quartier »)."
        ),
    )


def or_label(validate: Validator, choices: Mapping[str, str]) -> Validator:
    """A choice question's validator that also knows its buttons' own labels typed, in French
    or English, whole or in part ("people far from institutions", "une collectivité"): the
    lexicon's words first, then the one label that holds every word of the message."""

    def read(text: str, ctx: Context) -> Result:
        result = validate(text, ctx)
        if isinstance(result, Accepted) and result.value != "other":
            return result
        value = label_of(split(text)[0], choices)  # never a label the words negate
        return Accepted(value) if value is not None else result

    return read


def label_of(text: str, choices: Mapping[str, str]) -> str | None:
    """The one choice whose label (French or English) holds every word of the text that is
    longer than three letters; None when none or several do."""
    words = {w for w in normalize(text).split() if len(w) > 3}
    if not words:
        return None
    found = {
        value
        for value, label in choices.items()
        for lang in ("fr", "en")
        if words <= set(normalize(gettext_for(lang).gettext(label)).split())
    }
    return found.pop() if len(found) == 1 else None


def _words(value: str | None, text: str, words_key: str, ctx: Context, reason: str) -> Result:
    """A button's meaning read from the words, or the words kept when none fits (a stray
    "ok" or "5" is not a description, nor words that fit two buttons as much — no
    `words_key`: the reason, and the question again with its buttons). Words that complain,
    ask or give an amount (`Reading.aside`) answer something else: not kept either."""
    if value is not None:
        return Accepted(value)
    if not words_key or interpret.is_stray(text, min_words=2):
        return Rejected(reason)
    reading = ctx.reading if ctx.reading is not None and ctx.reading.text == text else None
    if (reading or Reading(text)).aside is not None or (reading and reading.is_commune):
        return Rejected(reason)
    return Accepted("other", also={words_key: text})


def kind(text: str, ctx: Context) -> Result:
    value = interpret.kind(text)
    if value is None:
        return Rejected(
            ctx._(
                "Je n'ai pas compris : investissement (travaux, équipement), "
                "fonctionnement (animation, personnel) ou les deux ?"
            )
        )
    return Accepted(value)


def yes_no(text: str, ctx: Context) -> Result:
    value = interpret.yes_no_unknown(text)
    if value is None and ctx.reading is not None and ctx.reading.text == text:
        value = ctx.reading.yes_no_named  # "ce n'est pas en QPV": no
    if value is None:
        return Rejected(ctx._("Répondez par oui, non ou « je ne sais pas »."))
    return Accepted(value)


def priority_area(text: str, ctx: Context) -> Result:
    """Yes / no / don't know; "don't know" says who can tell (the city, the EPCI)."""
    result = yes_no(text, ctx)
    return priority_area_pick(result.value, ctx) if isinstance(result, Accepted) else result


def priority_area_pick(value: str, ctx: Context) -> Result:
    if value not in TRISTATE_KEYS:
        return Rejected()
    if value != "unknown":
        return Accepted(value)
    epci = ctx.epci()
    aside = (
        ctx._(
            "Pas de souci. Les techniciens de votre ville ou de l'intercommunalité, "
            "{epci}, peuvent vous le dire. Je le note comme « à vérifier »."
        ).format(epci=esc(epci))
        if epci  # else no name to show as the cards show it
        else ctx._(
            "Pas de souci. Les techniciens de votre ville ou de votre intercommunalité "
            "peuvent vous le dire. Je le note comme « à vérifier »."
        )
    )
    return Accepted(value, aside=aside)


# ---------------------------------------------------------------------- "je ne sais pas"
def noted_unknown(words_key: str) -> Validator:
    """ "Je ne sais pas" to who / for whom: noted "à préciser" (their own words forgotten)."""

    def read(text: str, ctx: Context) -> Result:
        return Accepted(
            "unknown", note=ctx._("D'accord, je note « à préciser »."), drop=(words_key,)
        )

    return read
