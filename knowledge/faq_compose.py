"""A FAQ answer composed from the data: placeholders filled, the question's details used.

Answers hold placeholders ({floor_1}, {full_file_deadline}…) filled from the other data files,
so an amount or a date is written once, in fiches.toml or call.toml, and the FAQ follows it.
A question's details compose the rest: the contacts for *that* place and fiche, the floor of
*that* fiche, "1 500 € is under the 2 000 € floor of fiches 1 and 2". The matcher that picks
the entry is knowledge/faq.py.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from knowledge.checks import join_numbers
from knowledge.contact_roles import roles
from knowledge.contacts import (
    contact_lines,
    contacts_for,
    dated_epci,
    domain_note,
    validity_note,
)
from knowledge.faq_checks import holds
from knowledge.faq_details import Details
from knowledge.faq_entries import Entry
from knowledge.i18n import gettext_for, long_date, number_word
from knowledge.model import Person, as_of
from knowledge.money import format_money, format_rate
from knowledge.rules import whom_to_ask

if TYPE_CHECKING:
    from knowledge.loader import Knowledge


class Composer:
    """Renders the entries of one loaded call."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def render(self, entry: Entry, lang: str, today: dt.date, details: Details) -> str:
        """The entry's answer with its placeholders filled and the question's details used."""
        text = entry.answer_en if lang == "en" else entry.answer
        values = _facts(self.knowledge, lang, today)
        if entry.action == "contacts_for_place":
            values["place_contacts"] = self._place_contacts(details, lang)
        if entry.named:
            values["named"] = _named(entry, details, lang).format_map(values)
            if not values["named"]:  # nothing named: the paragraph goes on as one
                text = text.replace("\n{named}\n", " ")
        # An empty placeholder at the end ({deadline_note} before the deadlines) leaves no blank
        text = re.sub(r"\n{3,}", "\n\n", text.format_map(values)).strip()
        more = entry.unnamed_en if lang == "en" else entry.unnamed
        if more and not details.fiches and not details.kind:
            text += " " + more.format_map(values)
        if any(p.phone in text for p in self.knowledge.people.values()):  # from 2014, as written
            text += (
                "\n"
                + validity_note(self.knowledge, lang)
                + " "
                + domain_note(self.knowledge, lang)
            )
        lead = ""
        if entry.action == "floor":
            lead = self._floor_lead(details, lang, today)
        elif entry.action == "ceiling":
            lead = self._ceiling_lead(details, lang, today)
        elif entry.silent == "cofunding":
            lead = self._cofunding_lead(details, lang, today)
        elif entry.action == "contacts_named" and details.people:  # "le numéro de Mme Dolez"
            # and what each is the resource person for (« pour quel territoire… ? », faq8)
            said = [roles(self.knowledge, p, lang) for p in details.people]
            lead = _people(self.knowledge, details.people)
            lead += "".join("\n" + r for r in said if r)
        return f"{lead}\n\n{text}" if lead else text

    def _place_contacts(self, details: Details, lang: str) -> str:
        """'Je suis à Lens, j'appelle qui ?': the contacts for the place (and fiche) named."""
        _ = gettext_for(lang).gettext
        k = self.knowledge
        place = details.place
        if place is not None and place.outside:
            return (
                _(
                    "{place} n'est pas {in} : cet appel ne concerne que les communes de "
                    "{these}. Contacts généraux :"
                ).format(place=place.label, **k.region.words_in(lang))
                + "\n"
                + _people(k, k.general_contacts)
            )
        if place is None or not place.territory:
            intro = (
                _("Dites-moi votre commune et je vous dirai qui appeler. En attendant :")
                if place is None
                else _(
                    "{place} s'étend sur deux sous-territoires : dites-moi votre commune et je "
                    "vous dirai qui appeler. En attendant :"
                ).format(place=dated_epci(k, place.label, lang))
            )
            return intro + "\n" + _people(k, k.general_contacts)
        epci = dated_epci(k, place.epci_name, lang) if place.epci_name else "?"
        territory = k.territory_name(place.territory)
        if place.epci_name:
            lines = [
                f"{place.label} — {epci} — {territory}",
                _("Sous-territoire : notre lecture, d'après l'arrondissement de la commune."),
            ]
        elif place.label != territory:  # an area named after its town (« le Boulonnais »)
            lines = [
                f"{place.label} — {territory}",
                _(
                    "Sous-territoire : notre lecture, d'après l'arrondissement dont la ville "
                    "donne son nom à ce territoire."
                ),
            ]
        else:  # the sub-territory itself was named ("contact Littoral")
            lines = [territory]
        wanted = details.fiche
        if wanted is not None:  # the fiche named in the question: its contacts only
            lines.append(_("Fiche {n} :").format(n=wanted))
            lines.append(contact_lines(contacts_for(k, wanted, place.territory)))
        else:
            for numbers, people in _contact_groups(k, place.territory):
                lines.append(_fiches_label(k, numbers, lang))
                lines.append(contact_lines(people))
        lines.append(
            _(
                "Avant tout, prenez contact avec les techniciens de votre ville et de "
                "l'intercommunalité, {epci}."
            ).format(epci=epci)
            if place.epci_name
            else _(
                "Avant tout, prenez contact avec les techniciens de votre ville et de votre "
                "intercommunalité."
            )
        )
        return "\n".join(lines)

    def _floor_lead(self, details: Details, lang: str, today: dt.date) -> str:
        """The floor of each fiche the question names, then where its amount stands."""
        _ = gettext_for(lang).gettext
        lines = []
        for number in details.fiches:
            floor = as_of(self.knowledge.fiches[number].floor, today)
            if floor is not None:
                lines.append(
                    _("Fiche {n} : demande minimale de {floor}.").format(
                        n=number, floor=format_money(floor.value, lang)
                    )
                )
        return "\n".join(lines + self._amount_lines(details, lang, today))

    def _ceiling_lead(self, details: Details, lang: str, today: dt.date) -> str:
        """The ceilings for the fiche and kind of spending the question names, then where its
        amount stands."""
        _ = gettext_for(lang).gettext
        lines = []
        named = list(details.fiches)
        if not named and details.kind:  # "salarier un médiateur, c'est quoi le plafond ?"
            named = [n for n, f in self.knowledge.fiches.items() if f.ceilings]
        capped = [n for n, f in sorted(self.knowledge.fiches.items()) if f.ceilings]
        for number in named:
            fiche = self.knowledge.fiches[number]
            if not fiche.ceilings and capped:
                # what the documents allow: a fiche's text lists no ceiling; that it has none
                # is more than they say (faq6 pass: « la fiche 2 ne fixe pas de plafond » was
                # a confident answer to a question the documents do not answer)
                lines.append(
                    _(
                        "Pour la fiche {n}, les documents de l'appel ne le disent pas : "
                        "le cadre d'intervention ne donne de plafond que pour {capped}."
                    ).format(n=number, capped=_fiche_list(capped, lang, article=True))
                )
            elif not fiche.ceilings:
                lines.append(
                    _("Les documents de l'appel ne le disent pas : ils ne donnent aucun plafond.")
                )
            for kind, ceiling in self._ceilings(number, details.kind, today):
                lines.append(
                    _("Fiche {n} : plafond de {ceiling} {kind}.").format(
                        n=number, ceiling=format_money(ceiling, lang), kind=_kind(kind, lang)
                    )
                )
        return "\n".join(lines + self._amount_lines(details, lang, today))

    def _cofunding_lead(self, details: Details, lang: str, today: dt.date) -> str:
        """For a fiche the question names whose text gives no co-funding rate, the documents'
        silence first (faq8 pass: « le taux minimum de cofinancement pour la fiche 4 ? » was
        answered with fiches 1 to 3's rate as if it were fiche 4's)."""
        _ = gettext_for(lang).gettext
        fiches = sorted(self.knowledge.fiches.items())
        rated = [n for n, f in fiches if as_of(f.cofunding_min_rate, today) is not None]
        lines = [
            _(
                "Pour la fiche {n}, les documents de l'appel ne le disent pas : le cadre "
                "d'intervention ne donne de taux de cofinancement que pour {rated}."
            ).format(n=number, rated=_fiche_list(rated, lang, article=True))
            for number in details.fiches
            if rated and number not in rated
        ]
        return "\n".join(lines)

    def _ceilings(
        self, number: int, kind: str | None, today: dt.date
    ) -> list[tuple[str, Decimal]]:
        """(kind, ceiling) of a fiche as of today, only the kind asked about when known."""
        out = []
        for fiche_kind, entries in self.knowledge.fiches[number].ceilings.items():
            ceiling = as_of(entries, today)
            if ceiling is not None and kind in (None, fiche_kind):
                out.append((fiche_kind, ceiling.value))
        return out

    def _amount_lines(self, details: Details, lang: str, today: dt.date) -> list[str]:
        """ "1 500 € est en dessous du plancher de 2 000 € (fiches 1 et 2)": the amount the
        question names against the floors and ceilings of the fiches it names (or all)."""
        amount = details.amount
        if amount is None:
            return []
        _ = gettext_for(lang).gettext
        money = format_money(amount, lang)
        fiches = list(details.fiches) or sorted(self.knowledge.fiches)
        under: dict[Decimal, list[int]] = {}
        fine = []
        lines = []
        for number in fiches:
            floor = as_of(self.knowledge.fiches[number].floor, today)
            if floor is not None and amount < floor.value:
                under.setdefault(floor.value, []).append(number)
                continue
            over = [(k, c) for k, c in self._ceilings(number, details.kind, today) if amount > c]
            for kind, ceiling in over:
                lines.append(
                    _("{amount} dépasse le plafond de {ceiling} {kind} (fiche {n}).").format(
                        amount=money,
                        ceiling=format_money(ceiling, lang),
                        kind=_kind(kind, lang),
                        n=number,
                    )
                )
            if not over:
                fine.append(number)
        lines = [
            _("{amount} est en dessous du plancher de {floor} ({fiches}).").format(
                amount=money, floor=format_money(floor_value, lang), fiches=_fiche_list(n, lang)
            )
            for floor_value, n in sorted(under.items())
        ] + lines
        capped = [n for n in fine if self.knowledge.fiches[n].ceilings]
        uncapped = [n for n in fine if not self.knowledge.fiches[n].ceilings]
        if capped:
            lines.append(
                _("{amount} est dans les limites ({fiches}).").format(
                    amount=money, fiches=_fiche_list(capped, lang)
                )
            )
        if uncapped:  # "dans les limites" would claim a ceiling the documents do not state
            said = gettext_for(lang).ngettext(
                "{amount} atteint le plancher ({fiches}), pour laquelle les documents n'indiquent pas "
                "de plafond.",
                "{amount} atteint le plancher ({fiches}), pour lesquelles les documents n'indiquent "
                "pas de plafond.",
                len(uncapped),
            )
            lines.append(said.format(amount=money, fiches=_fiche_list(uncapped, lang)))
        return lines


