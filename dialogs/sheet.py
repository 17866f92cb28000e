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
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dialogs.fields import plain_text, rules_input, unsure_mark
from dialogs.model import State
from dialogs.sheet_fields import LABELS, SHEET_FIELDS, applies
from dialogs.sheet_model import Block, Bullets, Fields, Heading, Para, Sheet, Space
from dialogs.table import BY_KEY, KINDS, QUESTIONS
from knowledge import Knowledge
from knowledge.contacts import dated_epci, shown_email
from knowledge.i18n import N_, gettext_for, long_date
from knowledge.model import Person, as_of
from knowledge.money import format_money, format_rate
from knowledge.rules import Answers, Verdict, evaluate, whom_to_ask
from knowledge.text import fold

SNAPSHOT_VERSION = 1
KIND_PARTS = {"investment": N_("Part investissement"), "operating": N_("Part fonctionnement")}
STATUS_LABELS = {"fail": N_("À revoir"), "warn": N_("Attention"), "unknown": N_("À préciser")}
NOT_APPLICABLE = "—"  # a known value: this line does not concern the project
# The answers this layout places itself (the applicant, the territory, the budget); any other
# question with a line on the sheet (its table entry's `sheet`) is printed under the project,
# so a new question reaches the sheet from its table entry alone.
LAID_OUT = frozenset(
    ("role", "fiche", "audience", "priority_area", "total", "request", "cofunding", "activity")
)


# ---------------------------------------------------------------------------- snapshot
def snapshot(state: State, today: dt.date) -> dict[str, Any]:
    """What a lead keeps to regenerate the sheet: plain JSON values, no file.

    The contact left for a call back (answers["contact"]) stays out: the lead holds it in its
    own column. The identity given for the sheet (answers["sheet"]) is in, since the sheet
    prints it; both are erased with the lead by /effacer."""
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


def rules_answers(answers: dict[str, Any]) -> Answers:
    """The stored answers as the rules read them: the verdict's own reading (one function),
    so the sheet never shows other amounts than the verdict checked."""
    return rules_input(answers)


def file_stem(prefix: str, name: str, day: dt.date) -> str:
    """A file name's stem from the project's title (or the commune) and the day: ASCII
    letters, digits and hyphens only, so no name the person typed can reach a path, a
    header or a shell; at most 40 characters of the name."""
    slug = "-".join(re.findall(r"[a-z0-9]+", fold(name)))[:40].strip("-")
    return "-".join(part for part in (prefix, slug, day.isoformat()) if part)


def sheet_verdict(knowledge: Knowledge, snap: dict[str, Any]) -> Verdict:
    """The verdict on a sheet's answers as of its day: what its notes say, and whether the
    call was closed then (the message that carries it then asks no one to file it)."""
    lang = str(snap.get("lang") or "fr")
    answers = snap["answers"]
    day = dt.date.fromisoformat(snap["as_of"])
    return evaluate(knowledge, rules_answers(answers), day, answers["place"]["territory"], lang)


def guide_notes(knowledge: Knowledge, snap: dict[str, Any]) -> list[str]:
    """The guide's own notes on a sheet, for the message that carries it (never in the
    document, which goes to the intercommunality as it is): a closed call, the points to
    review found by the verdict's checks."""
    lang = str(snap.get("lang") or "fr")
    _ = gettext_for(lang).gettext
    verdict = sheet_verdict(knowledge, snap)
    notes: list[str] = []
    if verdict.closed:
        notes.append(
            _(
                "⚠️ Attention : cet appel à projets ({year}) est clos, ses dates limites sont "
                "passées."
            ).format(year=knowledge.call["call"]["published"].year)
            + (" " + whom_to_ask(knowledge, lang)).rstrip()
        )
    points = [c for c in verdict.checks if c.status in STATUS_LABELS]
    if points:
        heading = (
            _("Points relevés par la vérification du guide au {date} :")
            if verdict.closed  # a closed call's sheet is sent to no one
            else _("Points à revoir avant de l'envoyer (vérification du guide au {date}) :")
        )
        notes.append(heading.format(date=long_date(verdict.as_of, lang)))
        notes.extend(f"• {_(STATUS_LABELS[c.status])} — {c.message}" for c in points)
    return notes


