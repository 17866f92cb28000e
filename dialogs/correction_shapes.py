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

from dialogs import fiche_step
from dialogs.fields import answer_text
from dialogs.form import context
from dialogs.question import Question
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
