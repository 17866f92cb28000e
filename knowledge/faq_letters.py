"""Letters whose question the matcher scores low among their context (issue 22): a letter
asking whom to turn to (`whom`, faq5 pass), and a letter's one question drowned in the
sentences around it (`focused`, faq6 pass). Both are asked by knowledge/faq.py only when the
whole letter is not answered first."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.faq_asks import questions
from knowledge.faq_checks import (
    AGREE_MARGIN,
    AGREE_SCORE,
    AGREE_UNKNOWN,
    CUTOFF,
    LEAN_COVERAGE,
    MARGIN,
    named_outside,
    same_intent,
)
from knowledge.faq_details import Details
from knowledge.faq_entries import Answer, Entry
from knowledge.focus import context_words, split, two_asks
from knowledge.letters import body
from knowledge.suggest import understand

if TYPE_CHECKING:
    from knowledge.faq import Faq


def whom(
    faq: Faq,
    question: str,
    details: Details,
    ranked: list[tuple[str, float, str]],
    today: dt.date,
    lang: str,
) -> Answer | None:
    """A letter asking whom to turn to (« notre association est installée à Calais…
    Pourriez-vous nous indiquer à qui nous adresser ? »): its context (who they are,
    where) weighs little for the matcher and left such letters under the cutoff. When each
    of its questions asks for a person (`whom`, faq.toml [asks]) and the matcher ranks one
    family (the contacts) first for each question alone, clearly, the answer is that
    family's member the whole letter's details choose: the contacts the dialog's routing
    gives for its place and fiche (knowledge/contacts.py), or the general ones. A question
    alone matches loosely: the family must lead by AGREE_MARGIN at AGREE_SCORE, and the
    sentence must ask for a person (« à qui envoyer la fiche synthétique ? » ranks the
    fiche synthétique first and is not one)."""
    if not faq.joiners.asks_whom(question):  # cheap first: most messages ask no person
        return None
    asked = questions(question, faq.joiners)
    asked = [a for a in asked if a.marked] or asked
    if not asked or not all(faq.joiners.asks_whom(a.text) for a in asked):
        return None
    chosen: Entry | None = None
    score = 100.0
    for one in asked:
        read = faq._read(one.text)
        alone = faq._resolve(faq.matcher.rank(read, frozenset()), read)
        if not alone:
            return None
        # a near-tie the person asked breaks (faq6: « …la personne de la Région qui suit ce
        # type de projet ? » had « quels types de projets » at 47, the contacts at 46)
        tie = len(alone) > 1 and alone[0][1] - alone[1][1] < MARGIN
        if tie and not faq.by_id[alone[0][0]].family:
            alone = alone[1:]
        first = faq.by_id[alone[0][0]]
        ahead = alone[0][1] - (alone[1][1] if len(alone) > 1 else 0.0)
        if not first.family or alone[0][1] < AGREE_SCORE or ahead < AGREE_MARGIN:
            return None
        if chosen is not None and chosen.family != first.family:
            return None
        chosen, score = first, min(score, alone[0][1])
    if chosen is None:
        return None
    details = described(faq, question, details)
    resolved = faq._resolve([(chosen.id, score, lang)], details)
    if not resolved:
        return None
    entry = faq.by_id[resolved[0][0]]
    outside = named_outside(question, details, faq.articles)
    if faq._off_topic(entry, question, details, outside, lang):
        return None
    answer = faq._answered(question, entry, lang, score, ranked, today, details)
    return answer if faq._fits(question, answer, details, today) else None


def focused(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """The curated answer to a letter's question asked apart from its telling sentences, when
    the whole letter was not sure (`whole`). « Bonjour, notre centre social porte depuis 2011
    des ateliers… avec la communauté d'agglomération nous voulons en faire un projet
    structurant… Pourriez-vous nous préciser le montant minimum… ? » scored 42 for the floor:
    the context still weighs in the share of the message the floor's phrasings explain.

    Asked alone, any question scores higher, and neighbouring answers came back when this was
    tried before (docs/passages.md, faq3 pass). So three readings must agree: the matcher
    ranks the entry first for the asking sentences alone, clearly (`CUTOFF`, `MARGIN`); it
    ranks it among its first two for the whole letter; and BM25 over the whole letter leans to
    it (a near-top document holding two of its telling words). The context still chooses when
    it speaks (« nous recevons déjà une subvention régionale pour notre programme d'activité…
    pouvons-nous solliciter un financement ? » is the non-cumul rule, which BM25 finds for
    the whole letter, not "is the call open?"). The answer is rendered for the whole letter's
    details (its place, its fiche) and must hold what its asking sentences ask
    (knowledge/asked.py; a year in the context is not asked)."""
    letter = body(question)
    context, asking = split(letter)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    if len(marked) == 1 and marked[0].strip() != letter.strip():
        # the sentence with the question's mark: "we would like to apply under fiche 1" asks
        # nothing, though « would » can open a request
        asking = marked[0]
    elif not context:
        return None
    if two_asks(letter):
        return None
    read = faq._read(asking)
    alone = faq._resolve(faq.matcher.rank(read, frozenset()), read)
    if not alone or alone[0][1] < CUTOFF:
        return None
    if len(alone) > 1 and alone[0][1] - alone[1][1] < MARGIN:
        return None
    lang = whole.lang
    if faq.documents.unknown_things(asking, lang, faq._named(read, False, lang)) >= AGREE_UNKNOWN:
        return None  # « …accompagné d'un bilan comptable certifié ? »: things no document names
    entry = faq.by_id[alone[0][0]]
    details = described(faq, question, faq._read(letter))
    ranked = faq._resolve(faq.matcher.rank(details, context_words(letter)), details)
    if not any(same_intent(entry, faq.by_id[i]) for i, _s, _l in ranked[:2]):
        return None
    found = whole.found
    leaning = list(found.leaning) if found is not None else []
    if found is not None and found.entry is not None:
        leaning.append((found.entry, found.coverage))
    if not any(same_intent(entry, e) for e, _c in leaning):
        if any(c >= LEAN_COVERAGE for _e, c in leaning):
            return None  # BM25 leans elsewhere for the whole letter: its context speaks
        # else BM25 over the asking sentences alone, where the context does not dilute them
        apart = faq.documents.find(asking, lang, faq._named(read, False, lang))
        near = [e for e, _c in apart.leaning] + ([apart.entry] if apart.entry else [])
        if not any(same_intent(entry, e) for e in near):
            return None
    if faq._off_topic(
        entry, question, details, named_outside(question, details, faq.articles), lang
    ):
        return None
    # the letter's place and fiche, but the amount the question asks about: « depuis 2011 »
    # in the context is no sum to check against the floors
    details = replace(details, amount=read.amount)
    answer = faq._agreed(question, entry, lang, alone[0][1] / 100, ranked, today, details)
    return answer if faq._fits(asking, answer, details, today) else None


def described(faq: Faq, question: str, details: Details) -> Details:
    """The letter's details, with the fiche its telling sentences describe when it names
    none: « nous voulons lancer un atelier de travaux urbains… Pouvez-vous m'indiquer la
    personne de la Région qui suit ce type de projet ? » is fiche 4's contact (faq6 pass). The
    dialog's own reading of a project's description (knowledge/suggest.py), only when it is
    sure of one fiche."""
    if details.fiches:
        return details
    context, _asking = split(body(question))
    if not context:
        return details
    understood = understand(faq.knowledge, context)
    if not understood.sure or understood.fiche is None:
        return details
    return replace(details, fiches=(understood.fiche,))
