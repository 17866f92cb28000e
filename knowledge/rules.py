"""The call's rules: answers + a day -> a verdict made of explained checks.

A verdict is never a bare yes/no: each check says what the call expects, what the person gave,
by how much it misses and what to do, with the passage of the call it comes from. Only a `fail`
makes a project ineligible; `warn` (non-cumul, co-funding under our reading of the text, a
request above a ceiling of funding, a missed summary-form deadline: the text refuses none of
them) and `unknown` (missing, "I don't know", or only the intercommunality can tell) are for
the person and the regional team to settle.

Advice never contradicts the dialog: an amount the verdict tells people to reach is one the
dialog accepts at that step (the request and the local co-funding together never exceed the
total cost). "Reduce the total cost" is never advised: a project's cost is what it is, and
shrinking it to reach a ratio is no advice for real people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any, Literal

from knowledge.contacts import contacts_for
from knowledge.i18n import Plurals, gettext_for, long_date, plurals_for
from knowledge.loader import Knowledge
from knowledge.model import Fiche, Person, Source, as_of
from knowledge.money import format_money, format_rate

Status = Literal["ok", "fail", "warn", "unknown"]
Kind = Literal["investment", "operating", "both"]
Tristate = Literal["yes", "no", "unknown"]
CHECK_IDS = (
    "floor",
    "ceiling",
    "cofunding",
    "priority_area",
    "intercommunality",
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
    kind: Kind | None = None  # fiche 4: investment, operating, or both
    priority_area: Tristate | None = None  # fiche 4: in a priority neighbourhood?
    activity_funding: bool | None = None  # project already funded under an activity programme
    request_investment: Decimal | None = None  # kind "both": the investment part of the request
    request_operating: Decimal | None = None  # kind "both": the operating part
    has_structure: bool = True  # False: an inhabitant on their own (non-cumul does not apply)

    @property
    def parts(self) -> dict[str, Decimal | None]:
        """The request by kind of spending, for ceilings that differ by kind."""
        if self.kind == "both":
            return {"investment": self.request_investment, "operating": self.request_operating}
        if self.kind in ("investment", "operating"):
            return {self.kind: self.request}
        return {}


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    status: Status
    expected: str
    actual: str
    message: str
    source: Source
    gap: Decimal | None = None
    short: str = ""  # the check in one line, for the verdict card

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

    @property
    def project_checks(self) -> tuple[Check, ...]:
        """Checks about the project itself (the deadlines are the call's, not the project's)."""
        return tuple(c for c in self.checks if not c.id.endswith("_deadline"))


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

    @property
    def tr(self) -> Plurals:
        return plurals_for(self.lang)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.lang)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.lang)


def evaluate(
    knowledge: Knowledge,
    answers: Answers,
    today: dt.date,
    territory: str | None = None,
    lang: str = "fr",
) -> Verdict:
    """Check every rule of the chosen fiche as of `today`."""
    fiche = knowledge.fiches[answers.fiche]
    parts = answers.parts
    if answers.request is None and parts and all(v is not None for v in parts.values()):
        answers = replace(answers, request=sum((v for v in parts.values() if v), Decimal(0)))
    ctx = _Context(knowledge, answers, today, lang, fiche)
    _floor(ctx)
    _ceiling(ctx)
    _cofunding(ctx)
    _priority_area(ctx)
    _intercommunality(ctx)
    if answers.has_structure:
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
    request, total = ctx.answers.request, ctx.answers.total
    n = ctx.fiche.number
    if request is None:
        ctx.checks.append(
            Check(
                "floor",
                "unknown",
                expected,
                _("non renseigné"),
                _("Indiquez le montant demandé à la Région. Minimum : {floor}.").format(
                    floor=ctx.money(floor)
                ),
                entry.source,
                short=_("Demande : à indiquer (minimum {floor})").format(floor=ctx.money(floor)),
            )
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
            "Le coût total ({total}) est lui-même sous ce minimum. Cette fiche ne convient pas "
            "à ce budget."
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
        ).format(numbers=_join_numbers(lower, ctx.lang))
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


def _ceiling(ctx: _Context) -> None:
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
        ctx.checks.append(
            Check(
                "ceiling",
                "unknown",
                limits,
                _("non renseigné"),
                _("Précisez le type de dépense. Le maximum est de {limits}.").format(
                    limits=limits
                ),
                any_source,
                short=_("Maximum : {limits}").format(limits=limits),
            )
        )
        return
    expected = ", ".join(
        _("au plus {amount} {kind}").format(amount=ctx.money(ceilings[k].value), kind=kinds[k])
        for k in parts
    )
    source = ceilings[next(iter(parts))].source if len(parts) == 1 else any_source
    if any(v is None for v in parts.values()):
        ctx.checks.append(
            Check(
                "ceiling",
                "unknown",
                expected,
                _("non renseigné"),
                _("Indiquez le montant demandé pour chaque type de dépense ({limits}).").format(
                    limits=limits
                ),
                source,
                short=_("Maximum : {limits}").format(limits=limits),
            )
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
                    kind_cap=_kind_name(ctx, k),
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
                    kind_cap=_kind_name(ctx, k),
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
            _("La Région finance jusqu'au plafond : cherchez d'autres financements pour le reste.")
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


def _kind_name(ctx: _Context, kind: str) -> str:
    names = {"investment": ctx._("Investissement"), "operating": ctx._("Fonctionnement")}
    return names.get(kind, kind)


def _cofunding(ctx: _Context) -> None:
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
        ctx.checks.append(
            Check(
                "cofunding",
                "unknown",
                expected,
                _("non renseigné"),
                _(
                    "Indiquez le coût total et l'apport des collectivités locales. Il en faut au "
                    "moins {rate}."
                ).format(rate=pct)
                + " "
                + note,
                entry.source,
                short=_("Co-financement local : à indiquer (au moins {rate})").format(rate=pct),
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
            short=_("Co-financement local : {share}, il manque {gap} (au moins {rate})").format(
                share=format_rate(share, ctx.lang), gap=ctx.money(gap), rate=pct
            ),
        )
    )


def _requirement(ctx: _Context, requirement_id: str) -> dict[str, str]:
    """A fiche requirement's texts as written in fiches.toml (label, explanation, who knows)."""
    for raw in ctx.knowledge.raw["fiches"]["fiches"]:
        if int(raw["number"]) == ctx.fiche.number:
            for entry in raw.get("requirement", []):
                if entry["id"] == requirement_id:
                    suffix = "_en" if ctx.lang == "en" else ""
                    return {
                        key: str(entry.get(key + suffix, entry.get(key, "")))
                        for key in ("label", "explanation", "who_knows")
                    }
    return {"label": "", "explanation": "", "who_knows": ""}


