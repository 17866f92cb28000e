"""The fiche synthétique as plain data: stored answers + verdict + the call -> a document model.

The call asks every project holder to file a *fiche synthétique* with the intercommunality.
This module is pure (no file format, no Telegram, no SQLite, no clock): `snapshot` is what a
lead keeps (plain JSON: the answers, the fiche suggestion, the language and the day), and
`build` turns a snapshot into a `Sheet` — an ordered list of blocks (headings, label/value
rows, guides, spaces to write) that `dialogs.odt` writes as a file. Nothing else is stored:
the bot, the staff commands and the console regenerate the same document from the snapshot,
so a crash between two steps loses nothing and erasing the person's rows erases the document.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dialogs.fields import plain_text, rules_input
from dialogs.model import State
from dialogs.table import BY_KEY, KINDS
from knowledge import Knowledge
from knowledge.contacts import shown_email
from knowledge.i18n import N_, gettext_for, long_date
from knowledge.model import as_of
from knowledge.money import format_money, format_rate
from knowledge.rules import Answers, Verdict, evaluate

# The optional questions, in the order they are asked. Stored under answers["sheet"]; an
# empty string means "skipped" (the document leaves the line blank to fill in).
SHEET_FIELDS = ("title", "structure", "partners", "participation", "timing")
SNAPSHOT_VERSION = 1
KIND_PARTS = {"investment": N_("Part investissement"), "operating": N_("Part fonctionnement")}
STATUS_LABELS = {"fail": N_("À revoir"), "warn": N_("Attention"), "unknown": N_("À préciser")}


# ---------------------------------------------------------------------------- the model
@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph. `style`: body, lead (the notice under the title), guide (the call's words),
    prompt (our question), small (sources), warning. `url`: the text is a link."""

    text: str
    style: str = "body"
    url: str = ""


@dataclass(frozen=True, slots=True)
class Fields:
    """Label / value rows; an empty value is a blank for the person to fill in."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Space:
    """A framed space to write in, starting with what the person already said (if anything)."""

    text: str = ""
    lines: int = 5


Block = Heading | Para | Fields | Bullets | Space


@dataclass(frozen=True, slots=True)
class Sheet:
    lang: str
    title: str
    stem: str  # file name without extension, never built from what the person typed
    blocks: tuple[Block, ...]

    def text(self) -> str:
        """Every string of the document, in order (tests, search, plain-text fallback)."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                parts.append(block.text)
            elif isinstance(block, Fields):
                parts.extend(f"{label} : {value}" for label, value in block.rows)
            elif isinstance(block, Bullets):
                parts.extend(block.items)
            else:
                parts.append(block.text)
        return "\n".join(parts)


# ---------------------------------------------------------------------------- snapshot
def snapshot(state: State, today: dt.date) -> dict[str, Any]:
    """What a lead keeps to regenerate the sheet: plain JSON values, no file.

    The person's phone or e-mail stays out: the sheet does not print it and the lead already
    holds it in its own column."""
    answers = {k: v for k, v in state.answers.items() if k != "contact"}
    return {
        "version": SNAPSHOT_VERSION,
        "lang": state.lang,
        "as_of": today.isoformat(),
        "answers": answers,
        "suggestion": dict(state.suggestion),
    }


def sheet_answers(answers: dict[str, Any]) -> dict[str, str]:
    raw = answers.get("sheet")
    return (
        {k: str(v) for k, v in raw.items() if k in SHEET_FIELDS} if isinstance(raw, dict) else {}
    )


# ---------------------------------------------------------------------------- build
def build(knowledge: Knowledge, snap: dict[str, Any], lang: str | None = None) -> Sheet:
    """The sheet for a snapshot, in its language (or `lang`), as of the snapshot's day."""
    lang = lang or str(snap.get("lang") or "fr")
    answers: dict[str, Any] = snap["answers"]
    as_of = dt.date.fromisoformat(snap["as_of"])
    place = answers["place"]
    rules = rules_input(answers)
    verdict = evaluate(knowledge, rules, as_of, place["territory"], lang)
    return _Builder(knowledge, answers, rules, snap.get("suggestion") or {}, verdict, lang).sheet()


