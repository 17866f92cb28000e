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
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dialogs import interpret, render
from dialogs.table import AMOUNT_STEPS, BY_STEP
from dialogs.validators import PARTS, Accepted, Context
from knowledge.asking import addresses, asks, interrogative_opening, question_cue
from knowledge.asking import any_clause_asks as any_asks
from knowledge.faq import Answer
from knowledge.money import money_shape
from knowledge.reading import Context as ReadingContext
from knowledge.reading import Reading
from knowledge.text import normalize

if TYPE_CHECKING:
    from dialogs.turn import Services as Guide

# Steps where any text is an answer (a description; who you are or whom the project is for,
# kept in your words when no button fits): only a message shaped like a question is taken as
# one there.
FREE_TEXT = frozenset({"project", "fiche_confirm", "role", "audience"})
# Steps whose answer is looked up (a commune, a phone number): a valid answer wins even when
# the message ends with "?" ("Lens ?"), as an amount does at the amount steps ("12 000 € ?").
LOOKUP = frozenset({"place", "place_choice", "contact"})


# Where a commune is asked, a message of this many words or more, shaped like a question, is a
# question even when it names a commune ("Je suis à Boulogne-sur-Mer, j'appelle qui ?", "Le
# Louvre-Lens peut-il servir de levier ?"); a commune asked back ("Lens ?", "c'est à Liévin ?")
# is shorter (reading11, issue 22).
PLACE_QUESTION_WORDS = 4
PLACE_STEPS = frozenset({"place", "place_choice"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def asked_at_place(step: str, reading: Reading) -> bool:
    """Whether a message typed where a commune is asked is a question, not the commune: shaped
    like one, or asking in its middle (`knowledge.asking.asks`: « …à Roubaix… pourriez-vous nous
    donner les coordonnées… ? Cordialement »), in enough words, and not a commune's very name
    ("Saint Rémy du Nord ?")."""
    text = reading.text
    if step not in PLACE_STEPS or not (question_cue(text) or asks(text)):
        return False
    if len(_WORD.findall(text)) < PLACE_QUESTION_WORDS:
        return False
    key = normalize(text)
    located = reading.place
    return not any(normalize(m.commune.name) == key for m in located.matches)


# The first questions answered in a few free words (who you are, whom the project is for): no
# answer there is a request, so a message that asks is a question (`asked_at_first`).
FIRST_FREE = frozenset({"role", "audience"})


def asked_at_first(step: str, reading: Reading) -> bool:
    """Whether a message typed at « Qui êtes-vous ? » or « Pour qui est le projet ? » asks
    something (`knowledge.asking.asks`, a please word included): answered as /question would, and
    nothing it names (a role, a commune) stored from it (reading14: « …notre association … à
    Roubaix … pourriez-vous nous donner les coordonnées … ? » was kept as the role and the
    commune, its question dropped; « l'adresse de la région svp » as the audience)."""
    return step in FIRST_FREE and asks(reading.text, please=True)


def _valid(
    guide: Guide, step: str, reading: Reading, lang: str, amount_steps: Iterable[str]
) -> bool:
    """Whether the text is an answer to the step: what the step would record, or for an amount
    an attempt at one ("3000 ou 4000 ?", "-5"), which the step refuses with its reason."""
    text = reading.text
    checks: dict[str, Callable[[str], bool]] = {
        "consent": lambda t: interpret.yes_no_unknown(t) in ("yes", "no"),
        "summary": lambda t: interpret.yes_no_unknown(t) == "yes",
        "contact": lambda t: render.contact_details(t) is not None,
        "place": lambda t: reading.place.status in ("found", "ambiguous"),
        "place_choice": lambda t: reading.place.status in ("found", "ambiguous"),
    }
    if step in amount_steps:
        parsed = reading.amount(nothing_is_zero=step == "cofunding")
        return parsed.problem not in ("empty", "not_a_number")
    if step in FREE_TEXT:
        return True
    question = BY_STEP.get(step)
    if question is not None and question.validate is not None:  # a plain question's own reading
        return isinstance(question.validate(text, Context({}, lang, reading)), Accepted)
    check = checks.get(step)
    return check(text) if check is not None else False


def read(
    guide: Guide,
    step: str,
    text: str,
    today: dt.date,
    lang: str,
    amount_steps: Iterable[str] = AMOUNT_STEPS,
    reading: Reading | None = None,
) -> Answer | None:
    """The FAQ's answer (or its doubt) when `text`, typed at `step`, is a question; None when
    it is the step's answer. `reading` is the turn's reading of the text (its FAQ answer,
    amount and place computed once for every caller)."""
    if reading is None or reading.text != text:
        reading = Reading(
            text,
            ReadingContext(step, {}, lang),
            locate=guide.places.locate,
            ask=lambda t: guide.faq.ask(t, today),
        )
    amount_steps = frozenset(amount_steps)
    if asked_at_place(step, reading) or asked_at_first(step, reading):
        at_place: Answer = reading.faq  # answered, quoted or unsure: never read as a commune
        return at_place
    if step in amount_steps and reading.asks_rate:
        # « c'est obligatoire les 30 % ? », « 30 pour cent minimum c'est bien ça »: about the
        # call's rate (the FAQ asked with its topic), never an amount (reading13)
        rate: Answer = reading.faq
        return rate
    if step in amount_steps and "?" in text and reading.corrects_firmly:
        # "une erreur de 3000 ça passe ?", "what if I make a mistake of 1000?": a question
        # about an error, its amount no answer (nor a correction: `dialogs.corrections`)
        about_error: Answer = reading.faq
        return about_error
    if (
        step in amount_steps
        and text.rstrip().endswith("?")
        and interrogative_opening(text)
        and money_shape(text, lang) is None
    ):
        # "Pourriez-vous m'indiquer … une association de loi 1901 … ?": a question, whose
        # number is written as no amount ("12 000 € c'est possible ?" still is one)
        opened: Answer = reading.faq
        return opened
    if step in amount_steps and step in PARTS and reading.parts is not None:
        return None  # "20 000 d'invest et 10 000 de fonctionnement": both parts, an answer
    valid = _valid(guide, step, reading, lang, amount_steps)
    if valid and _an_answer_whatever_the_faq(guide, step, text, amount_steps):
        return None  # the rules below give None whatever the FAQ says: no search (issue 28)
    answer: Answer = reading.faq
    if answer.status == "answered":
        if not valid:
            return None if tells_a_value(reading, lang) or states(reading) else answer
        if step in amount_steps:
            # "plafond fiche 4 ?" parses as 4 €, but names no amount: a question; "pas de
            # cofinancement" at the co-funding step is 0 €, an answer.
            named = guide.faq.details.read(text).amount is not None
            if named or not any(c.isdigit() for c in text) or opens_an_answer(reading):
                return None
            if states(reading):  # « la ville met 5000 sur les 16000 du projet » (reading20:
                return None  # 16000 read by the FAQ as Angoulême's postcode): said, not asked
            return answer
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


_OPENS_WITH_NUMBER = re.compile(r"\s*\d")


def opens_an_answer(reading: Reading) -> bool:
    """At an amount question, a message that opens with its number and does not ask (« 0 et
    non on n'est pas financés par la région »: the amount, and the next answer after it,
    reading15 — it got the FAQ's text on double funding)."""
    text = reading.text
    if not _OPENS_WITH_NUMBER.match(text) or "?" in text:
        return False
    return not (question_cue(text) or asks(text) or any_asks(text))


# A message of this many words or more is a sentence: a statement unless something in it asks
# (a few keywords typed for the FAQ, « date limite fiche 2 », are shorter).
STATEMENT_WORDS = 6


def states(reading: Reading) -> bool:
    """A sentence that nothing in it makes a question — no mark, no question's words, no
    request, no interrogative opening: said, not asked (reading15: « le budget on l'a pas
    encore, on attend les devis » at the total got the deadlines, « on a une subvention de la
    région pour nos ateliers mais pas pour ce projet » the call's presentation). The FAQ's
    answer to it is never shown as an answer; the step reads it (or asks again)."""
    text = reading.text
    if len(_WORD.findall(text)) < STATEMENT_WORDS or addresses(text):
        return False  # « slt vs avez le num de … »: spoken to the bot, an SMS question
    return not (question_cue(text) or asks(text) or interrogative_opening(text) or any_asks(text))


def tells_a_value(reading: Reading, lang: str) -> bool:
    """A message that does not ask (no mark, no question's words, no request: `knowledge.asking.asks`)
    and says who the person is or whom the project is for in a button's words, or a sure
    amount: an answer or a correction, which the step and the corrections read, never a
    question the FAQ answers (reading15: « ah nn jsui pa une asso jsui 1 habitante du
    quartier » at the commune got an answer about urban workshops)."""
    text = reading.text
    if question_cue(text) or asks(text) or interrogative_opening(text) or any_asks(text):
        return False
    return bool(
        interpret.role(text) or interpret.audience(text) or money_shape(text, lang) == "sure"
    )


def _an_answer_whatever_the_faq(
    guide: Guide, step: str, text: str, amount_steps: frozenset[str]
) -> bool:
    """For a valid answer, whether `read` returns None both when the FAQ answers and when it
    does not: the same rules in the same order, so that skipping the search changes nothing.
    Most typed messages are answers (a first name, a commune, an amount), and the FAQ search
    was a tenth of a turn's CPU."""
    if step in FREE_TEXT:  # answered: the rules below; not answered: an interrogative opening
        return (
            step not in amount_steps
            and step not in LOOKUP
            and not question_cue(text)
            and not interrogative_opening(text)
        )
    if step in amount_steps:  # answered: a question only without a named amount, with digits
        return (
            not any(c.isdigit() for c in text) or guide.faq.details.read(text).amount is not None
        )
    return step in LOOKUP or not question_cue(text)
