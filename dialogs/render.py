"""Texts of the conversation that are more than one sentence: cards, welcome, verdict.

Every message stays under MAX_MESSAGE visible characters (short, readable on a phone; a link's
URL is not read, so it does not count); long cards are split at line breaks. Anything the person typed is HTML-escaped here before it is echoed.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from dialogs.fields import answer_text, field_labels
from dialogs.table import ORDER
from knowledge import Knowledge
from knowledge.contacts import contact_line
from knowledge.france import Elsewhere
from knowledge.i18n import gettext_for, long_date
from knowledge.model import Fiche, Person, Source
from knowledge.rules import whom_to_ask
from knowledge.text import EMAIL_IN_TEXT, PHONE_IN_TEXT, html_words

esc = functools.partial(html.escape, quote=False)  # text, not attributes

MAX_MESSAGE = 700
NOTICE_VERSION = "2026-11-22"

Gettext = Callable[[str], str]


def visible_length(text: str) -> int:
    """Characters a person reads: HTML tags (a link's URL) and entities do not count."""
    return len(html_words(text))


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
    guide = knowledge.call.get("guide", {}) if knowledge is not None else {}
    lines = [str(line) for line in guide.get("intro_en" if lang == "en" else "intro", [])]
    team, year = str(guide.get("team", "")), str(guide.get("rules_year", ""))
    fiches = len(knowledge.fiches) if knowledge is not None else 0
    deadlines = _deadlines(knowledge, lang) if knowledge is not None else []
    closed = bool(deadlines) and today is not None and all(d < today for _n, d in deadlines)
    if closed:
        lines.append(
            "⛔ "
            + _("<b>Cet appel est clos.</b> Ses dates limites étaient : {dates}.").format(
                dates=_join(
                    [
                        _("{name} le {date}").format(name=name, date=long_date(d, lang))
                        for name, d in deadlines
                    ],
                    _,
                )
            )
            + (" " + whom_to_ask(knowledge, lang) if knowledge is not None else "").rstrip()
        )
        lines.append(_("Je peux encore :"))
        lines.append("• " + _("vérifier un projet avec les règles de {year} ;").format(year=year))
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
        "• "
        + _(
            "expliquer les fiches : une fiche, c'est un des {n} types de projets de l'appel ;"
        ).format(n=fiches)
    )
    lines.append("• " + _("vous donner les bons contacts."))
    lines.append(_("Je ne décide rien : ce sont les jurys qui choisissent."))
    lines.append(
        "\n"
        + _(
            "🔒 <b>Vos données</b> : vos réponses et nos messages sont gardés {period}. Seule "
            "l'équipe régionale {team} les voit. /mesdonnees pour les voir, /effacer pour tout "
            "supprimer."
        ).format(period=period, team=team)
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


def help_text(_: Gettext, team: str) -> str:
    """/aide: what the guide does and its commands (`team`: the call's short name)."""
    return _(
        "Je vous guide dans l'appel à projets {team}, question par question. Répondez avec les "
        "boutons ou en écrivant.\n"
        "/retour — revenir à la question précédente\n"
        "/recommencer — tout reprendre à zéro\n"
        "/langue — Français / English\n"
        "/mesdonnees — voir vos données · /effacer — les supprimer"
    ).format(team=team)


def place_card(_: Gettext, place: dict[str, Any], territory_name: str, epci: str) -> str:
    """The commune found: its department, intercommunality (`epci`: as every message names
    it, `knowledge.contacts.dated_epci`) and sub-territory."""
    name = esc(place["name"])
    if place.get("former"):
        name = _("{former} (aujourd'hui {name})").format(former=esc(place["former"]), name=name)
    return _(
        "📍 <b>{name}</b> ({department}). Intercommunalité : {epci}. Territoire : {territory}. "
        "Pas la bonne commune ? Touchez « Changer de commune »."
    ).format(
        name=name,
        department=place["department"],
        epci=esc(epci),
        territory=esc(territory_name),
    )


def postcode_question(
    _: Gettext, postcode: str, communes: int, epci: str, territory_name: str, shown: int
) -> str:
    """A postcode whose communes share one EPCI and sub-territory: which commune is it?
    (`epci`: as every message names it, `knowledge.contacts.dated_epci`)"""
    text = _(
        "📍 Le code postal <b>{postcode}</b> couvre {n} communes, toutes dans la même "
        "intercommunalité (EPCI) : {epci} — territoire : {territory}. Laquelle est la vôtre ?"
    ).format(
        postcode=esc(postcode),
        n=communes,
        epci=esc(epci),
        territory=esc(territory_name),
    )
    if communes > shown:
        text += " " + _("Voici les plus grandes ; sinon, écrivez le nom de la commune.")
    return text


def elsewhere_label(place: Elsewhere) -> str:
    """'Beauvais (Oise, 60)'."""
    department = place.department
    if place.department_name:
        department = f"{place.department_name}, {place.department}"
    return f"{esc(place.name)} ({esc(department)})"


def region_words(knowledge: Knowledge, lang: str) -> dict[str, str]:
    """How the messages name the call's region and its parts (call.toml `[region]`), and the
    Region itself (`call.region`)."""
    return {**knowledge.region.words_in(lang), "region": str(knowledge.call["call"]["region"])}


def elsewhere_note(_: Gettext, elsewhere: Sequence[Elsewhere], words: Mapping[str, str]) -> str:
    """One line saying that a name also exists outside the region, so it is not hidden."""
    return _(
        "À noter : il existe aussi {communes}, {outside} ; cet appel ne couvre pas ces communes."
    ).format(communes=", ".join(elsewhere_label(e) for e in elsewhere[:3]), **words)


def outside(
    _: Gettext,
    text: str,
    elsewhere: Sequence[Elsewhere],
    contacts: Sequence[Person],
    words: Mapping[str, str],
    department: str = "",
    note: str = "",
) -> str:
    """The commune typed is outside the region: say so, name it and its department,
    give the call's general contacts (with `note`: they date from 2014) and invite another
    commune (no dead end). `department` ("Somme (80)") when a department was named instead of
    a commune."""
    first = elsewhere[0] if elsewhere else None
    if first is None:
        head = _("📍 {department} n'est {neither}.").format(
            department=esc(department or text), **words
        )
    elif first.score < 100:
        head = _(
            "📍 Je ne trouve pas « {text} » {in}. Le nom le plus proche est <b>{commune}</b>, "
            "hors de {these}."
        ).format(text=esc(text), commune=elsewhere_label(first), **words)
    elif len(elsewhere) == 1:
        head = _("📍 <b>{commune}</b> n'est {neither_in}.").format(
            commune=elsewhere_label(first), **words
        )
    else:
        head = _("📍 Je connais {communes}, mais aucune {in}.").format(
            communes=", ".join(elsewhere_label(e) for e in elsewhere[:3]), **words
        )
    lines = [
        head,
        _("Cet appel à projets de la Région {region} ne couvre que {covered}.").format(**words),
    ]
    if contacts:
        lines.append(_("Pour toute question, les contacts généraux de l'appel :"))
        lines += [f"• {esc(contact_line(p))}" for p in contacts]
        lines.append(esc(contacts[0].office))
        if note:
            lines.append(esc(note))
    lines.append(
        _(
            "Si votre projet se passe dans une autre commune, {another}, écrivez son nom ou "
            "son code postal."
        ).format(**words)
    )
    return "\n".join(lines)


def fiche_line(fiche: Fiche, lang: str) -> str:
    """A fiche in one line: number, short title and the first sentence of its plain summary."""
    first = re.split(r"(?<=[.!?])\s", fiche.summary_in(lang), maxsplit=1)[0]
    return f"<b>{fiche.number}. {esc(fiche.short_title_in(lang))}</b> — {esc(first)}"


def summary(_: Gettext, answers: dict[str, Any], knowledge: Knowledge, lang: str) -> str:
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


def contact_details(text: str) -> str | None:
    """The e-mail addresses and phone numbers found in the text, each once, e-mails first,
    phones with single spaces ("zoe@exemple.fr, 06 12 34 56 78"); None when there is none.
    Every one is kept: a person who leaves both ways to reach them loses neither."""
    found = [m.group(0) for m in EMAIL_IN_TEXT.finditer(text)]
    found += [re.sub(r"[\s.-]+", " ", m.group(0)).strip() for m in PHONE_IN_TEXT.finditer(text)]
    kept = list(dict.fromkeys(found))
    return ", ".join(kept) if kept else None


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
