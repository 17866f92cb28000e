"""A priority area named at a fiche that does not ask for it (reading20, issue 22): « on est en
quartier prioritaire » typed at fiche 1's total was asked back as no amount; « oui c'est en QPV,
le coût total c'est 14000 » kept the amount and said nothing of the rest. Only the fiches whose
data list the `priority_area` requirement ask it (fiche 4): elsewhere it is said plainly that it
does not apply, and the rest of the message is read as usual. A question about it (« mon
quartier est-il prioritaire ? ») is the FAQ's; the words are the lexicon's name of that answer
(`[corrections.names] priority_area`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from dialogs import interpret
from dialogs.model import Event
from dialogs.question import fiche_requires_priority_area
from dialogs.table import BY_STEP
from dialogs.turn import Turn, free_text
from knowledge import lexicon as lx
from knowledge.asking import asks, question_cue
from knowledge.text import normalize

# Where a clause ends: the priority area's clause is set aside, the others read.
_CLAUSE = re.compile(r"[,;.!…]|\bet\b|\band\b|\bmais\b|\bbut\b")


def aside(turn: Turn, text: str, handle: Callable[[Turn, Event], None]) -> bool:
    """True when the message was answered here: the priority area said not to apply, and the
    rest of the message (if any) read by `handle` as the step's own; False when it names no
    priority area, or the fiche asks for one, or it asks something."""
    state = turn.state
    fiche = state.answers.get("fiche")
    names = lx.lexicon().names.get("priority_area", ())
    if (
        not fiche
        or not lx.any_phrase(turn.read(text).key, names)  # most messages: nothing more read
        or not state.consent
        or state.step == "priority_area"
        or free_text(state.step)
        or fiche_requires_priority_area(state.answers, turn.k)
        or question_cue(text)
        or asks(text)
    ):
        return False
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    said = [c for c in clauses if lx.any_phrase(normalize(c), names)]
    if not said:
        return False
    rest = ", ".join(c.strip() for c in clauses if c not in said)
    asking = [n for n, f in sorted(turn.k.fiches.items()) if "priority_area" in f.requirements]
    turn.note(
        turn._(
            "Le quartier prioritaire ne s'applique pas à la fiche {n} : seule la fiche "
            "{fiches} le demande."
        ).format(n=fiche, fiches=", ".join(str(n) for n in asking))
    )
    question = BY_STEP.get(state.step)
    yes_no = question is not None and question.shape == "yes_no"
    if rest and (yes_no or not interpret.is_stray(rest)):
        # « …, le coût total c'est 14000 », « non, et on n'est pas en QPV » at a yes / no
        # question: the rest read as the step's, nothing lost
        handle(turn, Event.text(rest))
    else:
        turn.ask()
    return True