def _named(entry: Entry, details: Details, lang: str) -> str:
    """What the answer says of each thing the question names (faq.toml `named`, in their
    order), or of none (the item without words) when it names none of them."""
    said = [n for n in entry.named if n.words and holds(details.text, n.words)]
    if not said:
        said = [n for n in entry.named if not n.words]
    return "\n".join(n.text_en if lang == "en" else n.text for n in said)


def _kind(kind: str, lang: str) -> str:
    _ = gettext_for(lang).gettext
    return {"investment": _("en investissement"), "operating": _("en fonctionnement")}.get(
        kind, kind
    )


def _fiche_list(numbers: list[int], lang: str, article: bool = False) -> str:
    """« fiche 4 », « fiches 3 et 4 »; with `article`, « la fiche 4 », « les fiches 3 et 4 »."""
    _ = gettext_for(lang).gettext
    if len(numbers) == 1:
        one = _("la fiche {n}") if article else _("fiche {n}")
        return one.format(n=numbers[0])
    joined = ", ".join(str(n) for n in numbers[:-1])
    several = _("les fiches {first} et {last}") if article else _("fiches {first} et {last}")
    return several.format(first=joined, last=numbers[-1])


def _contact_groups(
    knowledge: Knowledge, territory: str | None
) -> list[tuple[list[int], tuple[Person, ...]]]:
    """The call's fiches grouped by the people routed for them in this sub-territory, in the
    order of the fiches: fiches sharing their contacts, as their sections print them, share
    one line ("Fiches 2, 3")."""
    groups: dict[tuple[Person, ...], list[int]] = {}
    for number in sorted(knowledge.fiches):
        people = tuple(contacts_for(knowledge, number, territory))
        groups.setdefault(people, []).append(number)
    return [(numbers, people) for people, numbers in groups.items()]


