"""What an amount answer means: the total, the request (or fiche 4's two parts), the local
co-funding, and an amount the person does not know — each a validator of the question table
(`dialogs.table`), as `dialogs.validators` defines them (`Accepted` / `Rejected`). Apart from the
choices' validators because amounts are read and bounded together (a request within the total,
a co-funding within what the total leaves), and the two kinds change for different reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from dialogs import amount_problems
from dialogs.validators import (
    PARTS,
    Accepted,
    Context,
    Rejected,
    Result,
    Validator,
    esc,
    requested,
)


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
    total = sum(parsed.values, Decimal(0))
    whole = ctx.known("total")
    if parsed.problem == "several_numbers" and several_sum and (whole is None or total <= whole):
        # a sum above the project's cost is never offered (« la mairie met 3000 sur les 10000 »
        # offered 13 000 €, which the co-funding then refuses: reading18)
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
