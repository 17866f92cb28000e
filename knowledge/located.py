"""What a place lookup answers (`knowledge.places.Gazetteer.locate`): the status, the communes
matched with their score and how, and what is said about places elsewhere in France."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from knowledge.france import Elsewhere, Via
from knowledge.model import Commune

Status = Literal["found", "ambiguous", "outside", "not_found"]


@dataclass(frozen=True, slots=True)
class Match:
    """A current commune of the call's departments that fits the query, and how it was
    recognised."""

    commune: Commune
    score: float
    via: Via
    matched: str  # the name, former name, postcode or EPCI name that matched


@dataclass(frozen=True, slots=True)
class Located:
    """The answer to one query.

    found: `matches` holds one commune — or, for a postcode shared by several communes of one
    intercommunality and sub-territory (reason "same_epci"), all of them: the routing (EPCI,
    sub-territory, contacts) is the same, so there is nothing to ask.
    ambiguous: `matches` are the candidates to choose from.
    outside: `elsewhere` names the French commune(s) outside the call's departments meant;
    `suggestions` may still offer communes of the call's departments that look alike.
    not_found: `suggestions` are the nearest communes of the call's departments, if any.
    `elsewhere` may also accompany found / ambiguous: a homonym outside the region, not hidden.
    """

    query: str
    status: Status
    matches: tuple[Match, ...] = ()
    suggestions: tuple[Match, ...] = ()
    reason: str = (
        ""  # "", "postcodes", "empty", "out_of_region", "unknown_postcode", "epci", "same_epci",
    )
    # "department" (a department's name, not a commune's: "Nord" asks for the commune, "Somme"
    # is outside with no commune named)
    epci_name: str = ""
    elsewhere: tuple[Elsewhere, ...] = ()
    postcode: str = ""  # the postcode typed, when the answer rests on it
    department: str = ""  # reason "department": the department named instead of a commune
    department_name: str = ""

    @property
    def commune(self) -> Commune | None:
        """The one commune found; None otherwise (also for a postcode of several communes)."""
        if self.status == "found" and len(self.matches) == 1:
            return self.matches[0].commune
        return None

    @property
    def outside(self) -> Elsewhere | None:
        """The commune outside the call's departments meant (the first named) when outside."""
        return self.elsewhere[0] if self.status == "outside" and self.elsewhere else None

    @property
    def routing(self) -> Commune | None:
        """A commune whose EPCI and sub-territory stand for the whole answer when found (the
        communes of a "same_epci" postcode share them); None unless found."""
        return self.matches[0].commune if self.status == "found" else None
