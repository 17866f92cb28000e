"""A share of the total typed where the request is asked ("50 %", "la moitié", "half of it"):
the amount it makes of the total already given, offered with a button to confirm, and the
question asked again on "no" (issue 22). Never taken silently: a percentage is no amount, and
the person may have meant a share of something else. Without a total (or with a question mark:
"50 % c'est possible ?") the message is read as usual (the amount step says why a percentage is
not an amount; the FAQ answers a question)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP

from dialogs.table import KEY_OF
from dialogs.turn import Turn
from dialogs.validators import known
from knowledge.money import CENT, format_rate
from knowledge.reading import Reading
from knowledge.share import share

# The answers a share of the total may fill: the request, or one of fiche 4's two parts.
REQUESTS = frozenset({"request", "request_investment", "request_operating"})


def offered(turn: Turn, reading: Reading) -> bool:
    """Offer the amount a share of the total makes; False when the message names none here."""
    if KEY_OF.get(turn.state.step, turn.state.step) not in REQUESTS or "?" in reading.text:
        return False
    total = known(turn.state.answers, "total")
    rate = share(reading.text) if total is not None else None
    if total is None or rate is None:
        return False
    amount = (total * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    _ = turn._
    turn.say(
        _(
            "{rate} du coût total ({total}), cela fait {amount}. Est-ce le montant que vous "
            "demandez ?"
        ).format(
            rate=format_rate(rate, turn.state.lang),
            total=turn.money(total),
            amount=turn.money(amount),
        ),
        (
            turn.button(_("Oui, {amount}").format(amount=turn.money(amount)), f"amt:{amount}"),
            turn.button(_("Non, un autre montant"), "go:"),
        ),
        columns=2,
    )
    return True