class _Builder:
    def __init__(
        self,
        knowledge: Knowledge,
        answers: dict[str, Any],
        rules: Answers,
        suggestion: dict[str, Any],
        verdict: Verdict,
        lang: str,
    ) -> None:
        self.k = knowledge
        self.answers = answers
        self.rules = rules  # the amounts as the verdict read them (None: not known)
        self.mine = sheet_answers(answers)
        self.suggestion = suggestion
        self.verdict = verdict
        self.lang = lang
        self._ = gettext_for(lang).gettext
        self.data: dict[str, Any] = knowledge.raw.get("sheet", {})

    def money(self, value: Decimal) -> str:
        return format_money(value, self.lang)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.lang)

    def tr(self, table: dict[str, Any], key: str) -> Any:
        return table.get(f"{key}_en", table[key]) if self.lang == "en" else table[key]

    def sheet(self) -> Sheet:
        _ = self._
        call = self.k.call["call"]
        blocks: list[Block] = [
            Heading(_("Fiche synthétique"), 0),
            Para(
                _("Appel à projets « {name} » — Région {region}, {year}").format(
                    name=self.tr(call, "name"), region=call["region"], year=call["published"].year
                ),
                "lead",
            ),
            *self.notice(),
            *self.project(),
            *self.territory(),
            *self.fiche(),
            *self.budget(),
            *self.review(),
            *self.criteria(),
            *self.contacts(),
            *self.sources(),
        ]
        files = self.k.region.files
        stem = f"{files}-summary-sheet" if self.lang == "en" else f"fiche-synthetique-{files}"
        return Sheet(self.lang, _("Fiche synthétique"), stem, tuple(blocks))

    def notice(self) -> list[Block]:
        _ = self._
        blocks: list[Block] = []
        step = self.k.calendar.get("short_form")
        if step is not None and step.deadline is not None:
            blocks.append(
                Para(
                    _("{label} au plus tard le {date}.").format(
                        label=step.label_in(self.lang), date=self.date(step.deadline)
                    )
                    + " "
                    + step.detail_in(self.lang),
                    "lead",
                )
            )
        blocks.append(
            Para(
                _(
                    "Pré-remplie le {date} par le guide {team} à partir de vos réponses : "
                    "relisez-la, complétez les parties vides, puis envoyez-la. Le guide ne décide "
                    "rien : ce sont les jurys qui choisissent les projets."
                ).format(date=self.date(self.verdict.as_of), team=self.k.call["guide"]["team"]),
                "lead",
            )
        )
        if self.verdict.closed:
            blocks.append(
                Para(
                    _(
                        "Attention : cet appel à projets ({year}) est clos, ses dates limites "
                        "sont passées. Demandez à la Région si un nouvel appel est prévu."
                    ).format(year=self.k.call["call"]["published"].year),
                    "warning",
                )
            )
        return blocks

    def project(self) -> list[Block]:
        """Who, what, for whom: the person's answers beside the lines left to fill in."""
        _ = self._
        return [
            Heading(_("Le projet")),
            Fields(
                (
                    (_("Titre du projet"), self.mine.get("title", "")),
                    (_("Structure porteuse"), self.mine.get("structure", "")),
                    self.row("role"),
                    (_(BY_KEY["fiche"].sheet), str(self.answers.get("description") or "")),
                    self.row("audience"),
                    (_("Calendrier prévu"), self.mine.get("timing", "")),
                )
            ),
        ]

    def row(self, key: str) -> tuple[str, str]:
        """An answer's line: its label on the sheet (the question table's) and its value."""
        return (
            self._(BY_KEY[key].sheet),
            plain_text(self._, key, self.answers, self.k, self.lang),
        )

    def territory(self) -> list[Block]:

        _ = self._
        place = self.answers["place"]
        commune = f"{place['name']} ({place['department']})"
        if place.get("former"):
            commune = _("{former}, aujourd'hui {name}").format(
                former=place["former"], name=commune
            )
        rows = [
            (_("Commune"), commune),
            (_("Intercommunalité (EPCI)"), place["epci_name"]),
            (_("Territoire de la Région"), self.k.territory_name(place["territory"])),
        ]
        if "priority_area" in self.answers:
            rows.append(self.row("priority_area"))
        return [Heading(_("Le territoire")), Fields(tuple(rows))]

    def fiche(self) -> list[Block]:
        _ = self._
        fiche = self.verdict.fiche
        blocks: list[Block] = [
            Heading(_("La fiche de l'appel")),
            Fields(((_("Fiche"), f"{fiche.number} — {fiche.title_in(self.lang)}"),)),
            Para(fiche.summary_in(self.lang)),
        ]
        words = self.suggestion.get("matched") or []
        if self.suggestion.get("fiche") == fiche.number and words:
            why = _("Pourquoi cette fiche : votre description parle de {words}.").format(
                words=", ".join(f"« {w} »" for w in words[:5])
            )
        else:
            why = _("Pourquoi cette fiche : vous l'avez choisie pendant la conversation.")
        blocks.append(Para(why))
        blocks.append(Para(_("Source : {source}").format(source=fiche.source.cite()), "small"))
        return blocks

    def budget(self) -> list[Block]:

        _ = self._
        a = self.answers
        total, request, cofunding = self.rules.total, self.rules.request, self.rules.cofunding

        def share(value: Decimal | None) -> str:
            if value is None:
                return ""
            text = self.money(value)
            if total:
                rate = (value / total).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
                text += " " + _("({rate} du coût total)").format(rate=format_rate(rate, self.lang))
            return text

        rows = [
            (_(BY_KEY["total"].sheet), self.money(total) if total is not None else ""),
            (_(BY_KEY["request"].sheet), share(request)),
            (_(BY_KEY["cofunding"].sheet), share(cofunding)),
        ]
        if total is not None and request is not None and cofunding is not None:
            rest = total - request - cofunding
            rows.append((_("Autres financements (à préciser)"), share(rest) if rest else ""))
        ceilings = self.verdict.fiche.ceilings
        kind = self.rules.kind
        parts = self.rules.parts
        for part, entries in ceilings.items():
            entry = as_of(entries, self.verdict.as_of)
            if entry is None:
                continue
            ceiling = entry.value
            label = _("{part} (plafond {ceiling})").format(
                part=_(KIND_PARTS.get(part, part)), ceiling=self.money(ceiling)
            )
            value = ""
            amount = parts.get(part)
            if amount is not None and kind in KINDS:
                value = _("{amount} — votre réponse : « {kind} »").format(
                    amount=self.money(amount), kind=_(KINDS[kind])
                )
            rows.append((label, value))
        if "activity" in a:
            rows.append(self.row("activity"))
        return [Heading(_("Le budget")), Fields(tuple(rows))]

    def review(self) -> list[Block]:
        _ = self._
        points = [
            f"{_(STATUS_LABELS[c.status])} — {c.message}"
            for c in self.verdict.checks
            if c.status in STATUS_LABELS
        ]
        heading = Heading(
            _("Points à revoir (vérification du guide au {date})").format(
                date=self.date(self.verdict.as_of)
            )
        )
        if not points:
            return [
                heading,
                Para(
                    _(
                        "Aucun : le projet respecte les règles de la fiche que le guide a pu vérifier."
                    )
                ),
            ]
        return [heading, Bullets(tuple(points))]

    def criteria(self) -> list[Block]:
        _ = self._
        selection = self.k.call.get("selection", {})
        blocks: list[Block] = [Heading(_("Critères de sélection — à compléter"))]
        if selection.get("note"):
            blocks.append(Para(self.tr(selection, "note")))
        entries = self.data.get("criteria") or [
            {"heading": c, "heading_en": e, "guide": [], "prompt": "", "source": None}
            for c, e in zip(
                selection.get("criteria", []), selection.get("criteria_en", []), strict=False
            )
        ]
        for entry in entries:
            blocks.append(Heading(self.tr(entry, "heading"), 2))
            blocks.extend(Para(text, "guide") for text in self.tr(entry, "guide"))
            if entry.get("source"):
                doc = self.k.documents.get(entry["source"]["doc"], {})
                cite = f"{doc.get('title', '')} — {entry['source']['section']}".strip(" —")
                blocks.append(Para(_("Source : {source}").format(source=cite), "small"))
            if entry.get("prompt"):
                blocks.append(Para(self.tr(entry, "prompt"), "prompt"))
            blocks.append(Space(self.mine.get(entry.get("prefill") or "", "")))
        return blocks

    def contacts(self) -> list[Block]:
        _ = self._
        place = self.answers["place"]
        note = self.data.get("contacts_note")
        blocks: list[Block] = [Heading(_("Contacts"))]
        blocks.append(
            Para(
                _(
                    "Votre intercommunalité : {epci}. Contactez d'abord les techniciens de la "
                    "ville et de l'intercommunalité."
                ).format(epci=place["epci_name"])
            )
        )
        if note:
            blocks.append(Para(self.tr(note, "text"), "warning"))
        people = list(self.verdict.contacts)
        lines = [f"{p.name} — {p.phone} — {shown_email(p)}" for p in people]
        offices = []
        for p in people:
            office = f"{p.office}, {p.office_address}" if p.office_address else p.office
            if office and office not in offices:
                offices.append(office)
        blocks.append(
            Para(_("Vos contacts pour la fiche {n} :").format(n=self.verdict.fiche.number))
        )
        blocks.append(Bullets(tuple(lines + offices)))
        general = [p for p in self.verdict.general_contacts if p not in people]
        if general:
            blocks.append(Para(_("Contacts généraux de l'appel :")))
            blocks.append(
                Bullets(tuple(f"{p.name} — {p.phone} — {shown_email(p)}" for p in general))
            )
        return blocks

    def sources(self) -> list[Block]:
        _ = self._
        blocks: list[Block] = [Heading(_("Sources"))]
        for doc in self.k.documents.values():
            if doc.get("url"):
                blocks.append(Para(doc["title"]))
                blocks.append(Para(doc["url"], "small", url=doc["url"]))
        return blocks


def lead_snapshot(state: State, today: dt.date) -> str:
    """The snapshot as the lead's `sheet` column holds it (JSON text)."""
    return json.dumps(snapshot(state, today), ensure_ascii=False, sort_keys=True)
