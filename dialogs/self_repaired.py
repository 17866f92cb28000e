"""An answer that repairs itself as it is typed, at the question on screen (issue 22,
reading18): « 3000 non attendez 3500… ah non finalement c'est bien 3000 » at the request, « Lens
non pardon Liévin » at the commune. Its correction words are about its own values, not about an
earlier answer: read as a correction, the total changed silently and the request stayed unset,
or the commune's question was answered with « which answer do you want to correct? ». The last
value said is the question's answer (`knowledge.self_repair` finds it).
"""

from __future__ import annotations

from dialogs import place_step
from dialogs.correction_shapes import names_table
from dialogs.table import BY_KEY
from dialogs.turn import Turn
from knowledge.reading import Reading
from knowledge.self_repair import opens_with_value, repaired_words


def amount_here(reading: Reading, current: str) -> bool:
    """At an amount question, a message that opens with its value and changes its mind after
    (`opens_with_value`), naming no other answer: the question's own answer, the last value
    said — the step reads it (never a correction of the answer before)."""
    question = BY_KEY.get(current)
    if question is None or question.shape != "amount":
        return False
    if not opens_with_value(reading.text):
        return False
    # « 1200 pardon le total c'est 12000 »: another answer named, corrected
    return not set(reading.names_in(names_table())) - {current}


def place_here(turn: Turn, reading: Reading) -> bool:
    """At the commune's question, a commune then another after a correction word: the last
    one looked up as the answer (candidates, outside, not found: as the step says them).
    False when the first words are no commune of the region (« rien non plus », a sentence)."""
    if turn.state.step != "place" or "?" in reading.text:
        return False
    said = repaired_words(reading.text)
    if said is None:
        return False
    first, last = said
    places = turn.guide.places
    if places.locate(first).status != "found" or places.locate(last).status == "not_found":
        return False
    place_step.locate(turn, last)
    return True
