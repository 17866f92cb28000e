"""Who to call: fiche + sub-territory -> the regional contact(s), as contacts.toml routes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from knowledge.model import Person

if TYPE_CHECKING:
    from knowledge.loader import Knowledge


def contacts_for(knowledge: Knowledge, fiche: int, territory: str | None) -> list[Person]:
    """Contacts routed for a fiche in a sub-territory; the call's general contacts otherwise."""
    people: list[Person] = []
    for route in knowledge.routes:
        if fiche in route.fiches and route.territory in ("*", territory):
            people.extend(
                knowledge.people[p] for p in route.people if knowledge.people[p] not in people
            )
    if not people:
        people = [knowledge.people[p] for p in knowledge.general_contacts]
    return people


def contact_lines(people: Iterable[Person]) -> str:
    """'• Name — phone — e-mail', one person a line (plain text: escape before HTML)."""
    return "\n".join(f"• {p.name} — {p.phone} — {p.email}" for p in people)


def outside_contacts(knowledge: Knowledge) -> list[Person]:
    """Who a person from outside Nord / Pas-de-Calais may call: contacts.toml [outside], else
    the call's general contacts."""
    ids = knowledge.raw["contacts"].get("outside", {}).get("people") or knowledge.general_contacts
    return [knowledge.people[p] for p in ids if p in knowledge.people]