# ---------------------------------------------------------------------------- build
def build(knowledge: Knowledge, snap: dict[str, Any], lang: str | None = None) -> Sheet:
    """The sheet for a snapshot, in its language (or `lang`), as of the snapshot's day."""
    lang = lang or str(snap.get("lang") or "fr")
    answers: dict[str, Any] = snap["answers"]
    as_of = dt.date.fromisoformat(snap["as_of"])
    place = answers["place"]
    rules = rules_answers(answers)
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

    def row(self, key: str) -> tuple[str, str]:
        """An answer's line: its label on the sheet (the question table's) and its value."""
        return (
            self._(BY_KEY[key].sheet),
            plain_text(self._, key, self.answers, self.k, self.lang),
        )

    def epci(self) -> str:
        """The intercommunality as the verdict card names it: full name and its year."""
        return dated_epci(self.k, self.answers["place"]["epci_name"], self.lang)

    def field(self, name: str) -> tuple[str, str]:
        """One of the sheet's own answers as a labelled line (blank when skipped)."""
        return (self._(LABELS[name]), self.mine.get(name, ""))

    def sheet(self) -> Sheet:
        _ = self._
        call = self.k.call["call"]
        name = self.tr(call, "name")
        blocks: list[Block] = [
            Heading(_("Fiche synthétique"), 0),
            Para(
                _("Appel à projets « {name} » — Région {region}, {year}").format(
                    name=name, region=call["region"], year=call["published"].year
                ),
                "lead",
            ),
            *self.notice(),
            *self.applicant(),
            *self.project(),
            *self.territory(),
            *self.fiche(),
            *self.budget(),
            *self.criteria(),
            *self.signature(),
            *self.contacts(),
            *self.sources(),
        ]
        day = self.verdict.as_of
        title = self.mine.get("title") or self.answers["place"]["name"]
        files = self.k.region.files  # the call's short name for files ("dsdt")
        prefix = f"{files}-summary-sheet" if self.lang == "en" else f"fiche-synthetique-{files}"
        footer = _(
            "Appel à projets « {name} » — Région {region}\nFiche synthétique faite le {date}"
        ).format(name=name, region=call["region"], date=self.date(day))
        return Sheet(
            self.lang, _("Fiche synthétique"), file_stem(prefix, title, day), tuple(blocks), footer
        )

    def notice(self) -> list[Block]:
        """When and where the sheet is due (the call's calendar); once the call is closed
        (as the verdict says, as of the sheet's day), that it can no longer be filed and what
        is left to do instead of the filing instruction; once only the sheet's own date has
        passed, the verdict's own sentence (late, not said to be refused: see the
        intercommunality), so the document never says less than the verdict."""
        step = self.k.calendar.get("short_form")
        if step is None or step.deadline is None:
            return []
        if self.verdict.closed:
            closed = self._(
                "Cet appel à projets ({year}) est clos : la fiche synthétique devait être "
                "déposée au plus tard le {date}, elle ne peut plus l'être. Gardez-la pour "
                "mémoire, pour présenter votre projet."
            ).format(year=self.k.call["call"]["published"].year, date=self.date(step.deadline))
            return [Para(f"{closed} {whom_to_ask(self.k, self.lang)}".strip(), "lead")]
        late = next(
            (c for c in self.verdict.checks if c.id == "short_form_deadline" and c.status != "ok"),
            None,
        )
        if late is not None:  # the call is open, the sheet's own date passed: the verdict's words
            return [Para(late.message, "lead")]
        return [
            Para(
                self._("{label} au plus tard le {date}.").format(
                    label=step.label_in(self.lang), date=self.date(step.deadline)
                )
                + " "
                + step.detail_in(self.lang),
                "lead",
            )
        ]

    def applicant(self) -> list[Block]:
        """Who carries the project: a skipped answer stays a labelled blank to fill by hand."""
        _ = self._
        a = self.answers
        rows = [self.field("structure"), self.row("role")]
        rows += [
            self.field(name)
            for name in ("legal_form", "address", "contact_name", "phone", "email", "registration")
            if applies(name, a)
        ]
        return [Heading(_("Le porteur du projet")), Fields(tuple(rows))]

    def project(self) -> list[Block]:
        """What and for whom: the person's answers beside the lines left to fill in."""
        _ = self._
        return [
            Heading(_("Le projet")),
            Fields(
                (
                    self.field("title"),
                    (_(BY_KEY["fiche"].sheet), str(self.answers.get("description") or "")),
                    self.row("audience"),
                    *(
                        self.row(q.key)
                        for q in QUESTIONS
                        if q.sheet and q.key not in LAID_OUT and q.key in self.answers
                    ),
                    self.field("timing"),
                )
            ),
        ]

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
            (_("Intercommunalité (EPCI)"), self.epci()),
            (_("Territoire de la Région"), self.k.territory_name(place["territory"])),
        ]
        if "priority_area" in self.answers:
            rows.append(self.row("priority_area"))
        return [Heading(_("Le territoire")), Fields(tuple(rows))]

    def fiche(self) -> list[Block]:
        """The fiche as the verdict card names it, « à confirmer » when it is a guess."""
        fiche = self.verdict.fiche
        mark = unsure_mark(self._, self.answers)
        return [
            Heading(self._("La fiche de l'appel")),
            Fields(((self._("Fiche"), f"{fiche.number} — {fiche.title_in(self.lang)}{mark}"),)),
            Para(fiche.summary_in(self.lang)),
            Para(self._("Source : {source}").format(source=fiche.source.cite()), "small"),
        ]

    def budget(self) -> list[Block]:
        """The amounts as the verdict read them: a known value is written (0 €, « — »), an
        unknown one is a labelled blank; fiche 4's request shows its two parts."""
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

        rows = [(_(BY_KEY["total"].sheet), self.money(total) if total is not None else "")]
        kind = a.get("kind")
        if kind in KINDS and kind != "unknown":
            rows.append((_("Nature des dépenses"), _(KINDS[kind])))
        rows.append((_(BY_KEY["request"].sheet), share(request)))
        for part, entries in self.verdict.fiche.ceilings.items():
            entry = as_of(entries, self.verdict.as_of)
            if entry is None:
                continue
            label = _("{part} (plafond {ceiling})").format(
                part=_(KIND_PARTS.get(part, part)), ceiling=self.money(entry.value)
            )
            amount = self.rules.parts.get(part)
            if amount is not None:
                value = share(amount)
            elif kind in KIND_PARTS and kind != part:
                value = NOT_APPLICABLE  # known: an operating-only project has no investment
            else:
                value = ""
            rows.append((label, value))
        rows.append((_(BY_KEY["cofunding"].sheet), share(cofunding)))
        rest = None
        if total is not None and request is not None and cofunding is not None:
            rest = total - request - cofunding
        rows.append(
            (_("Autres financements"), share(rest) if rest is not None and rest >= 0 else "")
        )
        if "activity" in a and self.rules.has_structure:
            rows.append(self.row("activity"))
        return [Heading(_("Le budget")), Fields(tuple(rows))]

    def criteria(self) -> list[Block]:
        _ = self._
        selection = self.k.call.get("selection", {})
        blocks: list[Block] = [Heading(_("Critères de sélection"))]
        entries = self.data.get("criteria") or [
            {"heading": c, "heading_en": e, "guide": [], "prompt": "", "source": None}
            for c, e in zip(
                selection.get("criteria", []), selection.get("criteria_en", []), strict=False
            )
        ]
        note = self.tr(selection, "note") if selection.get("note") else ""
        quoted = fold(" ".join(text for e in entries for text in self.tr(e, "guide")))
        if note and fold(note).rstrip(" .") not in quoted:  # said once: a criterion may quote it
            blocks.append(Para(note))
        for entry in entries:
            blocks.append(Heading(self.tr(entry, "heading"), 2))
            blocks.extend(Para(text, "guide", keep=True) for text in self.tr(entry, "guide"))
            if entry.get("source"):
                doc = self.k.documents.get(entry["source"]["doc"], {})
                cite = f"{doc.get('title', '')} — {entry['source']['section']}".strip(" —")
                blocks.append(Para(_("Source : {source}").format(source=cite), "small", keep=True))
            if entry.get("prompt"):
                blocks.append(Para(self.tr(entry, "prompt"), "prompt", keep=True))
            blocks.append(Space(self.mine.get(entry.get("prefill") or "", "")))
        return blocks

    def signature(self) -> list[Block]:
        """Where, when and who signs: blanks to fill by hand, and a box for the signature."""
        _ = self._
        return [
            Heading(_("Date et signature")),
            Fields(
                (
                    (_("Fait à"), ""),
                    (_("Date"), ""),
                    (_("Nom et qualité du signataire"), ""),
                ),
                keep=True,
            ),
            Para(_("Signature (et cachet de la structure, s'il y a lieu) :"), "prompt", keep=True),
            Space(lines=4, write=False),
        ]

    def contacts(self) -> list[Block]:
        _ = self._
        note = self.data.get("contacts_note")
        blocks: list[Block] = [Heading(_("Contacts"))]
        blocks.append(
            Para(
                _(
                    "Votre intercommunalité : {epci}. Contactez d'abord les techniciens de la "
                    "ville et de l'intercommunalité."
                ).format(epci=self.epci())
            )
        )
        if note:
            blocks.append(Para(self.tr(note, "text"), "warning"))
        people = list(self.verdict.contacts)
        blocks.append(
            Para(_("Vos contacts pour la fiche {n} :").format(n=self.verdict.fiche.number))
        )
        blocks.append(Bullets(tuple(_contact(p) for p in people)))
        shown = {p.id for p in people}  # one person once, with the address of their fiche
        general = [p for p in self.verdict.general_contacts if p.id not in shown]
        if general:
            blocks.append(Para(_("Contacts généraux de l'appel :")))
            blocks.append(Bullets(tuple(_contact(p) for p in general)))
        return blocks

    def sources(self) -> list[Block]:
        _ = self._
        blocks: list[Block] = [Heading(_("Sources"))]
        for doc in self.k.documents.values():
            if doc.get("url"):
                blocks.append(Para(doc["title"]))
                blocks.append(Para(doc["url"], "small", url=doc["url"]))
        return blocks


def _contact(person: Person) -> str:
    """A person's line on the sheet, in both lists: name, phone, e-mail as printed, and the
    office the document names for them on their own line (the DPIR for CASTEL and AUTIN, the
    Direction de l'Aménagement Durable for DOLEZ; none for FACON or ANTOINE), so no office is
    read as another person's."""
    parts = (person.name, person.phone, shown_email(person), person.office, person.office_address)
    return " — ".join(part for part in parts if part)


def lead_snapshot(state: State, today: dt.date) -> str:
    """The snapshot as the lead's `sheet` column holds it (JSON text)."""
    return json.dumps(snapshot(state, today), ensure_ascii=False, sort_keys=True)
