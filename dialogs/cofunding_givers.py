"""An amount followed by its breakdown by giver, at the co-funding and the total (« 12 000
dont 4 000 de la mairie et 8 000 de notre part »), or parts each with its giver and no whole
(« la commune met 2 000 et l'agglo 1 500 », reading19: the sum, said with its parts): only what a local authority gives is the
call's local co-funding (issue 22, reading17: the whole was recorded, a silent misreading).
Which givers are local is data (money_words.toml `[givers]`, with its reasons: the
seeds say « collectivités locales » without a list, so the replies name no list either).
Taken when every part's giver is sure, said with what was left out and why; asked with a
button per reading otherwise. Wraps the steps' validators (`dialogs.table`), whose checks
(within the total, after the request) still apply to the amount taken."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from dialogs import amount_validators as amounts
from dialogs import parts_answers
from dialogs.validators import Accepted, Context, Rejected, Result
from knowledge.money_givers import breakdown, given_parts


@dataclass(frozen=True, slots=True)
class Read:
    """`value` with its note when sure; else no value, the question and its buttons."""

    value: Decimal | None
    message: str
    offers: tuple[tuple[str, str], ...] = ()


def at_cofunding(text: str, ctx: Context) -> Read | None:
    """None when the message is no breakdown naming a giver (a detail of costs is read as
    before: the whole); a whole all given locally is the whole."""
    split = breakdown(text, ctx.lang) or given_parts(text, ctx.lang)
    if split is None:
        return None
    _ = ctx._
    local, unclear = split.given("local"), split.given(None)
    if local == split.whole and not split.said_whole:  # « la commune 2000 et l'agglo 1500 »
        return Read(
            local,
            _("Je retiens {whole} de co-financement local ({parts}).").format(
                whole=ctx.money(local), parts=" + ".join(ctx.money(p.amount) for p in split.parts)
            ),
        )
    if local == split.whole:  # « 5000 : 3000 la mairie, 2000 l'agglo »: all of it, no sum
        return Read(local, "")
    if not unclear:
        return Read(
            local,
            _(
                "Sur {whole}, je retiens {local} de co-financement local : seul ce que "
                "donnent les collectivités locales compte (« co-financement des collectivités "
                "locales », dit chaque fiche) ; {other} viennent d'ailleurs."
            ).format(
                whole=ctx.money(split.whole),
                local=ctx.money(local),
                other=ctx.money(split.given("other")),
            ),
        )
    readings = sorted({local, local + unclear} - {Decimal(0)})
    return Read(
        None,
        _(
            "Sur {whole}, je ne sais pas qui apporte {unclear}. Seul ce que donnent les "
            "collectivités locales compte comme "
            "co-financement local : quel montant dois-je retenir ? Touchez-le, ou écrivez-le."
        ).format(whole=ctx.money(split.whole), unclear=ctx.money(unclear)),
        tuple((ctx.money(v), f"amt:{v}") for v in readings),
    )


def at_total(text: str, ctx: Context) -> str:
    """At the total, a breakdown with a local part: said, so it is not lost silently (the
    co-funding question comes later and asks for it); "" otherwise."""
    split = breakdown(text, ctx.lang)
    if split is None or not split.given("local"):
        return ""
    return ctx._(
        "Vous indiquez {local} venant des collectivités locales : vous pourrez le redire à "
        "la question du co-financement local."
    ).format(local=ctx.money(split.given("local")))


def cofunding(text: str, ctx: Context) -> Result:
    """The co-funding step: the local part of a breakdown, checked as if typed alone."""
    read = at_cofunding(text, ctx)
    if read is None:
        return amounts.cofunding(text, ctx)
    if read.value is None:
        return Rejected(read.message, offers=read.offers, dont_know=True)
    result = amounts.cofunding(str(read.value), ctx)
    if isinstance(result, Accepted):
        return replace(result, note=read.message or result.note)  # it says what was taken
    return result


def total(text: str, ctx: Context) -> Result:
    """The total step: a local part said beside it is named in the note."""
    result = parts_answers.total(text, ctx)
    if not isinstance(result, Accepted) or not (said := at_total(text, ctx)):
        return result
    return replace(result, note=result.note + " " + said)
