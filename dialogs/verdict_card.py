"""The verdict as people read it: the card (one line per rule, a headline counting them,
the contacts), its details, and the lead handed to staff. Built on render's helpers."""

from __future__ import annotations

from typing import Any

from dialogs.fields import fiche_unsure, lead_columns, unsure_mark
from dialogs.render import (
    MAX_MESSAGE,
    Gettext,
    _join,
    esc,
    sources_line,
    visible_length,
)
from knowledge import Knowledge
from knowledge.contacts import contact_line, dated_epci, domain_note, mistyped, validity_note
from knowledge.i18n import long_date, plurals_for
from knowledge.model import Source
from knowledge.rules import Verdict


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
    _: Gettext, result: Verdict, answers: dict[str, Any], knowledge: Knowledge, lang: str
) -> str:
    """The verdict card: fiche, one line per rule, contacts, intercommunality. The details
    (each point explained, next steps, sources) come on demand, see `verdict_details`. The
    fiche is marked « à confirmer » as on the summary card when it is the person's guess. The
    intercommunality is named with the year of its name; the longest names, in their official
    short form when the card would not fit one message otherwise, and then the phones without
    their +33 form (the same numbers)."""
    name = answers["place"]["epci_name"]
    mark = unsure_mark(_, answers)
    card = ""
    for short, international in ((False, True), (True, True), (True, False)):
        epci = dated_epci(knowledge, name, lang, short=short)
        card = _card(_, result, epci, mark, knowledge, lang, international)
        if visible_length(card) < MAX_MESSAGE:
            break
    return card


def _card(
    _: Gettext,
    result: Verdict,
    epci_text: str,
    mark: str,
    knowledge: Knowledge,
    lang: str,
    international: bool,
) -> str:
    fiche = result.fiche
    lines = [
        _("<b>Résultat : fiche {n} — {title}</b>").format(
            n=fiche.number, title=esc(fiche.short_title_in(lang) + mark)
        )
    ]
    if result.closed:
        lines.append("⛔ " + _closed_since(_, knowledge, lang))
    epci = esc(epci_text)
    rules = card_lines(_, result, epci)
    lines.append(counts(_, [icon for icon, _text in rules], lang))
    lines += [f"{icon} {text}" for icon, text in rules]
    if not result.check("intercommunality"):
        lines.append("🏛 " + _("Intercommunalité : <b>{epci}</b>").format(epci=epci))
    for person in result.contacts:
        lines.append(f"📞 {esc(contact_line(person, international))}")
    note = validity_note(knowledge, lang)
    if note:
        lines.append(f"<i>{esc(note)}</i>")
    return "\n".join(lines)


def _closed_since(_: Gettext, knowledge: Knowledge, lang: str) -> str:
    full = knowledge.calendar.get("full_file")
    date = long_date(full.deadline, lang) if full and full.deadline else "—"
    # the deadline day itself was still in time: "clos depuis le 23 janvier" would be wrong
    return _("Cet appel est clos : la date limite était le {date}.").format(date=date)


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
    if mistyped(knowledge, result.contacts):  # the card's e-mail: what its domain looks like
        noted = [*lines[:-1], f"<i>{esc(domain_note(knowledge, lang, short=True))}</i>", lines[-1]]
        if visible_length("\n".join(noted)) < MAX_MESSAGE:  # the detail stays one message
            lines = noted
    return "\n".join(lines)


def lead(result: Verdict, answers: dict[str, Any], knowledge: Knowledge) -> dict[str, Any]:
    """What staff need from a finished conversation, as plain data: the verdict's columns, and
    the answers' columns as the question table says (`dialogs.fields.lead_columns`)."""
    return {
        "fiche": result.fiche.number,
        "fiche_to_confirm": fiche_unsure(answers),
        "eligible": result.eligible,
        "closed": result.closed,
        "as_of": result.as_of.isoformat(),
        "checks": {c.id: c.status for c in result.checks},
        "contacts": [p.name for p in result.contacts],
        "wants_contact": bool(answers.get("contact")),
        "contact": answers.get("contact"),
        **lead_columns(answers),
    }
