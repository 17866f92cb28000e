"""What an answer means: one validator per plain question, and the hooks that recording an
answer sets off (Rasa's form contract).

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

from dialogs import amount_problems, interpret
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


# ---------------------------------------------------------------------- amounts
def amount(text: str, ctx: Context, allow_zero: bool, several_sum: bool = False) -> Result:
    """An amount read as people type it, or why it cannot be read (a range or an ambiguous
    number offers its two readings as buttons)."""
    _ = ctx._
    parsed = ctx.parsed(text, allow_zero)
    if parsed.problem in ("range", "ambiguous") and len(parsed.values) == 2:
        low, high = parsed.values
        question = (
            _(
                "Vous hésitez entre {low} et {high} ? J'ai besoin d'un seul montant : "
                "lequel dois-je retenir ? Touchez-le, ou écrivez le montant exact."
            )
            if parsed.problem == "range"
            else _("Voulez-vous dire {low} ou {high} ? Touchez le bon montant.")
        )
        return Rejected(
            question.format(low=ctx.money(low), high=ctx.money(high)),
            offers=((ctx.money(low), f"amt:{low}"), (ctx.money(high), f"amt:{high}")),
            dont_know=True,
            columns=2,
        )
    offer = amount_problems.offer(
        text, parsed, ctx, allow_zero
    )  # "3 x 4000", "20 000 mais je sais pas"
    if offer is not None:
        reason, offers = offer
        return Rejected(reason, offers=offers, dont_know=True)
    several = ", ".join(ctx.money(v) for v in parsed.values)
    if parsed.problem == "several_numbers" and several_sum:
        total = sum(parsed.values, Decimal(0))
        return Rejected(
            _(
                "J'ai vu plusieurs montants ({amounts}). Faut-il les additionner "
                "({total} au total) ? Touchez le total, ou écrivez le bon montant."
            ).format(amounts=several, total=ctx.money(total)),
            offers=((_("Le total : {total}").format(total=ctx.money(total)), f"amt:{total}"),),
            dont_know=True,
        )
    named = amount_problems.several_named(text, parsed, ctx)
    if named is not None:  # « une aide de 12 000 € pour un budget total de 30 000 € »
        offers = tuple((ctx.money(v), f"amt:{v}") for v in parsed.values)
        return Rejected(named, offers=offers, dont_know=True, columns=len(offers))
    message = amount_problems.reason(text, parsed, ctx, allow_zero)
    if message is not None:
        return Rejected(
            message
            + " "
            + _("Écrivez par exemple « 2 000 € », « 2000 », « 2k » ou « deux mille euros ».")
        )
    return Accepted(parsed.amount)


def total(text: str, ctx: Context) -> Result:
    result = amount(text, ctx, allow_zero=False)
    if isinstance(result, Rejected):
        return result
    value: Decimal = result.value
    note = ctx._("J'ai noté un coût total de {amount}.").format(amount=ctx.money(value))
    return Accepted(str(value), note=note)


def _request(key: str) -> Validator:
    """The request (or one of its parts): together they stay within the total."""

    def validate(text: str, ctx: Context) -> Result:
        if key in PARTS and ctx.reading is not None and ctx.reading.text == text:
            parts = ctx.reading.parts  # "20 000 d'invest et 10 000 de fonctionnement"
            if parts is not None:
                return both_parts(key, parts, ctx)
            if ctx.reading.parts_named - {PARTS[key]}:
                return other_part(key, ctx)
        result = amount(text, ctx, allow_zero=False)
        if isinstance(result, Rejected):
            return result
        value: Decimal = result.value
        whole = ctx.known("total")
        others = Decimal(0)
        if key in PARTS:
            others = sum(
                (v for k in PARTS if k != key and (v := ctx.known(k)) is not None), Decimal(0)
            )
        asked = value + others
        if whole is not None and asked > whole:
            return Rejected(
                ctx._(
                    "La somme demandée à la Région ({amount}) ne peut pas dépasser le "
                    "coût total du projet ({total})."
                ).format(amount=ctx.money(asked), total=ctx.money(whole))
            )
        note = ctx._("J'ai noté {amount} demandés à la Région.").format(amount=ctx.money(value))
        return Accepted(str(value), note=note)

    return validate


def both_parts(key: str, parts: Mapping[str, Decimal], ctx: Context) -> Result:
    """Fiche 4's two parts typed in one message: this question's part, and the other one beside
    it (both said back), when together they stay within the total."""
    other = next(k for k in PARTS if k != key)
    mine, theirs = parts[PARTS[key]], parts[PARTS[other]]
    whole = ctx.known("total")
    if whole is not None and mine + theirs > whole:
        return Rejected(
            ctx._(
                "La somme demandée à la Région ({amount}) ne peut pas dépasser le "
                "coût total du projet ({total})."
            ).format(amount=ctx.money(mine + theirs), total=ctx.money(whole))
        )
    return Accepted(str(mine), note=parts_note(parts, ctx), also={other: str(theirs)})


def parts_note(parts: Mapping[str, Decimal], ctx: Context) -> str:
    """Both parts said back ("J'ai noté 20 000 € en investissement et …")."""
    return ctx._(
        "J'ai noté {investment} en investissement et {operating} en fonctionnement "
        "demandés à la Région."
    ).format(investment=ctx.money(parts["investment"]), operating=ctx.money(parts["operating"]))


def other_part(key: str, ctx: Context) -> Result:
    """An amount at one part's question whose words name the other part, or the whole ("5 000
    de fonctionnement" at the investment question): never taken as this part's; asked again."""
    if key == "request_investment":
        here = ctx._("Ici, il me faut seulement la part d'investissement.")
    else:
        here = ctx._("Ici, il me faut seulement la part de fonctionnement.")
    return Rejected(
        here
        + " "
        + ctx._(
            "Vous pouvez aussi écrire les deux ensemble, par exemple « 8 000 "
            "d'investissement et 4 000 de fonctionnement »."
        )
    )


