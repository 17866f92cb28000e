"""« Which fiche should we apply under? » after a description of the project (faq8 pass, moved
here and widened in the faq9 pass): when the dialog's own description reader
(knowledge/suggest.py) is sure of one fiche for the letter's telling sentences, that fiche's
entry, led by a sentence saying it is our reading of their description.

The telling sentences are the letter's context as knowledge/focus.py splits it; when it finds
none because every clause reads as a request — "…and we would like to accompany the tenants
socially. Which fiche?" (« would like » is a request formula) — they are the sentences that do
not ask which fiche. A letter naming a fiche is not asking this.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.faq_asks import questions
from knowledge.faq_checks import CUTOFF, holds
from knowledge.faq_entries import Answer
from knowledge.focus import split
from knowledge.i18n import gettext_for
from knowledge.letters import body
from knowledge.suggest import understand

if TYPE_CHECKING:
    from knowledge.faq import Faq

_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def which_fiche(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """That fiche's entry, as our reading of the description, or None."""
    phrases = faq.joiners.which_fiche
    if not phrases or not holds(question, phrases):
        return None
    letter = body(question)
    context, asking = split(letter)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    if marked:
        asking = " ".join(marked)
    if not context:  # every clause a request: the sentences not asking which fiche tell
        sentences = [s for s in _SENTENCES.split(letter) if s.strip()]
        context = " ".join(s for s in sentences if not holds(s, phrases))
        asking = " ".join(s for s in sentences if holds(s, phrases))
    if not context or not holds(asking, phrases):
        return None
    read = faq._read(letter)
    if read.fiches:
        return None
    understood = understand(faq.knowledge, context)
    if not understood.sure or understood.fiche is None:
        return None
    details = replace(read, fiches=(understood.fiche,))
    entry = next((e for e in faq.entries if e.fiche == understood.fiche), None)
    if entry is None:
        return None
    answer = faq._answered(question, entry, whole.lang, CUTOFF, [], today, details)
    _ = gettext_for(whole.lang).gettext
    lead = _(
        "D'après votre description, notre lecture : la fiche {n}. À confirmer avec le contact "
        "de cette fiche."
    ).format(n=entry.fiche)
    return replace(answer, text=lead + "\n\n" + answer.text)