def _fiches_label(knowledge: Knowledge, numbers: list[int], lang: str) -> str:
    """'Fiches 1 à 3 :' for a run of fiches, 'Fiche 4 (gestion urbaine de proximité) :' for one."""
    _ = gettext_for(lang).gettext
    if len(numbers) == 1:
        title = knowledge.fiches[numbers[0]].short_title_in(lang).lower()
        return _("Fiche {n} ({title}) :").format(n=numbers[0], title=title)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return _("Fiches {first} à {last} :").format(first=numbers[0], last=numbers[-1])
    return _("Fiches {numbers} :").format(numbers=join_numbers(numbers, lang))


def _people(knowledge: Knowledge, ids: tuple[str, ...]) -> str:
    return contact_lines(knowledge.people[i] for i in ids)


def _facts(knowledge: Knowledge, lang: str, today: dt.date) -> dict[str, str]:
    """Every value an answer may quote, formatted for the language, as of `today`."""
    values: dict[str, str] = {
        "call_name": knowledge.call["call"]["name_en" if lang == "en" else "name"],
        "general_contacts": _people(knowledge, knowledge.general_contacts),
    }
    count = number_word(len(knowledge.fiches), lang)
    values["fiche_count"] = count  # "quatre": the fiches as the call's data lists them
    values["fiche_count_capital"] = count.capitalize()
    values["fiche_list"] = "\n".join(
        f"{number}. {fiche.title_in(lang)}" for number, fiche in knowledge.fiches.items()
    )
    values["fiche_short_list"] = ", ".join(
        f"{number} {fiche.short_title_in(lang).lower()}"
        for number, fiche in knowledge.fiches.items()
    )
    for number, fiche in knowledge.fiches.items():
        values[f"fiche_{number}_title"] = fiche.title_in(lang)
        values[f"fiche_{number}_summary"] = fiche.summary_in(lang)
        floor = as_of(fiche.floor, today)
        values[f"floor_{number}"] = format_money(floor.value, lang) if floor else "—"
        rate = as_of(fiche.cofunding_min_rate, today)
        values[f"cofunding_{number}"] = format_rate(rate.value, lang) if rate else "—"
        for kind, entries in fiche.ceilings.items():
            ceiling = as_of(entries, today)
            if ceiling:
                values[f"ceiling_{number}_{kind}"] = format_money(ceiling.value, lang)
        actions = fiche.eligible_actions_en if lang == "en" else fiche.eligible_actions
        values[f"fiche_{number}_actions"] = "\n".join(f"• {a}" for a in actions)
        people = contacts_for(knowledge, number, None)  # routed for every sub-territory
        values[f"fiche_{number}_contacts"] = contact_lines(people)
    for step_id, step in knowledge.calendar.items():
        if step.deadline is not None:
            values[f"{step_id}_deadline"] = long_date(step.deadline, lang)
    values["offices"] = _offices(knowledge, lang)
    criteria = knowledge.raw["call"]["selection"]["criteria_en" if lang == "en" else "criteria"]
    values["criteria"] = "\n".join(f"• {c}" for c in criteria)
    values["deadline_note"] = _deadline_note(knowledge, lang, today, values["general_contacts"])
    return values


