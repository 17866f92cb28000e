"""The call's rules on amounts: the floor, the ceilings (by kind of spending where the fiche
sets them) and the local co-funding, each an explained check (see `knowledge.rules`)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_UP, Decimal

from knowledge.checks import Check, Context, join_numbers
from knowledge.model import as_of
from knowledge.money import format_rate


def check_floor(ctx: Context) -> None:
    _ = ctx._
    entry = as_of(ctx.fiche.floor, ctx.today)
    if entry is None:
        return
    floor = entry.value
    expected = _("au moins {amount}").format(amount=ctx.money(floor))
    request, total = ctx.answers.request, ctx.answers.total
    n = ctx.fiche.number
    if request is None:
        ctx.not_given(
            "floor",
            expected,
            _("Indiquez le montant demandé à la Région. Minimum : {floor}.").format(
                floor=ctx.money(floor)
            ),
            entry.source,
            _("Demande : à indiquer (minimum {floor})").format(floor=ctx.money(floor)),
        )
        return
    if request >= floor:
        message = _("Votre demande à la Région ({request}) atteint le minimum de {floor}.")
        ctx.checks.append(
            Check(
                "floor",
                "ok",
                expected,
                ctx.money(request),
                message.format(request=ctx.money(request), floor=ctx.money(floor)),
                entry.source,
                short=_("Demande : {request} (minimum {floor})").format(
                    request=ctx.money(request), floor=ctx.money(floor)
                ),
            )
        )
        return
    gap = floor - request
    message = _(
        "Votre demande ({request}) est sous le minimum de la fiche {n} ({floor}). Il manque {gap}."
    ).format(request=ctx.money(request), floor=ctx.money(floor), n=n, gap=ctx.money(gap))
    if total is not None and floor > total:
        # Raising the request past the total cost is refused by the dialog: say so instead.
        message += " " + _(
            "Le coût total ({total}) est lui-même sous ce minimum : la demande ne peut pas "
            "l'atteindre."
        ).format(total=ctx.money(total))
    else:
        message += " " + _("Portez-la à {floor} si le budget le justifie.").format(
            floor=ctx.money(floor)
        )
    lower = [
        f.number
        for f in ctx.knowledge.fiches.values()
        if f.number != n and (e := as_of(f.floor, ctx.today)) is not None and request >= e.value
    ]
    if lower:
        message += " " + ctx.tr.ngettext(
            "La fiche {numbers} a un minimum plus bas.",
            "Les fiches {numbers} ont un minimum plus bas.",
            len(lower),
        ).format(numbers=join_numbers(lower, ctx.lang))
    ctx.checks.append(
        Check(
            "floor",
            "fail",
            expected,
            ctx.money(request),
            message,
            entry.source,
            gap,
            short=_("Demande : {request}, il manque {gap} (minimum {floor})").format(
                request=ctx.money(request), gap=ctx.money(gap), floor=ctx.money(floor)
            ),
        )
    )


def check_ceiling(ctx: Context) -> None:
    """Ceilings per kind of spending: a project with both kinds gives both amounts, and each
    is checked against its own ceiling."""
    _ = ctx._
    if not ctx.fiche.ceilings:
        return
    kinds = {"investment": _("en investissement"), "operating": _("en fonctionnement")}
    ceilings = {
        k: e for k, entries in ctx.fiche.ceilings.items() if (e := as_of(entries, ctx.today))
    }
    any_source = next(iter(ceilings.values())).source
    limits = ", ".join(f"{ctx.money(e.value)} {kinds.get(k, k)}" for k, e in ceilings.items())
    parts = {k: v for k, v in ctx.answers.parts.items() if k in ceilings}
    if not parts:
        ctx.not_given(
            "ceiling",
            limits,
            _("Précisez le type de dépense. Le maximum est de {limits}.").format(limits=limits),
            any_source,
            _("Maximum : {limits}").format(limits=limits),
        )
        return
    expected = ", ".join(
        _("au plus {amount} {kind}").format(amount=ctx.money(ceilings[k].value), kind=kinds[k])
        for k in parts
    )
    source = ceilings[next(iter(parts))].source if len(parts) == 1 else any_source
    if any(v is None for v in parts.values()):
        ctx.not_given(
            "ceiling",
            expected,
            _("Indiquez le montant demandé pour chaque type de dépense ({limits}).").format(
                limits=limits
            ),
            source,
            _("Maximum : {limits}").format(limits=limits),
        )
        return
    sentences, shorts, gap = [], [], Decimal(0)
    short_kinds = {"investment": _("investissement"), "operating": _("fonctionnement")}
    for k, amount in parts.items():
        assert amount is not None
        ceiling = ceilings[k].value
        if amount <= ceiling:
            sentences.append(
                _("{kind_cap} : {amount}, sous le maximum de {ceiling}.").format(
                    kind_cap=kind_name(ctx, k),
                    amount=ctx.money(amount),
                    ceiling=ctx.money(ceiling),
                )
            )
        else:
            gap += amount - ceiling
            sentences.append(
                _(
                    "{kind_cap} : {amount}, soit {gap} au-delà du plafond de financement "
                    "({ceiling})."
                ).format(
                    kind_cap=kind_name(ctx, k),
                    amount=ctx.money(amount),
                    gap=ctx.money(amount - ceiling),
                    ceiling=ctx.money(ceiling),
                )
            )
        shorts.append(
            _("{kind} {amount} (max. {ceiling})").format(
                kind=short_kinds[k], amount=ctx.money(amount), ceiling=ctx.money(ceiling)
            )
        )
    # Above a ceiling the Region's funding is capped; the text does not say the project is
    # refused: a warning with the amount over, not a failure.
    capped = gap > 0
    if capped:
        sentences.append(
            _(
                "La fiche plafonne le financement de la Région : cherchez d'autres financements "
                "pour le reste."
            )
        )
    actual = ", ".join(f"{ctx.money(v)} {kinds[k]}" for k, v in parts.items() if v is not None)
    ctx.checks.append(
        Check(
            "ceiling",
            "warn" if capped else "ok",
            expected,
            actual,
            " ".join(sentences),
            source,
            gap if capped else None,
            short=_("Maximum : {parts}").format(parts=", ".join(shorts)),
        )
    )


def kind_name(ctx: Context, kind: str) -> str:
    names = {"investment": ctx._("Investissement"), "operating": ctx._("Fonctionnement")}
    return names.get(kind, kind)


def check_cofunding(ctx: Context) -> None:
    """The fiches say "30 % minimum" without saying of what. We keep the usual reading (of the
    total cost), say it is a reading to confirm, and flag a shortfall as a warning with its
    amount, never as a refusal."""
    _ = ctx._
    entry = as_of(ctx.fiche.cofunding_min_rate, ctx.today)
    total, cofunding, request = ctx.answers.total, ctx.answers.cofunding, ctx.answers.request
    if entry is None:
        actual = ctx.money(cofunding) if cofunding is not None else _("non renseigné")
        ctx.checks.append(
            Check(
                "cofunding",
                "unknown",
                _("non précisé par la fiche"),
                actual,
                _(
                    "La fiche {n} ne fixe pas de part minimale pour les collectivités locales. "
                    "Demandez à votre contact à la Région."
                ).format(n=ctx.fiche.number),
                ctx.fiche.source,
                short=_("Co-financement local : pas de minimum écrit"),
            )
        )
        return
    reading = ctx.knowledge.call.get("cofunding_reading", {})
    base = str(reading.get("base_en" if ctx.lang == "en" else "base", ""))
    note = str(reading.get("note_en" if ctx.lang == "en" else "note", ""))
    rate = entry.value
    pct = format_rate(rate, ctx.lang)
    expected = _("au moins {rate} {base}").format(rate=pct, base=base)
    if total is None or cofunding is None or total <= 0:
        # say what is missing, not an answer already given (« 1 000 € » then « à indiquer »)
        if cofunding is not None:
            advice = _(
                "Indiquez le coût total : sans lui, je ne peux pas calculer la part des "
                "{amount} apportés par les collectivités locales. Il en faut au moins {rate}."
            )
            short = _("Co-financement local : {amount}, part à calculer (au moins {rate})")
        elif total is not None and total > 0:
            advice = _("Indiquez l'apport des collectivités locales. Il en faut au moins {rate}.")
            short = _("Co-financement local : à indiquer (au moins {rate})")
        else:
            advice = _(
                "Indiquez le coût total et l'apport des collectivités locales. Il en faut au "
                "moins {rate}."
            )
            short = _("Co-financement local : à indiquer (au moins {rate})")
        given = {"amount": ctx.money(cofunding or Decimal(0)), "rate": pct}
        ctx.not_given(
            "cofunding",
            expected,
            advice.format(**given) + " " + note,
            entry.source,
            short.format(**given),
        )
        return
    share = (cofunding / total).quantize(Decimal("0.001"), rounding=ROUND_DOWN)
    required = (rate * total).quantize(Decimal("0.01"), rounding=ROUND_UP)
    actual = _("{amount}, soit {share}").format(
        amount=ctx.money(cofunding), share=format_rate(share, ctx.lang)
    )
    if cofunding >= rate * total:
        ctx.checks.append(
            Check(
                "cofunding",
                "ok",
                expected,
                actual,
                _(
                    "Les collectivités locales apportent {amount}, soit {share} du coût total. "
                    "Le minimum de {rate} est atteint."
                ).format(amount=ctx.money(cofunding), share=format_rate(share, ctx.lang), rate=pct)
                + " "
                + note,
                entry.source,
                short=_("Co-financement local : {share} (au moins {rate}, à confirmer)").format(
                    share=format_rate(share, ctx.lang), rate=pct
                ),
            )
        )
        return
    gap = required - cofunding
    message = _(
        "Les collectivités locales apportent {amount}, soit {share} du coût total. "
        "Il en faut {rate}, soit {required}."
    ).format(
        amount=ctx.money(cofunding),
        share=format_rate(share, ctx.lang),
        rate=pct,
        required=ctx.money(required),
    )
    if request is None or request + required <= total:
        # The dialog accepts `required` at the co-funding step: it fits beside the request.
        message += " " + _(
            "Ajoutez {gap} de co-financement local (commune, intercommunalité…)."
        ).format(gap=ctx.money(gap))
    else:
        room = total - required
        message += " " + _(
            "Demande à la Région et co-financement local ensemble ne peuvent pas dépasser le "
            "coût total."
        )
        floor = as_of(ctx.fiche.floor, ctx.today)
        if room > 0 and (floor is None or room >= floor.value):
            message += " " + _(
                "Ramenez la demande à la Région à {room} au plus, et portez le co-financement "
                "local à {required}."
            ).format(room=ctx.money(room), required=ctx.money(required))
        else:
            message += " " + _(
                "Avec ce coût total, le minimum de la fiche et {rate} de co-financement local ne "
                "tiennent pas ensemble. Parlez-en à votre contact."
            ).format(rate=pct)
    message += " " + note
    ctx.checks.append(
        Check(
            "cofunding",
            "warn",
            expected,
            actual,
            message,
            entry.source,
            gap,
            # the gap is worked out on the total cost, our reading: marked as the ✅ line is
            short=_(
                "Co-financement local : {share}, il manque {gap} (au moins {rate}, à confirmer)"
            ).format(share=format_rate(share, ctx.lang), gap=ctx.money(gap), rate=pct),
        )
    )
