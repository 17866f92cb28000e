"""The audience said in a message typed at an earlier question (« Roubaix, pour les jeunes du
quartier »), read for what it names first (issue 22, reading19: the audience was lost, or taken
as the neighbourhood).

- Where the people live is no audience of its own: « les jeunes du quartier » are young people
  (the lexicon's `[early] audience_place`), unless the people named are the inhabitants
  themselves (« tous les habitants du quartier », still asked).
- Two audiences as alternatives or a doubt beside them (`audience_doubt`: « les jeunes ou les
  habitants, je sais pas ») take none: the question is asked.
Pure, on normalised text; the words are data (knowledge/data/lexicon.toml).
"""

from __future__ import annotations

from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.lexicon_data import phrases, table


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    early = table("early")
    return phrases(early.get("audience_place", [])), phrases(early.get("audience_doubt", []))


def audience_words(said: str) -> str | None:
    """The words of a normalised audience to read (`said`, the words after « pour »): without
    where its people live, when they are no inhabitants; None when it offers alternatives or
    doubts (nothing is taken then)."""
    place, doubt = _words()
    if lx.any_phrase(said, doubt):
        return None
    bare = lx.without_phrases(said, place)
    if bare == said or not bare:
        return said
    inhabitants = lx.lexicon().choices["audience"]["neighbourhood"]
    if lx.any_phrase(bare, inhabitants):
        return said  # « tous les habitants du quartier »: as before
    return bare