def _priority_area(ctx: _Context) -> None:
    _ = ctx._
    requirement = ctx.fiche.requirements.get("priority_area")
    if requirement is None:
        return
    source = requirement[2]
    texts = _requirement(ctx, "priority_area")
    area = texts["label"]
    expected = area
    answer = ctx.answers.priority_area
    n = ctx.fiche.number
    rule = _("La fiche {n} vise {area}.").format(n=n, area=area)
    if answer == "yes":
        ctx.checks.append(
            Check(
                "priority_area",
                "ok",
                expected,
                _("oui"),
                _("Le projet est dans {area}. C'est bien le périmètre de la fiche {n}.").format(
                    area=area, n=n
                ),
                source,
                short=_("Quartier : dans la géographie prioritaire"),
            )
        )
    elif answer == "no":
        others = [f for f in ctx.knowledge.fiches if not ctx.knowledge.fiches[f].requirements]
        ctx.checks.append(
            Check(
                "priority_area",
                "fail",
                expected,
                _("non"),
                rule
                + " "
                + texts["explanation"]
                + " "
                + ctx.tr.ngettext(
                    "Hors de ces quartiers, regardez la fiche {others}.",
                    "Hors de ces quartiers, regardez les fiches {others}.",
                    len(others),
                ).format(others=_join_numbers(others, ctx.lang)),
                source,
                short=_("Quartier : hors géographie prioritaire"),
            )
        )
    else:
        ctx.checks.append(
            Check(
                "priority_area",
                "unknown",
                expected,
                _("je ne sais pas"),
                rule + " " + texts["explanation"] + " " + texts["who_knows"],
                source,
                short=_("Quartier : à vérifier avec la ville ou l'intercommunalité"),
            )
        )


def _intercommunality(ctx: _Context) -> None:
    """The intercommunality leads: it prioritises projects within its perimeter and the
    territory's strategic frame. Only it can tell, so the check is always to verify."""
    _ = ctx._
    raw = ctx.knowledge.call.get("intercommunality")
    if not raw:
        return
    source = _call_source(ctx.knowledge, raw["source"])
    ctx.checks.append(
        Check(
            "intercommunality",
            "unknown",
            _("un projet retenu par l'intercommunalité"),
            _("à vérifier avec elle"),
            _(
                "Les projets sont priorisés avec votre intercommunalité, selon son projet de "
                "territoire. Présentez-lui le vôtre."
            ),
            source,
            short=_("Intercommunalité : projet à lui présenter"),
        )
    )


