"""The conversation's questions as one table: what each asks, its buttons, when it applies and
how it is labelled on the summary card and in staff views.

The order of the table is the order of the questions. Whether a question is asked is a named
condition read from the call's data and the earlier answers ("this fiche has ceilings by kind"),
never a fiche number, so a call with other fiches needs no change here. How an answer is read
is a validator beside each question (`dialogs.validators`). The engine (`dialogs.form`) asks
the first question whose answer is missing and whose condition holds; tests
import `ORDER` and `STEPS` from here instead of copying them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialogs import validators as v
from dialogs.validators import PARTS as PARTS  # re-exported: the request split by kind
from dialogs.validators import Context, Hook, Result, Validator
from knowledge import Knowledge
from knowledge.i18n import N_
from knowledge.model import Fiche

ROLES = {
    "association": N_("Une association"),
    "inhabitant": N_("Un·e habitant·e"),
    "authority": N_("Une collectivité, un bailleur, un opérateur"),
    "other": N_("Autre"),
}
AUDIENCES = {
    "neighbourhood": N_("Les habitants d'un quartier"),
    "youth": N_("Des jeunes"),
    "far": N_("Des personnes éloignées des institutions"),
    "all": N_("Tous les publics"),
}
KINDS = {
    "investment": N_("Investissement (travaux, équipement)"),
    "operating": N_("Fonctionnement (animation, personnel)"),
    "both": N_("Les deux"),
    "unknown": N_("Je ne sais pas"),
}
# The consent's buttons: tapped before anything is stored, so staff read them from here.
CONSENT = {"yes": N_("✅ J'accepte"), "no": N_("Non merci")}
TRISTATE = {"yes": N_("Oui"), "no": N_("Non"), "unknown": N_("Je ne sais pas")}

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
class Question:
    """One question of the conversation.

    `key` is the answer it fills; `step` the state's step while it is asked (the fiche is asked
    as "project": a description first). `shape` says what kind of answer it is (a choice among
    `choices`, an amount, a place, a description, yes/no). `validate` reads a typed answer into
    a value or a reason (`dialogs.validators`); `pick` reads a button's value (by default: one
    of `choices`); `hook` is what recording the answer does to the others. The engine
    (`dialogs.form`) applies them; a question without `validate` (the place, the fiche) has a
    module of its own. `action` prefixes its buttons' data. `label` names the answer on the
    summary card and in staff views.
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


