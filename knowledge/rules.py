"""The call's rules: answers + a day -> a verdict made of explained checks.

A verdict is never a bare yes/no: each check says what the call expects, what the person gave,
by how much it misses and what to do, with the passage of the call it comes from. Only a `fail`
makes a project ineligible; `warn` (non-cumul) and `unknown` (missing or "I don't know") are for
the person and the regional team to settle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Literal

from babel.dates import format_date

from knowledge.contacts import contacts_for
from knowledge.i18n import gettext_for
from knowledge.loader import Knowledge
from knowledge.model import Fiche, Person, Source, as_of
from knowledge.money import format_money, format_rate

Status = Literal["ok", "fail", "warn", "unknown"]
Kind = Literal["investment", "operating"]
Tristate = Literal["yes", "no", "unknown"]
CHECK_IDS = (
    "floor",
    "ceiling",
    "cofunding",
    "priority_area",
    "activity_funding",
    "short_form_deadline",
    "full_file_deadline",
)


@dataclass(frozen=True, slots=True)
class Answers:
    """What the person told us; None where they have not answered (yet)."""

    fiche: int
    request: Decimal | None = None  # amount requested from the Region
    total: Decimal | None = None  # total project cost
    cofunding: Decimal | None = None  # local authorities' co-funding
    kind: Kind | None = None  # fiche 4: investment or operating
    priority_area: Tristate | None = None  # fiche 4: in a priority neighbourhood?
    activity_funding: bool | None = None  # already funded by the Region's activity programme


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    status: Status
    expected: str
    actual: str
    message: str
    source: Source
    gap: Decimal | None = None

    @property
    def icon(self) -> str:
        return {"ok": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❔"}[self.status]


@dataclass(frozen=True, slots=True)
class Verdict:
    fiche: Fiche
    as_of: dt.date
    checks: tuple[Check, ...]
    next_steps: tuple[str, ...]
    contacts: tuple[Person, ...] = ()
    general_contacts: tuple[Person, ...] = ()
    closed: bool = False

    @property
    def eligible(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def rule_failures(self) -> tuple[Check, ...]:
        """Failed checks about the project itself, deadlines aside."""
        return tuple(
            c for c in self.checks if c.status == "fail" and not c.id.endswith("_deadline")
        )


@dataclass
class _Context:
    knowledge: Knowledge
    answers: Answers
    today: dt.date
    lang: str
    fiche: Fiche
    checks: list[Check] = field(default_factory=list)

    def _(self, message: str) -> str:
        return gettext_for(self.lang).gettext(message)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.lang)

    def date(self, day: dt.date) -> str:
        return format_date(day, format="long", locale="en_GB" if self.lang == "en" else "fr_FR")


def evaluate(
    knowledge: Knowledge,
    answers: Answers,
    today: dt.date,
    territory: str | None = None,
    lang: str = "fr",
) -> Verdict:
    """Check every rule of the chosen fiche as of `today`."""
    fiche = knowledge.fiches[answers.fiche]
    ctx = _Context(knowledge, answers, today, lang, fiche)
    _floor(ctx)
    _ceiling(ctx)
    _cofunding(ctx)
    _priority_area(ctx)
    _activity_funding(ctx)
    closed = _deadlines(ctx)
    general = tuple(knowledge.people[p] for p in knowledge.general_contacts)
    return Verdict(
        fiche=fiche,
        as_of=today,
        checks=tuple(ctx.checks),
        next_steps=tuple(_next_steps(ctx, closed)),
        contacts=tuple(contacts_for(knowledge, fiche.number, territory)) if territory else (),
        general_contacts=general,
        closed=closed,
    )


def _floor(ctx: _Context) -> None:
    _ = ctx._
    entry = as_of(ctx.fiche.floor, ctx.today)
    if entry is None:
        return
    floor = entry.value
    expected = _("au moins {amount}").format(amount=ctx.money(floor))
    request = ctx.answers.request
    n = ctx.fiche.number
    if request is None:
        ctx.checks.append(
            Check(
                "floor",
                "unknown",
                expected,
                _("non renseigné"),
                _(
                    "Indiquez le montant demandé à la Région : la fiche {n} demande au moins {floor}."
                ).format(n=n, floor=ctx.money(floor)),
                entry.source,
            )
        )
        return
    if request >= floor:
        message = _(
            "Votre demande à la Région ({request}) atteint le plancher de {floor} de la fiche {n}."
        )
        ctx.checks.append(
            Check(
                "floor",
                "ok",
                expected,
                ctx.money(request),
                message.format(request=ctx.money(request), floor=ctx.money(floor), n=n),
                entry.source,
            )
        )
        return
    gap = floor - request
    message = _(
        "Votre demande à la Région ({request}) est sous le plancher de {floor} de la fiche {n} : "
        "il manque {gap}. Augmentez la demande d'au moins {gap} si le budget le justifie."
    ).format(request=ctx.money(request), floor=ctx.money(floor), n=n, gap=ctx.money(gap))
    lower = [
        f.number
        for f in ctx.knowledge.fiches.values()
        if f.number != n and (e := as_of(f.floor, ctx.today)) is not None and request >= e.value
    ]
    if lower:
        message += " " + _(
            "Les fiches {numbers} ont un plancher plus bas : voyez si votre projet y correspond."
        ).format(numbers=_join_numbers(lower, ctx.lang))
    ctx.checks.append(
        Check("floor", "fail", expected, ctx.money(request), message, entry.source, gap)
    )


def _ceiling(ctx: _Context) -> None:
    _ = ctx._
    if not ctx.fiche.ceilings:
        return
    kind = ctx.answers.kind
    request = ctx.answers.request
    any_source = next(iter(ctx.fiche.ceilings.values()))[0].source
    kinds = {"investment": _("en investissement"), "operating": _("en fonctionnement")}
    if kind is None or kind not in ctx.fiche.ceilings:
        limits = ", ".join(
            f"{ctx.money(e.value)} {kinds.get(k, k)}"
            for k, entries in ctx.fiche.ceilings.items()
            if (e := as_of(entries, ctx.today)) is not None
        )
        ctx.checks.append(
            Check(
                "ceiling",
                "unknown",
                limits,
                _("non renseigné"),
                _(
                    "Le plafond dépend de la nature de la dépense ({limits}) : précisez s'il s'agit "
                    "d'investissement ou de fonctionnement."
                ).format(limits=limits),
                any_source,
            )
        )
        return
    entry = as_of(ctx.fiche.ceilings[kind], ctx.today)
    assert entry is not None
    ceiling = entry.value
    expected = _("au plus {amount} {kind}").format(amount=ctx.money(ceiling), kind=kinds[kind])
    if request is None:
        ctx.checks.append(
            Check(
                "ceiling",
                "unknown",
                expected,
                _("non renseigné"),
                _(
                    "Indiquez le montant demandé à la Région : le plafond est de {ceiling} {kind}."
                ).format(ceiling=ctx.money(ceiling), kind=kinds[kind]),
                entry.source,
            )
        )
        return
    if request <= ceiling:
        ctx.checks.append(
            Check(
                "ceiling",
                "ok",
                expected,
                ctx.money(request),
                _("Votre demande ({request}) respecte le plafond de {ceiling} {kind}.").format(
                    request=ctx.money(request), ceiling=ctx.money(ceiling), kind=kinds[kind]
                ),
                entry.source,
            )
        )
        return
    gap = request - ceiling
    ctx.checks.append(
        Check(
            "ceiling",
            "fail",
            expected,
            ctx.money(request),
            _(
                "Votre demande ({request}) dépasse de {gap} le plafond de {ceiling} {kind}. "
                "Ramenez la demande à {ceiling} au plus, et cherchez d'autres financements pour le reste."
            ).format(
                request=ctx.money(request),
                gap=ctx.money(gap),
                ceiling=ctx.money(ceiling),
                kind=kinds[kind],
            ),
            entry.source,
            gap,
        )
    )


def _cofunding(ctx: _Context) -> None:
    _ = ctx._
    entry = as_of(ctx.fiche.cofunding_min_rate, ctx.today)
    total, cofunding = ctx.answers.total, ctx.answers.cofunding
    if entry is None:
        actual = ctx.money(cofunding) if cofunding is not None else _("non renseigné")
        ctx.checks.append(
            Check(
                "cofunding",
                "unknown",
                _("non précisé par la fiche"),
                actual,
                _(
                    "La fiche {n} ne fixe pas de taux de co-financement des collectivités locales : "
                    "à confirmer avec votre contact à la Région."
                ).format(n=ctx.fiche.number),
                ctx.fiche.source,
            )
        )
        return
    rate = entry.value
    expected = _("au moins {rate} du coût total").format(rate=format_rate(rate, ctx.lang))
    if total is None or cofunding is None or total <= 0:
        ctx.checks.append(
            Check(
                "cofunding",
                "unknown",
                expected,
                _("non renseigné"),
                _(
                    "Indiquez le coût total et le co-financement des collectivités locales : il en faut "
                    "au moins {rate} du coût total."
                ).format(rate=format_rate(rate, ctx.lang)),
                entry.source,
            )
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
                    "Le co-financement des collectivités locales ({amount}) couvre {share} du coût total "
                    "({total}) : le minimum de {rate} est atteint."
                ).format(
                    amount=ctx.money(cofunding),
                    share=format_rate(share, ctx.lang),
                    total=ctx.money(total),
                    rate=format_rate(rate, ctx.lang),
                ),
                entry.source,
            )
        )
        return
    gap = required - cofunding
    ctx.checks.append(
        Check(
            "cofunding",
            "fail",
            expected,
            actual,
            _(
                "Le co-financement des collectivités locales ({amount}) ne couvre que {share} du coût "
                "total ({total}) ; il en faut au moins {rate}, soit {required}. Ajoutez {gap} de "
                "co-financement local (commune, intercommunalité…) ou réduisez le coût du projet."
            ).format(
                amount=ctx.money(cofunding),
                share=format_rate(share, ctx.lang),
                total=ctx.money(total),
                rate=format_rate(rate, ctx.lang),
                required=ctx.money(required),
                gap=ctx.money(gap),
            ),
            entry.source,
            gap,
        )
    )


def _priority_area(ctx: _Context) -> None:
    _ = ctx._
    requirement = ctx.fiche.requirements.get("priority_area")
    if requirement is None:
        return
    label_fr, label_en, source = requirement
    expected = label_en if ctx.lang == "en" else label_fr
    answer = ctx.answers.priority_area
    if answer == "yes":
        ctx.checks.append(
            Check(
                "priority_area",
                "ok",
                expected,
                _("oui"),
                _(
                    "Le projet se situe dans un quartier prioritaire : c'est bien le périmètre de la "
                    "fiche {n}."
                ).format(n=ctx.fiche.number),
                source,
            )
        )
    elif answer == "no":
        ctx.checks.append(
            Check(
                "priority_area",
                "fail",
                expected,
                _("non"),
                _(
                    "La fiche {n} est réservée aux quartiers prioritaires de la politique de la ville. "
                    "Hors de ces quartiers, regardez les fiches {others}."
                ).format(
                    n=ctx.fiche.number,
                    others=_join_numbers(
                        [
                            f
                            for f in ctx.knowledge.fiches
                            if not ctx.knowledge.fiches[f].requirements
                        ],
                        ctx.lang,
                    ),
                ),
                source,
            )
        )
    else:
        ctx.checks.append(
            Check(
                "priority_area",
                "unknown",
                expected,
                _("je ne sais pas"),
                _(
                    "La fiche {n} est réservée aux quartiers prioritaires de la politique de la ville. "
                    "Demandez aux techniciens de la ville ou de l'intercommunalité si votre quartier "
                    "en fait partie."
                ).format(n=ctx.fiche.number),
                source,
            )
        )


def _activity_funding(ctx: _Context) -> None:
    _ = ctx._
    knowledge = ctx.knowledge
    source_raw = knowledge.call["non_cumul"]["source"]
    source = Source(
        doc=source_raw["doc"],
        section=source_raw["section"],
        title=knowledge.documents[source_raw["doc"]]["title"],
        url=knowledge.documents[source_raw["doc"]]["url"],
    )
    expected = _("pas de double financement sans besoin non couvert")
    answer = ctx.answers.activity_funding
    if answer is None:
        ctx.checks.append(
            Check(
                "activity_funding",
                "unknown",
                expected,
                _("non renseigné"),
                _(
                    "Dites-nous si votre structure est déjà financée par la Région au titre de son "
                    "programme d'activité."
                ),
                source,
            )
        )
    elif answer:
        ctx.checks.append(
            Check(
                "activity_funding",
                "warn",
                expected,
                _("oui"),
                _(
                    "Votre structure est déjà financée par la Région pour son programme d'activité. "
                    "Un financement DSDT en plus n'est possible que si vous montrez un réel besoin que "
                    "votre activité propre ne couvre pas : préparez cette explication."
                ),
                source,
            )
        )
    else:
        ctx.checks.append(
            Check(
                "activity_funding",
                "ok",
                expected,
                _("non"),
                _(
                    "Votre structure n'est pas financée par la Région au titre de son programme "
                    "d'activité : pas de règle de non-cumul à craindre."
                ),
                source,
            )
        )


def _deadlines(ctx: _Context) -> bool:
    """Add the two deadline checks; True when the call is closed (last deadline passed)."""
    _ = ctx._
    tr = gettext_for(ctx.lang)
    closed = False
    labels = {
        "short_form": ("short_form_deadline", _("la fiche synthétique")),
        "full_file": ("full_file_deadline", _("le dossier complet")),
    }
    for step_id, (check_id, what) in labels.items():
        step = ctx.knowledge.calendar.get(step_id)
        if step is None or step.deadline is None:
            continue
        expected = _("au plus tard le {date}").format(date=ctx.date(step.deadline))
        days = (step.deadline - ctx.today).days
        if days >= 0:
            left = tr.ngettext("{n} jour", "{n} jours", days).format(n=days)
            if days == 0:
                actual = _("dernier jour")
                message = _("Dernier jour pour déposer {what} : aujourd'hui ({date}).")
            else:
                actual = tr.ngettext("{n} jour restant", "{n} jours restants", days).format(n=days)
                message = _("Il reste {left} pour déposer {what} (jusqu'au {date}).")
            ctx.checks.append(
                Check(
                    check_id,
                    "ok",
                    expected,
                    actual,
                    message.format(what=what, date=ctx.date(step.deadline), left=left),
                    step.source,
                )
            )
            continue
        message = _("La date limite pour déposer {what} est passée ({date}).").format(
            what=what, date=ctx.date(step.deadline)
        )
        if step_id == "full_file":
            closed = True
            names = ", ".join(
                f"{p.name} ({p.phone})"
                for p in (ctx.knowledge.people[i] for i in ctx.knowledge.general_contacts)
            )
            message += " " + _(
                "Cet appel à projets est clos. Pour savoir si un nouvel appel est prévu, "
                "contactez la Région : {names}."
            ).format(names=names)
        passed = _("dépassée depuis le {date}").format(date=ctx.date(step.deadline))
        ctx.checks.append(Check(check_id, "fail", expected, passed, message, step.source))
    return closed


def _next_steps(ctx: _Context, closed: bool) -> list[str]:
    _ = ctx._
    steps = []
    if closed:
        steps.append(
            _(
                "Cet appel est clos : demandez d'abord à la Région si un nouvel appel "
                "est prévu, et à quelles dates."
            )
        )
    for step in ctx.knowledge.calendar.values():
        text = step.label_in(ctx.lang)
        if step.deadline is not None:
            text += " — " + _("au plus tard le {date}").format(date=ctx.date(step.deadline))
        elif step.detail:
            text += " — " + step.detail_in(ctx.lang)
        steps.append(text)
    return steps


def _join_numbers(numbers: list[int], lang: str) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    conj = " and " if lang == "en" else " et "
    return ", ".join(words[:-1]) + conj + words[-1]
