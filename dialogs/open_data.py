"""The granted subsidies as open data: one row per granted lead in the SCDL « subventions »
schema (version 2.1.1, vendored in `dialogs/schemas`, its source in docs/open-data.md), the
file local authorities publish to say what they fund.

Nothing is invented: the attributor's facts come from the call's data package (`[open_data]`)
or from what staff type when they export (the Region's SIRET, whether the aid was notified to
the European Commission); the beneficiary's name and SIRET or RNA number only from what the
person gave for the fiche synthétique; the convention's date and the payment's terms only from
what staff recorded with the jury's decision. A granted lead missing a value the schema
requires is left out of the file and listed with what it lacks, so staff can complete it; a
person's own name is never published (only a structure's). Pure: no storage, no web.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogs.sheet_fields import siret_ok
from knowledge import Knowledge
from knowledge.i18n import N_

SCHEMA_PATH = Path(__file__).parent / "schemas" / "scdl-subventions-2.1.1.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FIELDS: tuple[str, ...] = tuple(field["name"] for field in SCHEMA["fields"])
OBJECT_LIMIT = 256  # the schema's maxLength for `objet`
PAYMENTS = ("unique", "échelonné")  # conditionsVersement (the schema's free « autre » aside)
PAYMENT_LABELS = {"unique": N_("en une fois"), "échelonné": N_("en plusieurs fois (échelonné)")}
EU_VALUES = ("oui", "non")  # notificationUE's true and false values
# What a granted lead may lack, in words for staff (the schema's required values).
MISSING = {
    "nomBeneficiaire": N_("nom de la structure bénéficiaire (fiche synthétique)"),
    "identifiant": N_("SIRET ou RNA de la structure (fiche synthétique)"),
    "objet": N_("objet (titre ou description du projet)"),
    "montant": N_("montant accordé"),
    "dateConvention": N_("date de la convention"),
    "conditionsVersement": N_("conditions de versement"),
    "datesPeriodeVersement": N_("date ou période de versement"),
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Attributor:
    """Who grants, for every row: the data package's facts, completed by staff at export."""

    name: str
    siret: str
    eu_notified: str  # "oui" / "non"
    nature: str
    scheme_id: str


def attributor(knowledge: Knowledge, siret: str = "", eu_notified: str = "") -> Attributor:
    """The attributor's facts: what staff typed wins over the data package's (empty) value."""
    data = knowledge.call.get("open_data", {})
    return Attributor(
        name=str(data.get("attributor", "")),
        siret=re.sub(r"\s", "", siret or str(data.get("attributor_siret", ""))),
        eu_notified=(eu_notified or str(data.get("eu_notified", ""))).strip().lower(),
        nature=str(data.get("nature", "")),
        scheme_id=str(data.get("scheme_id", "")),
    )


def attributor_problems(who: Attributor) -> list[str]:
    """What stops the whole file (untranslated, for `_`): no valid SIRET, no oui/non."""
    problems = []
    if not (re.fullmatch(r"\d{14}", who.siret) and siret_ok(who.siret)):
        problems.append(N_("le SIRET de l'attribuant (14 chiffres, clé de contrôle valide)"))
    if who.eu_notified not in EU_VALUES:
        problems.append(N_("si l'aide est notifiée à la Commission européenne (oui ou non)"))
    if not who.name or not who.nature:
        problems.append(N_("le nom de l'attribuant et la nature de l'aide (données de l'appel)"))
    return problems


@dataclass(frozen=True, slots=True)
class Rows:
    """The file's rows (dicts keyed by the schema's field names) and the granted leads left
    out, each with the MISSING keys it lacks."""

    rows: list[dict[str, str]]
    left_out: list[tuple[int, list[str]]]


def scdl_rows(leads: Iterable[Mapping[str, Any]], who: Attributor) -> Rows:
    """One row per granted lead that has every required value; the others listed apart."""
    rows: list[dict[str, str]] = []
    left_out: list[tuple[int, list[str]]] = []
    for lead in leads:
        row, missing = _row(lead, who)
        if missing:
            left_out.append((int(lead["number"]), missing))
        else:
            rows.append(row)
    return Rows(rows, left_out)


def _row(lead: Mapping[str, Any], who: Attributor) -> tuple[dict[str, str], list[str]]:
    sheet = _sheet_answers(lead.get("sheet"))
    registration = re.sub(r"\s", "", sheet.get("registration", "")).upper()
    valid = re.fullmatch(r"\d{14}", registration) and siret_ok(registration)
    siret = registration if valid else ""  # the key is checked at intake; again here
    rna = registration if re.fullmatch(r"W\d{9}", registration) else ""
    paid_from, paid_until = lead.get("paid_from") or "", lead.get("paid_until") or ""
    dates = f"{paid_from}/{paid_until}" if paid_from and paid_until else paid_from
    row = {
        "nomAttribuant": who.name,
        "idAttribuant": who.siret,
        "dateConvention": lead.get("convention_on") or "",
        "referenceDecision": _text(lead.get("decision_ref") or ""),
        "nomBeneficiaire": _text(sheet.get("structure", "")),
        "idBeneficiaire": siret,
        "rnaBeneficiaire": rna,
        "objet": _object(_text(sheet.get("title", "") or lead.get("description") or "")),
        "montant": str(lead.get("granted") or ""),
        "nature": who.nature,
        "conditionsVersement": lead.get("payment") or "",
        "datesPeriodeVersement": dates,
        "idRAE": "",  # the RAE lists aids to businesses; DSDT funds projects, none applies
        "notificationUE": who.eu_notified,
        "pourcentageSubvention": "1.00",  # one lead, one beneficiary: 100 %
        "dispositifAide": who.scheme_id,
    }
    # "identifiant": the schema's « one-of-required » check (a SIRET or an RNA number)
    missing = [key for key in MISSING if not row.get(key, siret or rna)]
    return row, missing


def _sheet_answers(snapshot: Any) -> dict[str, str]:
    """The fiche synthétique's answers kept with the lead (its `sheet` snapshot), if any."""
    try:
        answers = json.loads(snapshot)["answers"].get("sheet") if snapshot else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {k: str(v).strip() for k, v in answers.items()} if isinstance(answers, dict) else {}


def _object(text: str) -> str:
    """The project in at most 256 characters: a longer text is cut at a word, with « … »."""
    text = " ".join(text.split())
    if len(text) <= OBJECT_LIMIT:
        return text
    return text[: OBJECT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _text(text: str) -> str:
    """OWASP's CSV-injection rule, as the staff spreadsheet applies it: a cell a person typed
    that starts like a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA) else text


def scdl_csv(rows: Iterable[Mapping[str, str]]) -> str:
    """The file as the schema's format says: comma-separated, a header line of the field
    names in the schema's order, dates AAAA-MM-JJ, a decimal point; the caller encodes it
    in UTF-8 (no BOM)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
