"""Texts of the conversation that are more than one sentence: cards, welcome, verdict.

Every message stays under MAX_MESSAGE characters (short, readable on a phone); long cards are
split at line breaks. Anything the person typed is HTML-escaped here before it is echoed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from babel.dates import format_date

from knowledge import Knowledge
from knowledge.model import Fiche, Person
from knowledge.money import format_money
from knowledge.places import Elsewhere
from knowledge.rules import Verdict

esc = functools.partial(html.escape, quote=False)  # text, not attributes

MAX_MESSAGE = 700
NOTICE_VERSION = "2026-11-22"

Gettext = Callable[[str], str]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}")


def chunks(text: str, limit: int = MAX_MESSAGE) -> Iterator[str]:
    """Split at line breaks so that each piece stays under the limit."""
    if len(text) <= limit:
        yield text
        return
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single overlong line: cut at a space
            cut = line.rfind(" ", 0, limit) if " " in line[:limit] else limit
            if current:
                yield current
                current = ""
            yield line[:cut]
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            yield current
            current = line
        else:
            current = candidate
    if current.strip():
        yield current


def welcome(_: Gettext, retention_days: int) -> str:
    years = retention_days // 365
    period = (
        _("{n} ans").format(n=years)
        if years >= 2 and retention_days % 365 == 0
        else _("{n} jours").format(n=retention_days)
    )
    return _(
        "Bonjour ! Je suis le guide de l'appel à projets « Développement Social Durable des "
        "Territoires » (DSDT) de la Région Nord-Pas de Calais.\n"
        "En quelques questions, je vous dis quelle fiche correspond à votre projet, ce qui "
        "manque, et qui contacter. Je ne décide rien : ce sont les jurys qui choisissent.\n\n"
        "🔒 <b>Vos données</b> : vos réponses et nos messages sont gardés {period} pour "
        "l'équipe régionale DSDT, et pour personne d'autre. /mesdonnees pour les voir, "
        "/effacer pour tout supprimer.\n\nÊtes-vous d'accord ?"
    ).format(period=period)


def help_text(_: Gettext) -> str:
    return _(
        "Je vous guide dans l'appel à projets DSDT, question par question. Répondez avec les "
        "boutons ou en écrivant.\n"
        "/retour — revenir à la question précédente\n"
        "/recommencer — tout reprendre à zéro\n"
        "/langue — Français / English\n"
        "/mesdonnees — voir vos données · /effacer — les supprimer"
    )


def place_card(_: Gettext, place: dict[str, Any], territory_name: str) -> str:
    name = esc(place["name"])
    if place.get("former"):
        name = _("{former} (aujourd'hui {name})").format(former=esc(place["former"]), name=name)
    return _(
        "📍 <b>{name}</b> ({department}) — intercommunalité (EPCI) : {epci} — territoire : "
        "{territory}. Si ce n'est pas la bonne commune, touchez « Changer de commune »."
    ).format(
        name=name,
        department=place["department"],
        epci=esc(place["epci_name"]),
        territory=esc(territory_name),
    )


def postcode_card(_: Gettext, place: dict[str, Any], territory_name: str) -> str:
    """A postcode whose communes share one EPCI and sub-territory: no need to pick one."""
    return _(
        "📍 Code postal <b>{postcode}</b> ({department}) : {n} communes, toutes dans la même "
        "intercommunalité (EPCI) : {epci} — territoire : {territory}. Pas besoin de préciser "
        "la commune. Si ce n'est pas le bon code postal, touchez « Changer de commune »."
    ).format(
        postcode=esc(place["postcode"]),
        department=place["department"],
        n=place["communes"],
        epci=esc(place["epci_name"]),
        territory=esc(territory_name),
    )


def elsewhere_label(place: Elsewhere) -> str:
    """'Beauvais (Oise, 60)'."""
    department = place.department
    if place.department_name:
        department = f"{place.department_name}, {place.department}"
    return f"{esc(place.name)} ({esc(department)})"


def elsewhere_note(_: Gettext, elsewhere: Sequence[Elsewhere]) -> str:
    """One line saying that a name also exists outside the region, so it is not hidden."""
    return _(
        "À noter : il existe aussi {communes}, hors du Nord et du Pas-de-Calais ; cet appel ne "
        "couvre pas ces communes."
    ).format(communes=", ".join(elsewhere_label(e) for e in elsewhere[:3]))


def outside(
    _: Gettext,
    text: str,
    elsewhere: Sequence[Elsewhere],
    contacts: Sequence[Person],
    department: str = "",
) -> str:
    """The commune typed is outside Nord / Pas-de-Calais: say so, name it and its department,
    give the Region's general contact and invite another commune (no dead end). `department`
    ("Somme (80)") when a department was named instead of a commune."""
    first = elsewhere[0] if elsewhere else None
    if first is None:
        head = _("📍 {department} n'est ni le Nord ni le Pas-de-Calais.").format(
            department=esc(department or text)
        )
    elif first.score < 100:
        head = _(
            "📍 Je ne trouve pas « {text} » dans le Nord ou le Pas-de-Calais. Le nom le plus "
            "proche est <b>{commune}</b>, hors de ces deux départements."
        ).format(text=esc(text), commune=elsewhere_label(first))
    elif len(elsewhere) == 1:
        head = _("📍 <b>{commune}</b> n'est ni dans le Nord ni dans le Pas-de-Calais.").format(
            commune=elsewhere_label(first)
        )
    else:
        head = _("📍 Je connais {communes}, mais aucune dans le Nord ou le Pas-de-Calais.").format(
            communes=", ".join(elsewhere_label(e) for e in elsewhere[:3])
        )
    lines = [
        head,
        _(
            "Cet appel à projets de la Région Nord-Pas de Calais ne couvre que les communes "
            "du Nord (59) et du Pas-de-Calais (62)."
        ),
    ]
    if contacts:
        lines.append(_("Pour toute question, le contact général de l'appel à la Région :"))
        lines += [f"• {esc(p.name)} — {p.phone} — {p.email}" for p in contacts]
        lines.append(esc(contacts[0].office))
    lines.append(
        _(
            "Si votre projet se passe dans une autre commune, du Nord ou du Pas-de-Calais, "
            "écrivez son nom ou son code postal."
        )
    )
    return "\n".join(lines)


def field_labels(_: Gettext) -> dict[str, str]:
    return {
        "role": _("Vous êtes"),
        "place": _("Commune"),
        "audience": _("Public"),
        "fiche": _("Fiche"),
        "priority_area": _("Quartier prioritaire"),
        "kind": _("Nature"),
        "total": _("Coût total"),
        "request": _("Demande à la Région"),
        "cofunding": _("Co-financement local"),
        "activity": _("Programme d'activité"),
    }


def answer_text(
    _: Gettext, key: str, answers: dict[str, Any], knowledge: Knowledge, lang: str
) -> str:
    from dialogs.flow import AUDIENCES, KINDS, ROLES, TRISTATE

    value = answers.get(key)
    if value is None:
        return "—"
    if key == "role":
        extra = answers.get("role_text")
        return esc(extra) if value == "other" and extra else _(ROLES[value])
    if key == "audience":
        extra = answers.get("audience_text")
        return esc(extra) if value == "other" and extra else _(AUDIENCES[value])
    if key == "place":
        return f"{esc(value['name'])} ({value['department']}) — {esc(value['epci_name'])}"
    if key == "fiche":
        text = f"{value} — {esc(knowledge.fiches[value].short_title_in(lang))}"
        return text + (" " + _("(à confirmer)") if answers.get("fiche_unsure") else "")
    if key in ("priority_area", "activity"):
        return _(TRISTATE[value])
    if key == "kind":
        return _(KINDS[value])
    if key in ("total", "request", "cofunding"):
        return format_money(Decimal(value), lang)
    return esc(str(value))


def fiche_line(fiche: Fiche, lang: str) -> str:
    """A fiche in one line: number, short title and the first sentence of its plain summary."""
    first = re.split(r"(?<=[.!?])\s", fiche.summary_in(lang), maxsplit=1)[0]
    return f"<b>{fiche.number}. {esc(fiche.short_title_in(lang))}</b> — {esc(first)}"


def summary(_: Gettext, answers: dict[str, Any], knowledge: Knowledge, lang: str) -> str:
    from dialogs.flow import ORDER

    labels = field_labels(_)
    lines = [_("<b>Vos réponses</b> — vérifiez, puis voyez le résultat :")]
    lines += [
        f"• {labels[key]} : {answer_text(_, key, answers, knowledge, lang)}"
        for key in ORDER
        if key in answers
    ]
    return "\n".join(lines)


def verdict(
    _: Gettext, result: Verdict, place: dict[str, Any], knowledge: Knowledge, lang: str
) -> list[str]:
    """The verdict card as several short messages: headline, checks, next steps, contacts."""
    fiche = result.fiche
    head = [
        _("<b>Résultat — fiche {n} : {title}</b>").format(
            n=fiche.number, title=esc(fiche.title_in(lang))
        )
    ]
    failures = result.rule_failures
    if not failures:
        head.append(_("Votre projet respecte les règles de la fiche que j'ai pu vérifier."))
    else:
        head.append(_("Il y a {n} point(s) à revoir ci-dessous.").format(n=len(failures)))
    if result.closed:
        head.append(
            _(
                "⛔ <b>Attention : cet appel à projets ({year}) est clos.</b> Les dates "
                "limites sont passées. La Région peut vous dire si un nouvel appel est "
                "prévu."
            ).format(year=knowledge.call["call"]["published"].year)
        )
    head.append(_("Rappel : je ne décide rien, ce sont les jurys qui choisissent les projets."))
    checks = [f"{c.icon} {esc(c.message)}" for c in result.checks]
    steps = [_("<b>Prochaines étapes</b>")]
    steps += [f"{i}. {esc(s)}" for i, s in enumerate(result.next_steps, start=1)]
    steps.append(_("Votre intercommunalité : <b>{epci}</b>").format(epci=esc(place["epci_name"])))
    contacts = [_("<b>Vos contacts à la Région</b>")]
    for person in result.contacts:
        contacts.append(f"• {esc(person.name)} — {person.phone} — {person.email}")
    if result.contacts:
        contacts.append(esc(result.contacts[0].office))
    return ["\n".join(head), "\n\n".join(checks), "\n".join(steps), "\n".join(contacts)]


def lead(result: Verdict, answers: dict[str, Any], knowledge: Knowledge) -> dict[str, Any]:
    """What staff need from a finished conversation, as plain data."""
    place = answers.get("place", {})
    return {
        "fiche": result.fiche.number,
        "fiche_to_confirm": bool(answers.get("fiche_unsure")),
        "eligible": result.eligible,
        "closed": result.closed,
        "as_of": result.as_of.isoformat(),
        "checks": {c.id: c.status for c in result.checks},
        "commune": place.get("name"),
        "insee": place.get("insee"),
        "epci": place.get("epci_name"),
        "territory": place.get("territory"),
        "contacts": [p.name for p in result.contacts],
        "wants_contact": bool(answers.get("contact")),
        "contact": answers.get("contact"),
        "role": answers.get("role_text") or answers.get("role"),
        "audience": answers.get("audience_text") or answers.get("audience"),
        "description": answers.get("description"),
        "total": float(answers["total"]) if "total" in answers else None,
        "request": float(answers["request"]) if "request" in answers else None,
        "cofunding": float(answers["cofunding"]) if "cofunding" in answers else None,
        "kind": answers.get("kind"),
        "priority_area": answers.get("priority_area"),
        "activity_funding": answers.get("activity"),
    }


def contact_details(text: str) -> str | None:
    """A phone number or e-mail address found in the text, normalised; None otherwise."""
    email = _EMAIL.search(text)
    if email:
        return email.group(0)
    phone = _PHONE.search(text)
    if phone:
        return re.sub(r"[\s.-]", " ", phone.group(0)).strip()
    return None


def sourced(text: str, source: str, lang: str) -> str:
    """An answer from the data, escaped, with where it comes from."""
    colon = ":" if lang == "en" else " :"
    return f"{esc(text)}\n\n<i>Source{colon} {esc(source)}</i>"


def long_date(day: dt.date, lang: str) -> str:
    """'1 décembre 2014' / '1 December 2014' (babel)."""
    return format_date(day, format="long", locale="en_GB" if lang == "en" else "fr_FR")


def reminder(_: Gettext, step_label: str, deadline: dt.date, days: int, lang: str) -> str:
    """The reminder message itself, sent by the adapter on its day."""
    return (
        _("⏰ Rappel : {label}, au plus tard le {date} (dans {days} j).").format(
            label=esc(step_label), date=long_date(deadline, lang), days=days
        )
        + "\n"
        + _("Pour ne plus recevoir de rappels : /rappels.")
    )


def reminders_list(
    _: Gettext, rows: list[dict[str, Any]], labels: dict[str, str], lang: str
) -> str:
    if not rows:
        return _("Vous n'avez aucun rappel prévu. Vous pouvez en demander après votre résultat.")
    lines = [_("Vos rappels :")]
    for row in rows:
        due = dt.datetime.fromisoformat(row["due_at"]).date()
        lines.append(
            "• "
            + _("le {due} : {label} (au plus tard le {date})").format(
                due=long_date(due, lang),
                label=esc(labels.get(row["deadline"], row["deadline"])),
                date=long_date(dt.date.fromisoformat(row["deadline_date"]), lang),
            )
        )
    return "\n".join(lines)
