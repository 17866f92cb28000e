"""A fiche-4 part said to be nothing, once both parts were chosen (issue 22, reading15).

At the investment part's question, « rien en investissement finalement » changed « Nature » to
Investissement: the word « investissement » was read as that button and « rien » beside it
ignored — the opposite of what was said, a silent misreading. A zero beside one part's words
(`knowledge.negated.zeroed`: « rien », « aucun », « pas de », « 0 », "no"), the other part not
zeroed too, says the request is all the other part: « Nature » changes to it (said, with what
must be asked again: the request, now in one amount), wherever the person is.
"""

from __future__ import annotations

from dialogs.correction_apply import change
from dialogs.interpret import PARTS
from dialogs.table import BY_KEY
from dialogs.turn import Turn
from dialogs.validators import Accepted
from knowledge import lexicon as lx
from knowledge.negated import zeroed
from knowledge.reading import Reading


def zero_part(turn: Turn, reading: Reading) -> bool:
    """True when the message zeroes one part of a request asked in two (kind "both"): the
    kind is changed to the other part. Not at the kind's own question (its validator reads
    the zero), nor in a question ("et si on n'a rien en investissement ?")."""
    state = turn.state
    if state.answers.get("kind") != "both" or state.step == "kind" or "?" in reading.text:
        return False
    table = lx.lexicon().choices["kind"]
    nothing = zeroed(reading.text, {k: table[k] for k in PARTS})
    if len(nothing) != 1:
        return False
    (other,) = set(PARTS) - nothing
    change(turn, BY_KEY["kind"], Accepted(other))
    return True
