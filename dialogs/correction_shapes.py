"""Corrections of the answers that are neither an amount, a place nor a button's choice: the
fiche chosen ("en vrai c'est plutôt la fiche 2") and a yes / no answer named by its words ("ah
non, on n'est pas en quartier prioritaire"). Apart from `dialogs.corrections` (which keeps the
order in which a correction is found) because each reads its value its own way.

Both are taken only when the message says it corrects (a marker: "en fait", "oups", "ah
non"…) and is no question: "c'est quoi la fiche 2 ?" asks, it does not choose. The change is
said with its old and new value, and what depends on it is asked again.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from dialogs import fiche_step
from dialogs.fields import answer_text, esc
from dialogs.form import context
from dialogs.question import Question
from dialogs.sheet_fields import LABELS, Read
from dialogs.sheet_fields import read as read_field
from dialogs.table import QUESTIONS
from dialogs.turn import Turn
from dialogs.validators import Accepted
from knowledge import lexicon as lx
from knowledge.i18n import gettext_for
from knowledge.reading import Reading
from knowledge.text import normalize

_NUMBER = re.compile(r"\b(\d{1,2})\b")


def new_fiche(turn: Turn, reading: Reading) -> bool:
    """ "En vrai c'est plutôt la fiche 2": the one fiche number the words hold, another than the
    one chosen; what depends on the fiche (its questions) is asked again."""
    if not reading.corrects or "?" in reading.text:
        return False
    numbers = {int(n) for n in _NUMBER.findall(reading.key)}
    if len(numbers) != 1:
        return False
    number = numbers.pop()
    if number not in turn.k.fiches or turn.state.answers.get("fiche") == number:
        return False
    answers, lang = turn.state.answers, turn.state.lang
    old = answer_text(turn._, "fiche", answers, turn.k, lang)
    new = answer_text(turn._, "fiche", {**answers, "fiche": number}, turn.k, lang)
    turn.note(
        turn._("✏️ J'ai corrigé « {label} » : {new} (au lieu de {old}).").format(
            label=turn._("Fiche"), new=new, old=old
        )
    )
    fiche_step.choice_fiche(turn, str(number))
    return True


def yes_no_said(turn: Turn, question: Question, reading: Reading) -> Accepted | None:
    """The yes / no / don't know a sentence naming the answer says ("on n'est pas en quartier
    prioritaire": no; "on n'est pas sûrs pour le QPV": don't know; "en fait on est en QPV":
    yes), read by its question's validator; None when the words say none of them."""
    if not reading.corrects or "?" in reading.text:
        return None
    value = lx.yes_no_in(said_words(reading.key))
    if value is None:
        return None
    result = question.pick(value, context(turn)) if question.pick else Accepted(value)
    return result if isinstance(result, Accepted) and result.value is not None else None


def previous_said(turn: Turn, reading: Reading, question: Question) -> Accepted | None:
    """What the words of a correction naming nothing say for the answer given just before
    ("ah si en fait", "finalement oui", "sorry, I meant yes" after a "Non"; "pardon, des
    jeunes" after "Tous les publics"): its question's reading of the words, when it is another
    value than the one given; None when the words say nothing of it."""
    given = turn.state.answers.get(question.key)
    if question.shape == "yes_no":
        said = lx.unhedged(said_words(reading.key))
        value = "yes" if said in lx.lexicon().contradicting_yes else lx.yes_no_unknown(said)
        if value is None:
            return None
        result = question.read_choice(value, context(turn))
    elif question.shape == "choice" and question.validate is not None:
        result = question.validate(reading.rest, context(turn))
    else:
        return None
    if not isinstance(result, Accepted) or result.value in (None, "other", given):
        return None
    if question.shape == "choice" and result.value == "unknown":
        return None
    return result


def said_words(key: str) -> str:
    """The words without the correction's own and politeness around them, a "non" kept unless
    it opens the message: "correction : quartier prioritaire non" says no, "non, on est en
    QPV" says yes (its "non" takes back the earlier answer)."""
    lex = lx.lexicon()
    changed = True
    while changed and key:
        changed = False
        for phrase in (*lex.markers, *lex.polite, *lex.weak_markers):
            if key.startswith(phrase + " "):
                key, changed = key[len(phrase) + 1 :], True
        for phrase in lex.markers:  # not politeness: "… je voulais dire oui" ends on its yes
            if key.endswith(" " + phrase):
                key, changed = key[: -len(phrase) - 1], True
    return key


