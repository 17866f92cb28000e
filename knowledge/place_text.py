"""A commune named inside a sentence ("je suis à Lens, j'appelle qui ?"): the one named by
postcode or exact name, here or elsewhere in France; never a fuzzy guess (a word of a question
is not a typo)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from knowledge.france import _elsewhere_dict
from knowledge.located import Located
from knowledge.place_words import (
    _PLACE_PREPOSITIONS,
    _POSTCODE,
    ADJECTIVES,
    NEAR,
    NEAR_AFTER,
    NEAR_AREAS,
)
from knowledge.places import Gazetteer
from knowledge.text import normalize

# Words of a place's surroundings are said in a short answer ("dans la métropole lilloise").
MAX_NEAR_WORDS = 8


def find_in_text(places: Gazetteer, text: str, max_words: int = 5) -> dict[str, str] | None:
    """The one commune named in a sentence ("je suis à Lens, j'appelle qui ?"), by postcode
    or by the exact (normalised) name of a current or former commune; None when there is
    none or more than one. No fuzzy guess here: a word of a question is not a typo.
    A postcode shared by communes of one EPCI and sub-territory stands for them all
    (`insee` is then empty and `name` the postcode)."""
    postcode = _POSTCODE.search(text)
    matched = ""
    if postcode:
        located = places.locate(postcode.group(0))
        commune = located.routing
        matched = postcode.group(0)
        if commune is not None and located.commune is None:
            return {
                "insee": "",
                "name": located.postcode,
                "epci_name": commune.epci_name,
                "territory": commune.territory,
                "matched": matched,
            }
    else:
        words = normalize(text).split()
        found: set[str] = set()
        for size in range(min(max_words, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                key = " ".join(words[start : start + size])
                entry = places.index.commune_entry(key)
                if entry is not None and len(key) >= 3:
                    found.update(entry.insee)
                    matched = key
            if found:
                break
        commune = places.index.by_insee[found.pop()] if len(found) == 1 else None
    if commune is None:
        return outside_in_text(places, text, postcode.group(0) if postcode else None)
    return {
        "insee": commune.insee,
        "name": commune.name,
        "epci_name": commune.epci_name,
        "territory": commune.territory,
        "matched": matched,
    }


def outside_in_text(places: Gazetteer, text: str, postcode: str | None) -> dict[str, str] | None:
    """A commune outside the call's departments named in a sentence ("je suis à Beauvais,
    qui appeler ?"), so a question is told the call does not cover it rather than given
    the general contacts as if it did. Everyday words are also commune names somewhere
    in France ("Pour", "Us", "Plafond"…), so a name counts only when it is written with a
    capital or right after "à", "de", "in"…, and is at least four letters long."""
    if places.france is None:
        return None
    if postcode:
        code = postcode.replace(" ", "")
        found = places.france.with_postcode(code)
        if len({e.department for e in found}) != 1:
            return None
        place = _elsewhere_dict(found[0], postcode)
        if len({e.insee for e in found}) > 1:  # one department is all the answer needs
            place.update(insee="", name=code)
        return place
    for _start, _end, words, key in _name_spans(text, 4):
        if len(key.replace(" ", "")) < 4:
            continue
        named = places._elsewhere_named(key)
        if named:
            return _elsewhere_dict(named[0], words)
    return None


_ELIDED_DE = re.compile(r"(?<![\w'’-])([dD])['’](?=\w)")


def _name_spans(text: str, max_words: int) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, words, normalized key) of every run of up to `max_words` words that could
    be a place's name, longest first: written with a capital, or right after "à", "sur",
    "in"… (everyday words are commune names too, so a lowercase run needs its preposition)."""
    # "la mairie d'Arras": the elided "de" is a word of its own (reading13), not in a name
    # ("Villeneuve-d'Ascq" keeps its own)
    tokens = re.findall(r"[\w'’-]+", _ELIDED_DE.sub(r"\1' ", text))
    for size in range(min(max_words, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            words = tokens[start : start + size]
            before = normalize(tokens[start - 1]) if start else ""
            if words[0][:1].isupper() or before in _PLACE_PREPOSITIONS:
                yield start, start + size, " ".join(words), normalize(" ".join(words))


def locate_in_sentence(places: Gazetteer, text: str) -> Located:
    """The gazetteer's answer for a message, and for a sentence it does not find as a whole
    ("notre association intervient sur Coudekerque-Branche", "on le fera a Dunkerque", "the
    project happens in Calais"), the one commune of 59/62 the sentence names by its very name
    (`named_in_sentence`). Never a fuzzy guess inside a sentence: its other words are no typo."""
    located = places.locate(text)
    if located.status not in ("not_found", "ambiguous") or len(text.split()) < 3 or "?" in text:
        return located  # a question naming a commune ("Denain : qui appeler ?") asks, not answers
    name = named_in_sentence(places, text)
    if name is not None and (found := places.locate(name)).status == "found":
        return found
    tail = named_after_preposition(text)
    if tail and (found := places.locate(tail)).status in ("found", "ambiguous"):
        return found  # "the project is in Boulogne": Boulogne-sur-Mer or -sur-Helpe?
    return located


def named_after_preposition(text: str) -> str:
    """The capitalised words after the last "à", "sur", "in"… of a sentence, up to the end of
    its clause ("the project is in Boulogne" -> "Boulogne"); "" when there are none."""
    clause = re.split(r"[,;.!?()]", text)
    for part in reversed(clause):
        tokens = re.findall(r"[\w'’-]+", part)
        for i in range(len(tokens) - 1, -1, -1):
            if normalize(tokens[i]) in _PLACE_PREPOSITIONS:
                rest = tokens[i + 1 : i + 5]
                if rest and rest[0][:1].isupper() and len(rest) == len(tokens) - i - 1:
                    return " ".join(rest)
                break
    return ""


def named_in_sentence(places: Gazetteer, text: str, max_words: int = 5) -> str | None:
    """The name of the one commune of Nord / Pas-de-Calais (current or former, or a name it
    is known by, "Dunkirk") that a sentence holds, written with a capital or right after "à",
    "sur", "de", "in"… (everyday words are commune names too); a name inside a longer one
    ("Bassée" in "La Bassée") is not another. None when there is none, or several communes
    ("La Bassée ou Lens")."""
    spans: list[tuple[int, int, str, frozenset[str]]] = []
    for start, end, _words, key in _name_spans(text, max_words):
        entry = places.index.commune_entry(key)
        if entry is None or len(key) < 3:
            continue
        if not any(s <= start and end <= e for s, e, _k, _i in spans):
            spans.append((start, end, key, frozenset(entry.insee)))
    communes = {insee for *_span, insee_set in spans for insee in insee_set}
    return spans[0][2] if len(communes) == 1 else None


def names_a_commune(places: Gazetteer, text: str, max_words: int = 5) -> bool:
    """Whether a sentence names any commune of the region (one or several: « on hésite entre
    Lens et Liévin »), as `named_in_sentence` finds them."""
    return any(
        len(key) >= 3 and places.index.commune_entry(key) is not None
        for _start, _end, _words, key in _name_spans(text, max_words)
    )


def is_commune_name(places: Gazetteer, key: str) -> bool:
    """Whether a normalised text is exactly the name of a commune of the region (current,
    former, or another language's: "dunkirk"): such words are never read as a town abroad."""
    return places.index.commune_entry(key) is not None


def says_near(text: str, name: str) -> bool:
    """Whether the words put the place near the commune named rather than in it ("jsuis près
    de lille", "near Saint-Omer"); "à côté de la gare de Lens" is in Lens."""
    key, name = f" {normalize(text)} ", normalize(name)
    return any(f" {word} {name} " in key for word in NEAR)


def near_named(places: Gazetteer, text: str) -> str | None:
    """The commune whose surroundings the words name, rather than the commune itself: a word
    putting the place near it before its name ("vers Lens", "près de Lille"), a word of its
    area after it ("Lille area", "Arras et environs"), or its adjective beside an area's word
    ("dans la métropole lilloise", "le bassin lensois"). None: no such words, or no commune of
    the region by its very name there."""
    key = normalize(text)
    words = key.split()
    if len(words) > MAX_NEAR_WORDS:
        return None
    for i, word in enumerate(words):
        name = ADJECTIVES.get(word)
        if name is not None and NEAR_AREAS.intersection(words[:i]):
            return str(name)
    padded = f" {key} "
    for near in NEAR:
        at = padded.find(f" {near} ")
        if at != -1:
            rest = padded[at + len(near) + 2 :].strip()
            if is_commune_name(places, rest):
                return rest
    for after in NEAR_AFTER:
        if key.endswith(f" {after}"):
            rest = key[: -len(after)].strip()
            rest = rest.rpartition(" in ")[2] if " in " in f" {rest}" else rest
            if is_commune_name(places, rest):
                return rest
    return None
