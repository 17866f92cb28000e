"""Staff-facing wording of leads, transcripts, search hits and statistics.

Plain text with `escape` applied to everything a person typed, so the same text serves the
terminal (identity escape) and Telegram's HTML mode (html.escape). French first, English through
the gettext catalog like every other text people read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from dialogs.model import CAPTION, SHARED_CONTACT, SHARED_LOCATION
from knowledge.contacts import dated_epci
from knowledge.i18n import N_, gettext_for, plurals_for
from knowledge.local_time import local_time
from knowledge.money import format_money
from knowledge.text import html_words

if TYPE_CHECKING:
    from knowledge.loader import Knowledge

Escape = Callable[[str], str]

STATUS_LABELS = {"nouveau": N_("nouveau"), "contacté": N_("contacté"), "clos": N_("clos")}
# The verdict as staff read it, in the words of the queue's verdict filter: from the lead's
# `verdict` column (the rules' statuses, deadlines aside, kept by a trigger in SQL), never
# « éligible » — the bot checks rules, the juries decide. The statistics' outcome is the same
# verdict under the same keys (the counters count the column); whether the call was closed is
# counted on a line of its own, since in 2026 it is for every lead.
VERDICT_LABELS = {
    "fine": N_("tout est bon"),
    "review": N_("points à vérifier"),
    "refused": N_("une règle n'est pas respectée"),
}
CHECK_LABELS = {
    "floor": N_("plancher"),
    "ceiling": N_("plafond"),
    "cofunding": N_("cofinancement"),
    "priority_area": N_("quartier prioritaire"),
    "activity_funding": N_("financement d'activité"),
    "short_form_deadline": N_("date de la fiche synthétique"),
    "full_file_deadline": N_("date du dossier complet"),
    "intercommunality": N_("intercommunalité"),
}
# A check's state as staff read it (the console's lead page, the spreadsheet).
CHECK_STATES = {
    "ok": N_("respecté"),
    "fail": N_("non respecté"),
    "warn": N_("à surveiller"),
    "unknown": N_("à vérifier"),
}
Words = Callable[[str, Any], str]
ButtonWords = Callable[[str], "str | None"]


def _plain(text: str) -> str:
    return text


def _as_stored(column: str, value: Any) -> str:
    return "?" if value is None or value == "" else str(value)


def _no_table(data: str) -> str | None:
    return None


def check_label(name: str, lang: str = "fr") -> str:
    """A rule of the verdict in words; a rule unknown here is named, never shown as its id."""
    _ = gettext_for(lang).gettext
    return _(CHECK_LABELS[name]) if name in CHECK_LABELS else _("autre vérification")


def transcript_texts(
    rows: list[dict[str, Any]], lang: str = "fr", table: ButtonWords = _no_table
) -> list[str]:
    """What each message said, as the person saw it: a tapped button is the label that button
    showed (read from the bot's message that carried it, so in the conversation's language),
    else the question table's words for it (`table`), never its data ("3|audience:youth").
    The bot's own messages are Telegram HTML: their words, without tags or entities, so
    every view (Telegram, console, command line) escapes them as it escapes anything else."""
    _ = gettext_for(lang).gettext
    shown_labels: dict[str, str] = {}
    texts = []
    for row in rows:
        text = row.get("text") or ""
        if row["direction"] == "out":
            text = html_words(text)
            for button in json.loads(row.get("buttons") or "[]"):
                if len(button) == 2:
                    shown_labels[str(button[1])] = str(button[0])
        elif row.get("kind") == "choice":
            label = shown_labels.get(text) or table(text)
            text = f"[{label}]" if label else _("[un bouton qui n'est plus affiché]")
        elif row.get("kind") == "other" and text.startswith(CAPTION):
            text = _("[un fichier, avec la légende : {words}]").format(words=text[len(CAPTION) :])
        elif row.get("kind") == "other" and text.startswith(SHARED_CONTACT):
            text = _("[une fiche contact : {phone}]").format(phone=text[len(SHARED_CONTACT) :])
        elif row.get("kind") == "other" and text == SHARED_LOCATION:
            text = _("[une position partagée]")
        elif row.get("kind") == "other":
            text = _("[un fichier ou un média]")
        texts.append(text)
    return texts


def when(iso: str | None, lang: str = "fr", *, zone: str) -> str:
    """'27/11/2014 10:32' in the region's time zone (its package's `region.time_zone`): how
    staff read dates."""
    return local_time(iso, zone)  # the same in both languages: the export's, too


def _money(value: Any, lang: str) -> str:
    return format_money(Decimal(str(value)), lang) if value is not None else "?"


def outcome(lead: dict[str, Any], lang: str = "fr") -> str:
    """The verdict in the queue filter's words, the rules not respected named, and whether
    the call was closed when the person asked."""
    _ = gettext_for(lang).gettext
    checks = json.loads(lead.get("checks") or "{}")
    verdict = lead.get("verdict") or verdict_of(checks)
    text = _(VERDICT_LABELS.get(verdict, VERDICT_LABELS["review"]))
    failed = [
        check_label(check, lang)
        for check, status in checks.items()
        if status == "fail" and not check.endswith("deadline")
    ]
    if failed:
        text = f"{text} ({', '.join(failed)})"
    return _("{verdict}, appel clos").format(verdict=text) if lead.get("call_closed") else text


def verdict_of(checks: dict[str, str]) -> str:
    """The verdict of a lead's rule statuses, deadlines aside, for a lead read without its
    `verdict` column: the Python twin of `storage.queue_schema._VERDICT_SQL` (a test keeps
    them in step)."""
    statuses = [status for check, status in checks.items() if not check.endswith("_deadline")]
    if "fail" in statuses:
        return "refused"
    if any(status in ("warn", "unknown") for status in statuses):
        return "review"
    return "fine"


def staff_epci(knowledge: Knowledge, lang: str) -> Callable[[str | None], str]:
    """`epci(name)`: a lead's intercommunality as staff read it, its official short name with
    the year of that name (`knowledge.contacts.dated_epci`, as people read it in the dialog):
    the data names 2026's intercommunalities beside a 2014 call. "?" when there is none."""
    return lambda name: dated_epci(knowledge, name, lang, short=True) if name else "?"


