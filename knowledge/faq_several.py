"""A message asking two or more things (knowledge/faq_asks.py): each question its answer, each
once, or the doubt about it; never one answer for both, never a half-answer. Split from
knowledge/faq.py (faq10 pass: that module neared the 500-line limit)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from knowledge.documents import guess_lang
from knowledge.faq_asks import joined, questions
from knowledge.faq_checks import CUTOFF, answer_key
from knowledge.faq_entries import Answer
from knowledge.faq_letters import focused
from knowledge.letters import body

if TYPE_CHECKING:
    from knowledge.faq import Faq


def several(faq: Faq, question: str, today: dt.date, lang: str | None, whole: Answer) -> Answer:
    """The answer to a message the single-question readings left as `whole`: a letter's one
    question drowned in its context (`focused`), or each of its questions answered apart when
    each is answered clearly (a piece without its context matches loosely: « what is the
    deadline for 2016 » is not the 2014 call's calendar)."""
    asked = questions(question, faq.joiners)
    if len(asked) < 2:  # one question: the whole message's answer (or doubt)
        if whole.status == "unsure":  # a letter's question, drowned in its context?
            return focused(faq, question, today, whole) or whole
        return whole
    lang = lang or guess_lang(question) or whole.lang
    # the one fiche the message names is that of each question naming none (« …and who should
    # we contact for that fiche? » got the general contacts, not fiche 4's)
    named = faq._read(body(question)).fiches
    fiches = named if len(named) == 1 else ()
    answers = [(a, faq._ask(a.text, today, lang, fiches)) for a in asked]
    if any(a.marked and answer.status == "quoted" for a, answer in answers):
        return whole  # a question answered only by a quoted passage: too weak to build on
    said = {answer_key(answer): answer for _a, answer in answers if answer.status == "answered"}
    doubts = [answer for a, answer in answers if a.marked and answer.status == "unsure"]
    if said and (len(said) > 1 or doubts):
        if not all(d.text for d in doubts):
            return whole  # a call without passages: no doubt to say beside an answer
        if whole.status == "unsure" and (
            doubts or any(faq._top(a.text)[1] < CUTOFF for a, _answer in answers)
        ):
            # the whole message was not sure: its questions are answered only when each
            # is, clearly (a piece without its context matches loosely: « what is the
            # deadline for 2016 » is not the 2014 call's calendar)
            return whole
        if doubts and (
            whole.status == "quoted"
            or (whole.status == "answered" and answer_key(whole) not in said)
        ):
            # the whole message's answer, which no question alone finds, or a passage the
            # whole message finds (it may speak to both questions)
            return whole
        # each question its answer (each once), or the doubt about it: never one answer
        # for both
        parts: list[Answer] = []
        for _q, answer in answers:
            if answer.status == "answered" and answer_key(answer) in said:
                parts.append(said.pop(answer_key(answer)))
            elif any(answer is d for d in doubts):
                parts.append(answer)
        return joined(question, parts)
    return whole
