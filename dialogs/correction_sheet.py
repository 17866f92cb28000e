"""Corrections of the fiche synthétique's earlier answers typed at one of its later free-text
questions (issue 22: "oups le titre c'est plutôt Jardin des Voisins de Lens", « le nom de l'asso
c'est Les Amis du Port, pas Les Amis du Pont »). Where any text is an answer, the field on
screen must not swallow a sentence that names another field and corrects it: the named field
is changed, said with its old and new value, and the current question asked again. Apart from
`dialogs.correction_shapes` (the conversation's own answers) because the sheet's answers are
free text read by `dialogs.sheet_fields`, not by the question table's validators.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from dialogs.fields import esc
from dialogs.sheet_fields import LABELS, Read
from dialogs.sheet_fields import read as read_field
from dialogs.turn import Turn
from knowledge import lexicon as lx
from knowledge.i18n import gettext_for
from knowledge.reading import Reading
from knowledge.text import normalize


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
    named = [
        field
        for field in reading.names_in(sheet_names_table())
        if field != current and field in LABELS and sheet.get(field)
    ]
    retracted = _retracted(reading, sheet, current, named)
    if not (reading.corrects_firmly or retracted):
        return False
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


def _retracted(
    reading: Reading, sheet: dict[str, Any], current: str, named: list[str] | None = None
) -> str:
    """The earlier field whose very value the message takes back ("…, not Quai Amis"), or "".
    A field the message names may have held more words around the value taken back (« le nom
    de l'asso c'est Les Amis du Port, pas Les Amis du Pont », the structure « Association Les
    Amis du Pont »: reading18, saved as the current field's answer before)."""
    if reading.taken_back is None:
        return ""
    old = normalize(reading.taken_back[1])
    if not old:
        return ""
    held = [
        f
        for f, v in sheet.items()
        if f != current and isinstance(v, str) and v and normalize(v) == old
    ]
    if not held and named:
        held = [f for f in named if f"{old} " in f" {normalize(str(sheet[f]))} "]
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
