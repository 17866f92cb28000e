"""A restart asked for in words, confirmed first when there are answers to lose (issue 22,
reading13).

Restarting erases every answer. `/recommencer` is a command, typed on purpose, and acts at
once; words are not as sure (« recommencer », « on reprend tout depuis le début », « start
over » may be said in passing, or be part of a sentence about the project), so when the
conversation holds answers the bot asks « Voulez-vous tout recommencer depuis le début ? » with
[Oui, tout recommencer] [Non, continuer]. With no answer yet there is nothing to lose: it
restarts at once.

The two buttons typed in words (« oui », « non on continue », `[buttons] restart_yes` and
`restart_no` of the lexicon) do what the buttons do: the offer waits in `State.pending` for
the next message only; anything else typed is read as usual (the offer then lapses, nothing
changed).
"""

from __future__ import annotations

from dialogs.turn import Turn
from knowledge.lexicon import typed_button
from knowledge.reading import Reading

PENDING = "restart"


def offer(turn: Turn) -> bool:
    """Ask before restarting on words; False when there is nothing to lose (restart now)."""
    if not turn.state.answers:
        return False
    _ = turn._
    turn.state.pending = {PENDING: True, "step": turn.state.step, "seq": turn.state.seq}
    turn.say(
        _(
            "Voulez-vous tout recommencer depuis le début ? Vos réponses seront effacées. "
            "(Pour changer une seule réponse : /retour, ou ✏️ dans le résumé.)"
        ),
        (
            turn.button(_("Oui, tout recommencer"), "restart:yes"),
            turn.button(_("Non, continuer"), "restart:no"),
        ),
        columns=2,
    )
    return True


def answered(turn: Turn, reading: Reading) -> bool:
    """The message typed right after the offer, read as an answer to it (a yes / no, a
    button's label or a synonym); False: read as usual (the offer lapses)."""
    if turn.waiting(PENDING) is None:
        return False
    _ = turn._
    labels = {
        "restart_yes": (_("Oui, tout recommencer"),),
        "restart_no": (_("Non, continuer"),),
    }
    picked = typed_button(reading.text, labels) or typed_button(reading.rest, labels)
    if picked is None:
        picked = {"yes": "restart_yes", "no": "restart_no"}.get(reading.yes_no or "")
    if picked is None:
        return False
    choice(turn, "yes" if picked == "restart_yes" else "no")
    return True


def choice(turn: Turn, value: str) -> None:
    """The offer's buttons: restart, or carry on where the person was."""
    turn.state.pending = {}
    if value == "yes":
        turn.restart()
        return
    turn.say(turn._("D'accord, on continue."))
    turn.ask()
