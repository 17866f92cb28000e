"""Corrections of an earlier answer, typed at any step (Rasa's slot mappings "from entity").

A message that names the earlier answer it changes ("le coût total c'est 12 000", "en fait
c'est à Lens", "on est une collectivité") updates that answer wherever the person is, says so
(old and new value), lets the answer's hook re-check what depends on it (and says what had to
be asked again), then goes back to the first missing question — where the person was. A
correction that names nothing ("non en fait c 12000"), right after an answer, is read against
the previous question when the current one cannot take it or the message says it corrects
("en fait", "pardon"); when both could and only a "non" opens it, the person is asked which
answer it changes, with buttons. Nothing changes silently; a correction that cannot be
read is not one (the message goes to the current step as usual).
"""

from __future__ import annotations

from decimal import Decimal

from dialogs import interpret, place_step
from dialogs.fields import answer_text
from dialogs.form import accept, context
from dialogs.table import BY_KEY, KEY_OF, Question, applies
from dialogs.turn import Turn
from dialogs.validators import Accepted
from knowledge.reading import Reading

# Steps where a message may correct an earlier answer: the plain questions, the place, and the
# summary / result. Not where any text is an answer of its own (a description, a phone number,
# the fiche synthétique), nor while candidates or a fiche are offered.
AT_STEPS = frozenset(
    {
        *(q.step for q in BY_KEY.values() if q.validate is not None),
        "place",
        "summary",
        "verdict",
    }
)
# A longer message naming an earlier answer corrects it only with "en fait", "pardon", "non"…
# ("le coût de l'animation est pris par la commune, 2000 €" answers the co-funding).
MAX_WORDS_UNMARKED = 8
# Where any text is a description: only a commune named with "en fait" / "pardon" corrects
# ("en fait on est à Lens" is no project).
DESCRIPTION_STEPS = frozenset({"project", "fiche_confirm"})
AMOUNTS = tuple(key for key, q in BY_KEY.items() if q.shape == "amount")


def correct(turn: Turn, reading: Reading) -> bool:
    """Apply a correction the message makes; False when it makes none (read it as usual)."""
    state = turn.state
    at_description = state.step in DESCRIPTION_STEPS and reading.corrects_firmly
    if state.step not in AT_STEPS and not at_description:
        return False
    current = KEY_OF.get(state.step, state.step)
    if len(reading.names) > 1 or current in reading.names:
        # "le total est bon, on demande 4000": two answers named, or the current one — not a
        # correction of one earlier answer (the step reads it, or asks)
        return False
    short = len(reading.key.split()) <= MAX_WORDS_UNMARKED
    for key in reading.names:
        if (
            key in state.answers
            and applies(key, state.answers, turn.k)
            and (short or reading.corrects)
        ):
            if at_description and key != "place":
                return False
            return named(turn, reading, key)
    if at_description:
        return False
    previous = reading.context.previous
    if reading.corrects and previous and previous != current and previous in state.answers:
        return unnamed(turn, reading, previous, current)
    return False


def named(turn: Turn, reading: Reading, key: str) -> bool:
    """ "Le coût total c'est 12 000" at any step: the named answer, read by its question."""
    if key == "place":
        return new_place(turn, reading.after_name("place"))
    if key == "role":
        value = interpret.role(reading.text)
        if value is None or value == turn.state.answers.get("role"):
            return False
        change(turn, BY_KEY["role"], Accepted(value, drop=("role_text",)))
        return True
    question = BY_KEY[key]
    if question.shape != "amount" or question.validate is None:
        return False
    if reading.amount(key == "cofunding").amount is None:
        return False  # names the answer without a new amount: not a correction
    result = question.validate(reading.text, context(turn))
    if not isinstance(result, Accepted):
        return False
    change(turn, question, result)
    return True


def unnamed(turn: Turn, reading: Reading, previous: str, current: str) -> bool:
    """ "Non en fait c 12000" right after an answer: the previous answer when the current
    question cannot take it or the words say it is a correction; the person's choice (buttons)
    when both could."""
    if previous == "place":
        return new_place(turn, reading.rest)
    question = BY_KEY.get(previous)
    if question is None or question.shape != "amount" or question.validate is None:
        return False
    if reading.amount(previous == "cofunding").amount is None:
        return False
    earlier = question.validate(reading.text, context(turn))
    if not isinstance(earlier, Accepted):
        return False
    now = BY_KEY.get(current)
    fits_now = (
        now is not None
        and now.shape == "amount"
        and now.validate is not None
        and isinstance(now.validate(reading.text, context(turn)), Accepted)
    )
    if not fits_now or reading.corrects_firmly:
        change(turn, question, earlier)
        return True
    which(turn, Decimal(earlier.value), question, now)
    return True


def which(turn: Turn, amount: Decimal, previous: Question, now: Question | None) -> None:
    """Both answers could take the amount: ask which one it is, with buttons."""
    _ = turn._
    options = [previous] + ([now] if now is not None else [])
    turn.say(
        _(
            "{amount} : est-ce une correction de votre réponse précédente, ou la réponse à cette question ?"
        ).format(amount=turn.money(amount)),
        tuple(
            turn.button(f"{_(q.label)} : {turn.money(amount)}", f"fix:{q.key}={amount}")
            for q in options
        ),
    )


def choice_fix(turn: Turn, value: str) -> None:
    """The button of `which`: the amount for the answer chosen."""
    key, _sep, amount = value.partition("=")
    question = BY_KEY.get(key)
    current = KEY_OF.get(turn.state.step, turn.state.step)
    if question is None or question.pick is None:
        turn.ask()
        return
    result = question.pick(amount, context(turn))
    if not isinstance(result, Accepted):
        turn.ask()
        return
    if key == current:
        accept(turn, question, result)
        return
    change(turn, question, result)


def new_place(turn: Turn, text: str) -> bool:
    """A commune named as a correction: taken only when the gazetteer finds it for sure."""
    located = turn.guide.places.locate(text)
    if located.status != "found" or located.commune is None:
        return False
    if located.commune.insee == (turn.state.answers.get("place") or {}).get("insee"):
        return False
    old = answer_text(turn._, "place", turn.state.answers, turn.k, turn.state.lang)
    turn.note(_changed(turn, BY_KEY["place"], old))
    place_step.set_place(turn, located.commune.insee, "")
    return True


def change(turn: Turn, question: Question, result: Accepted) -> None:
    """Record the corrected answer, say so (and what had to be asked again), go on."""
    state = turn.state
    old = answer_text(turn._, question.key, state.answers, turn.k, state.lang)
    before = set(state.answers)
    for key in result.drop:
        state.answers.pop(key, None)
    state.answers.update(result.also)
    if question.hook is not None and result.value is not None:
        question.hook(state, result.value)
    turn.record(question.key, result.value)
    turn.note(_changed(turn, question, old))
    dropped = [k for k in before - set(state.answers) if k in BY_KEY and k not in result.drop]
    if dropped:
        turn.note(
            turn._("Cela change aussi : {answers} (je vous le redemande).").format(
                answers=", ".join(turn._(BY_KEY[k].label) for k in sorted(dropped))
            )
        )
    if state.step == "verdict":
        state.step = "summary"
    turn.next_question()


def _changed(turn: Turn, question: Question, old: str) -> str:
    new = answer_text(turn._, question.key, turn.state.answers, turn.k, turn.state.lang)
    if question.key == "place":
        return turn._("✏️ Je change la commune (c'était : {old}).").format(old=old)
    return turn._("✏️ J'ai corrigé « {label} » : {new} (au lieu de {old}).").format(
        label=turn._(question.label), new=new, old=old
    )
