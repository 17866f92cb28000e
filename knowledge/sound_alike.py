"""The towns of the region a misspelt name may mean (reading22, issue 22: « a misspelt commune
of the region gets "did you mean" with the region's closest commune, never "outside" »).
« Cambray » was declared outside — Chambray (Eure) is spelt closer than Cambrai; « Doué » too
— Doue (Seine-et-Marne) is its exact spelling; « Douey » offered Dourges, Dury and Douriez,
never Douai; of 607 one-slip spellings of the region's towns of 15,000 inhabitants and more,
9 were « outside » (« Roubiax », « Clais », « Cambria », « Avon » for Avion…). A town of the
region (5,000 inhabitants and more: a village of that sound or spelling is no likelier than
the name elsewhere) that shares the name's rough French sound
(`knowledge.place_words.sound_of`), or is one typing slip away, is what the person most
plausibly meant.

Such a name is never read as the town (the spelling may be a real commune elsewhere): the
gazetteer offers the towns first among its suggestions, the name elsewhere noted beside them.
Pure; no data of its own beyond the communes.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from knowledge.located import Match
from knowledge.model import Commune
from knowledge.place_index import PlaceIndex
from knowledge.place_words import name_score, sound_of
from knowledge.text import normalize

# Inhabitants from which a commune of the region is a town people name from afar (as
# knowledge.places' TOWN_POPULATION for a town elsewhere named by its first words).
TOWN_POPULATION = 5000
MIN_LETTERS = 4


def towns_near(index: PlaceIndex, key: str) -> tuple[Match, ...]:
    """The towns of the region a misspelt normalised `key` most plausibly means: the one that
    shares its sound, and those one typing slip away (a letter missing, extra, wrong or two
    swapped: « Roubiax », « Clais », « Avon » for Avion), the largest first; each scored by its
    spelling (so a town abroad spelt exactly still beats it in the dialog). Empty for a key
    shorter than four letters (one slip from too many names)."""
    if len(key.replace(" ", "")) < MIN_LETTERS:
        return ()
    found: dict[str, Commune] = {}
    heard = index.by_sound.get(sound_of(key), set())
    if len(heard) == 1:
        commune = index.by_insee[next(iter(heard))]
        found[commune.insee] = commune
    for commune, name in _towns(index):
        if OSA.distance(key, name, score_cutoff=1) <= 1:
            found[commune.insee] = commune
    towns = sorted(
        (c for c in found.values() if c.population >= TOWN_POPULATION), key=lambda c: -c.population
    )
    return tuple(Match(c, name_score(key, normalize(c.name)), "name", c.name) for c in towns)


def _towns(index: PlaceIndex) -> list[tuple[Commune, str]]:
    """The region's towns with their normalised names (cached on the index: the same for every
    query, and normalising 180 names was most of a query's cost)."""
    towns: list[tuple[Commune, str]] | None = getattr(index, "_reading22_towns", None)
    if towns is None:
        towns = [
            (c, normalize(c.name))
            for c in index.by_insee.values()
            if c.population >= TOWN_POPULATION
        ]
        index._reading22_towns = towns  # type: ignore[attr-defined]
    return towns


def first(towns: tuple[Match, ...], others: tuple[Match, ...], size: int = 3) -> tuple[Match, ...]:
    """The towns first, then the other suggestions (none twice), `size` at most."""
    seen = {m.commune.insee for m in towns}
    return (*towns, *(m for m in others if m.commune.insee not in seen))[:size]
