"""Applying a correction once it is found (`dialogs.corrections` finds which answer a message
corrects): the answer recorded, the change said with its old and new value, what depends on it
asked again, and the conversation resumed at the first missing question; or, when the message
does not say which answer it changes, the question "which one?" with buttons (nothing changed
until the person taps). Apart from the finding because the two change for different reasons:
new phrasings change the finding, never how a change is recorded and said.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from dialogs import place_step
from dialogs.fields import answer_text, field_labels
from dialogs.form import accept, context
from dialogs.question import Question
from dialogs.table import BY_KEY, KEY_OF, ORDER, applies
from dialogs.turn import Turn
from dialogs.validators import Accepted, known
from knowledge.place_text import named_in_sentence
from knowledge.reading import Reading

SURE_SCORE = 95  # a commune named outright (the gazetteer's score of an exact name is 100)


def change(turn: Turn, question: Question, result: Accepted) -> None:
    """Record the corrected answer, say so (and what had to be asked again), go on."""
    changes(turn, ((question, result),))


def changes(turn: Turn, pairs: Iterable[tuple[Question, Accepted]], go_on: bool = True) -> None:
    """Record corrected answers in the order given (the table's: a total before the request
    it bounds), say each with its old value, and what had to be asked again; go on (unless
    `go_on` is False: the caller records a commune next, whose card goes on)."""
    state = turn.state
    before = set(state.answers)
    dropped_by_results: set[str] = set()
    for question, result in pairs:
        old = answer_text(turn._, question.key, state.answers, turn.k, state.lang)
        for key in result.drop:
            state.answers.pop(key, None)
        dropped_by_results.update(result.drop)
        state.answers.update(result.also)
        if question.hook is not None and result.value is not None:
            question.hook(state, result.value)
        turn.record(question.key, result.value)
        if said := _changed(turn, question, old):
            turn.note(said)
    dropped = [
        k for k in before - set(state.answers) if k in BY_KEY and k not in dropped_by_results
    ]
    if dropped:
        turn.note(
            turn._("Cela change aussi : {answers} (je vous le redemande).").format(
                answers=", ".join(turn._(BY_KEY[k].label) for k in sorted(dropped))
            )
        )
    if state.step == "verdict":
        state.step = "summary"
    if go_on:
        turn.next_question()


def place_said(turn: Turn) -> str:
    """What changing the commune given says before its card (« ✏️ Je change la commune
    (c'était : Lens …) »), said before the commune is recorded."""
    old = answer_text(turn._, "place", turn.state.answers, turn.k, turn.state.lang)
    return _changed(turn, BY_KEY["place"], old)


def _changed(turn: Turn, question: Question, old: str) -> str:
    new = answer_text(turn._, question.key, turn.state.answers, turn.k, turn.state.lang)
    if old == "—":  # not answered before: filled from another step
        if question.key == "place":
            return ""  # the commune's card says it
        return turn._("J'ai noté « {label} » : {new}.").format(
            label=turn._(question.label), new=new
        )
    if question.key == "place":  # its card follows (the text above is read before it is set)
        return turn._("✏️ Je change la commune (c'était : {old}).").format(old=old)
    if new == old:  # "le budget ça va être 20000 mais on demande 4000", 20 000 given: no change
        return turn._("« {label} » : {new}, c'était déjà noté.").format(
            label=turn._(question.label), new=new
        )
    return turn._("✏️ J'ai corrigé « {label} » : {new} (au lieu de {old}).").format(
        label=turn._(question.label), new=new, old=old
    )


def new_choice(turn: Turn, question: Question, text: str) -> bool:
    """A choice answer named as a correction ("on est une mairie", "le public c'est les
    jeunes"): taken only when the words pick one of its buttons, another than the one given."""
    if question.validate is None:
        return False
    result = question.validate(text, context(turn))
    if not isinstance(result, Accepted) or result.value in (None, "other", "unknown"):
        return False
    if result.value == turn.state.answers.get(question.key):
        return False
    noted = (question.noted,) if question.noted else ()
    change(turn, question, Accepted(result.value, drop=noted))
    return True


def new_place(turn: Turn, text: str, sure: bool = False, sentence: str = "") -> bool:
    """A commune named as a correction: taken only when the gazetteer finds it (`sure`: by its
    very name or postcode, when nothing but the words says it is a place); else the one
    commune the whole `sentence` names by its very name ("wait, no, the town is Douai",
    "euh non, notre projet se passe à Liévin"), as at the place step."""
    located = turn.guide.places.locate(text)
    if located.status != "found" and sentence:
        name = named_in_sentence(turn.guide.places, sentence)
        if name is not None:
            located = turn.guide.places.locate(name)
    if located.status != "found" or located.commune is None:
        return False
    if sure and located.matches[0].score < SURE_SCORE:
        return False
    if located.commune.insee == (turn.state.answers.get("place") or {}).get("insee"):
        return False
    if said := place_said(turn):
        turn.note(said)
    place_step.set_place(turn, located.commune.insee, "")
    return True


def which(turn: Turn, amount: Decimal, keys: list[str]) -> None:
    """The amount fits several answers: ask which one it is, with buttons (nothing changed)."""
    _ = turn._
    turn.say(
        _("{amount} : c'est pour quelle réponse ? Touchez-la :").format(amount=turn.money(amount)),
        tuple(
            turn.button(f"{_(BY_KEY[k].label)} : {turn.money(amount)}", f"fix:{k}={amount}")
            for k in keys
        ),
    )


def which_answer(turn: Turn, named: tuple[str, ...] = ()) -> bool:
    """A correction that says neither which answer nor what it becomes: the answers given (or
    the ones it names), each with its ✏️ button (the summary's), to ask that one again."""
    _ = turn._
    answers = turn.state.answers
    keys = [k for k in ORDER if k in answers and applies(k, answers, turn.k)]
    if any(k in keys for k in named):
        keys = [k for k in keys if k in named]
    if not keys:
        return False
    labels = field_labels(_)
    turn.say(
        _("Quelle réponse voulez-vous corriger ? Touchez-la :"),
        tuple(turn.button("✏️ " + labels[k], f"edit:{k}") for k in keys),
        columns=2,
    )
    return True


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


def mentioned_only(turn: Turn, reading: Reading, names: tuple[str, ...]) -> None:
    """A long text typed at the fiche synthétique that names one earlier amount with another
    value ("… la commune met 5000 € en fait …"): kept as the field's answer, the amount not
    changed, and the person told how to change it (never silently either way)."""
    if len(names) != 1 or BY_KEY[names[0]].shape != "amount":
        return
    question = BY_KEY[names[0]]
    parsed = reading.amount(question.key == "cofunding")
    if (
        parsed.amount is None
        or parsed.problem
        or parsed.amount == known(turn.state.answers, question.key)
    ):
        return
    _ = turn._
    label = _(question.label)
    turn.note(
        _(
            "Votre réponse parle de « {label} » ({new}) : je la garde telle quelle, sans "
            "changer ce montant ({old}). Pour le corriger, écrivez par exemple « correction : "
            "{label} {new} »."
        ).format(
            label=label,
            new=turn.money(parsed.amount),
            old=answer_text(_, question.key, turn.state.answers, turn.k, turn.state.lang),
        )
    )