request = _request("request")
request_investment = _request("request_investment")
request_operating = _request("request_operating")


def cofunding(text: str, ctx: Context) -> Result:
    """Local co-funding (0 allowed): within what the total leaves after the request."""
    _ = ctx._
    result = amount(text or "0", ctx, allow_zero=True, several_sum=True)
    if isinstance(result, Rejected):
        return result
    value: Decimal = result.value
    whole, asked = ctx.known("total"), requested(ctx.answers)
    if whole is not None and value > whole:
        return Rejected(
            _(
                "Le co-financement ({amount}) ne peut pas dépasser le coût total du "
                "projet ({total})."
            ).format(amount=ctx.money(value), total=ctx.money(whole))
        )
    if whole is not None and asked is not None and value + asked > whole:
        return Rejected(
            _(
                "Avec {request} demandés à la Région, le co-financement local ne peut "
                "pas dépasser {rest} (coût total : {total})."
            ).format(
                request=ctx.money(asked), rest=ctx.money(whole - asked), total=ctx.money(whole)
            )
        )
    note = _("J'ai noté {amount} de co-financement local.").format(amount=ctx.money(value))
    return Accepted(str(value), note=note)


# ---------------------------------------------------------------------- "je ne sais pas"
def noted_unknown(words_key: str) -> Validator:
    """ "Je ne sais pas" to who / for whom: noted "à préciser" (their own words forgotten)."""

    def read(text: str, ctx: Context) -> Result:
        return Accepted(
            "unknown", note=ctx._("D'accord, je note « à préciser »."), drop=(words_key,)
        )

    return read


def amount_unknown(key: str) -> Validator:
    """An amount the person does not know: noted "à préciser" (no value); the verdict says
    what it could not check and who can tell."""

    def read(text: str, ctx: Context) -> Result:
        _ = ctx._
        messages = {
            "total": _(
                "D'accord, le coût total est noté « à préciser » (votre budget prévisionnel "
                "ou vos devis le donneront). Sans lui, je ne pourrai pas vérifier la part "
                "de co-financement local."
            ),
            "request": _(
                "D'accord, la demande à la Région est notée « à préciser ». Le résultat "
                "vous rappellera le minimum de votre fiche (et son plafond, si elle en a un) "
                "pour la fixer."
            ),
            "cofunding": _(
                "D'accord, le co-financement local est noté « à préciser ». Votre commune "
                "ou votre intercommunalité ({epci}) peut vous dire ce qu'elle apportera."
            ).format(epci=esc(ctx.epci() or "—")),
        }
        return Accepted(None, note=messages.get(key, messages["request"]))

    return read


# ---------------------------------------------------------------------- hooks
def _forget(state: State, keys: tuple[str, ...]) -> None:
    for key in keys:
        state.answers.pop(key, None)
        if key in state.history:
            state.history.remove(key)


def total_changed(state: State, value: Any) -> None:
    """An edited total removes the later amounts it makes impossible (asked again)."""
    answers = state.answers
    whole = Decimal(value)
    for key in ("request", *PARTS, "cofunding"):
        if (v := known(answers, key)) is not None and v > whole:
            answers.pop(key)
    parts = [known(answers, key) for key in PARTS]
    if sum(p for p in parts if p is not None) > whole:
        for key in PARTS:
            answers.pop(key, None)
    asked, cof = requested(answers), known(answers, "cofunding")
    if asked is not None and cof is not None and asked + cof > whole:
        answers.pop("cofunding")


def request_changed(key: str) -> Hook:
    """A new request (or part) removes a co-funding that no longer fits in the total."""

    def hook(state: State, value: Any) -> None:
        answers = state.answers
        whole, cof = known(answers, "total"), known(answers, "cofunding")
        others = sum(
            (v for k in PARTS if k != key and (v := known(answers, k)) is not None), Decimal(0)
        )
        asked = Decimal(value) + (others if key in PARTS else Decimal(0))
        if whole is not None and cof is not None and asked + cof > whole:
            answers.pop("cofunding")

    return hook


def kind_changed(state: State, value: Any) -> None:
    """Going to or from "both" changes the amounts asked: the request is asked again."""
    if (state.answers.get("kind") == "both") != (value == "both"):
        _forget(state, ("request", *PARTS))
