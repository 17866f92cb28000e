"""Texts of the conversation that are more than one sentence: cards, welcome, verdict.

Every message stays under MAX_MESSAGE visible characters (short, readable on a phone; a link's
URL is not read, so it does not count); long cards are split at line breaks. Anything the person typed is HTML-escaped here before it is echoed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from knowledge import Knowledge
from knowledge.contacts import contact_line, epci_full_name, validity_note
from knowledge.i18n import gettext_for, long_date, plurals_for
from knowledge.model import Fiche, Person, Source
from knowledge.money import format_money
from knowledge.places import Elsewhere
from knowledge.rules import Verdict

esc = functools.partial(html.escape, quote=False)  # text, not attributes

MAX_MESSAGE = 700
NOTICE_VERSION = "2026-11-22"

Gettext = Callable[[str], str]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}")


_TAG = re.compile(r"<[^>]+>")


def visible_length(text: str) -> int:
    """Characters a person reads: HTML tags (a link's URL) and entities do not count."""
    return len(html.unescape(_TAG.sub("", text)))


def chunks(text: str, limit: int = MAX_MESSAGE) -> Iterator[str]:
    """Split at line breaks so that each piece stays under the limit (visible characters)."""
    if visible_length(text) < limit:
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
        if visible_length(candidate) >= limit:
            yield current
            current = line
        else:
            current = candidate
    if current.strip():
        yield current


def welcome(
    _: Gettext,
    retention_days: int,
    knowledge: Knowledge | None = None,
    today: dt.date | None = None,
    lang: str = "fr",
) -> str:
    """The first message: what the bot is, whether the call is still open (with its dates from
    the data), what it can do, and the privacy notice. Short sentences, jargon explained."""
    years = retention_days // 365
    period = (
        _("{n} ans").format(n=years)
        if years >= 2 and retention_days % 365 == 0
        else _("{n} jours").format(n=retention_days)
    )
    lines = [
        _("Bonjour ! Je suis le guide de l'appel à projets DSDT de la Région Nord-Pas de Calais."),
        _("DSDT veut dire « Développement Social Durable des Territoires »."),
    ]
    deadlines = _deadlines(knowledge, lang) if knowledge is not None else []
    closed = bool(deadlines) and today is not None and all(d < today for _n, d in deadlines)
    if closed:
        lines.append(
            "⛔ "
            + _("<b>Cet appel est clos.</b> Ses dates limites étaient {dates}.").format(
                dates=_join(
                    [_("le {date}").format(date=long_date(d, lang)) for _n, d in deadlines], _
                )
            )
        )
        lines.append(_("Je peux encore :"))
        lines.append("• " + _("vérifier un projet avec les règles de 2014 ;"))
    else:
        if deadlines:
            lines.append(
                "📅 "
                + _("Dates limites : {dates}.").format(
                    dates=_join(
                        [
                            _("{name} le {date}").format(name=name, date=long_date(d, lang))
                            + (" " + _("(passée)") if today is not None and d < today else "")
                            for name, d in deadlines
                        ],
                        _,
                    )
                )
            )
        lines.append(_("Je peux :"))
        lines.append("• " + _("vérifier votre projet avec les règles de l'appel ;"))
    lines.append(
        "• " + _("expliquer les fiches : une fiche, c'est un des 4 types de projets de l'appel ;")
    )
    lines.append("• " + _("vous donner les bons contacts."))
    lines.append(_("Je ne décide rien : ce sont les jurys qui choisissent."))
    lines.append(
        "\n"
        + _(
            "🔒 <b>Vos données</b> : vos réponses et nos messages sont gardés {period}. Seule "
            "l'équipe régionale DSDT les voit. /mesdonnees pour les voir, /effacer pour tout "
            "supprimer."
        ).format(period=period)
    )
    lines.append("\n" + _("Êtes-vous d'accord ?"))
    return "\n".join(lines)


def consent_reminder(_: Gettext) -> str:
    """After a question answered before consent: the short prompt, not the whole welcome."""
    return _("Pour continuer, acceptez-vous la notice sur vos données (plus haut) ?")


def _deadlines(knowledge: Knowledge, lang: str) -> list[tuple[str, dt.date]]:
    """The call's deadlines with a short name for each, from call.toml's calendar."""
    _ = gettext_for(lang).gettext
    names = {
        "short_form": _("fiche synthétique (un résumé du projet)"),
        "full_file": _("dossier complet"),
    }
    return [
        (names.get(step_id, step.label_in(lang)), step.deadline)
        for step_id, step in knowledge.calendar.items()
        if step.deadline is not None
    ]


def _join(items: list[str], _: Gettext) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " " + _("et") + " " + items[-1]


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
        "📍 <b>{name}</b> ({department}). Intercommunalité : {epci}. Territoire : {territory}. "
        "Pas la bonne commune ? Touchez « Changer de commune »."
    ).format(
        name=name,
        department=place["department"],
        epci=esc(epci_name(place["epci_name"], _)),
        territory=esc(territory_name),
    )


