"""Small pure checks of the FAQ's decision (knowledge/faq.py), split out of it by what they
hold: what an answer says (to say it once), whether two entries are one intent, whether a place
named is elsewhere, whether an entry's needs are met by a question's details."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from knowledge.asking import MIN_WORDS, question_cue, tells_of_self
from knowledge.asking import asks as asks_something
from knowledge.faq_details import Details
from knowledge.faq_entries import Answer, Entry, asks_it
from knowledge.suggest import understand
from knowledge.text import fold

if TYPE_CHECKING:
    from knowledge.loader import Knowledge

CUTOFF = 50.0  # below this, the bot says it is not sure (tuned on questions_tune.toml)
MARGIN = 8.0  # and when two entries are this close, it asks which one was meant
# Under CUTOFF, an entry is answered when BM25 leans to it too (tuned on passages_tune2.toml;
# AGREE_SCORE raised from 30 on passages_tune3.toml: the path's right answers all scored ≥ 34,
# « dans quel délai la subvention est-elle versée après la décision du jury ? » 30.4):
AGREE_SCORE = 33.0  # the FAQ's matcher's score
LEAN_COVERAGE = 0.25  # BM25's coverage: a long letter's question among its context,
AGREE_MARGIN = 5.0  # ahead of the next entry by this much (BM25 has broken the near-tie),
AGREE_UNKNOWN = 0.35  # unless this share of its weight is in words no document holds


def answer_key(answer: Answer) -> str:
    """What an answer says, to say it once: its entry, or the passage it quotes."""
    if answer.entry is not None:
        return f"faq:{answer.entry.id}"
    passage = answer.found.passage if answer.found is not None else None
    return f"passage:{passage.id}" if passage is not None else answer.text


def same_intent(first: Entry | None, other: Entry) -> bool:
    """The FAQ matcher's first entry and BM25's are one intent (one entry, or one family)."""
    return first is not None and (
        first.id == other.id or bool(first.family and first.family == other.family)
    )


def same_source(first: Entry, other: Entry) -> bool:
    """Two entries resting first on one passage answer from one text (faq7 pass): the ceilings
    and « investissement ou fonctionnement ? » both quote fiche 4's « Financier » list."""
    return bool(first.passages) and first.passages[:1] == other.passages[:1]


def holds(text: str, words: Sequence[str]) -> bool:
    """The text (folded, whole words) holds one of the folded words or phrases."""
    plain = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    return any(f" {w} " in plain for w in words)


def other_party(entry: Entry, question: str) -> bool:
    """The question names another party than the one the entry's rule is of (faq7 pass): the
    non-cumul rule is of funding by the Regional Council; « déjà financée par le Département…
    pouvons-nous cumuler ? » is not answered by it (the documents say nothing of that). An
    entry whose question must ask one of its `asking` phrases is not the answer to one that
    asks none (faq10 pass)."""
    if not asks_it(entry, question):
        return True
    return bool(entry.not_of) and holds(question, entry.not_of) and not holds(question, entry.of)


def far(details: Details, outside: bool) -> bool:
    """A commune outside the region, named as such or read in a common word ("le jury" is
    also Jury, Moselle): no routing detail, so its words are searched like the others."""
    return outside or bool(details.place and details.place.outside)


def named_outside(question: str, details: Details, articles: frozenset[str]) -> bool:
    """A place outside the region, written with a capital ("la région Bretagne"): the
    question is about elsewhere. A lowercase word that happens to be a commune ("jury",
    "l'échelle") is not a place named, nor one whose capital is only its article's, opening
    the sentence (« Le plan 100 000 logements… » is not Le Plan): each word of the name but
    its small words (`name_articles`, faq.toml) must be written with a capital."""
    place = details.place
    if place is None or not place.outside:
        return False
    words = place.matched.split()
    names = [w for w in words if w not in articles] or words[:1]
    written = re.findall(r"[\w'-]+", question)
    return all(any(fold(w) == name and w[:1].isupper() for w in written) for name in names)


def meets(need: str, details: Details) -> bool:
    """A need of an entry, as written in faq.toml: "place", "fiche:4"."""
    if need == "place":
        return details.place is not None
    if need.startswith("fiche:"):
        return details.fiche == int(need.partition(":")[2])
    return False


def project_told(knowledge: Knowledge, question: str) -> bool:
    """A project told, not a question (faq10b): a sentence that asks nothing (no '?', no
    interrogative word or opening, no request: knowledge/asking.py) and whose words the
    dialog's reading of a description (knowledge/suggest.py) is sure of, as at the project
    step. « On veut monter un jardin partagé en bas des tours avec les habitants » matched
    « un jardin partagé c'est éligible ? » at 51.6 and was left unsure only because « monter »
    shares its stem with « montant » (the floor, 7.9 behind, MARGIN 8): the FAQ's idf moves
    with every new entry (51.8, 8.1 after faq10's two). A question in a few words names no
    one (« le plafond pour des travaux en GUP », questions_tune) and stays answered."""
    if len(re.findall(r"[^\W\d_]+", question)) < MIN_WORDS:
        return False
    if asks_something(question) or question_cue(question) or not tells_of_self(question):
        return False
    return understand(knowledge, question).sure
