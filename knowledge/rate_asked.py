"""A question about the call's rate, read once (reading13, reading20): the text the FAQ is asked.

The call sets one rate, the local co-funding's minimum (« Co-financement des collectivités
locales de 30 % minimum », fiches 1 to 3). Two shapes of message ask about it without naming it:
- a question naming a percentage and a minimum, at any step (« c'est combien le minimum en
  pourcentage ? »): the FAQ is asked the lexicon's canonical `[rate_questions] question`
  (« c'est combien » alone led the search to the request's floor in euros);
- where an amount is asked, a question naming a percentage (« c'est obligatoire les 30 % ? »,
  « 30 pour cent minimum c'est bien ça »): the FAQ is asked the words with the lexicon's
  `topic` beside them; it was read as a percentage refused.
A message naming the co-funding itself is asked as typed (the FAQ's own rules read what else it
names: « … pour la fiche 4 ? »). One function for both, so `knowledge.reading` has one mechanism.
"""

from __future__ import annotations

from collections.abc import Callable

from knowledge import lexicon as lx
from knowledge.asking import question_cue


def rate_query(
    text: str, key: str, lang: str, amount_asked: bool, says_percent: Callable[[], bool]
) -> str | None:
    """The question to ask the FAQ when the message asks about the call's rate, else None.
    `key` is the message normalised; `amount_asked`: an amount is asked where it was typed;
    `says_percent`: whether the amount read is a percentage (called only where it matters, the
    amount parse being the turn's own)."""
    lex = lx.lexicon()
    cue = question_cue(text)
    if (
        cue
        and all(lx.any_phrase(key, words) for words in (lex.rate_words, lex.rate_bounds))
        and not lx.any_phrase(key, lex.rate_named)
    ):
        return lex.rate_question.get(lang, text)
    if amount_asked and (cue or lx.any_phrase(key, lex.rate_tails)) and says_percent():
        topic = lex.rate_topic.get(lang, "")
        return f"{text} ({topic})" if topic else text
    return None
