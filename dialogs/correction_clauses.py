"""One message correcting earlier answers of different kinds (issue 22, reading18): « je reprends :
on n'est pas à Harnes, on est à Loos-en-Gohelle, et le coût total c'est 7500 pas 7000 », "sorry,
it's not Roubaix but Croix, and the total cost is 12,000 not 11,000", « oups on n'est pas une
association on est une mairie, et le total c'est 22000 ».

Each correction found alone took the first thing it recognised (the commune) and the rest of
the message was lost — the total stayed 7000 while the reply spoke of the commune only, or the
amount landed on the wrong answer. Here the message is cut into clauses (as
`dialogs.correction_several` cuts them; a clause that only takes a value back joins the next
one: « pas à Hénin-Beaumont, à Courrières »), and each clause that holds a value must say which
answer it changes: an amount by the answer it names or by the old value it takes back, a
commune by the place named or the commune taken back (or its very name in the sentence), a
choice (who one is, whom the project is for) by the button taken back or its answer named, a
yes / no (the priority area, the activity programme) by its answer named and the words around.
Clauses without a value (« pardon deux erreurs ») are kept aside (`Found.others`: where any
text is an answer, they must only say a correction comes). This module reads and checks on a
copy (`checked`); `dialogs.correction_reading` decides which reading holds and makes the
changes (reading21: one path at every step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dialogs.correction_several import AMOUNTS, clauses, held, meant, record_amounts
from dialogs.correction_shapes import names_table, said_words
from dialogs.form import context
from dialogs.question import Question
from dialogs.table import BY_KEY, QUESTIONS, applies
from dialogs.turn import Turn
from dialogs.validators import Accepted
from knowledge import lexicon as lx
from knowledge.negated import split, taken_back
from knowledge.place_text import named_in_sentence
from knowledge.reading import Reading
from knowledge.text import normalize

MAX_WORDS = 40  # a few clauses, not a paragraph
_DIGIT = re.compile(r"\d")
# A clause that is « non » and a number: the value before it taken back, once cut at « et ».
_TAKEN_AFTER = re.compile(r"\s*non\s+\d[\d\s.,]*(?:€|euros?)?\s*$", re.IGNORECASE)
# Other words beside a commune's bare name in its clause (« à »), at most.
MAX_PLACE_WORDS = 1
SURE_SCORE = 90  # a commune read from the words after its name or a commune taken back


@dataclass
class Found:
    """What the clauses say: the amounts' clauses, the new choices, the new commune."""

    amounts: dict[str, str]
    choices: dict[str, str] = field(default_factory=dict)  # who one is, whom it is for…
    yes_no: dict[str, Accepted] = field(default_factory=dict)  # the priority area, activity
    place: str = ""  # INSEE code
    others: list[str] = field(default_factory=list)  # the clauses without a value
    taken: list[str] = field(default_factory=list)  # the clauses that only take one back


def pieces(text: str) -> list[str]:
    """The clauses; one that only takes a value back (« pas à Hénin-Beaumont ») joins the next
    (« à Courrières »), which says what is meant instead."""
    cut = clauses(text)
    if len(cut) < 2:
        return cut
    joined: list[str] = []
    carry = ""
    for piece in cut:
        piece = f"{carry}, {piece}" if carry else piece
        if joined and _DIGIT.search(joined[-1]) and _TAKEN_AFTER.match(piece):
            joined[-1] = f"{joined[-1]} et {piece}"  # « c'est 12000 et non 10000 »: cut at « et »
            continue
        kept, negated = split(piece)
        if negated and not Reading(kept).rest.strip(" ,.") and taken_back(piece) is None:
            carry = piece
            continue
        carry = ""
        joined.append(piece)
    if carry:
        joined.append(carry)
    return joined


def read_clauses(turn: Turn, reading: Reading, cut: list[str]) -> Found | None:
    """Which answer each clause's value changes; None when a value says none, or two clauses
    the same answer."""
    found = Found({})
    here = reading.context.step if reading.context.step in AMOUNTS else ""
    named = ""  # an amount answer named in a clause of its own, its value in the next one
    for piece in cut:
        clause = Reading(piece, reading.context)
        if _DIGIT.search(piece):
            kept, spans = split(piece)
            if spans and not _DIGIT.search(kept) and not _names(normalize(kept)):
                found.taken.append(piece)  # « pas 10000, je me suis trompée »: an old value
                continue
            key = amount_key(piece, reading)
            if key is None and not _names(clause.key):
                key = named or None  # « je me suis trompée sur le total, c'est 12000 »
            if key is not None and key == named:
                named = ""
            if key is None and here and not _names(clause.key):
                key = here  # « 3000, et c'est à Liévin pas à Lens »: this question's
            if key is None or key in found.amounts:
                return None
            found.amounts[key] = meant(piece) or piece
            continue
        if choice := new_choice(turn, clause):
            if choice[0] in found.choices:
                return None
            found.choices[choice[0]] = choice[1]
            continue
        if said := new_yes_no(turn, clause):
            if said[0] in found.yes_no:
                return None
            found.yes_no[said[0]] = said[1]
            continue
        insee = new_commune(turn, clause)
        if insee:
            if found.place:
                return None
            found.place = insee  # taken back, named, or a clause of its name and a few words
            continue
        names = set(_names(clause.key)) & set(BY_KEY)
        if len(names) == 1 and not named and names <= AMOUNTS:
            named = names.pop()
            continue
        if names:
            return None  # an answer named, its new value unread: not for this reading
        found.others.append(piece)
    return None if named else found