def lead_line(
    lead: dict[str, Any],
    lang: str = "fr",
    escape: Escape = _plain,
    *,
    zone: str,
    epci: Callable[[str | None], str],
) -> str:
    """One line of /leads: number, date, who, where, fiche, amount, verdict, status, contact.
    `epci` names the intercommunality with its year (`staff_epci`)."""
    _ = gettext_for(lang).gettext
    contact = " 📞" if lead.get("wants_contact") else ""
    return _(
        "n° {number} · {date} · {who} · {commune} — {epci} · fiche {fiche} · {request} · "
        "{outcome} · {status}{contact}"
    ).format(
        number=lead["number"],
        date=when(lead["created_at"], lang, zone=zone)[:10],
        who=escape(lead.get("first_name") or "?"),
        commune=escape(lead.get("commune") or "?"),
        epci=escape(epci(lead.get("epci"))),
        fiche=lead.get("fiche") or "?",
        request=_money(lead.get("request"), lang),
        outcome=outcome(lead, lang),
        status=_(STATUS_LABELS.get(lead["status"], lead["status"])),
        contact=contact,
    )


def lead_card(
    lead: dict[str, Any],
    territory_name: Callable[[str], str],
    lang: str = "fr",
    escape: Escape = _plain,
    words: Words = _as_stored,
    label: Callable[[str], str] = _plain,
    *,
    zone: str,
    epci: Callable[[str | None], str],
) -> str:
    """The whole lead, as staff read it before calling the person back. `words` turns a
    coded answer into the words of its button and `label` names a column (the question
    table's, passed in by the adapters: storage knows nothing of the dialog); `epci` names
    the intercommunality with its year (`staff_epci`)."""
    _ = gettext_for(lang).gettext
    lines = [
        _("Demande n° {number} — {status}").format(
            number=lead["number"], status=_(STATUS_LABELS.get(lead["status"], lead["status"]))
        ),
        _("Créée le {date}, par {who} ({role})").format(
            date=when(lead["created_at"], lang, zone=zone),
            who=escape(lead.get("first_name") or "?"),
            role=escape(words("role", lead.get("role"))),
        ),
        _("Commune : {commune} — {epci} — {territory}").format(
            commune=escape(lead.get("commune") or "?"),
            epci=escape(epci(lead.get("epci"))),
            territory=territory_name(lead.get("territory") or "?"),
        ),
        _(
            "Fiche {fiche} · demandé {request} sur {total} · cofinancement local {cofunding}"
        ).format(
            fiche=lead.get("fiche") or "?",
            request=_money(lead.get("request"), lang),
            total=_money(lead.get("total"), lang),
            cofunding=_money(lead.get("cofunding"), lang),
        ),
        _("Verdict : {outcome}").format(outcome=outcome(lead, lang)),
        _("Public : {audience}").format(audience=escape(words("audience", lead.get("audience")))),
    ]
    for column in ("kind", "priority_area", "activity_funding"):
        if lead.get(column):
            lines.append(
                _("{label} : {value}").format(
                    label=label(column), value=escape(words(column, lead[column]))
                )
            )
    if lead.get("description"):
        lines.append(_("Projet : {text}").format(text=escape(lead["description"])))
    if lead.get("wants_contact"):
        lines.append(
            _("📞 Souhaite être recontacté·e : {contact}").format(
                contact=escape(lead.get("contact") or "?")
            )
        )
    else:
        lines.append(_("N'a pas demandé à être recontacté·e."))
    if lead.get("contacts"):
        lines.append(_("Contacts indiqués : {names}").format(names=escape(lead["contacts"])))
    if lead.get("note"):
        lines.append(_("Notes :\n{note}").format(note=escape(lead["note"])))
    return "\n".join(lines)


