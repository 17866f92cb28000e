"""Answers given before their question, in the message that answered another (issue 22,
reading9: answers fill any slot, from any step — Rasa's slot mappings "from entity").

"On est une asso de Roubaix" answers « Qui êtes-vous ? » and names the commune; "à Arras, pour
des jeunes" answers the commune and the audience; "à Lens pour 15 000 €" names the commune and
an amount. When the next question comes in the same turn, its step's `early` reader
(`dialogs.turn.Step`) takes what the message already said — only what is unambiguous: a commune
named by its very name, an audience said after "pour" / "for" — says it, and goes on; anything
less and the question is asked as usual. An amount typed before the amounts, whose answer is
unclear (the total? the request?), is never stored in one: it is kept aside (`State.proposed`)
and offered as a button at the amount questions (`asking.ask_question`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from dialogs import interpret, place_step
from dialogs.form import accept, context
from dialogs.table import AMOUNT_STEPS, AUDIENCES, BY_KEY, ROLES, TRISTATE
from dialogs.turn import Turn
from dialogs.validators import Accepted
from knowledge import lexicon as lx
from knowledge.audience_said import audience_words
from knowledge.money import Parsed, money_shape
from knowledge.negated import split
from knowledge.place_text import named_in_sentence, says_near
from knowledge.place_words import _PLACE_PREPOSITIONS
from knowledge.reading import Reading
from knowledge.text import normalize

# The digits of an amount and its currency or scale, set aside to find the commune beside it.
AMOUNTS = frozenset(AMOUNT_STEPS)  # the amount questions' keys are their steps
_AMOUNT = re.compile(r"\d[\d\s.,\u202f\u00a0]*(?:\s*(?:k€?|€|euros?|eur)\b|\s*€)?", re.IGNORECASE)


def place(turn: Turn, reading: Reading) -> bool:
    """The commune named by its very name after "à", "de", "sur", "in"… in a message typed at
    an earlier question ("on est une asso de Roubaix", "je suis habitante à Liévin"; not "près
    de Lille"): recorded with its card, and on to the next question."""
    said = split(reading.text)[0]  # "non, pas à Lens": no commune said
    if "?" in said:
        return False
    name = named_in_sentence(turn.guide.places, said)
    if name is None or says_near(said, name):
        return False
    key = f" {normalize(said)} "
    if not any(f" {word} {name} " in key for word in _PLACE_PREPOSITIONS):
        return False  # "Association Lens Avenir": a name, perhaps not where the project is
    located = turn.guide.places.locate(name)
    if located.status != "found" or located.commune is None:
        return False
    role = turn.state.answers.get("role")
    if reading.context.step == "role" and role in ROLES:
        # "I'm a resident of Arras": two answers in one message, both said (the role typed in
        # words was read silently when it came alone, its next question showing it was taken)
        turn.note(turn._("J'ai noté : {role}.").format(role=turn._(ROLES[role])))
    place_step.set_place(turn, located.commune.insee, "", located.elsewhere)
    return True


def audience(turn: Turn, reading: Reading) -> bool:
    """The audience said after "pour" / "for" in a message typed at an earlier question ("à
    Arras, pour des jeunes"), when its words pick one button (a negated one never)."""
    if "?" in reading.text:
        return False
    said = _after_audience_word(reading.key)
    if said is not None:  # « les jeunes du quartier »: young people (reading19)
        said = audience_words(said)
    if said is None:
        return False
    value = interpret.audience(said)
    if value is None or interpret.torn(said, "audience"):
        return False
    question = BY_KEY["audience"]
    note = turn._("J'ai noté le public : « {audience} ».").format(
        audience=turn._(AUDIENCES[value])
    )
    accept(turn, question, Accepted(value, note=note, drop=(question.noted,)))
    return True


# Where a yes / no said for the next question starts: a clause after the first.
_CLAUSE = re.compile(r"[,;.!]|\s(?:et|and|mais|but)\s", re.IGNORECASE)


def yes_no(turn: Turn, reading: Reading) -> bool:
    """The next yes / no question answered in the message that answered the one before
    (reading15: « 3000, et non on n'est pas financés par la Région pour notre activité » at the
    co-funding): a clause after the first naming the question's subject (the lexicon's names
    of the answer) says yes, no or don't know. Recorded and said; else the question is asked."""
    step = turn.state.step
    names = lx.lexicon().names.get(step, ())
    question = BY_KEY.get(step)
    if "?" in reading.text or not names or question is None:
        return False
    later = [normalize(c) for c in _CLAUSE.split(reading.text)[1:] if normalize(c)]
    said = {v for c in later if lx.any_phrase(c, names) and (v := lx.yes_no_in(c)) is not None}
    if len(said) != 1:
        return False
    (value,) = said
    note = turn._("J'ai noté « {label} » : {new}.").format(
        label=turn._(question.label), new=turn._(TRISTATE[value])
    )
    accept(turn, question, Accepted(value, note=note))
    return True


def _after_audience_word(key: str) -> str | None:
    """The words after the first of the lexicon's `audience_before` ("pour", "working with")
    in a normalised message; None without one. A commune's own words ("Lens, quartier de la
    gare") say no audience."""
    after = interpret.at_audience(key)[1]
    return after or None


def amount_beside_place(turn: Turn, text: str) -> bool:
    """ "à Lens pour 15 000 €" at the commune question: the commune named by its very name is
    the answer; the amount, whose question is unclear, is kept aside and offered at the amount
    questions — never stored in one; an amount named ("Liévin, budget 12 000 €": the total)
    is recorded with it. False when no commune is named so."""
    parsed = turn.read(text).amount()
    rest = _AMOUNT.sub(" ", split(text)[0])
    if "?" in text or not normalize(rest):
        return False
    name = named_in_sentence(turn.guide.places, rest)
    located = turn.guide.places.locate(name) if name is not None else None
    if located is None or located.status != "found" or located.commune is None:
        return False
    named = [k for k in turn.read(text).names if k in AMOUNTS and k not in turn.state.answers]
    question = BY_KEY[named[0]] if len(named) == 1 else None
    result = question.validate(text, context(turn)) if question and question.validate else None
    if question is not None and isinstance(result, Accepted) and result.value is not None:
        accept(turn, question, result, ask_next=False)  # "Liévin, budget 12 000 €": the total
    else:
        _keep(turn, parsed)
    place_step.set_place(turn, located.commune.insee, "", located.elsewhere)
    return True


# Steps before the amounts where a message may hold one no question takes ("une asso, on a
# besoin de 5 000 €", "un jardin partagé de 15 000 €"); the commune's is `amount_beside_place`.
KEEP_AT = frozenset(
    {"role", "place", "place_choice", "audience", "project", "fiche_confirm"}
    | {"priority_area", "kind"}
)


def keep_amount(turn: Turn, text: str, say: bool = True) -> bool:
    """An amount said as one ("5 000 €", "environ 8k") in a message typed before the amount
    questions: kept aside (`State.proposed`), said, and offered at the amount questions —
    never stored in one, whatever the step makes of the rest of the message. True: kept."""
    if turn.state.step not in KEEP_AT or turn.state.proposed:
        return False
    if AMOUNTS.intersection(turn.state.answers):
        return False
    if money_shape(text, turn.state.lang) != "sure":
        return False
    return _keep(turn, turn.read(text).amount(), say)


def _keep(turn: Turn, parsed: Parsed, say: bool = True) -> bool:
    if parsed.amount is None or parsed.problem or parsed.amount <= 0:
        return False
    turn.state.proposed = {"amount": str(parsed.amount)}
    if say:
        turn.note(_kept_note(turn, parsed.amount), after_card=True)
    return True


def _kept_note(turn: Turn, amount: Decimal) -> str:
    return turn._(
        "J'ai gardé {amount} de côté : je vous le proposerai quand viendront les "
        "montants (coût total, demande…)."
    ).format(amount=turn.money(amount))


def proposed(turn: Turn) -> Decimal | None:
    """The amount kept aside for the amount questions, if any."""
    value = turn.state.proposed.get("amount")
    return Decimal(value) if value else None


# Clauses, a comma or a point between digits aside ("the total cost is 40,000").
_CLAUSES = re.compile(r"[;!]|(?<!\d)[,.]|[,.](?!\d)|\s(?:et|and|mais|but)\s", re.IGNORECASE)
# The questions of fiche 4 asked before the total: a message answering one of them may give
# the total too (reading22).
BEFORE_TOTAL = frozenset({"kind", "priority_area"})


def total(turn: Turn, reading: Reading) -> bool:
    """The total given with fiche 4's kind (reading22: « je ne sais pas si c'est de
    l'investissement, en tout c'est 50 000 » left the kind « à préciser » and asked the total
    again): when the message answered the question right before the total, its clauses holding
    a number name the total (« le coût total », or a whole, « en tout », naming no other
    amount: « 20 000 d'investissement » is a part) and the total's own validator takes them,
    the total is recorded and said. Else asked, as before (an amount kept aside is offered)."""
    if reading.context.step not in BEFORE_TOTAL or "?" in reading.text:
        return False
    # the clauses holding a number: « on ne sait pas si c'est de l'investissement » is the
    # kind's answer (its don't-know, its part's name), not the total's
    said = " ; ".join(c for c in _CLAUSES.split(reading.text) if any(d.isdigit() for d in c))
    if not said:
        return False
    clauses = Reading(said, reading.context)
    named = [k for k in clauses.names if k in AMOUNTS]
    whole = lx.any_phrase(clauses.key, lx.lexicon().whole)
    if named != ["total"] and (named or not whole):
        return False
    if clauses.parts_named & {"investment", "operating"}:
        return False  # « 20 000 d'investissement en tout »: a part of the request, perhaps
    question = BY_KEY["total"]
    result = question.validate(said, context(turn)) if question.validate else None
    if not isinstance(result, Accepted) or result.value is None:
        return False
    if (kept := proposed(turn)) is not None and kept == Decimal(str(result.value)):
        turn.state.proposed = {}  # kept aside at the kind, now the total's own: said once
        turn.notes[:] = [n for n in turn.notes if n != _kept_note(turn, kept)]
    accept(turn, question, result)
    return True
