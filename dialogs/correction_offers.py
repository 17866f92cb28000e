"""A value typed without a correction's words that only an earlier answer takes: offered with a
button, never taken (docs/understanding.md, "Corrections: principles, not phrasings", rule 4).

"12000" asked for the request after a total of 1 200, a commune's very name at « Pour qui ? »:
perhaps a correction, perhaps a slip — the reason, a button to put the value where it fits, and
the question again. Split from `dialogs.corrections` (which finds what a message corrects) to
keep each module to one job.
"""

from __future__ import annotations

from dialogs.correction_apply import SURE_SCORE
from dialogs.correction_fits import MAX_WORDS_WHICH, accepts, earlier_amounts, fits_answer
from dialogs.form import context
from dialogs.question import Question
from dialogs.table import BY_KEY
from dialogs.turn import Turn
from dialogs.validators import Rejected
from knowledge.reading import Reading


def fits_earlier_only(turn: Turn, reading: Reading, current: str) -> bool:
    """An amount this question refuses but earlier answers would take ("12000" asked for the
    request after a total of 1200): the reason, buttons to put it where it fits, and the
    question again with its own buttons (the person may type another amount)."""
    now = BY_KEY.get(current)
    parsed = reading.amount()
    if now is not None and now.shape == "choice":
        return commune_offered(turn, reading, now)
    if now is None or now.shape != "amount" or now.validate is None:
        return False
    if parsed.amount is None or parsed.problem:
        return False
    refused = now.validate(reading.text, context(turn))
    if not isinstance(refused, Rejected) or refused.offers:
        return False
    keys = [k for k in earlier_amounts(turn, current) if fits_answer(turn, k, reading.text)]
    if not keys:
        return False
    _ = turn._
    turn.say(
        refused.reason + "\n" + _("Si c'est une correction, touchez la réponse à changer :"),
        tuple(
            turn.button(
                f"{_(BY_KEY[k].label)} : {turn.money(parsed.amount)}", f"fix:{k}={parsed.amount}"
            )
            for k in keys
        ),
    )
    turn.ask()  # the question again, with its own buttons
    return True


def commune_offered(turn: Turn, reading: Reading, now: Question) -> bool:
    """A commune's very name typed where a button is asked ("Liévin" at "pour qui ?"), which
    no button fits: perhaps the commune corrected — offered as a button, the question asked
    again (the words are not kept as this question's answer)."""
    place = turn.state.answers.get("place") or {}
    if not place.get("insee") or len(reading.key.split()) > MAX_WORDS_WHICH:
        return False
    if accepts(turn, now, reading) or reading.amount().amount is not None:
        return False
    located = reading.place
    if located.status != "found" or located.commune is None:
        return False
    if located.matches[0].score < SURE_SCORE or located.commune.insee == place["insee"]:
        return False
    turn.state.candidates = [located.commune.insee]
    turn.say(
        turn._("Voulez-vous changer la commune ?"),
        (
            turn.button(
                "📍 " + turn.place_label(located.commune.insee), f"place:{located.commune.insee}"
            ),
        ),
    )
    turn.ask()
    return True