def transcript_lines(
    rows: list[dict[str, Any]],
    lang: str = "fr",
    escape: Escape = _plain,
    table: ButtonWords = _no_table,
    *,
    zone: str,
) -> list[str]:
    """One line per message, marked ← (the person) or → (the bot), with its time; a tapped
    button as its label (see `transcript_texts`)."""
    lines = []
    for row, text in zip(rows, transcript_texts(rows, lang, table), strict=True):
        arrow = "←" if row["direction"] == "in" else "→"
        lines.append(f"{when(row['created_at'], lang, zone=zone)[11:]} {arrow} {escape(text)}")
    return lines


def pack(lines: list[str], limit: int = 3500) -> list[str]:
    """Group lines into messages under Telegram's 4096-character limit (long lines cut)."""
    messages: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            messages.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) + 1 > limit:
            messages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        messages.append(current)
    return messages


def searched_line(terms: Sequence[str], syntax: bool, lang: str = "fr") -> str:
    """What a staff search looked for, said back: the words (`storage.staff.search_terms`),
    and, when search syntax was typed (« jardin AND », « -jardin », « "jardin », « * »),
    that it is not read as such, so nobody takes « -jardin »'s hits for « without jardin ».
    Empty for a plain search. Plain text: escape before HTML."""
    _ = gettext_for(lang).gettext
    if not terms:
        return _(
            "Aucun mot à chercher : écrivez des mots ou un numéro de téléphone "
            "(par exemple « jardin »)."
        )
    if not syntax:
        return ""
    return _(
        "Mots cherchés, chacun tel quel et tous ensemble : {words} (AND, OR, NOT, NEAR, "
        "le tiret, l'étoile et les guillemets ne sont pas des opérateurs)."
    ).format(words=", ".join(f"« {term} »" for term in terms))


