"""« Pas encore de titre », « no name yet »: a thing not decided yet, said in a few words
(issue 22, reading12). Where a document's field asks for a name or a value (a title, a date, a
phone number), such words are no answer to print: the field is left blank, to fill later. Where
it asks for the project's state (its partners, how residents take part), "none yet" is the
answer itself, and the caller keeps it.

Pure; its words are data (`[not_yet]` in knowledge/data/lexicon.toml, with their reasons).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from knowledge.text import normalize

# A thing is named in a few words ("pas encore de nom pour le projet" is still one).
MAX_THING_WORDS = 4


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    path = Path(__file__).resolve().parent / "data" / "lexicon.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8"))["not_yet"]

    def folded(name: str) -> tuple[str, ...]:
        return tuple(sorted({normalize(w) for w in table[name]}, key=len, reverse=True))

    return folded("openings"), folded("none"), folded("later")


def none_yet(text: str) -> bool:
    """Whether the whole message says a thing is not there yet: a "not yet" first and a few
    words of the thing after it (« pas encore de titre », « not yet », « toujours pas de
    date »), or a "no" first and a "yet" last (« no name yet », « pas de titre pour
    l'instant », « aucun nom pour le moment »)."""
    key = normalize(text)
    if not key or "?" in text:
        return False
    openings, none, later = _words()
    for opening in openings:
        if key == opening:
            return True
        if key.startswith(opening + " "):
            return len(key[len(opening) :].split()) <= MAX_THING_WORDS
    for word in none:
        if key.startswith(word + " "):
            rest = key[len(word) :].strip()
            for end in later:
                if rest.endswith(" " + end):
                    return len(rest[: -len(end)].split()) <= MAX_THING_WORDS
    return False
