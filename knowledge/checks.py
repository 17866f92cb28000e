"""What the rules work with and give: the answers they read, each check (what the call
expects, what was given, the gap, what to do, the passage it rests on) and the verdict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from knowledge.i18n import Plurals, gettext_for, long_date, plurals_for
from knowledge.loader import Knowledge, _source
from knowledge.model import Fiche, Person, Source
from knowledge.money import format_money

Status = Literal["ok", "fail", "warn", "unknown"]


Kind = Literal["investment", "operating", "both"]


Tristate = Literal["yes", "no", "unknown"]


CHECK_IDS = (
    "floor",
    "ceiling",
    "cofunding",
    "priority_area",
    "intercommunality",
    "activity_funding",
    "short_form_deadline",
    "full_file_deadline",
)


@dataclass(frozen=True, slots=True)
class Answers:
    """What the person told us; None where they have not answered (yet)."""

    fiche: int
    request: Decimal | None = None  # amount requested from the Region
    total: Decimal | None = None  # total project cost
    cofunding: Decimal | None = None  # local authorities' co-funding
    kind: Kind | None = None  # fiche 4: investment, operating, or both
    priority_area: Tristate | None = None  # fiche 4: in a priority neighbourhood?
    activity_funding: bool | None = None  # project already funded under an activity programme
    request_investment: Decimal | None = None  # kind "both": the investment part of the request
    request_operating: Decimal | None = None  # kind "both": the operating part
    has_structure: bool = True  # False: an inhabitant on their own (non-cumul does not apply)

    @property
    def parts(self) -> dict[str, Decimal | None]:
        """The request by kind of spending, for ceilings that differ by kind."""
        if self.kind == "both":
            return {"investment": self.request_investment, "operating": self.request_operating}
        if self.kind in ("investment", "operating"):
            return {self.kind: self.request}
        return {}


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    status: Status
    expected: str
    actual: str
    message: str
    source: Source
    gap: Decimal | None = None
    short: str = ""  # the check in one line, for the verdict card

    @property
    def icon(self) -> str:
        return {"ok": "✅", "fail": "❌", "warn": "⚠️", "unknown": "❔"}[self.status]


@dataclass(frozen=True, slots=True)
class Verdict:
    fiche: Fiche
    as_of: dt.date
    checks: tuple[Check, ...]
    next_steps: tuple[str, ...]
    contacts: tuple[Person, ...] = ()
    general_contacts: tuple[Person, ...] = ()
    closed: bool = False

    @property
    def eligible(self) -> bool:
        return not any(c.status == "fail" for c in self.checks)

    def check(self, check_id: str) -> Check | None:
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def rule_failures(self) -> tuple[Check, ...]:
        """Failed checks about the project itself, deadlines aside."""
        return tuple(
            c for c in self.checks if c.status == "fail" and not c.id.endswith("_deadline")
        )

    @property
    def project_checks(self) -> tuple[Check, ...]:
        """Checks about the project itself (the deadlines are the call's, not the project's)."""
        return tuple(c for c in self.checks if not c.id.endswith("_deadline"))


@dataclass
class Context:
    knowledge: Knowledge
    answers: Answers
    today: dt.date
    lang: str
    fiche: Fiche
    checks: list[Check] = field(default_factory=list)

    def _(self, message: str) -> str:
        return gettext_for(self.lang).gettext(message)

    @property
    def tr(self) -> Plurals:
        return plurals_for(self.lang)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.lang)

    def date(self, day: dt.date) -> str:
        return long_date(day, self.lang)

    def not_given(
        self, check: str, expected: str, advice: str, source: Source, short: str
    ) -> None:
        """A check that cannot be made yet: the answer it needs is not given ("non
        renseigné"), with what to do and its one line for the verdict card."""
        self.checks.append(
            Check(check, "unknown", expected, self._("non renseigné"), advice, source, short=short)
        )


def call_source(knowledge: Knowledge, raw: dict[str, Any]) -> Source:
    """A source of call.toml, read as the loader reads every source (its passages too)."""
    return _source(raw, knowledge.documents)


def join_numbers(numbers: list[int], lang: str) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    conj = " and " if lang == "en" else " et "
    return ", ".join(words[:-1]) + conj + words[-1]
