"""What a message negates (issue 22): the values it takes back ("pas 1200 mais 12000", "pas à
Lens, à Liévin", "c'est pour du fonctionnement, pas de l'investissement") and what it says
once they are set aside. A negated value is never an answer; the other half is.

`taken_back` cuts a message at its first negation, for corrections (what is meant, what is
taken back: the old value names the answer it corrects). `split` sets aside every negated
span (reading9), so a button's words are read only from what the person affirms: a choice the
words negate is never picked, and words that only negate one ("surtout pas de
fonctionnement") pick none (`affirmed`). A negated span runs from a negation to the end of its
clause or to a separator ("mais", "c'est"); the negations, their exceptions ("Pas-de-Calais")
and the separators are the lexicon's (`[corrections]` negations, not_negations, separators).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.text import normalize

# A message cut into words (with their place in it) and the punctuation that ends a clause;
# a comma or a point between two digits is part of an amount ("1,5k", "1.200"); a dash ends a
# clause too ("not 12,000 — 15,000").
_TOKEN = re.compile(r"[^\W_]+|[;:!?—–]|(?<!\d)[,.]|[,.](?!\d)")
_CLAUSE_END = frozenset(";:!?,.—–")

Token = tuple[int, int, str]  # start, end, normalised word


def taken_back(text: str) -> tuple[str, str] | None:
    """(what is meant, what is taken back) at the message's first negation: "pas 1200 mais
    12000" -> ("12000", "1200"), "la commune c'est Liévin, pas Lens" -> ("la commune c'est
    Liévin", "Lens"). None when there is none, or either side is empty. Whether both sides
    hold a value of one kind is the caller's check."""
    found = _spans(text)
    if found is None:
        return None
    tokens, spans = found
    i, j, k = spans[0]
    if k == j:
        return None
    other = text[tokens[j][0] : tokens[k - 1][1]]
    meant = _trim(text[: tokens[i][0]] + " " + text[tokens[k - 1][1] :])
    return (meant, other) if meant and other.strip() else None


@lru_cache(maxsize=256)
def split(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text without its negated spans, the negated spans); a negation followed by nothing
    ("je ne sais pas") negates no value. Without a negation: (text, ())."""
    found = _spans(text)
    if found is None:
        return text, ()
    tokens, spans = found
    kept: list[str] = []
    negated: list[str] = []
    pos = 0
    for i, j, k in spans:
        if k > j:
            negated.append(text[tokens[j][0] : tokens[k - 1][1]])
            kept.append(text[pos : tokens[i][0]])
            pos = tokens[k - 1][1]
    if not negated:
        return text, ()
    kept.append(text[pos:])
    return _trim(" ".join(kept)), tuple(negated)


def affirmed(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    """The words to read a choice from when the message negates one of the table's choices
    ("du fonctionnement, pas de l'investissement" -> "du fonctionnement"; "surtout pas de
    fonctionnement" -> "surtout"); None when it negates none of them (read the whole message:
    "des jeunes qui ne sont pas scolarisés")."""
    kept, negated = split(text)
    for span in negated:
        key = normalize(span)
        if any(lx.has_phrase(key, w) for words in table.values() for w in words):
            return kept
    return None


@lru_cache(maxsize=1)
def _zero_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    with lx.PATH.open("rb") as file:
        raw = tomllib.load(file)["zero"]
    return lx.phrases(raw["words"]), lx.phrases(raw["not_zero"])


# Where a zero's reach ends, besides the clause's punctuation: « rien en invest et 5000 en
# fonctionnement » zeroes the first part only.
_ZERO_ENDS = frozenset({"mais", "but", "et", "and"})


def zeroed(text: str, table: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The choices of `table` (value -> normalised phrases) that the message says are nothing:
    a zero word (the lexicon's `[zero]`: « rien », « aucun », « pas de », « 0 », "no") in the
    same clause as the choice's words, the nearest choice after it (« rien en investissement »,
    "no investment after all") or, none after, before it (« l'invest c'est zéro »), in a clause
    holding no other amount (« pas de 5000 en invest » is no zero). Reason: a word of a choice
    beside a zero was picked as that choice — the opposite of what was said."""
    words, not_zero = _zero_words()
    if not lx.any_phrase(normalize(text), words):
        return frozenset()
    keys = _masked([t[2] for t in _tokens(text)], not_zero)
    found: set[str] = set()
    clause: list[str] = []
    for key in [*keys, "."]:
        if key in _CLAUSE_END or key in _ZERO_ENDS:
            found |= _zero_in(clause, words, table)
            clause = []
        else:
            clause.append(key)
    return frozenset(found)


def _zero_in(
    keys: list[str], words: tuple[str, ...], table: Mapping[str, tuple[str, ...]]
) -> set[str]:
    if any(k.isdigit() and int(k) != 0 for k in keys):
        return set()
    zeros = [i for i in range(len(keys)) if any(_at(keys, i, w) for w in words)]
    named = sorted(
        (i, value)
        for value, phrases in table.items()
        for i in range(len(keys))
        if any(_at(keys, i, p) for p in phrases)
    )
    found: set[str] = set()
    for z in zeros:
        after = [value for i, value in named if i > z]
        before = [value for i, value in named if i < z]
        if after or before:
            found.add(after[0] if after else before[-1])
    return found


def _spans(text: str) -> tuple[list[Token], list[tuple[int, int, int]]] | None:
    """The message's tokens and its negations as (negation, first word, end) token indexes;
    None when it holds no negation (most messages: nothing to cut)."""
    lex = lx.lexicon()
    if not lx.any_phrase(normalize(text), lex.negations):
        return None
    tokens = _tokens(text)
    keys = [t[2] for t in tokens]
    if any(lx.has_phrase(" ".join(keys), n) for n in lex.not_negations):
        keys = _masked(keys, lex.not_negations)
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < len(keys):
        marker = next((m for m in lex.negations if _at(keys, i, m)), None)
        if marker is None:
            i += 1
            continue
        j = k = i + len(marker.split())
        while k < len(keys) and not (
            keys[k] in _CLAUSE_END or any(_at(keys, k, sep) for sep in lex.separators)
        ):
            k += 1
        spans.append((i, j, k))
        i = max(k, i + 1)
    return (tokens, spans) if spans else None


def _tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), normalize(m.group()) or m.group()) for m in _TOKEN.finditer(text)]


def _at(keys: list[str], i: int, phrase: str) -> bool:
    words = phrase.split()
    return keys[i : i + len(words)] == words


def _masked(keys: list[str], names: tuple[str, ...]) -> list[str]:
    """The words of names that hold a negation word ("Pas-de-Calais") made inert."""
    keys = list(keys)
    for i in range(len(keys)):
        for name in names:
            if _at(keys, i, name):
                keys[i : i + len(name.split())] = ["_"] * len(name.split())
    return keys


def _trim(text: str) -> str:
    """The text without punctuation and separator words ("mais", "c'est") at its ends."""
    separators = lx.lexicon().separators
    tokens = _tokens(text)
    keys = [t[2] for t in tokens]
    start, end = 0, len(keys)
    changed = True
    while changed and start < end:
        changed = False
        if keys[start] in _CLAUSE_END:
            start, changed = start + 1, True
            continue
        for sep in separators:
            if _at(keys[:end], start, sep):
                start, changed = start + len(sep.split()), True
                break
    while start < end and keys[end - 1] in _CLAUSE_END:
        end -= 1
    return text[tokens[start][0] : tokens[end - 1][1]].strip() if start < end else ""
