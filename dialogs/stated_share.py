"""An amount typed with its share of the total (« 3000 soit 30 % », "3,000 (30%)") where an
amount is asked (issue 22, reading16). The amount parse refuses any percentage ("percent": an
amount is asked), so the person was asked again for what they had given. The amount is the
answer; the share said beside it is checked against the total already given: when they agree
(within the half point a rounded share allows) the amount is recorded; when they do not, both
readings are said with a button each and nothing is stored — a wrong amount kept silently is
worse than a question. Without a total, or with a question mark, the message is read as usual."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dialogs import form
from dialogs.table import KEY_OF
from dialogs.turn import Turn
from dialogs.validators import known
from knowledge.money import CENT, format_rate, parse_amount
from knowledge.money_words import ABOUT_BEFORE, PERCENT_VALUE, PERCENT_WORD
from knowledge.reading import Reading
from knowledge.shares_said import agree, each_agrees
from knowledge.text import fold

# The answers asked as an amount that a share of the total describes. Not fiche 4's two parts:
# there a share is of the whole request (« 25 000 : 60 % en investissement », `dialogs.parts`).
SHARED = frozenset({"request", "cofunding"})


def stated(turn: Turn, reading: Reading) -> bool:
    """Record the amount whose share agrees with the total, or say the disagreement; False
    when the message is no amount with its share here."""
    if KEY_OF.get(turn.state.step, turn.state.step) not in SHARED or "?" in reading.text:
        return False
    total = known(turn.state.answers, "total")
    folded = PERCENT_WORD.sub(" % ", fold(reading.text))
    rates = PERCENT_VALUE.findall(folded)
    if total is None or not total or not rates:
        return False
    if len(rates) > 1:
        return _each(turn, folded, [Decimal(r.replace(",", ".")) / 100 for r in rates], total)
    parsed = parse_amount(PERCENT_VALUE.sub(" ", folded), turn.state.lang)
    amount = parsed.amount if not parsed.problem else _besides_total(parsed.values, total)
    if amount is None:
        return False
    rate = Decimal(rates[0].replace(",", ".")) / 100
    actual = amount / total
    said = PERCENT_VALUE.search(folded)
    about = said is not None and bool(ABOUT_BEFORE.search(folded[: said.start()]))
    if agree(amount, rate, total, about):
        form.choice_form(turn, "amt", str(amount))
        return True
    of_rate = (total * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    _ = turn._
    lang = turn.state.lang
    turn.say(
        _(
            "{amount}, c'est {actual} du coût total ({total}), pas {rate} ({of_rate}). "
            "Lequel est juste ?"
        ).format(
            amount=turn.money(amount),
            actual=format_rate(actual, lang),
            total=turn.money(total),
            rate=format_rate(rate, lang),
            of_rate=turn.money(of_rate),
        ),
        (
            turn.button(turn.money(amount), f"amt:{amount}"),
            turn.button(
                _("{rate} : {amount}").format(
                    rate=format_rate(rate, lang), amount=turn.money(of_rate)
                ),
                f"amt:{of_rate}",
            ),
        ),
        columns=2,
    )
    return True


def _besides_total(values: tuple[Decimal, ...], total: Decimal) -> Decimal | None:
    """The amount when the message also names the total its share is of (reading23, heldout8:
    « la ville met 30 % du total je crois, donc 2 700 € sur les 9 000 » was refused as a
    percentage): two amounts, one the total already given, the other below it. The share must
    still agree with that amount (a hedged share is taken only when the amount confirms it)."""
    if len(values) != 2 or total not in values:
        return None
    other = values[1] if values[0] == total else values[0]
    return other if 0 < other < total else None


def _each(turn: Turn, folded: str, rates: list[Decimal], total: Decimal) -> bool:
    """Several givers at the co-funding, each with its amount and its share (reading22: « la
    ville 1 500 € (15 %) et l'agglo 1 000 € (10 %) » was told « an amount, not a
    percentage »): when every share agrees with its amount, the message is read without the
    shares — the givers' amounts, added and said as the co-funding step adds them. Else read
    as before (asked)."""
    if KEY_OF.get(turn.state.step, turn.state.step) != "cofunding":
        return False
    amounts_only = PERCENT_VALUE.sub(" ", folded)
    parsed = parse_amount(amounts_only, turn.state.lang)
    if parsed.problem != "several_numbers" or not each_agrees(parsed.values, rates, total):
        return False
    form.form_text(turn, amounts_only)
    return True