QUESTIONS: tuple[Question, ...] = (
    Question(
        "role",
        "role",
        N_("Vous êtes"),
        "choice",
        choices=ROLES,
        action="role",
        validate=v.role,
        pick=v.among(ROLES, drop=("role_text",)),
        unknown=v.noted_unknown("role_text"),
    ),
    Question("place", "place", N_("Commune"), "place", action="place"),
    Question(
        "audience",
        "audience",
        N_("Public"),
        "choice",
        choices=AUDIENCES,
        action="audience",
        validate=v.audience,
        pick=v.among(AUDIENCES, drop=("audience_text",)),
        unknown=v.noted_unknown("audience_text"),
    ),
    Question("fiche", "project", N_("Fiche"), "description", action="fiche"),
    Question(
        "priority_area",
        "priority_area",
        N_("Quartier prioritaire"),
        "yes_no",
        condition="fiche_requires_priority_area",
        choices=TRISTATE,
        action="pa",
        validate=v.priority_area,
        pick=v.priority_area_pick,
    ),
    Question(
        "kind",
        "kind",
        N_("Nature"),
        "choice",
        condition="fiche_has_ceilings_by_kind",
        choices=KINDS,
        action="kind",
        validate=v.kind,
        hook=v.kind_changed,
    ),
    Question(
        "total",
        "total",
        N_("Coût total"),
        "amount",
        validate=v.total,
        pick=v.total,
        hook=v.total_changed,
        unknown=v.amount_unknown("total"),
    ),
    Question(
        "request",
        "request",
        N_("Demande à la Région"),
        "amount",
        "one_request",
        validate=v.request,
        pick=v.request,
        hook=v.request_changed("request"),
        unknown=v.amount_unknown("request"),
    ),
    Question(
        "request_investment",
        "request_investment",
        N_("Demande en investissement"),
        "amount",
        "request_in_parts",
        validate=v.request_investment,
        pick=v.request_investment,
        hook=v.request_changed("request_investment"),
        unknown=v.amount_unknown("request_investment"),
    ),
    Question(
        "request_operating",
        "request_operating",
        N_("Demande en fonctionnement"),
        "amount",
        "request_in_parts",
        validate=v.request_operating,
        pick=v.request_operating,
        hook=v.request_changed("request_operating"),
        unknown=v.amount_unknown("request_operating"),
    ),
    Question(
        "cofunding",
        "cofunding",
        N_("Co-financement local"),
        "amount",
        action="cof",
        validate=v.cofunding,
        pick=v.cofunding,
        unknown=v.amount_unknown("cofunding"),
    ),
    Question(
        "activity",
        "activity",
        N_("Programme d'activité"),
        "yes_no",
        condition="has_structure",
        choices=TRISTATE,
        action="act",
        validate=v.yes_no,
    ),
)
BY_KEY = {q.key: q for q in QUESTIONS}
BY_STEP = {q.step: q for q in QUESTIONS}
# Button actions read by the engine: action -> question ("cof:0" is the co-funding's button).
BY_ACTION = {q.action: q for q in QUESTIONS if q.action and q.validate is not None}
# Answer keys in the order they are asked.
ORDER = tuple(q.key for q in QUESTIONS)
# Answers that depend on the chosen fiche: forgotten (and asked again) when the fiche changes.
FICHE_DEPENDENT = tuple(q.key for q in QUESTIONS if q.condition.startswith("fiche_"))
AMOUNT_STEPS = tuple(q.step for q in QUESTIONS if q.shape == "amount")
STEP_OF = {q.key: q.step for q in QUESTIONS if q.step != q.key}
# Steps that fill an answer without being its question (a follow-up choice).
KEY_OF = {
    **{q.step: q.key for q in QUESTIONS if q.step != q.key},
    "fiche_confirm": "fiche",
    "place_choice": "place",
}
# Every step of the guided dialog (the questions, their follow-ups, and what is around them):
# what the fuzzing tests walk.
STEPS = (
    "consent",
    "role",
    "place",
    "place_choice",
    "audience",
    "project",
    "fiche_confirm",
    *(q.step for q in QUESTIONS[QUESTIONS.index(BY_KEY["fiche"]) + 1 :]),
    "summary",
    "verdict",
    "contact",
    "declined",
)
# How staff read the steps that are not a question of the table (the funnel, the transcript):
# a question's step is named by its `label`.
STEP_LABELS = {
    "consent": N_("Accord pour commencer"),
    "place_choice": N_("Choix de la commune"),
    "project": N_("Projet (description)"),
    "fiche_confirm": N_("Confirmation de la fiche"),
    "summary": N_("Récapitulatif"),
    "verdict": N_("Verdict"),
    "contact": N_("Coordonnées"),
    "declined": N_("Refus de continuer"),
}
# Steps where "je ne sais pas" (button or typed) has a meaning of its own.
DONT_KNOW_STEPS = (
    *(q.step for q in QUESTIONS if q.dont_know),
    "place_choice",
    "fiche_confirm",
    "contact",
)


def missing(answers: Mapping[str, Any], knowledge: Knowledge) -> list[str]:
    """The answers still to ask, in order: missing and applying to this call and these answers."""
    return [q.key for q in QUESTIONS if q.key not in answers and q.applies(answers, knowledge)]


def applies(key: str, answers: Mapping[str, Any], knowledge: Knowledge) -> bool:
    question = BY_KEY.get(key)
    return question is None or question.applies(answers, knowledge)


def themes(knowledge: Knowledge, lang: str) -> list[tuple[int, str]]:
    """The theme buttons of the "which project?" question: one per fiche of the call's data."""
    return [(n, fiche.theme_in(lang)) for n, fiche in sorted(knowledge.fiches.items())]
