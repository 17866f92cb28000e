"""Letters whose question the matcher scores low among their context (issue 22): a letter
asking whom to turn to (`whom`, faq5 pass), and a letter's one question drowned in the
sentences around it (`focused`, faq6 pass). Both are asked by knowledge/faq.py only when the
whole letter is not answered first."""

from __future__ import annotations

import datetime as dt
import re
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
    holds,
    named_outside,
    same_intent,
    same_source,
)
from knowledge.faq_details import Details
from knowledge.faq_entries import Answer, Entry
from knowledge.faq_told import tells, told, told_parts, whole_leaning
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
    # « la personne ressource pour notre territoire, ainsi que son numéro de téléphone ? » is
    # cut in two; the second asks the first's person's phone, which the contacts give (faq8)
    asked = [a for a in asked if not faq.joiners.asks_whose(a.text)]
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
    leaning = whole_leaning(whole)
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


def _asking(faq: Faq, letter: str) -> tuple[list[str], str] | None:
    """A letter's context sentences and its one asking sentence (the one with the question's
    mark when there is one), or None when it has no context or asks two things."""
    context, asking = split(letter)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    if len(marked) > 1 or two_asks(letter):
        return None
    if marked and marked[0].strip() != letter.strip():
        asking = marked[0]
        context = letter.replace(asking, " ")
    if not context.strip():
        return None
    return [s for s in re.split(r"(?<=[.!?;])\s+", context) if s.strip()], asking


def apart(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """A letter the whole matcher doubts, whose asking sentence says in its own words what it
    asks (`spending`) or whose context tells a rule's condition (`told`); its sentences cut
    once for both."""
    parts = _asking(faq, body(question))
    if parts is not None:
        found = spending(faq, question, today, whole, parts)
        if found is not None:
            return found
    if not tells(faq, question):  # cheap first: most letters tell no rule's condition
        return None
    return told(faq, question, today, whole, told_parts(faq, body(question)))


def spending(
    faq: Faq, question: str, today: dt.date, whole: Answer, parts: tuple[list[str], str]
) -> Answer | None:
    """A letter whose asking sentence asks a ceiling for a kind of spending in its own words
    (« Jusqu'à quel montant la Région peut-elle intervenir sur la partie travaux ? », "the
    maximum … for the building works?"), while its story (a renovation, energy, a playground)
    leans to a neighbouring entry (faq7 pass). The kind the sentence names (« travaux » is
    investment, "running costs" operating: [details] kind_words) chooses the ceiling over the
    story. Three readings must agree: the matcher ranks the ceilings first for the asking
    sentence alone (or an entry quoting the same « Financier » list, within `MARGIN`), among
    its first two for the whole letter, and BM25 leans to that list for the whole letter. A
    named fiche other than 4 gets the documents' silence; a rate or a share asked, or a
    thing's own ceiling (« le plafond d'un Fonds de Travaux Urbains »), fails `_fits`."""
    letter = body(question)
    _context, asking = parts
    if not faq.details.names_kind(asking):
        return None
    read = faq._read(asking)
    if read.kind is None:
        return None
    alone = faq._resolve(faq.matcher.rank(read, frozenset()), read)
    ceiling = next(
        (faq.by_id[i] for i, _s, _l in alone[:2] if faq.by_id[i].action == "ceiling"), None
    )
    if ceiling is None or not same_source(ceiling, faq.by_id[alone[0][0]]):
        return None
    score = max(
        s for i, s, _l in alone[:2] if i == ceiling.id or same_source(ceiling, faq.by_id[i])
    )
    if score < AGREE_SCORE:
        return None
    others = [s for i, s, _l in alone if not same_source(ceiling, faq.by_id[i])]
    if others and score - others[0] < MARGIN:
        return None
    details = faq._read(letter)
    ranked = faq._resolve(faq.matcher.rank(details, context_words(letter)), details)
    if not any(same_source(ceiling, faq.by_id[i]) for i, _s, _l in ranked[:2]):
        return None
    leaning = whole_leaning(whole)
    if not any(same_source(ceiling, e) for e, _c in leaning):
        return None
    if faq._off_topic(
        ceiling, question, details, named_outside(question, details, faq.articles), whole.lang
    ):
        return None
    details = replace(details, kind=read.kind, amount=read.amount)
    answer = faq._agreed(question, ceiling, whole.lang, score / 100, ranked, today, details)
    return answer if faq._fits(asking, answer, details, today) else None


def ordered(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """A question asking which document comes first, or in which order (faq8 pass): the
    calendar, which lists them in order with their dates. Read on the asking sentences only
    (a letter's story may say « en premier » of something else); the entry's `order_asks`
    and `order_things` (faq.toml) must both be there."""
    entries = [
        e
        for e in faq.entries
        if e.order_asks and holds(question, e.order_asks) and holds(question, e.order_things)
    ]
    if not entries:  # cheap first, on the whole message
        return None
    letter = body(question)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    asking = " ".join(marked) if marked else split(letter)[1]
    for entry in entries:
        if holds(asking, entry.order_asks) and holds(asking, entry.order_things):
            details = faq._read(letter)
            answer = faq._answered(question, entry, whole.lang, CUTOFF, [], today, details)
            if faq._fits(asking, answer, details, today):
                return answer
    return None


def referred(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """A letter whose question points back at the sentence before it (faq8 pass): « le
    document cite de grands équipements régionaux comme leviers de mobilisation citoyenne.
    Pourriez-vous nous rappeler lesquels ? » was not sure, its question saying nothing alone
    and its context weighing little. When the asking sentences hold a word that refers back
    (`refers`, faq.toml [asks]), the sentence before them is asked as the question, of the
    passages only; the passage found must be among the whole letter's closest ones too, and hold
    what the asking sentences ask (knowledge/asked.py)."""
    refers = faq.joiners.refers
    if not refers or not holds(question, refers):  # cheap first, on the whole message
        return None
    letter = body(question)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    context, asking = split(letter)
    if marked:
        asking = " ".join(marked)
        for one in marked:
            context = context.replace(one, " ")
    if not holds(asking, refers):
        return None
    told = [s for s in re.split(r"(?<=[.!?;])\s+", context) if s.strip()]
    if not told or whole.found is None or not whole.found.closest:
        return None
    probe = told[-1].strip().rstrip(".;!") + " ?"
    lang = whole.lang
    details = faq._read(letter)
    found = faq.documents.find(probe, lang, faq._named(details, False, lang), passages_only=True)
    passage = found.passage
    if passage is None or passage.id not in {p.id for p in whole.found.closest}:
        return None  # the whole letter's closest passages hold it too
    said = faq.documents.excerpt(passage, probe, lang)
    if not faq.asked.fits(asking, said, passage.text_in(lang), today.year):
        return None
    if faq._elsewhere(details, (passage.id,)):
        return None
    return Answer(
        question,
        "quoted",
        lang,
        100.0 * found.coverage,
        text=faq.documents.quote(passage, probe, lang),
        source=passage.source,
        details=details,
        found=found,
    )