def _call_source(knowledge: Knowledge, raw: dict[str, Any]) -> Source:
    doc = knowledge.documents[raw["doc"]]
    return Source(
        doc=raw["doc"],
        section=raw["section"],
        title=doc["title"],
        url=doc["url"],
        short=doc.get("short", ""),
        short_en=doc.get("short_en", ""),
        passages=tuple(raw.get("passages", ())),
    )


def _activity_funding(ctx: _Context) -> None:
    """Non-cumul is about projects already financed under a structure's activity programme."""
    _ = ctx._
    source = _call_source(ctx.knowledge, ctx.knowledge.call["non_cumul"]["source"])
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
                    "Dites-nous si la Région finance déjà ce projet dans le programme d'activité "
                    "de votre structure."
                ),
                source,
                short=_("Double financement : à préciser"),
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
                    "La Région finance déjà ce projet dans le programme d'activité de votre "
                    "structure. Un financement DSDT en plus demande un réel besoin, non couvert "
                    "par votre activité."
                ),
                source,
                short=_("Double financement : besoin à démontrer"),
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
                    "Ce projet n'est pas déjà financé par la Région dans un programme "
                    "d'activité. Pas de double financement."
                ),
                source,
                short=_("Double financement : non"),
            )
        )


def _deadlines(ctx: _Context) -> bool:
    """Add the two deadline checks; True when the call is closed (last deadline passed)."""
    _ = ctx._
    tr = ctx.tr
    closed = False
    labels = {
        "short_form": ("short_form_deadline", _("la fiche synthétique")),
        "full_file": ("full_file_deadline", _("le dossier complet")),
    }
    names = {"short_form": _("fiche synthétique"), "full_file": _("dossier complet")}
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
            text = message.format(what=what, date=ctx.date(step.deadline), left=left)
            short = _("{what} le {date}").format(what=names[step_id], date=ctx.date(step.deadline))
            ctx.checks.append(
                Check(check_id, "ok", expected, actual, text, step.source, short=short)
            )
            continue
        message = _("La date limite pour déposer {what} est passée ({date}).").format(
            what=what, date=ctx.date(step.deadline)
        )
        status: Status = "fail"
        if step_id == "full_file":
            closed = True
            message += " " + _closed_sentence(ctx)
        else:
            # « une fiche synthétique devra être déposée au plus tard le 1er décembre auprès de
            # votre intercommunalité afin de vérifier la conformité de votre projet aux
            # attentes locales »: nothing says a late sheet, or its project, is refused
            status = "warn"
            message += " " + _(
                "Le texte ne dit pas si elle est refusée après : voyez avec l'intercommunalité."
            )
        passed = _("dépassée depuis le {date}").format(date=ctx.date(step.deadline))
        ctx.checks.append(
            Check(
                check_id,
                status,
                expected,
                passed,
                message,
                step.source,
                short=_("{what} le {date} (passé)").format(
                    what=names[step_id], date=ctx.date(step.deadline)
                ),
            )
        )
    return closed


def _closed_sentence(ctx: _Context) -> str:
    """What is true once the call is closed: no promise of a later call, only whom to ask."""
    return (ctx._("Cet appel à projets est clos.") + " " + _whom_to_ask(ctx)).strip()


def _whom_to_ask(ctx: _Context) -> str:
    successor = ctx.knowledge.call.get("successor", {}).get(
        "name_en" if ctx.lang == "en" else "name", ""
    )
    if not successor:
        return ""
    return ctx._("Pour les aides d'aujourd'hui, renseignez-vous auprès de la {name}.").format(
        name=successor
    )


def _next_steps(ctx: _Context, closed: bool) -> list[str]:
    """What to do now. A passed deadline is not a thing to do: it is left out. The dates and
    the first contact with the intercommunality are checks of their own, not repeated."""
    if closed:
        return [_whom_to_ask(ctx)]
    return [
        step.label_in(ctx.lang)
        for step in ctx.knowledge.calendar.values()
        if step.deadline is not None and step.deadline >= ctx.today
    ]


def _join_numbers(numbers: list[int], lang: str) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    conj = " and " if lang == "en" else " et "
    return ", ".join(words[:-1]) + conj + words[-1]
