"""A share of the total typed where the request is asked ("50 %", "la moitié", "half of it"):
the amount it makes of the total already given, offered with a button to confirm, and the
question asked again on "no" (issue 22). Never taken silently: a percentage is no amount, and
the person may have meant a share of something else. Without a total (or with a question mark:
"50 % c'est possible ?") the message is read as usual (the amount step says why a percentage is
not an amount; the FAQ answers a question).

The offer's two buttons typed in words (« oui », « Non, un autre montant », « non, plutôt 4000 »)
do what the buttons do (`answered`): the offer is kept in `State.pending` for the next message
only, since a leading « non » there answers the offer, not an earlier answer (it corrected the
total before)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dialogs import form
from dialogs.table import KEY_OF
from dialogs.turn import Turn
from dialogs.validators import known
from knowledge.lexicon import typed_button
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
    turn.state.pending = {"share": str(amount), "step": turn.state.step, "seq": turn.state.seq}
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


def answered(turn: Turn, reading: Reading) -> bool:
    """The message typed right after an offer, read as an answer to it: yes (or the yes
    button's label, or a synonym in the lexicon's `[buttons] share_yes`) takes the amount
    offered; no, or another amount asked for in words (`share_other`), asks the question
    again as « Non, un autre montant » does; an amount typed with a « non » ("non, plutôt
    4000") is the request itself. Anything else is read as usual. The offer lasts one
    message: it is forgotten here whatever the answer."""
    pending = turn.waiting("share")
    if pending is None:
        return False
    offered_amount = str(pending["share"])
    _ = turn._
    labels = {
        "share_yes": (_("Oui, {amount}").format(amount=turn.money(Decimal(offered_amount))),),
        "share_other": (_("Non, un autre montant"),),
    }
    picked = typed_button(reading.text, labels) or typed_button(reading.rest, labels)
    if picked is None and not reading.names:
        parsed = reading.amount()
        if parsed.amount is not None and not parsed.problem:
            form.choice_form(turn, "amt", str(parsed.amount))  # "non, plutôt 4000"
            return True
        picked = {"yes": "share_yes", "no": "share_other"}.get(reading.yes_no or "")
    if picked == "share_yes":
        form.choice_form(turn, "amt", offered_amount)
    elif picked == "share_other":
        turn.ask()
    return picked is not None