def _offices(knowledge: Knowledge, lang: str) -> str:
    """The offices' postal addresses as the document prints them (contacts.toml [offices]),
    their French names as written, with our English beside them."""
    _ = gettext_for(lang).gettext
    lines = []
    for office in knowledge.raw["contacts"].get("offices", {}).values():
        name = office["name"]
        if lang == "en" and office.get("name_en"):
            name += f" ({office['name_en']})"
        lines.append(
            _("• {office}, {organisation} : {address}").format(
                office=name, organisation=office["organisation"], address=office["address"]
            )
        )
    return "\n".join(lines)


def _deadline_note(knowledge: Knowledge, lang: str, today: dt.date, contacts: str) -> str:
    """Whether the call is open on `today`, said outright: "is it still open?" gets a yes or a
    no, and between the two deadlines the answer says which one has passed. A deadline is « au
    plus tard »: its day is still in time. The text does not say that a late summary form is
    refused, so a passed date that is not the last one is not said to close anything."""
    _ = gettext_for(lang).gettext
    dated = [s for s in knowledge.calendar.values() if s.deadline is not None]
    passed = [s for s in dated if s.deadline is not None and s.deadline < today]
    if not dated:
        return ""
    if not passed:
        return _("Ces dates sont à venir : l'appel est ouvert.")
    if len(passed) == len(dated):
        note = (
            _("Ces dates sont passées : cet appel est clos.") + " " + whom_to_ask(knowledge, lang)
        ).rstrip()
        year = knowledge.call.get("guide", {}).get("rules_year", "")
        return (
            note + " " + _("Contacts de l'appel en {year} :").format(year=year) + "\n" + contacts
        )
    sentences = [
        _(
            "La date du {date} est passée ({what}) : le texte ne dit pas ce qu'il advient "
            "d'un dépôt plus tardif, voyez avec l'intercommunalité."
        ).format(date=long_date(s.deadline, lang), what=_lower_first(s.label_in(lang)))
        for s in passed
        if s.deadline is not None
    ]
    sentences += [
        _("Encore à venir : {what}, au plus tard le {date}.").format(
            what=_lower_first(s.label_in(lang)), date=long_date(s.deadline, lang)
        )
        for s in dated
        if s not in passed and s.deadline is not None
    ]
    return " ".join(sentences)


def _lower_first(text: str) -> str:
    """'Déposer le dossier complet' -> 'déposer le dossier complet', inside a sentence."""
    return text[:1].lower() + text[1:]
