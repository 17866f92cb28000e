"""One question of the conversation as a record (`Question`), the named conditions that say
whether it is asked, and the readers that hand its answer to the rules and the lead's columns.

`dialogs.table` lists the questions themselves; this module says what a question is, so the
table stays a table (and each module under the size limit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dialogs import validators as v
from dialogs.validators import Context, Hook, Result, Validator
from knowledge import Knowledge
from knowledge.model import Fiche

Condition = Callable[[Mapping[str, Any], Knowledge], bool]


def _fiche(answers: Mapping[str, Any], knowledge: Knowledge) -> Fiche | None:
    return knowledge.fiches.get(answers.get("fiche", 0))


def fiche_requires_priority_area(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """The chosen fiche's data lists a `priority_area` requirement."""
    fiche = _fiche(answers, knowledge)
    return fiche is not None and "priority_area" in fiche.requirements


def fiche_has_ceilings_by_kind(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """The chosen fiche's data gives its ceilings per kind (investment, operating)."""
    return has_ceilings_by_kind(_fiche(answers, knowledge))


def has_ceilings_by_kind(fiche: Fiche | None) -> bool:
    """Whether a fiche's ceilings differ by kind of spending (the kind question, both parts)."""
    return fiche is not None and bool(fiche.ceilings)


def one_request(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """One amount asked of the Region (not split into investment and operating)."""
    return answers.get("kind") != "both"


def request_in_parts(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """Both kinds: the request is asked as its investment and operating parts."""
    return answers.get("kind") == "both"


def has_structure(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    """The non-cumul rule concerns structures, not inhabitants on their own."""
    return answers.get("role") != "inhabitant"


def always(answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    return True


CONDITIONS: dict[str, Condition] = {
    "always": always,
    "fiche_requires_priority_area": fiche_requires_priority_area,
    "fiche_has_ceilings_by_kind": fiche_has_ceilings_by_kind,
    "one_request": one_request,
    "request_in_parts": request_in_parts,
    "has_structure": has_structure,
}


@dataclass(frozen=True, slots=True)
class Extra:
    """A button of a question beside its choices: its label and its data ("cof:0")."""

    label: str
    data: str


Reader = Callable[[Mapping[str, Any]], Any]
# A question's buttons, in order: "choices" (one per choice), "dk" (the "je ne sais pas"
# button, left out when a choice already says it), "themes" (one per fiche of the call), or
# an Extra.
Button = str | Extra


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the conversation: everything said about one answer, in one place.

    `key` is the answer it fills; `step` the state's step while it is asked (the fiche is asked
    as "project": a description first). `shape` says what kind of answer it is and how it shows
    (a choice among `choices`, an amount, a place, a description, yes/no). `prompt` is the
    question in French (the catalog gives its English), or, with `requirement`, worded by the
    fiche's data; `buttons` and `columns` lay out its buttons. `validate` reads a typed answer
    into a value or a reason (`dialogs.validators`); `pick` reads a button's value (by default:
    one of `choices`); `hook` is what recording the answer does to the others. The engine
    (`dialogs.form`) applies them; a question without `validate` (the place, the fiche) has a
    module of its own. `action` prefixes its buttons' data. `label` names the answer on the
    summary card and in staff views; `noted` is where a typed answer no button fits is kept.
    `rules` is the rules' input it feeds (a field of `knowledge.rules.Answers`) and how it is
    read for them; `lead` the lead's column it fills (with `store`, how: by default by shape),
    `export` the spreadsheet's headers of the columns it fills; `sheet` its line on the fiche
    synthétique. `dialogs.fields` reads these for every question: nothing else names a key.
    """

    key: str
    step: str
    label: str
    shape: str
    condition: str = "always"
    choices: Mapping[str, str] | None = None
    action: str = ""
    dont_know: bool = True  # "je ne sais pas" has a meaning here (see flow.dont_know)
    validate: Validator | None = None
    pick: Validator | None = None
    hook: Hook | None = None
    unknown: Validator | None = None  # "je ne sais pas" (default: its "unknown" button)
    prompt: str = ""
    requirement: str = ""
    buttons: tuple[Button, ...] = ("choices", "dk")
    columns: int = 1
    noted: str = ""
    rules: tuple[str, Reader] | None = None
    lead: str = ""
    store: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    export: tuple[tuple[str, str], ...] = ()
    sheet: str = ""

    def applies(self, answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
        return CONDITIONS[self.condition](answers, knowledge)

    def read_choice(self, value: str, ctx: Context) -> Result:
        """A button's value: the question's own reading, else one of its choices."""
        if self.pick is not None:
            return self.pick(value, ctx)
        return v.among(self.choices or {})(value, ctx)

    def read_unknown(self, ctx: Context) -> Result:
        """ "Je ne sais pas" (typed or its button): what the question notes then."""
        if self.unknown is not None:
            return self.unknown("", ctx)
        return self.read_choice("unknown", ctx)


# ---------------------------------------------------------------------- the rules' readings
def amount(key: str) -> Reader:
    """An amount answered, as the rules read it (None: not known)."""
    return lambda answers: v.known(answers, key)


def rules_kind(answers: Mapping[str, Any]) -> str | None:
    kind = answers.get("kind")
    return kind if kind in ("investment", "operating", "both") else None


def yes_no(key: str) -> Reader:
    """Yes / no as a bool; "je ne sais pas" and no answer are None."""

    def read(answers: Mapping[str, Any]) -> bool | None:
        value = answers.get(key)
        return None if value in (None, "unknown") else value == "yes"

    return read


def as_given(key: str) -> Reader:
    return lambda answers: answers.get(key)


def structure(answers: Mapping[str, Any]) -> bool:
    """The non-cumul rule concerns structures, not inhabitants on their own."""
    return answers.get("role") != "inhabitant"


def cents(value: Any) -> str | None:
    """An amount for storage: exact decimal text with cents ("45000.00"), never a float."""
    return str(Decimal(value).quantize(Decimal("0.01"))) if value is not None else None


def place_columns(answers: Mapping[str, Any]) -> dict[str, Any]:
    place = answers.get("place", {})
    return {
        "commune": place.get("name"),
        "insee": place.get("insee"),
        "epci": place.get("epci_name"),
        "territory": place.get("territory"),
    }


def fiche_columns(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The fiche's number is the verdict's (added with it); the description is this answer's."""
    return {"description": answers.get("description")}