def amount_key(piece: str, reading: Reading) -> str | None:
    """The one amount answer a clause holding a number names, or whose old value it takes
    back; None otherwise (a postcode, a number for no answer)."""
    named = [k for k in _names(normalize(piece)) if k in AMOUNTS]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    taken = held(piece, reading)
    return taken[0] if len(taken) == 1 else None


def new_choice(turn: Turn, clause: Reading) -> tuple[str, str] | None:
    """(answer, value) when the clause takes back the choice given (« on n'est pas une
    association on est une mairie », « c'est pour les jeunes pas le quartier ») or names the
    answer, and its words pick another of its buttons; None otherwise."""
    found: list[tuple[str, str]] = []
    back = clause.taken_back
    named = _names(clause.key)
    for question in QUESTIONS:
        given = turn.state.answers.get(question.key)
        if question.shape != "choice" or question.validate is None:
            continue
        if not given:
            if question.step == turn.state.step and back is None and question.key in named:
                found.append((question.key, _read(turn, question, clause.text)))
            continue  # « … et c'est pour les jeunes » at whom it is for: this question's
        if back is not None and _read(turn, question, back[1]) == given:
            value = _read(turn, question, back[0])
        elif question.key in named:
            value = _read(turn, question, clause.text)
        else:
            continue
        if value and value != given:
            found.append((question.key, value))
    return found[0] if len(found) == 1 and found[0][1] else None


def new_yes_no(turn: Turn, clause: Reading) -> tuple[str, Accepted] | None:
    """(answer, its reading) when the clause names one yes / no answer that applies and says
    yes, no or don't know of it (« en fait on n'est pas en quartier prioritaire », « on est
    financés par la Région en fait »), another than the one given (or the question on
    screen's); None otherwise."""
    named = _names(clause.key)
    found = [q for q in QUESTIONS if q.shape == "yes_no" and q.key in named]
    if len(found) != 1 or "?" in clause.text:
        return None
    question, answers = found[0], turn.state.answers
    if not applies(question.key, answers, turn.k):
        return None
    if question.key not in answers and question.step != turn.state.step:
        return None  # not asked yet, not on screen: its own question will come
    value = lx.yes_no_in(said_words(clause.key))
    if value is None:
        return None
    result = question.read_choice(value, context(turn))
    if not isinstance(result, Accepted) or result.value in (None, answers.get(question.key)):
        return None
    return question.key, result


@lru_cache(maxsize=256)
def _names(key: str) -> tuple[str, ...]:
    """The answers a clause names (`Reading.names_in` with the corrections' table), once per
    clause: each reading below asks."""
    return Reading(key).names_in(names_table())


def _read(turn: Turn, question: Question, text: str) -> str:
    """The button the words pick ("" for none, "other" or "don't know")."""
    assert question.validate is not None
    result = question.validate(text, context(turn))
    value = result.value if isinstance(result, Accepted) else None
    return value if isinstance(value, str) and value not in ("other", "unknown") else ""


def new_commune(turn: Turn, clause: Reading) -> str:
    """The commune a clause puts in place of the one given: the commune taken back is the
    one given (« c'est pas Carvin c'est Libercourt »), or the place is named (« la commune
    c'est Sin-le-Noble »), or a commune's very name is in the sentence. "" otherwise."""
    places = turn.guide.places
    given = (turn.state.answers.get("place") or {}).get("insee")
    if not given:
        return ""
    words = ""
    back = clause.taken_back
    if back is not None:
        was = places.locate(Reading(back[1]).rest)
        if was.status == "found" and was.commune is not None and was.commune.insee == given:
            words = back[0]
    if not words and "place" in _names(clause.key):
        words = clause.after_name("place", names_table().get("place", ()))
    candidates = []
    if words:
        candidates.append(Reading(words).rest or words)
    name = named_in_sentence(places, back[0] if back is not None else clause.text)
    if name and (words or back is not None or _bare(clause, name)):
        candidates.append(name)
    for text in candidates:
        located = places.locate(text)
        if located.status != "found" or located.commune is None:
            continue
        if located.matches[0].score < SURE_SCORE or located.commune.insee == given:
            continue
        return str(located.commune.insee)
    return ""


def _bare(clause: Reading, name: str) -> bool:
    """Whether a clause is a commune's name and the words that put a place (« à Liévin en
    fait », « c'est à Liévin »: the lexicon's names of the place, its separators), not a
    sentence about someone there (« c'est la mairie de Liévin qui donne », « les familles de
    Liévin »: a giver or a public, never the project's commune)."""
    lex = lx.lexicon()
    rest = lx.without_phrases(clause.rest, (normalize(name), *names_table().get("place", ())))
    return len(lx.without_phrases(rest, lex.separators).split()) <= MAX_PLACE_WORDS


def checked(turn: Turn, found: Found) -> list[tuple[Question, Accepted]] | None:
    """The changes to make, in the table's order, each read by its question against the
    answers as they will be (the total before the request it bounds); None when one does
    not fit."""
    trial = turn.state.copy()
    pairs: list[tuple[Question, Accepted]] = []
    for key, said in found.yes_no.items():
        question = BY_KEY[key]
        if question.hook is not None:
            question.hook(trial, said.value)
        trial.answers[key] = said.value
        pairs.append((question, said))
    for key, value in found.choices.items():
        question = BY_KEY[key]
        result = Accepted(value, drop=(question.noted,) if question.noted else ())
        for drop in result.drop:
            trial.answers.pop(drop, None)
        if question.hook is not None:
            question.hook(trial, value)
        trial.answers[key] = value
        pairs.append((question, result))
    if found.place:
        trial.answers["place"] = {"insee": found.place}
    if not record_amounts(trial, turn.k, found.amounts, pairs):
        return None
    return pairs