def epci_name(name: str, _: Gettext) -> str:
    """'CA de Lens - Liévin' -> "Communauté d'agglomération de Lens - Liévin"."""
    return epci_full_name(name, _)


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
        epci=esc(epci_name(place["epci_name"], _)),
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
        lines += [f"• {esc(contact_line(p))}" for p in contacts]
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
        "request_investment": _("Demande en investissement"),
        "request_operating": _("Demande en fonctionnement"),
        "cofunding": _("Co-financement local"),
        "activity": _("Programme d'activité"),
    }


def answer_text(
    _: Gettext, key: str, answers: dict[str, Any], knowledge: Knowledge, lang: str
) -> str:
    from dialogs.flow import AUDIENCES, KINDS, ROLES, TRISTATE

    value = answers.get(key)
    if value is None or (value == "unknown" and key in ("role", "audience")):
        return _("à préciser") if key in answers else "—"
    if key == "role":
        extra = answers.get("role_text")
        return esc(extra) if value == "other" and extra else _(ROLES[value])
    if key == "audience":
        extra = answers.get("audience_text")
        return esc(extra) if value == "other" and extra else _(AUDIENCES[value])
    if key == "place":
        epci = esc(epci_name(value["epci_name"], _))
        return f"{esc(value['name'])} ({value['department']}) — {epci}"
    if key == "fiche":
        text = f"{value} — {esc(knowledge.fiches[value].short_title_in(lang))}"
        return text + (" " + _("(à confirmer)") if answers.get("fiche_unsure") else "")
    if key in ("priority_area", "activity"):
        return _(TRISTATE[value])
    if key == "kind":
        return _(KINDS[value])
    if key in ("request_investment", "request_operating"):
        return format_money(Decimal(value), lang)
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
        "• "
        + _("{label} : {value}").format(
            label=labels[key], value=answer_text(_, key, answers, knowledge, lang)
        )
        for key in ORDER
        if key in answers and key in labels
    ]
    return "\n".join(lines)


def card_lines(_: Gettext, result: Verdict, epci: str) -> list[tuple[str, str]]:
    """The card's rule lines as (icon, HTML text): one per rule, the intercommunality rule
    naming the intercommunality, the two deadlines on one line while the call is open (once it
    is closed, they are the ⛔ line above, not points to fix)."""
    lines: list[tuple[str, str]] = []
    for check in result.project_checks:
        if check.id == "intercommunality":
            text = _("Intercommunalité : <b>{epci}</b>").format(epci=epci)
        else:
            text = esc(check.short or check.message)
        lines.append((check.icon, text))
    deadlines = [c for c in result.checks if c not in result.project_checks]
    if deadlines and not result.closed:
        worst = next((c for c in deadlines if c.status == "fail"), deadlines[0])
        dates = ", ".join(esc(c.short or c.message) for c in deadlines)
        lines.append((worst.icon, _("Dates limites : {dates}").format(dates=dates)))
    return lines


def counts(_: Gettext, icons: list[str], lang: str) -> str:
    """The headline: every ❌ and ⚠️ of the card counted ("3 points à revoir"), and the ❔,
    with each language's plural rules."""
    plurals = plurals_for(lang)
    to_fix = sum(1 for icon in icons if icon in ("❌", "⚠️"))
    to_check = sum(1 for icon in icons if icon == "❔")
    parts = []
    if to_fix:
        parts.append(
            plurals.ngettext("{n} point à revoir", "{n} points à revoir", to_fix).format(n=to_fix)
        )
    if to_check:
        parts.append(
            plurals.ngettext("{n} point à vérifier", "{n} points à vérifier", to_check).format(
                n=to_check
            )
        )
    if not parts:
        return _("Votre projet respecte toutes les règles que j'ai pu vérifier.")
    return _join(parts, _).capitalize() + "."


