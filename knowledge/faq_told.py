"""Letters whose context tells a rule's condition as a fact about the asker (faq7, faq8 passes):
« nous sommes déjà financés par la Région au titre de notre programme d'activité… est-ce
possible ? » is the non-cumul rule, though its asking sentence alone says nothing. The condition
is data (faq.toml `told`, `told_asks`, `told_over`). Split from knowledge/faq_letters.py (faq10
pass: that module neared the 500-line limit); asked by knowledge/faq.py and faq_letters.apart."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from knowledge.faq_asks import questions
from knowledge.faq_checks import holds, named_outside, same_intent
from knowledge.faq_entries import Answer, Entry
from knowledge.focus import context_words, split
from knowledge.letters import body

if TYPE_CHECKING:
    from knowledge.faq import Faq


def whole_leaning(whole: Answer) -> list[tuple[Entry, float]]:
    """The entries BM25 leans to for the whole letter (its clearly found one among them), with
    their coverage."""
    found = whole.found
    if found is None:
        return []
    return [*found.leaning, *([(found.entry, found.coverage)] if found.entry else [])]


def tells(faq: Faq, question: str) -> bool:
    """Some entry's told groups are all in the message (a cheap test before its sentences are
    cut: `told` wants them in one sentence of its context)."""
    return any(all(holds(question, group) for group in e.told) for e in faq.told_entries)


def told_instead(faq: Faq, question: str, today: dt.date, whole: Answer) -> Answer | None:
    """A letter answered by a neighbour of a rule whose condition it tells (faq8 pass): « la
    Région subventionne déjà notre programme d'activité. Est-il encore possible de
    candidater… ? » got "the call is open". The rule takes over an answer its entry lists
    (`told_over`) or a passage quoted, when the letter's asking sentences ask whether they may
    (`told_asks`); `told` decides as for a letter not sure."""
    if whole.status == "answered" and not any(
        whole.entry is not None and whole.entry.id in e.told_over for e in faq.told_entries
    ):
        return None
    if not tells(faq, question):
        return None
    letter = body(question)
    context, asking = told_parts(faq, letter)
    if not context:
        return None
    asks_may = [e for e in faq.told_entries if holds(asking, e.told_asks)]
    if not asks_may:
        return None
    if whole.found is None:  # an answer of the matcher: what BM25 leans to, for `told`
        read = faq._read(letter)
        found = faq.documents.find(question, whole.lang, faq._named(read, False, whole.lang))
        whole = replace(whole, found=found)
    # the matcher's first three: the answer taken over holds the first place, and a neighbour
    # of it (« dossier » is the full file's word) may hold the second
    return told(faq, question, today, whole, (context, asking), asks_may, reach=3)


def told_parts(faq: Faq, letter: str) -> tuple[list[str], str]:
    """A letter's telling sentences and its asking sentences (all of them: « Pouvons-nous
    tout de même répondre ? Si oui, à quelles conditions ? »). A message of one sentence tells
    in the clauses before its last comma (faq10 pass: « notre association est déjà financée par
    la Région pour son programme d'activité, peut-on quand même déposer ? » was not sure)."""
    context, asking = split(letter)
    marked = [a.text for a in questions(letter, faq.joiners) if a.marked]
    if marked:
        asking = " ".join(marked)
        for one in marked:
            context = context.replace(one, " ")
    told = [s for s in re.split(r"(?<=[.!?;])\s+", context) if s.strip()]
    if not told and ", " in asking:
        head, _sep, tail = asking.rpartition(", ")
        return [head], tail
    return told, asking


def told(
    faq: Faq,
    question: str,
    today: dt.date,
    whole: Answer,
    parts: tuple[list[str], str],
    entries: list[Entry] | None = None,
    reach: int = 2,
) -> Answer | None:
    """A letter whose context states a rule's condition as a fact about the asker, and asks
    whether it may (faq7 pass): « nous sommes déjà financés par la Région au titre de notre
    programme d'activité… est-ce possible ? » is the non-cumul rule, though its asking
    sentence alone is « est-ce possible ? » (the matcher ranked the ceilings, or "what is
    DSDT?"). The condition is data (faq.toml `told`: one context sentence holds a word of
    each group); the whole letter's matcher must rank the entry among its first two, or BM25
    lean to it for the whole letter (`reach`: three when it takes over an answer; faq8 pass:
    both were required; « …déposer un projet DSDT,
    et à quelle condition ? » ranked « expérimenté en 2013 » and « l'appel est ouvert » first
    while BM25 leaned to the rule; two asking sentences, « …répondre à l'appel ? Si oui, à
    quelles conditions ? », are read together)."""
    letter = body(question)
    context, asking = parts
    candidates = [
        e
        for e in (faq.told_entries if entries is None else entries)
        if any(all(holds(s, group) for group in e.told) for s in context)
    ]
    if not candidates:  # cheap first: most letters tell no rule's condition
        return None
    details = faq._read(letter)
    ranked = faq._resolve(faq.matcher.rank(details, context_words(letter)), details)
    leaning = whole_leaning(whole)
    passage = whole.found.passage if whole.found is not None else None
    for entry in candidates:
        # an answer the rule takes over holds no place of the reach but the first (faq10:
        # who may apply, ranked second on « déposer », pushed the rule out of the first three)
        slots = [r for n, r in enumerate(ranked) if n == 0 or r[0] not in entry.told_over]
        if (
            not any(same_intent(entry, faq.by_id[i]) for i, _s, _l in slots[:reach])
            and not any(same_intent(entry, e) for e, _c in leaning)
            and (passage is None or passage.id not in entry.passages)  # BM25 finds its text
        ):
            continue
        outside = named_outside(question, details, faq.articles)
        if faq._off_topic(entry, question, details, outside, whole.lang):
            continue
        score = next((s for i, s, _l in ranked if same_intent(entry, faq.by_id[i])), 0.0)
        answer = faq._agreed(question, entry, whole.lang, score / 100, ranked, today, details)
        if faq._fits(asking, answer, details, today):
            return answer
    return None