def search_hits(
    hits: list[dict[str, Any]],
    lang: str = "fr",
    escape: Escape = _plain,
    *,
    zone: str,
    searched: Sequence[str],
    syntax: bool = False,
) -> str:
    """/search's answer: one line per hit, after what was searched when it needs saying."""
    _ = gettext_for(lang).gettext
    said = searched_line(searched, syntax, lang)
    if not searched:
        return escape(said)
    lines = [escape(said)] if said else []
    if not hits:
        lines.append(
            _("Aucune demande ni conversation ne les contient tous.")
            if said  # the words were just listed
            else _("Aucune demande ni conversation ne contient tous ces mots : {words}.").format(
                words=escape(", ".join(f"« {term} »" for term in searched))
            )
        )
    for hit in hits:
        label = (
            _("n° {number}").format(number=hit["number"])
            if hit.get("number")
            else _("conversation sans verdict")
        )
        lines.append(
            f"• {label} ({when(hit['created_at'], lang, zone=zone)[:10]}) : "
            f"{escape(hit['snippet'])}"
        )
    return "\n".join(lines)


def stats_text(
    stats: dict[str, dict[str, Any]], territory_name: Callable[[str], str], lang: str = "fr"
) -> str:
    _ = gettext_for(lang).gettext
    plurals = plurals_for(lang)
    titles = {
        "7": _("7 derniers jours"),
        "30": _("30 derniers jours"),
        "all": _("Depuis le début"),
    }
    blocks = []
    for period, data in stats.items():

        def join(items: dict[str, int], label: Callable[[str], str]) -> str:
            return ", ".join(f"{label(k)} {n}" for k, n in items.items()) or "—"

        blocks.append(
            "\n".join(
                [
                    titles[period],
                    _("Conversations commencées : {n}").format(n=data["started"]),
                    plurals.ngettext(
                        "Verdicts rendus : {n} (dont {c} demande de contact)",
                        "Verdicts rendus : {n} (dont {c} demandes de contact)",
                        data["wants_contact"],
                    ).format(n=data["verdicts"], c=data["wants_contact"]),
                    _("Par fiche : {items}").format(
                        items=join(data["by_fiche"], lambda k: _("fiche {n}").format(n=k))
                    ),
                    _("Par territoire : {items}").format(
                        items=join(data["by_territory"], territory_name)
                    ),
                    _("Par résultat (dates limites à part) : {items}").format(
                        items=join(data["by_outcome"], lambda k: _(VERDICT_LABELS.get(k, k)))
                    ),
                    _("Appel clos (dates limites passées) : {n}").format(n=data["call_closed"]),
                    _("Par statut : {items}").format(
                        items=join(data["by_status"], lambda k: _(STATUS_LABELS.get(k, k)))
                    ),
                ]
            )
        )
    return "\n\n".join(blocks)


def clip(text: str, limit: int = 4000) -> str:
    """Cut a staff message that would not fit one Telegram message (4,096 characters) and end
    it with "…", so it is still sent with its buttons. Never cuts inside an HTML entity
    ("&amp;") the escaping made, which Telegram would refuse."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def staff_help(lang: str = "fr", *, console: bool = True) -> str:
    """What allow-listed staff can do in Telegram: said when they type a command the bot does
    not know (a typo of /leads), where a project holder gets the public answer. `console`:
    whether /console can send a link (CONSOLE_URL set)."""
    _ = gettext_for(lang).gettext
    lines = [
        _("Je ne connais pas cette commande. Vos commandes (équipe régionale) :"),
        _("/leads [territoire | fiche N | statut] — les demandes, les plus récentes d'abord"),
        _("/lead N — une demande : sa conversation, puis sa carte et ses boutons"),
        _("/search MOTS — chercher dans les demandes et les conversations"),
        _("/export [depuis AAAA-MM-JJ] — le tableur des demandes"),
        _("/stats — les statistiques"),
        _("/note N texte — ajouter une note à une demande"),
    ]
    if console:
        lines.append(_("/console — un lien de connexion à la console web"))
    lines.append(_("/start — la conversation telle qu'un porteur de projet la voit"))
    return "\n".join(lines)