def sheet_field(turn: Turn, reading: Reading, current: str) -> bool:
    """At a question of the fiche synthétique, a correction of one of its earlier answers ("oups
    le titre c'est plutôt Jardin des Voisins de Lens"): a correction's words, the answer named
    (the lexicon's `sheet_names`, the document's labels), and after its name a value that
    answer's question takes. A value taken back names its answer too, and says it is a
    correction without other words ("the organisation is called Les Amis du Quai, not Quai
    Amis": only the side not taken back is read). Said with the old and new value; the current
    question again."""
    sheet = turn.state.answers.get("sheet")
    if "?" in reading.text or not isinstance(sheet, dict):
        return False
    retracted = _retracted(reading, sheet, current)
    if not (reading.corrects_firmly or retracted):
        return False
    named = [
        field
        for field in reading.names_in(sheet_names_table())
        if field != current and field in LABELS and sheet.get(field)
    ]
    if not named and retracted:
        named = [retracted]  # "Les Amis du Quai, pas Quai Amis": the answer that held it
    shaped = by_shape(reading.text, sheet, current) if reading.corrects_firmly else None
    if not named and shaped is not None:
        named = [shaped[0]]  # "pardon c'est x@gmail.com, pas .con": the e-mail, by its shape
    if len(named) != 1:
        return False
    field = named[0]
    text = reading.taken_back[0] if retracted and reading.taken_back else reading.text
    value = value_after(text, sheet_names_table()[field])
    if not value and field == retracted:  # named by its value only: the words not taken back
        value = trimmed(text.split())
    if shaped is not None and shaped[0] == field:
        value = shaped[1]  # the address itself, not the words around it ("avec un point")
    read = _read_value(field, value)
    if read is None or read.value is None or read.value == sheet[field]:
        return False
    old, sheet[field] = sheet[field], read.value
    turn.say(
        turn._("✏️ J'ai corrigé « {label} » : {new} (au lieu de {old}).").format(
            label=turn._(LABELS[field]), new=esc(read.value), old=esc(old)
        )
    )
    turn.ask()
    return True


# A value whose shape says which field of the sheet it is (reading15): an e-mail address.
_EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")


def by_shape(text: str, sheet: dict[str, Any], current: str) -> tuple[str, str] | None:
    """(field, value) when the message holds one e-mail address and the sheet holds an e-mail
    already, asked before the current question: a correction of it names it by its shape
    (« pardon c'est marie.dupont@gmail.com, pas .con », typed at the next question)."""
    found = _EMAIL.findall(text)
    if len(found) != 1 or current == "email" or not sheet.get("email"):
        return None
    return "email", found[0].rstrip(".")


def _retracted(reading: Reading, sheet: dict[str, Any], current: str) -> str:
    """The earlier field whose very value the message takes back ("…, not Quai Amis"), or ""."""
    if reading.taken_back is None:
        return ""
    old = normalize(reading.taken_back[1])
    held = [
        f
        for f, v in sheet.items()
        if f != current and isinstance(v, str) and v and normalize(v) == old
    ]
    return held[0] if len(held) == 1 else ""


def _read_value(field: str, value: str) -> Read | None:
    """The field's reading of the value; a leading article is no part of a number ("le tel
    c'est le 06 12 34 56 78"): read again without it when the field refuses it."""
    if not value:
        return None
    read = read_field(field, value)
    first, _sep, rest = value.partition(" ")
    if read.value is None and rest and normalize(first) in lx.lexicon().value_articles:
        read = read_field(field, rest)
    return read


@lru_cache(maxsize=1)
def names_table() -> dict[str, tuple[str, ...]]:
    """How a message names an earlier answer: the lexicon's names, and the question table's
    own labels in French and English ("Demande à la Région", "Co-financement local") — the
    words the summary card shows the person."""
    table = {key: list(phrases) for key, phrases in lx.lexicon().names.items()}
    for question in QUESTIONS:
        if question.shape in ("amount", "place", "choice", "yes_no"):
            for lang in ("fr", "en"):
                label = normalize(gettext_for(lang).gettext(question.label))
                table.setdefault(question.key, []).append(label)
    return {key: tuple(sorted(set(p), key=len, reverse=True)) for key, p in table.items()}


@lru_cache(maxsize=1)
def sheet_names_table() -> dict[str, tuple[str, ...]]:
    """The lexicon's names of the sheet's answers, and the document's labels (FR, EN)."""
    table = {key: list(phrases) for key, phrases in lx.lexicon().sheet_names.items()}
    for field, label in LABELS.items():
        for lang in ("fr", "en"):
            table.setdefault(field, []).append(normalize(gettext_for(lang).gettext(label)))
    return {key: tuple(sorted(set(p), key=len, reverse=True)) for key, p in table.items()}


def value_after(text: str, phrases: tuple[str, ...]) -> str:
    """The words after the (last) name of the answer, without the "c'est", "plutôt", "en fait"
    and correction words around them, in the person's own case."""
    words = text.split()
    # the last name said: « je me suis trompé de titre, le titre c'est X » (reading15)
    for start in range(len(words) - 1, -1, -1):
        for end in range(len(words), start, -1):
            if normalize(" ".join(words[start:end])) in phrases and (
                value := trimmed(words[end:])
            ):
                return value
    return ""


def trimmed(words: list[str]) -> str:
    """The words without the "c'est", "plutôt", "en fait" and correction words at either end."""
    lex = lx.lexicon()
    around = {*lex.separators, *lex.markers, "est", "is", "sera", "should be", "devrait etre"}
    while words and (not normalize(words[0]) or normalize(words[0]) in around):
        words = words[1:]
    while words and (not normalize(words[-1]) or normalize(words[-1]) in around):
        words = words[:-1]
    return " ".join(words)
