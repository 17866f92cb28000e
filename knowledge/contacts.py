"""Who to call: fiche + sub-territory -> the regional contact(s), as contacts.toml routes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.i18n import N_, gettext_for
from knowledge.model import Person

if TYPE_CHECKING:
    from knowledge.loader import Knowledge


def contacts_for(knowledge: Knowledge, fiche: int, territory: str | None) -> list[Person]:
    """Contacts routed for a fiche in a sub-territory; the call's general contacts otherwise.
    Each with the e-mail the route's section prints (fiche 1 and fiches 2-3 print the same
    people with two domains)."""
    people: list[Person] = []
    for route in knowledge.routes:
        if fiche in route.fiches and route.territory in ("*", territory):
            printed = dict(route.emails)
            for pid in route.people:
                person = knowledge.people[pid]
                if pid in printed:
                    person = replace(person, email_as_written=printed[pid])
                if person not in people:
                    people.append(person)
    if not people:
        people = [knowledge.people[p] for p in knowledge.general_contacts]
    return people


def territory_label(knowledge: Knowledge, territory_id: str, lang: str) -> str:
    """The sub-territory's name, marked as our reading: the documents name the four
    sub-territories but do not say which communes are in each; we follow the arrondissement
    (territories.toml)."""
    _ = gettext_for(lang).gettext
    return _("{territory} (notre lecture, d'après l'arrondissement de la commune)").format(
        territory=knowledge.territory_name(territory_id)
    )


def contact_line(person: Person, international: bool = True) -> str:
    """'Name — 03 … (+33 3 …) — e-mail' (plain text: escape before HTML). The +33 form is for
    people calling from abroad or from a phone that does not know French numbers; a message
    out of room may leave it out (`international`), the number being the same. The e-mail
    as the document writes it: the validity note says its domain looks mistyped."""
    phone = f"{person.phone} ({person.phone_international})" if international else person.phone
    return f"{person.name} — {phone} — {shown_email(person)}"


def shown_email(person: Person) -> str:
    """The e-mail as the 2014 document prints it (contacts.toml `email_as_written`)."""
    return person.email_as_written or person.email


def contact_lines(people: Iterable[Person]) -> str:
    """'• Name — phone — e-mail', one person a line (plain text: escape before HTML)."""
    return "\n".join(f"• {contact_line(p)}" for p in people)


def validity_note(knowledge: Knowledge, lang: str) -> str:
    """The contacts are those of the 2014 document: every contact card says they may have
    changed (contacts.toml [validity])."""
    raw = knowledge.raw["contacts"].get("validity", {})
    return str(raw.get("note_en" if lang == "en" else "note", ""))


def domain_note(knowledge: Knowledge, lang: str, short: bool = False) -> str:
    """E-mails are shown as the document writes them; this says the domain looks mistyped
    (contacts.toml [discrepancies.email_domain] `shown`). Not on the verdict card (its length
    is bounded): on its detail when a card's address has that domain and the detail has room
    (`short`), the quick answers and the contact cards."""
    raw = knowledge.raw["contacts"].get("discrepancies", {}).get("email_domain", {})
    key = "short" if short and raw.get("short") else "shown"
    return str(raw.get(key + "_en" if lang == "en" else key, ""))


def mistyped(knowledge: Knowledge, people: Iterable[Person]) -> bool:
    """Whether one of these people is shown with the domain the document seems to mistype."""
    raw = knowledge.raw["contacts"].get("discrepancies", {}).get("email_domain", {})
    domain = str(raw.get("also_written", ""))
    return bool(domain) and any(shown_email(p).endswith("@" + domain) for p in people)


def card_notes(knowledge: Knowledge) -> tuple[str, ...]:
    """Every note a contact card adds, in both languages: what is said of the card, not an
    answer's own fact (faq9 pass: « what year was the contact for fiche 4 appointed? » was
    answered by the card, whose « Coordonnées de 2014 » held a year)."""
    notes = (
        note
        for lang in ("fr", "en")
        for note in (
            validity_note(knowledge, lang),
            domain_note(knowledge, lang),
            domain_note(knowledge, lang, short=True),
        )
    )
    return tuple(n for n in notes if n)


def contact_card(knowledge: Knowledge, people: Iterable[Person], lang: str) -> str:
    """Contact lines followed by the notes that they date from 2014 and are as written."""
    lines = contact_lines(people)
    notes = " ".join(
        n for n in (validity_note(knowledge, lang), domain_note(knowledge, lang)) if n
    )
    return f"{lines}\n{notes}" if notes else lines


_EPCI_KINDS = {
    "CA": N_("Communauté d'agglomération {rest}"),
    "CC": N_("Communauté de communes {rest}"),
    "CU": N_("Communauté urbaine {rest}"),
}


def epci_full_name(name: str, gettext: Callable[[str], str]) -> str:
    """'CA de Lens - Liévin' -> "Communauté d'agglomération de Lens - Liévin": the official
    short names (INSEE) start with an acronym that few people know."""
    head, _sep, rest = name.partition(" ")
    if head in _EPCI_KINDS and rest:
        return gettext(_EPCI_KINDS[head]).format(rest=rest)
    return name


def dated_epci(knowledge: Knowledge, name: str, lang: str, short: bool = False) -> str:
    """The intercommunality's full name and the year of that name (territories.toml
    [epci_names]): the data gives 2026's intercommunalities beside a 2014 call's rules, whose
    intercommunality could have had another name or perimeter then. `short`: the official
    short name ("CA de …"), where a message has little room. Plain text."""
    full = name if short else epci_full_name(name, gettext_for(lang).gettext)
    mark = epci_mark(knowledge, lang)
    if not mark:
        return full
    return f"{full[:-1]}; {mark})" if full.endswith(")") else f"{full} ({mark})"


def epci_mark(knowledge: Knowledge, lang: str) -> str:
    """The year the intercommunalities' names refer to, in words (« nom au 1er janvier
    2026 », territories.toml [epci_names]); empty when the data gives none. For a header or
    a filter's label naming many intercommunalities at once; `dated_epci` for one."""
    raw = knowledge.raw["territories"].get("epci_names", {})
    return str(raw.get("mark_en" if lang == "en" else "mark", ""))


def outside_contacts(knowledge: Knowledge) -> list[Person]:
    """Who a person from outside the call's departments may call: contacts.toml [outside], else
    the call's general contacts."""
    ids = knowledge.raw["contacts"].get("outside", {}).get("people") or knowledge.general_contacts
    return [knowledge.people[p] for p in ids if p in knowledge.people]
