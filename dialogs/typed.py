"""A button typed instead of tapped (issue 22): which button on screen a message is, so that
`dialogs.flow` does what that button does before any other reading of the words.

Two readings: a message that is a button's whole label (any step: « Non, c'est ma réponse »
was saved as the fiche synthétique's title, « plutôt la fiche 2 » as a description), and, at
the summary and the verdict, a message whose words all sit in one label (« voir le détail »).
The buttons on screen are asked for on a copy of the state: nothing changes. Each returns the
button's data for `flow.choice`, or None.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dialogs.turn import Step, Turn
from knowledge.i18n import catalog_words
from knowledge.reading import Reading
from knowledge.text import normalize

# A button's label typed whole is a few words ("Non, c'est ma réponse", "Plutôt la fiche 2"):
# longer messages are not compared.
LABEL_WORDS = 6


def words(turn: Turn, reading: Reading, steps: Mapping[str, Step]) -> str | None:
    """The one button of the current question whose label holds every word of the message
    (politeness aside, words of four letters or more). Not a message holding a number: a
    value is said ("actually the total is 14,000" at the recap: the total corrected, never its
    ✏️ button, which dropped the total and asked it again — reading21)."""
    if any(c.isdigit() for c in reading.text):
        return None
    found = {w for w in reading.without_politeness.split() if len(w) > 3}
    if not found:
        return None
    return shown(turn, steps, lambda label: found <= set(normalize(label).split()))


def label(turn: Turn, reading: Reading, steps: Mapping[str, Step]) -> str | None:
    """The one button on screen whose label is the whole message (accents, case,
    punctuation, emoji and politeness aside)."""
    said = reading.key.split()
    if not said or len(said) > LABEL_WORDS:
        return None
    known = catalog_words()
    if not all(w in known or w.isdigit() for w in said):
        return None  # a word no label holds ("Lens", "12000€"): not asked on a copy
    typed = {reading.key, reading.without_politeness} - {""}
    pending = turn.state.pending
    if pending.get("step") == turn.state.step and "intent" in pending:
        # `intents.ask_first`'s question is on screen, not the step's: its two buttons, or a
        # yes / no (« non » keeps the words as the answer, as « Non, c'est ma réponse »)
        labels = {"yes": turn._("Oui"), "no": turn._("Non, c'est ma réponse")}
        value = next((v for v, text in labels.items() if normalize(text) in typed), None)
        value = value or {"yes": "yes", "no": "no"}.get(reading.yes_no or "")
        if value is not None:
            return f"{turn.state.seq}|intent:{value}"
    return shown(turn, steps, lambda text: normalize(text) in typed)


def shown(turn: Turn, steps: Mapping[str, Step], fits: Callable[[str], bool]) -> str | None:
    """The one button on screen (of this conversation's step) whose label fits."""
    copy = Turn(turn.guide, turn.state.copy(), turn.today, steps)
    copy.ask()  # the buttons the person sees (asked on a copy: nothing changes)
    found = {
        c.data
        for r in copy.replies
        for c in r.choices
        if c.data.partition("|")[0].isdigit() and fits(c.label)
    }
    if len(found) != 1:
        return None
    return f"{turn.state.seq}|{found.pop().partition('|')[2]}"
