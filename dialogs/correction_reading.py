"""A message read once as « which answers change to what » (issue 22, reading21), and that
reading applied through one path at every step — the plain questions, the recap, the
description and the fiche synthétique.

Before, two finders each cut the message into clauses and each recorded what it found: one
for several amounts (`correction_several`), one for answers of different kinds
(`correction_clauses`), tried at the plain questions only. At the recap « la demande c'est
3000 et la commune met 2000 » was read; at the description « on est une mairie, et la
commune c'est Liévin » and at the sheet « je corrige deux choses : la commune c'est Liévin et
le coût total 11000 » were not (kept as the description, saved as the field's text), nor a
correction that does not say its old value inside a longer sentence at the sheet (« en fait
je me suis trompée tout à l'heure, le coût total c'est plutôt 12000 euros, désolée »). A
doubt (« le total c'est peut-être 11000, je dois vérifier ») changed the answer.

`read` returns the corrections a message holds as typed values (answer, old value, new value,
how sure), checked together on a copy of the answers; it changes nothing. `apply` makes them
(each said with its old value, what depends on them dropped and asked again, the conversation
back where the person was) or, when one is not sure, changes nothing and says how to correct
once checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dialogs import place_step
from dialogs.correction_apply import changes, place_said
from dialogs.correction_clauses import Found, checked, pieces, read_clauses
from dialogs.correction_several import AMOUNTS, named_amounts
from dialogs.correction_shapes import names_table
from dialogs.fields import answer_text
from dialogs.table import BY_KEY, KEY_OF
from dialogs.turn import DESCRIPTION_STEPS, Turn
from dialogs.validators import Accepted, known
from knowledge import lexicon as lx
from knowledge.money import parse_amount
from knowledge.negated import split
from knowledge.reading import Reading

MAX_WORDS = 40  # a few clauses, not a paragraph (as `correction_clauses`)
OPENING_WORDS = 2  # words before a correction's own (at the fiche synthétique: "ah zut, oups …")


@dataclass(frozen=True)
class Correction:
    """One answer a message changes: its key, the value it holds (None: not answered yet),
    the value it gets (the commune: its INSEE code), as its question read it, and whether the
    person said it without doubt."""

    key: str
    old: object
    new: object
    result: Accepted
    sure: bool = True


def where(step: str) -> str:
    """The kind of step: where any text is an answer (the sheet, the contact, the description)
    a correction must say so in so many words, and every clause must be about correcting."""
    if step.startswith(("sheet_", "contact")):
        return "sheet"
    return "description" if step in DESCRIPTION_STEPS else "form"


def doubts(reading: Reading) -> bool:
    """Whether the message says the person is not sure (« peut-être », « je vérifie », "let
    me check"): the lexicon's `[corrections] doubts`."""
    return lx.any_phrase(reading.key, lx.lexicon().doubts)


def read(turn: Turn, reading: Reading, amounts: bool = True) -> tuple[Correction, ...]:
    """The corrections the message holds, each checked with the others on a copy of the
    answers (the total before the request it bounds); () when it holds none this reading is
    sure of — a value that says no answer, an answer named twice, one value alone said
    firmly at a plain question (the single corrections read it: `dialogs.corrections`).
    Without `amounts`, several amounts alone are left for later: at a plain question a value
    taken back (« the grant we ask is 3500, not 4000 ») is read first by the answer that held it
    (`corrections.taken_back`), then several amounts named (`correction_several`)."""
    state = turn.state
    kind = where(state.step)
    if "?" in reading.text or len(reading.key.split()) > MAX_WORDS or state.step == "place":
        return ()  # at the commune's question, « Liévin, budget 12 000 » is read there
    firmly = reading.corrects_firmly
    if kind != "form" and not (firmly or reading.taken_back is not None):
        return ()  # where any text is an answer, only a correction said as one
    unsure = doubts(reading)
    cut = pieces(reading.text)
    found = read_clauses(turn, reading, cut) if len(cut) >= 2 or unsure or kind != "form" else None
    several = found is not None and bool(found.place or found.choices or found.yes_no)
    if not several:  # amounts alone: several named (`correction_several`) first
        by_clause, found = found, None
        if amounts and reading.names_in(names_table()):
            named = named_amounts(reading)
            found = Found(named) if named is not None else None
        if found is None and (kind != "form" or unsure):
            found = by_clause  # one value among words about correcting, or a doubt
    if found is None or _count(found) == 0:
        return ()
    current = KEY_OF.get(state.step, state.step)
    if kind == "form" and found.taken:
        return ()  # at a plain question a value taken back alone is `corrections.taken_back`'s
    if not all(_held(turn, found, " ".join(split(c)[1])) for c in found.taken):
        return ()  # « …, pas 3000 »: the old value of no answer corrected here
    if kind != "form":
        if not _keys(found) <= set(state.answers) or not all(
            _about_correcting(c) for c in found.others
        ):
            return ()  # a field's own sentence (« de mars à juin, … »), or a fill from here
        if firmly and not opens(reading):
            return ()  # « les habitants ont corrigé le budget à 12000 … »: the field's text
        back = reading.taken_back
        if not firmly and (found.others or back is None or not _held(turn, found, back[1])):
            # no correction word: only the value an answer held, taken back, says it is one
            # (« le coût total c'est 12000 et pas 10000 »; not « la CAF donne 800 et pas 1000 »)
            return ()
    elif _count(found) < 2 and not unsure:
        return ()
    if unsure and not _keys(found) <= set(state.answers) - {current}:
        # the question on screen's own answer, with a doubt (« pas sûr pour le QPV »), or one
        # not given yet: the step reads it
        return ()
    pairs = checked(turn, found)
    if pairs is None:
        return ()
    made = [Correction(q.key, state.answers.get(q.key), r.value, r, not unsure) for q, r in pairs]
    if found.place:
        made.append(
            Correction("place", state.answers.get("place"), found.place, Accepted(found.place))
        )
    return tuple(made)


def opens(reading: Reading) -> bool:
    """Whether the message opens with its correction's words (a marker starting among its
    first words: "oups le titre …", "je me suis trompé, …", "*12000"), as a correction typed
    where any text is an answer does; "les habitants ont corrigé le budget" does not."""
    text = reading.text.strip()
    if any(text.startswith(sign) for sign in lx.lexicon().signs):
        return True
    return lx.phrase_opens(reading.key, lx.lexicon().markers, OPENING_WORDS)


def _keys(found: Found) -> set[str]:
    """The answers the clauses change."""
    return {*found.amounts, *found.choices, *found.yes_no, *(["place"] * bool(found.place))}


def _count(found: Found) -> int:
    return len(_keys(found))


def _held(turn: Turn, found: Found, said: str) -> bool:
    """Whether `said`, a value taken back (« pas 10000 », « pas Lens »), is the value an
    answer corrected here holds (« le coût total c'est 12000 et pas 10000 »: the total)."""
    answers = turn.state.answers
    old = parse_amount(said, turn.state.lang).amount
    if old is not None and any(known(answers, k) == old for k in found.amounts):
        return True
    given = (answers.get("place") or {}).get("insee")
    if not (found.place and given):
        return False
    was = turn.guide.places.locate(Reading(said).rest)
    return was.status == "found" and was.commune is not None and was.commune.insee == given


def _about_correcting(clause: str) -> bool:
    """A clause without a value that only says a correction comes (« je me suis trompée tout
    à l'heure », « désolée », "I need to fix something I told you earlier")."""
    return not clause.strip(" ,.;:!") or Reading(clause).corrects_firmly


def apply(turn: Turn, made: tuple[Correction, ...]) -> bool:
    """Make the corrections read (False: none); one not sure changes nothing: said, with how
    to correct once checked, and the question on screen again."""
    if not made:
        return False
    if not all(c.sure for c in made):
        first = made[0]
        _ = turn._
        turn.say(
            _(
                "Je ne change rien tant que ce n'est pas sûr : « {label} » reste {old}. Quand "
                "vous aurez vérifié, écrivez par exemple « correction : {label} {new} »."
            ).format(
                label=_(BY_KEY[first.key].label),
                old=answer_text(_, first.key, turn.state.answers, turn.k, turn.state.lang),
                new=turn.money(Decimal(str(first.new))) if first.key in AMOUNTS else first.new,
            )
        )
        turn.ask()
        return True
    place = next((c for c in made if c.key == "place"), None)
    if place is not None and (said := place_said(turn)):
        turn.note(said)
    changes(turn, [(BY_KEY[c.key], c.result) for c in made if c.key != "place"], go_on=not place)
    if place is not None:
        place_step.set_place(turn, str(place.new), "")  # its card, then the question
    return True