def verdict(
    _: Gettext, result: Verdict, place: dict[str, Any], knowledge: Knowledge, lang: str
) -> str:
    """The verdict card: fiche, one line per rule, contacts, intercommunality. The details
    (each point explained, next steps, sources) come on demand, see `verdict_details`."""
    fiche = result.fiche
    lines = [
        _("<b>Résultat : fiche {n} — {title}</b>").format(
            n=fiche.number, title=esc(fiche.short_title_in(lang))
        )
    ]
    if result.closed:
        lines.append("⛔ " + _closed_since(_, knowledge, lang))
    epci = esc(epci_name(place["epci_name"], _))
    rules = card_lines(_, result, epci)
    lines.append(counts(_, [icon for icon, _text in rules], lang))
    lines += [f"{icon} {text}" for icon, text in rules]
    if not result.check("intercommunality"):
        lines.append("🏛 " + _("Intercommunalité : <b>{epci}</b>").format(epci=epci))
    for person in result.contacts:
        lines.append(f"📞 {esc(contact_line(person))}")
    note = validity_note(knowledge, lang)
    if note:
        lines.append(f"<i>{esc(note)}</i>")
    return "\n".join(lines)


def _closed_since(_: Gettext, knowledge: Knowledge, lang: str) -> str:
    full = knowledge.calendar.get("full_file")
    date = long_date(full.deadline, lang) if full and full.deadline else "—"
    return _("Cet appel est clos depuis le {date}.").format(date=date)


def verdict_details(
    _: Gettext, result: Verdict, place: dict[str, Any], knowledge: Knowledge, lang: str
) -> str:
    """What the card cannot say in one line: each point to review or check explained with
    what to do, what to do next, and the documents cited, with their URL. A ✅ is already
    clear on the card and is not repeated."""
    lines = [_("<b>Le détail</b>")]
    shown = [
        c for c in (result.project_checks if result.closed else result.checks) if c.status != "ok"
    ]
    lines += [f"{c.icon} {esc(c.message)}" for c in shown]
    if result.closed:
        lines.append("⛔ " + _closed_since(_, knowledge, lang))
    if not shown and not result.closed:
        lines.append(_("Tous les points vérifiés sont bons."))
    steps = list(result.next_steps)
    if result.closed and steps:
        lines[-1] += " " + esc(steps.pop(0))  # the ⛔ line says what to do instead
    if steps:
        lines.append(_("<b>Et maintenant ?</b>"))
        lines += [f"{i}. {esc(s)}" for i, s in enumerate(steps, start=1)]
    sources: dict[str, Source] = {}
    for check in [*shown, *result.checks]:
        sources.setdefault(check.source.doc, check.source)
    cited = list(sources.values())[:1] if not shown else [sources[c.source.doc] for c in shown]
    lines.append(sources_line(list(dict.fromkeys(cited)), lang))
    return "\n".join(lines)


def sources_line(sources: list[Source], lang: str) -> str:
    """One short line naming each document cited, linked to its URL."""
    colon = ":" if lang == "en" else " :"
    names = []
    for source in sources:
        name = esc(source.short_in(lang))
        if source.url:
            name = f'<a href="{html.escape(source.url, quote=True)}">{name}</a>'
        names.append(name)
    return f"<i>Source{colon}</i> " + ", ".join(names)


def source_line(source: Source, lang: str) -> str:
    """A short "Source" line: the document's short name, linked to its URL."""
    return sources_line([source], lang)


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
        "total": float(answers["total"]) if answers.get("total") is not None else None,
        "request": _requested(answers),
        "cofunding": (
            float(answers["cofunding"]) if answers.get("cofunding") is not None else None
        ),
        "kind": answers.get("kind"),
        "priority_area": answers.get("priority_area"),
        "activity_funding": answers.get("activity"),
    }


def _requested(answers: dict[str, Any]) -> float | None:
    """The whole request: both parts summed when fiche 4's two kinds were given."""
    if answers.get("kind") == "both":
        parts = [
            Decimal(answers[k])
            for k in ("request_investment", "request_operating")
            if answers.get(k) is not None
        ]
        return float(sum(parts)) if parts else None
    return float(answers["request"]) if answers.get("request") is not None else None


def contact_details(text: str) -> str | None:
    """A phone number or e-mail address found in the text, normalised; None otherwise."""
    email = _EMAIL.search(text)
    if email:
        return email.group(0)
    phone = _PHONE.search(text)
    if phone:
        return re.sub(r"[\s.-]", " ", phone.group(0)).strip()
    return None


def sourced(text: str, source: Source | str, lang: str) -> str:
    """An answer from the data, escaped, with where it comes from (a short linked line)."""
    if isinstance(source, Source):
        return f"{esc(text)}\n\n{source_line(source, lang)}"
    colon = ":" if lang == "en" else " :"
    return f"{esc(text)}\n\n<i>Source{colon} {esc(source)}</i>"


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
