"""A message written as a letter: its body without the courtesy around it (issue 22, tenth pass).

People write to a Region as to an office: « Bonjour Madame, … Je vous remercie par avance.
Bien cordialement, Nadia », « Hello, sorry to bother you, … Thank you so much ». The greeting
and the closing say nothing of what is asked, but their words weigh in a match: "Hello, I would
like to know whether a charity can apply for this grant. Many thanks" was "not sure" where the
same question without its "Many thanks" is answered. `body` drops, at the start, the clauses
that are only a greeting or an apology for writing, and at the end the clauses that are only a
closing formula, with the signature that follows one. What a clause is made of is data:
`[letters]` of knowledge/data/lexicon.toml. A clause that asks (ending with "?") is never
dropped, and nothing is dropped when nothing else would be left.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.lexicon import lexicon
from knowledge.text import normalize

# A clause ends at a sentence's or a clause's mark, or a line break; a comma between two
# digits belongs to an amount ("12,000").
_CLAUSE_END = re.compile(r"[.;!?\n]+|(?<!\d),|,(?!\d)")
# A signature after a closing: a few words, each capitalised ("Nadia", "Martine Leroy",
# "Paul, trésorier" is not one).
SIGNATURE_WORDS = 3


def _clauses(text: str) -> list[tuple[int, int]]:
    """The spans of the clauses, each with the mark that ends it."""
    spans, start = [], 0
    for mark in _CLAUSE_END.finditer(text):
        spans.append((start, mark.end()))
        start = mark.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip(" ,.;!?\n")]


def _only(clause: str, phrases: tuple[str, ...]) -> bool:
    """Whether the clause is made of these phrases and nothing else, in any order ("many
    thanks in advance": "many thanks" then "in advance")."""
    words = normalize(clause).split()
    known, longest = _split(phrases)
    if not words or not all(w in _words_of(phrases) for w in words):
        return False  # most clauses: a word of no such phrase, one set lookup each
    # ends[i]: the words before i are phrases, one after the other
    ends = [True] + [False] * len(words)
    for i in range(len(words)):
        if ends[i]:
            for n in range(1, min(longest, len(words) - i) + 1):
                if tuple(words[i : i + n]) in known:
                    ends[i + n] = True
    return bool(words) and ends[-1]


@lru_cache(maxsize=8)
def _split(phrases: tuple[str, ...]) -> tuple[frozenset[tuple[str, ...]], int]:
    """The phrases as word tuples, and the longest one's length."""
    known = frozenset(tuple(p.split()) for p in phrases)
    return known, max((len(p) for p in known), default=0)


@lru_cache(maxsize=8)
def _words_of(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for p in phrases for w in p.split())


def _signature(clause: str) -> bool:
    words = clause.strip(" ,.;!\n").split()
    return 0 < len(words) <= SIGNATURE_WORDS and all(w[:1].isupper() for w in words)


def body(text: str) -> str:
    """The message without its greeting and closing (see the module); the text itself when
    it has neither, or is nothing else."""
    lex = lexicon()
    spans = _clauses(text)
    first, last = 0, len(spans)
    while first < last and _only(text[slice(*spans[first])], lex.greetings + lex.openers):
        first += 1
    while last > first:
        clause = text[slice(*spans[last - 1])]
        if "?" in clause:
            break
        if _only(clause, lex.closings):
            last -= 1
        elif (
            last - 2 >= first
            and _signature(clause)
            and _only(text[slice(*spans[last - 2])], lex.closings)
        ):
            last -= 2
        else:
            break
    if first >= last or (first, last) == (0, len(spans)):
        return text
    kept = text[spans[first][0] : spans[last - 1][1]].strip(" ,;\n")
    return kept or text
