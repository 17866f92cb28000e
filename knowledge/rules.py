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
from dataclasses import replace
from decimal import Decimal

from knowledge.amount_rules import check_ceiling, check_cofunding, check_floor
from knowledge.checks import (
    CHECK_IDS,
    Answers,
    Check,
    Context,
    Kind,
    Status,
    Tristate,
    Verdict,
    call_source,
    join_numbers,
)
from knowledge.contacts import contacts_for
from knowledge.i18n import gettext_for
from knowledge.loader import Knowledge

__all__ = [
    "CHECK_IDS",
    "Answers",
    "Check",
    "Kind",
    "Status",
    "Tristate",
    "Verdict",
    "evaluate",
    "whom_to_ask",
]


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
    ctx = Context(knowledge, answers, today, lang, fiche)
    check_floor(ctx)
    check_ceiling(ctx)
    check_cofunding(ctx)
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


def _requirement(ctx: Context, requirement_id: str) -> dict[str, str]:
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


def _priority_area(ctx: Context) -> None:
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
                ).format(others=join_numbers(others, ctx.lang)),
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


def _intercommunality(ctx: Context) -> None:
    """The intercommunality leads: it prioritises projects within its perimeter and the
    territory's strategic frame. Only it can tell, so the check is always to verify."""
    _ = ctx._
    raw = ctx.knowledge.call.get("intercommunality")
    if not raw:
        return
    source = call_source(ctx.knowledge, raw["source"])
    ctx.checks.append(
        Check(
            "intercommunality",
            "unknown",
            _("un projet priorisé avec l'intercommunalité"),
            _("à vérifier avec elle"),
            _(
                "Les projets sont priorisés avec votre intercommunalité, selon son projet de "
                "territoire. Présentez-lui le vôtre."
            ),
            source,
            short=_("Intercommunalité : projet à lui présenter"),
        )
    )


def _activity_funding(ctx: Context) -> None:
    """Non-cumul is about projects already financed under a structure's activity programme."""
    _ = ctx._
    source = call_source(ctx.knowledge, ctx.knowledge.call["non_cumul"]["source"])
    expected = _("pas de double financement sans besoin non couvert")
    answer = ctx.answers.activity_funding
    if answer is None:
        ctx.not_given(
            "activity_funding",
            expected,
            _(
                "Dites-nous si la Région finance déjà ce projet dans le programme d'activité "
                "de votre structure."
            ),
            source,
            _("Double financement : à préciser"),
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
                    "structure. Un financement {team} en plus demande un réel besoin, non couvert "
                    "par votre activité."
                ).format(team=ctx.knowledge.call["guide"]["team"]),
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


def _deadlines(ctx: Context) -> bool:
    """Add the two deadline checks; True when the call is closed (last deadline passed)."""
    _ = ctx._
    tr = ctx.tr
    closed = False
    labels = {
        "short_form": ("short_form_deadline", _("la fiche synthétique")),
        "full_file": ("full_file_deadline", _("le dossier complet")),
    }
    names = {"short_form": _("fiche synthétique"), "full_file": _("dossier complet")}
    last = ctx.knowledge.calendar.get("full_file")
    over = last is not None and last.deadline is not None and last.deadline < ctx.today
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
            # attentes locales »: nothing says a late sheet, or its project, is refused. Once
            # the complete file's date has passed too, the call is closed: no late sheet is
            # worth taking to the intercommunality, so that hint is not given then.
            status = "warn"
            if not over:
                message += " " + _(
                    "Le texte ne dit pas si elle est refusée après : voyez avec "
                    "l'intercommunalité."
                )
        # « au plus tard le … »: that day was still in time, so never "passed since" it
        passed = _("passée (dernier jour : le {date})").format(date=ctx.date(step.deadline))
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


def _closed_sentence(ctx: Context) -> str:
    """What is true once the call is closed: no promise of a later call, only whom to ask."""
    return (ctx._("Cet appel à projets est clos.") + " " + _whom_to_ask(ctx)).strip()


def _whom_to_ask(ctx: Context) -> str:
    return whom_to_ask(ctx.knowledge, ctx.lang)


def whom_to_ask(knowledge: Knowledge, lang: str) -> str:
    """Once the call is closed, whom to ask today: the region it belonged to is now part of
    another (call.toml [successor]). No later call is promised. Empty without a successor."""
    successor = knowledge.call.get("successor", {}).get("name_en" if lang == "en" else "name")
    if not successor:
        return ""
    return (
        gettext_for(lang)
        .gettext("Pour les aides d'aujourd'hui, renseignez-vous auprès de la {name}.")
        .format(name=successor)
    )


def _next_steps(ctx: Context, closed: bool) -> list[str]:
    """What to do now. A passed deadline is not a thing to do: it is left out. The dates and
    the first contact with the intercommunality are checks of their own, not repeated."""
    if closed:
        return [_whom_to_ask(ctx)]
    return [
        step.label_in(ctx.lang)
        for step in ctx.knowledge.calendar.values()
        if step.deadline is not None and step.deadline >= ctx.today
    ]
