"""Question or answer? Decided from what the message says, not from its punctuation.

A message typed during the questionnaire is a question when the FAQ answers it confidently and
it is not a valid answer to the current step: "c koi le plancher" at the amount step, "c koi
une fiche ?" while a fiche is suggested. It stays an answer when it is one: "5000" at an amount
step, "Lens" at the place step, a project description at the project step. Where any text is a
valid answer (the project's description), the message must also be shaped like a question.

A question never changes the state: the flow answers it and asks the current step again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dialogs import interpret, render
from dialogs.table import AMOUNT_STEPS, BY_STEP
from dialogs.validators import Accepted, Context
from knowledge.faq import Answer
from knowledge.faq_text import interrogative_opening, question_cue
from knowledge.money import parse_amount

if TYPE_CHECKING:
    from dialogs.turn import Services as Guide

# Steps where any text is an answer (a description; who you are or whom the project is for,
# kept in your words when no button fits): only a message shaped like a question is taken as
# one there.
FREE_TEXT = frozenset({"project", "fiche_confirm", "role", "audience"})
# Steps whose answer is looked up (a commune, a phone number): a valid answer wins even when
# the message ends with "?" ("Lens ?"), as an amount does at the amount steps ("12 000 € ?").
LOOKUP = frozenset({"place", "place_choice", "contact"})


def _valid(guide: Guide, step: str, text: str, lang: str, amount_steps: Iterable[str]) -> bool:
    """Whether the text is an answer to the step: what the step would record, or for an amount
    an attempt at one ("3000 ou 4000 ?", "-5"), which the step refuses with its reason."""
    checks: dict[str, Callable[[str], bool]] = {
        "consent": lambda t: interpret.yes_no_unknown(t) in ("yes", "no"),
        "summary": lambda t: interpret.yes_no_unknown(t) == "yes",
        "contact": lambda t: render.contact_details(t) is not None,
        "place": lambda t: guide.places.locate(t).status in ("found", "ambiguous"),
        "place_choice": lambda t: guide.places.locate(t).status in ("found", "ambiguous"),
    }
    if step in amount_steps:
        parsed = parse_amount(text, lang, nothing_is_zero=step == "cofunding")
        return parsed.problem not in ("empty", "not_a_number")
    if step in FREE_TEXT:
        return True
    question = BY_STEP.get(step)
    if question is not None and question.validate is not None:  # a plain question's own reading
        return isinstance(question.validate(text, Context({}, lang)), Accepted)
    check = checks.get(step)
    return check(text) if check is not None else False


def read(
    guide: Guide,
    step: str,
    text: str,
    today: dt.date,
    lang: str,
    amount_steps: Iterable[str] = AMOUNT_STEPS,
) -> Answer | None:
    """The FAQ's answer (or its doubt) when `text`, typed at `step`, is a question; None when
    it is the step's answer."""
    answer = guide.faq.ask(text, today)
    amount_steps = frozenset(amount_steps)
    valid = _valid(guide, step, text, lang, amount_steps)
    if answer.status == "answered":
        if not valid:
            return answer
        if step in amount_steps:
            # "plafond fiche 4 ?" parses as 4 €, but names no amount: a question; "pas de
            # cofinancement" at the co-funding step is 0 €, an answer.
            named = guide.faq.details.read(text).amount is not None
            return None if named or not any(c.isdigit() for c in text) else answer
        if step in LOOKUP:
            return None
        # Any text is a description, and a word of a button's vocabulary may sit inside a
        # question ("on est une asso, c'est quoi le FPH ?"): the question wins when it is
        # shaped like one.
        return answer if question_cue(text) else None
    # The FAQ is not sure: say so (with the contacts) only to a message that is a question.
    if valid and step not in FREE_TEXT:
        return None
    if step in FREE_TEXT or step in LOOKUP:
        # Any text is an answer there, or a commune or phone number to look up with its own
        # explanation when it fails: doubt it only when it opens as a question, so that
        # "un jardin partagé ?" stays a description and "Lile ?" gets its suggestions.
        return answer if interrogative_opening(text) else None
    return answer if question_cue(text) else None
