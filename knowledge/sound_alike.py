"""A commune of the region that a misspelt name sounds like (reading22, issue 22: « a misspelt
commune of the region gets "did you mean" with the region's closest commune, never
"outside" »). « Cambray » was declared outside — Chambray (Eure) is spelt closer than Cambrai;
« Doué » too — Doue (Seine-et-Marne) is its exact spelling; « Douey » offered Dourges, Dury
and Douriez, never Douai. Said aloud, each is the region's town: one commune of the region,
and one only, shares its rough French sound (`knowledge.place_words.sound_of`), and it is a
town — a village of that sound is no likelier than the name elsewhere.

Such a name is never read as the town (the spelling may be a real commune elsewhere): the
gazetteer offers the town first among its suggestions, the name elsewhere noted beside it.
Pure; no data of its own beyond the communes.
"""

from __future__ import annotations

from knowledge.located import Match
from knowledge.place_index import PlaceIndex
from knowledge.place_words import name_score, sound_of
from knowledge.text import normalize

# Inhabitants from which a commune of the region is a town people name from afar (as
# knowledge.places' TOWN_POPULATION for a town elsewhere named by its first words).
TOWN_POPULATION = 5000


def town_heard(index: PlaceIndex, key: str) -> Match | None:
    """The one town of the region sounding like the normalised `key`, scored by its spelling
    (so a town abroad spelt exactly still beats it in the dialog); None otherwise."""
    heard = index.by_sound.get(sound_of(key), set())
    if len(heard) != 1:
        return None
    commune = index.by_insee[next(iter(heard))]
    if commune.population < TOWN_POPULATION:
        return None
    return Match(commune, name_score(key, normalize(commune.name)), "name", commune.name)


def first(town: Match, others: tuple[Match, ...], size: int = 3) -> tuple[Match, ...]:
    """The town first, then the other suggestions (itself not twice), `size` at most."""
    rest = tuple(m for m in others if m.commune.insee != town.commune.insee)
    return (town, *rest)[:size]
