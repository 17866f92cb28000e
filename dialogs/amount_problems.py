"""Why a typed amount cannot be recorded, in words the person reads before the question again:
the amount reader's problems (`knowledge.money.Parsed.problem`), a zero where none is allowed,
and a commune beside its postcode ("Roubaix 59100" is no 59 100 €: issue 22). Apart from
`dialogs.amount_validators` so that module stays one job (which answer is accepted) and short."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.money import MAX_AMOUNT, Parsed, money_shape
from knowledge.money_givers import given_parts
from knowledge.reserved import reservation
from knowledge.text import normalize

if TYPE_CHECKING:
    from dialogs.validators import Context

# Five digits in a row: the shape of a postcode (a grouped "59 100" is written as an amount);
# two: a department's number ("Lens 62", "Lens (62)", "62 Pas-de-Calais").
_POSTCODE = re.compile(r"(?<![\d.,'])\d{5}(?![\d.,]\d)")
_DEPARTMENT = re.compile(r"(?<![\d.,'])\d{2}(?![\d.,]?\d)(?!\s\d{3})")
_LETTER = re.compile(r"[^\W\d_]")


def several_named(text: str, parsed: Parsed, ctx: Context) -> str | None:
    """Two or three amounts in a message that names the answer asked, or two answers ("nous
    sollicitons une aide de 12 000 € pour un budget total de 30 000 €" at the total, "we ask
    5000 for a total cost of 20000"): they answer different questions,
    so "add them up" is the wrong advice; the question to ask (the amounts offered as buttons
    by the caller). None otherwise (issue 22, tenth pass)."""
    reading = ctx.reading
    if parsed.problem != "several_numbers" or not 2 <= len(parsed.values) <= 3:
        return None
    if reading is None or reading.text != text:
        return None
    names = set(reading.names)
    if reading.context.step not in names and len(names) < 2:
        return None  # "2000 de la mairie et 1500 de l'agglo": maybe one sum, said so
    return ctx._(
        "J'ai vu plusieurs montants ({amounts}), qui répondent à des questions différentes : "
        "lequel répond à celle-ci ? Touchez-le, ou écrivez le bon montant."
    ).format(amounts=", ".join(ctx.money(v) for v in parsed.values))


def reason(text: str, parsed: Parsed, ctx: Context, allow_zero: bool) -> str | None:
    """What to say when `parsed` (read from `text`) cannot be recorded; None: it can."""
    if parsed.problem is None:  # most answers: only the checks of a readable amount
        return _readable(text, parsed, ctx, allow_zero)
    _ = ctx._
    if parsed.problem == "several_numbers" and (local := _local_parts(text, ctx)) is not None:
        return _(
            "{amounts} : ce sont les parts des collectivités locales ({whole} en tout), le "
            "co-financement local, que je vous demande juste après. Combien demandez-vous à la "
            "Région ?"
        ).format(amounts=", ".join(ctx.money(v) for v in parsed.values), whole=ctx.money(local))
    several = ", ".join(ctx.money(v) for v in parsed.values)
    problems = {
        "empty": _("Je n'ai pas reconnu de montant."),
        "not_a_number": _("Je n'ai pas reconnu de montant."),
        "several_numbers": _(
            "J'ai vu plusieurs montants ({amounts}) : indiquez un seul montant (s'il "
            "faut les additionner, écrivez le total)."
        ).format(amounts=several)
        if parsed.values
        else _("J'ai vu plusieurs nombres : indiquez un seul montant."),
        "currency": _("Indiquez le montant en euros, s'il vous plaît."),
        "bound": _(
            "J'ai besoin du montant lui-même, même approximatif, pas une limite "
            "(« plus de », « moins de »)."
        ),
        "per_period": _("Indiquez le montant total pour tout le projet, pas par mois ou par an."),
        "negative": _("Un montant ne peut pas être négatif."),
        "too_large": _("Ce montant semble trop élevé : vérifiez le nombre de zéros."),
        "percent": _("Indiquez un montant en euros, pas un pourcentage."),
        "code": _(
            "Votre message contient du code ou de la mise en forme (une balise, un code de "
            "couleur, des accolades) : je n'y lis pas de montant."
        ),
        "notation": _(
            "Je ne lis pas cette écriture (une puissance de dix, comme « 1e9 ») comme un "
            "montant : écrivez-le en chiffres."
        ),
        "product": _("Vous avez écrit un calcul : écrivez le montant lui-même."),
        "negated": _("Vous m'avez dit ce que le montant n'est pas : quel est-il ?"),
        "past": _(
            "{amounts} : je lis un montant d'une autre année, pas celui de ce projet. Quel est "
            "le montant pour ce projet-ci ?"
        ).format(amounts=several),
        "counted": _(
            "Ce nombre compte autre chose que des euros (des personnes, une durée, une date, "
            "une adresse…) : il me faut le montant en euros."
        ),
    }
    return problems.get(parsed.problem) or _readable(text, parsed, ctx, allow_zero)


def _readable(text: str, parsed: Parsed, ctx: Context, allow_zero: bool) -> str | None:
    """Why an amount read cannot be recorded: zero where none is allowed, or a place."""
    _ = ctx._
    message = None
    if parsed.amount == 0 and not allow_zero:
        message = _("Le montant doit être supérieur à 0 €.")
    if message is None and parsed.amount is not None:
        place = place_beside_postcode(text, ctx)
        if place:  # "Roubaix 59100": a commune and its postcode, never stored as 59 100 €
            message = _(
                "« {text} » ressemble à un lieu ({place}) avec son code postal ou son "
                "département, pas à un montant : je ne l'enregistre pas."
            ).format(text=html.escape(text, quote=False), place=html.escape(place, quote=False))
    return message


def place_beside_postcode(text: str, ctx: Context) -> str:
    """The commune named beside a postcode or its department's number in `text` ("Roubaix
    59100", "59300 Valenciennes", "Arras (62000)", "Lens (62)"), or the department named beside
    its number ("62 Pas-de-Calais"), by the turn's place reading; "" when the text is no such
    thing: digits
    alone ("59100" may be an amount), a currency or a scale beside them ("Roubaix : 59100 €"),
    or words that are not the postcode's commune ("budget 59100"). The gazetteer is asked only
    when the shape fits."""
    if ctx.reading is None or not _LETTER.search(text):
        return ""
    code = _POSTCODE.search(text) or _DEPARTMENT.search(text)
    if code is None:
        return ""
    if money_shape(text, ctx.lang) == "sure":
        return ""
    try:
        located = ctx.reading.place
    except LookupError:  # a reading without a gazetteer (a validator tested alone)
        return ""
    digits = code.group()
    if len(digits) == 2 and located.reason == "department" and located.department == digits:
        return located.department_name or digits  # "62 Pas-de-Calais"
    if located.postcode != digits and len(digits) == 5:
        return ""
    communes = [m.commune for m in (*located.matches, *located.suggestions)]
    names = [c.name for c in communes if len(digits) == 5 or c.department == digits]
    if len(digits) == 5:
        names += [e.name for e in located.elsewhere]
    padded = f" {normalize(text)} "
    return next((name for name in names if f" {normalize(name)} " in padded), "")


def offer(
    text: str, parsed: Parsed, ctx: Context, allow_zero: bool
) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """An amount to offer with a button rather than record (issue 22, reading11): the result of
    a calculation ("3 x 4000": 12 000 € ?), or an amount said with a reservation ("20 000 mais
    je sais pas", "15 000 (sans les salaires)"): never stored silently, never the doubt dropped.
    (reason, buttons), or None."""
    _ = ctx._
    if parsed.problem == "product" and parsed.values and parsed.values[-1] <= MAX_AMOUNT:
        left, right, result = parsed.values
        said = _(
            "Vous avez écrit un calcul ({left} × {right}), pas un montant. Cela fait "
            "{result} : est-ce le bon montant ? Touchez-le, ou écrivez le montant."
        ).format(left=_count(left), right=ctx.money(right), result=ctx.money(result))
        return said, ((_("Oui, {amount}").format(amount=ctx.money(result)), f"amt:{result}"),)
    sure = parsed.amount
    if parsed.problem is not None or sure is None or not reservation(text):
        return None
    if not any(c.isdigit() for c in text) and sure == 0:
        return None  # "rien, on fait sans" at the co-funding: nothing, said in words
    if _readable(text, parsed, ctx, allow_zero) is not None:
        return None  # refused anyway ("0 € à confirmer" where zero is not allowed)
    said = _(
        "Vous avez écrit « {text} » : est-ce que je retiens {amount} ? Touchez-le pour "
        "le garder, « Je ne sais pas » s'il est encore à préciser, ou écrivez le bon "
        "montant."
    ).format(text=html.escape(text, quote=False), amount=ctx.money(sure))
    return said, ((_("Oui, {amount}").format(amount=ctx.money(sure)), f"amt:{sure}"),)


def _count(value: Decimal) -> str:
    """A count as typed ("3", "2,5"): the side of a calculation that is no amount."""
    return format(value.normalize(), "f").replace(".", ",")


def _local_parts(text: str, ctx: Context) -> Decimal | None:
    """At the request, amounts each given by a local authority (« la commune apporte 1 500 € et
    l'agglo 1 000 € », `knowledge.money_givers.given_parts`): their sum, the co-funding asked
    next — "add them up" would make it the request (reading19). None elsewhere."""
    reading = ctx.reading
    if reading is None or reading.context.step != "request":
        return None
    split = given_parts(text, ctx.lang)
    if split is None or split.given("local") != split.whole:
        return None
    return split.whole
