"""Phrases found in a normalised text by lookup: what `knowledge.lexicon.has_phrase` says of
each phrase of a tuple, without scanning the tuple (issue 28: the readers called it 156 times
per update). Imported by `knowledge.lexicon`, whose readers use it through `any_phrase` and
`phrases_in`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache


def any_phrase(key: str, phrases: tuple[str, ...]) -> bool:
    """Whether a normalised text holds one of the phrases as whole words (a set lookup for
    one-word phrases; of the longer ones, only those opening with a word of the text)."""
    found = _index(phrases)
    if not found.single.isdisjoint(key.split()):
        return True
    padded = f" {key} "
    if any(p in padded for i, p in found.odd if " " in phrases[i]):
        return True
    return any(p in padded for word in key.split(" ") for _, p in found.longer.get(word, ()))


def phrases_in(key: str, phrases: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases a normalised text holds as whole words, in their order: what
    `has_phrase` says of each, looked up by the text's words rather than scanned."""
    found = _index(phrases)
    padded = f" {key} "
    hits = [i for i, p in found.odd if p in padded]
    for word in set(key.split(" ")):
        hits.extend(found.words.get(word, ()))
        hits.extend(i for i, p in found.longer.get(word, ()) if p in padded)
    return tuple(phrases[i] for i in sorted(hits))


@dataclass(frozen=True, slots=True)
class _Index:
    """A tuple of phrases as the readers look them up (issue 28: 156 `has_phrase` scans per
    update). `single`: the phrases without a space (for `any_phrase`, as before); `words`:
    the one-word phrases by word; `longer`: the phrases of several words by their first word,
    padded with a space each side; `odd`: any phrase not written as single-spaced words,
    always scanned. A phrase of single-spaced words is found in " text " only where its
    first word is one of the text's words, so the lookup finds what the scan found."""

    single: frozenset[str]
    words: Mapping[str, tuple[int, ...]]
    longer: Mapping[str, tuple[tuple[int, str], ...]]
    odd: tuple[tuple[int, str], ...]


@lru_cache(maxsize=512)
def _index(phrases: tuple[str, ...]) -> _Index:
    words: dict[str, list[int]] = {}
    longer: dict[str, list[tuple[int, str]]] = {}
    odd = []
    for i, phrase in enumerate(phrases):
        split = phrase.split()
        if not phrase or " ".join(split) != phrase:
            odd.append((i, f" {phrase} "))
        elif len(split) == 1:
            words.setdefault(phrase, []).append(i)
        else:
            longer.setdefault(split[0], []).append((i, f" {phrase} "))
    return _Index(
        single=frozenset(p for p in phrases if " " not in p),
        words={w: tuple(found) for w, found in words.items()},
        longer={w: tuple(found) for w, found in longer.items()},
        odd=tuple(odd),
    )
