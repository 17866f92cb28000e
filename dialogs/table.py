"""The conversation's questions as one table: what each asks, its buttons, when it applies and
how it is labelled on the summary card and in staff views.

The order of the table is the order of the questions. Whether a question is asked is a named
condition read from the call's data and the earlier answers ("this fiche has ceilings by kind"),
never a fiche number, so a call with other fiches needs no change here. How an answer is read
is a validator beside each question (`dialogs.validators`); what a question is (its record,
its conditions, how the rules read it) is `dialogs.question`. The engine (`dialogs.form`) asks
the first question whose answer is missing and whose condition holds; tests
import `ORDER` and `STEPS` from here instead of copying them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dialogs import amount_validators as amounts
from dialogs import answer_hooks as hooks
from dialogs import cofunding_givers, parts_answers
from dialogs import validators as v
from dialogs.question import (
    Extra,
    Question,
    amount,
    as_given,
    cents,
    fiche_columns,
    place_columns,
    rules_kind,
    structure,
    yes_no,
)
from dialogs.validators import PARTS as PARTS  # re-exported: the request split by kind
from knowledge import Knowledge
from knowledge.i18n import N_

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

QUESTIONS: tuple[Question, ...] = (
    Question(
        "role",
        "role",
        N_("Vous êtes"),
        "choice",
        choices=ROLES,
        action="role",
        validate=v.or_label(v.role, ROLES),
        pick=v.among(ROLES, drop=("role_text",)),
        unknown=v.noted_unknown("role_text"),
        prompt=N_("Qui êtes-vous ?"),
        noted="role_text",
        rules=("has_structure", structure),
        lead="role",
        export=(("Porteur", "role"),),
        sheet=N_("Type de porteur"),
    ),
    Question(
        "place",
        "place",
        N_("Commune"),
        "place",
        action="place",
        prompt=N_(
            "Dans quelle commune se passe le projet ? Écrivez son nom ou son code "
            "postal (par exemple « {commune} » ou « {postcode} »)."
        ),
        buttons=("dk",),
        store=place_columns,
        export=(
            ("Commune", "commune"),
            ("Code INSEE", "insee"),
            ("Intercommunalité", "epci"),
            ("Territoire", "territory"),
        ),
    ),
    Question(
        "audience",
        "audience",
        N_("Public"),
        "choice",
        choices=AUDIENCES,
        action="audience",
        validate=v.or_label(v.audience, AUDIENCES),
        pick=v.among(AUDIENCES, drop=("audience_text",)),
        unknown=v.noted_unknown("audience_text"),
        prompt=N_("Pour qui est le projet ?"),
        buttons=("choices", "dk", Extra(N_("📍 Changer de commune"), "place:retry")),
        noted="audience_text",
        lead="audience",
        export=(("Public", "audience"),),
        sheet=N_("Public visé"),
    ),
    Question(
        "fiche",
        "project",
        N_("Fiche"),
        "description",
        action="fiche",
        prompt=N_(
            "Décrivez votre projet en une ou deux phrases (par exemple « un jardin "
            "partagé au pied des immeubles »), ou choisissez un thème :"
        ),
        buttons=("themes", Extra(N_("🤷 Je ne sais pas"), "fiche:dunno")),
        rules=("fiche", lambda answers: int(answers["fiche"])),
        store=fiche_columns,
        export=(("Fiche", "fiche"), ("Projet", "description")),
        sheet=N_("Description"),
    ),
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
        prompt=N_("Le projet est-il concerné ?"),
        requirement="priority_area",
        columns=3,
        rules=("priority_area", as_given("priority_area")),
        lead="priority_area",
        export=(("Quartier prioritaire", "priority_area"),),
        sheet=N_("Dans la géographie prioritaire du territoire"),  # the fiche's words
    ),
    Question(
        "kind",
        "kind",
        N_("Nature"),
        "choice",
        condition="fiche_has_ceilings_by_kind",
        choices=KINDS,
        action="kind",
        validate=v.or_label(parts_answers.kind, KINDS),
        hook=hooks.kind_changed,
        prompt=N_(
            "Votre demande, c'est de l'investissement, du fonctionnement, ou les deux ? "
            "Les maximums ne sont pas les mêmes."
        ),
        rules=("kind", rules_kind),
        lead="kind",
        export=(("Nature des dépenses", "kind"),),
    ),
    Question(
        "total",
        "total",
        N_("Coût total"),
        "amount",
        validate=cofunding_givers.total,
        pick=amounts.total,
        hook=hooks.total_changed,
        unknown=amounts.amount_unknown("total"),
        prompt=N_("Quel est le coût total du projet, en euros ? (par exemple « 12 000 € »)"),
        rules=("total", amount("total")),
        lead="total",
        export=(("Coût total (€)", "total"),),
        sheet=N_("Coût total du projet"),
    ),
    Question(
        "request",
        "request",
        N_("Demande à la Région"),
        "amount",
        "one_request",
        validate=amounts.request,
        pick=amounts.request,
        hook=hooks.request_changed("request"),
        unknown=amounts.amount_unknown("request"),
        prompt=N_("Combien demandez-vous à la Région ?"),
        # the whole request: both parts summed when they were asked apart
        rules=("request", v.requested),
        lead="request",
        store=lambda answers: {"request": cents(v.requested(answers))},
        export=(("Montant demandé (€)", "request"),),
        sheet=N_("Demande à la Région"),
    ),
    Question(
        "request_investment",
        "request_investment",
        N_("Demande en investissement"),
        "amount",
        "request_in_parts",
        validate=amounts.request_investment,
        pick=amounts.request_investment,
        hook=hooks.request_changed("request_investment"),
        unknown=amounts.amount_unknown("request_investment"),
        prompt=N_("Combien demandez-vous à la Région pour l'investissement ?"),
        rules=("request_investment", amount("request_investment")),
        store=lambda answers: {},  # summed into the lead's request
    ),
    Question(
        "request_operating",
        "request_operating",
        N_("Demande en fonctionnement"),
        "amount",
        "request_in_parts",
        validate=amounts.request_operating,
        pick=amounts.request_operating,
        hook=hooks.request_changed("request_operating"),
        unknown=amounts.amount_unknown("request_operating"),
        prompt=N_("Et combien pour le fonctionnement ?"),
        rules=("request_operating", amount("request_operating")),
        store=lambda answers: {},  # summed into the lead's request
    ),
    Question(
        "cofunding",
        "cofunding",
        N_("Co-financement local"),
        "amount",
        action="cof",
        validate=cofunding_givers.cofunding,
        pick=amounts.cofunding,
        unknown=amounts.amount_unknown("cofunding"),
        prompt=N_(
            "Combien apportent les collectivités locales (commune, "
            "intercommunalité…) ? Écrivez 0 s'il n'y en a pas encore."
        ),
        buttons=(Extra(N_("Rien pour l'instant"), "cof:0"), "dk"),
        columns=2,
        rules=("cofunding", amount("cofunding")),
        lead="cofunding",
        export=(("Cofinancement local (€)", "cofunding"),),
        sheet=N_("Co-financement des collectivités locales"),
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
        prompt=N_(
            "Le programme d'activité, ce sont les actions de votre structure que la "
            "Région finance déjà. Ce projet en fait-il partie ?"
        ),
        columns=3,
        rules=("activity_funding", yes_no("activity")),
        lead="activity_funding",
        export=(("Déjà financé pour son activité", "activity_funding"),),
        sheet=N_("Déjà financée par la Région pour son programme d'activité"),
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
