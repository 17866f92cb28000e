"""What a regional contact is the resource person for: the sub-territories and fiches the
call's routes give them (knowledge/data/contacts.toml), said beside their card.

« Pour quel territoire Déborah FACON est-elle la personne ressource ? » got her card without
a territory (faq8 pass): the card answers "how do I reach her", not "for whom". The routes
are the documents' « Personnes ressources » lists, so the roles are data read here, never
written in a sentence of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.checks import join_numbers
from knowledge.i18n import gettext_for

if TYPE_CHECKING:
    from knowledge.loader import Knowledge

EVERYWHERE = "*"  # a route for every sub-territory (contacts.toml)


def roles(knowledge: Knowledge, person_id: str, lang: str) -> str:
    """One sentence: the fiches and sub-territories `person_id` is routed for, and whether
    they are one of the call's general contacts; "" for someone no route names."""
    _ = gettext_for(lang).gettext
    person = knowledge.people[person_id]
    fiches: set[int] = set()
    territories: list[str] = []
    everywhere: set[int] = set()
    for route in knowledge.routes:
        if person_id not in route.people:
            continue
        if route.territory == EVERYWHERE:
            everywhere |= route.fiches
            continue
        fiches |= route.fiches
        name = knowledge.territory_name(route.territory)
        if name not in territories:
            territories.append(name)
    said = []
    if territories:
        said.append(
            _("{name} est personne ressource {fiches} pour : {territories}.").format(
                name=person.name,
                fiches=_fiches(sorted(fiches), lang),
                territories=" ; ".join(territories),
            )
        )
    if everywhere:
        said.append(
            _("{name} est personne ressource {fiches} pour toute la région.").format(
                name=person.name, fiches=_fiches(sorted(everywhere), lang)
            )
        )
    if person_id in knowledge.general_contacts:
        said.append(
            _("{name} est l'un des contacts généraux de l'appel.").format(name=person.name)
        )
    return " ".join(said)


def _fiches(numbers: list[int], lang: str) -> str:
    _ = gettext_for(lang).gettext
    if len(numbers) == 1:
        return _("de la fiche {n}").format(n=numbers[0])
    return _("des fiches {numbers}").format(numbers=join_numbers(numbers, lang))
