"""What an FAQ answer says of several fiches at once, checked against the fiches' data.

An answer may quote one fiche's value for a group ("fiches 3 et 4 : {floor_3}") or say that
fiches set no value ("La fiche 4 ne fixe pas de taux"). Both are true of the 2014 call; another
year's or another region's data may make them false while every placeholder still fills. The
entry declares what its sentence assumes (`speaks_for`, `states_none`) and `python -m knowledge
validate` reports the entry when the fiches' values (their whole dated history) disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
    from knowledge.model import Dated, Fiche

_KEY = re.compile(r"^(floor|cofunding|ceiling)_(\d+)(?:_(\w+))?$")


def _history(fiche: Fiche, kind: str, sub: str | None) -> tuple[Dated[Decimal], ...] | None:
    """A fiche's dated values for a placeholder's kind; None: the kind has no such value."""
    if kind == "floor":
        return fiche.floor
    if kind == "cofunding":
        return fiche.cofunding_min_rate
    if sub is None:  # "ceiling_N" in states_none: any ceiling of fiche N
        return tuple(d for entries in fiche.ceilings.values() for d in entries)
    return fiche.ceilings.get(sub, ())


def _values(history: tuple[Dated[Decimal], ...]) -> list[tuple[Any, Decimal]]:
    return [(d.applies_from, d.value) for d in history]


def problems(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    """(where in faq.toml, message) for every group or absence the fiches contradict."""
    for i, entry in enumerate(knowledge.raw.get("faq", {}).get("faq", [])):
        for key, numbers in entry.get("speaks_for", {}).items():
            where = f"faq[{i}].speaks_for"
            found = _KEY.match(key)
            if not found or int(found.group(2)) not in knowledge.fiches:
                yield where, f"valeur inconnue (unknown value) {key!r}"
                continue
            kind, sub = found.group(1), found.group(3)
            quoted = _values(_history(knowledge.fiches[int(found.group(2))], kind, sub) or ())
            for number in numbers:
                fiche = knowledge.fiches.get(number)
                if fiche is None or _values(_history(fiche, kind, sub) or ()) != quoted:
                    yield (
                        where,
                        (
                            f"{entry.get('id')!r} dit {{{key}}} pour la fiche {number}, "
                            f"qui a une autre valeur (the fiche's value differs)"
                        ),
                    )
        for key in entry.get("states_none", []):
            where = f"faq[{i}].states_none"
            found = _KEY.match(key)
            fiche = knowledge.fiches.get(int(found.group(2))) if found else None
            if found is None or fiche is None:
                yield where, f"valeur inconnue (unknown value) {key!r}"
            elif _history(fiche, found.group(1), found.group(3)):
                yield (
                    where,
                    (
                        f"{entry.get('id')!r} dit que la fiche {found.group(2)} n'a pas de "
                        f"{found.group(1)}, mais elle en a un (the fiche has one)"
                    ),
                )
