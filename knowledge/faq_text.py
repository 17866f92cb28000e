"""Questions as words to match: folded, SMS spellings expanded, stop words dropped, stemmed.

The FAQ's phrasings and the person's question go through the same `terms`, so "déposé",
"deposer" and "dépôt"-like variants meet on one stem, and "jusqua kan" meets "jusqu'à quand".
The French Snowball stemmer (snowballstemmer, pure Python) is applied to every word, English
ones included: both sides are stemmed the same way, which is all matching needs.

Whether a message is *shaped* like a question (`question_cue`, `interrogative_opening`) is
`knowledge.asking`'s, with every other "does this message ask?" reading.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from knowledge.focus import POLITE
from knowledge.text import fold

_STOP = """
    a au aux avec c ce cela ces cet cette d de des du elle en est et etc il ils j je l la le les
    leur leurs lui m ma me mes mon n ne nos notre nous on ou par pas pour qu que quoi s sa se ses
    si son sont sur t ta te tes ton tu un une vos votre vous y svp stp merci bonjour bonsoir
    hello salut slt bjr cc ca cest ai as avez suis sommes etes ete etre faut peut peux peu
    doit dois voudrais voudrait voudrions aimerais aimerait aimerions veux veut voulons
    the of to and or in on at for is are am be do does did i my me we our you your it its an
    please hi thanks can could would should will there whats this that bon bonne sais sait
    savoir tout toute toutes tous truc machin thing stuff
"""
STOP_WORDS = frozenset(_STOP.split()) | POLITE

# SMS and spoken spellings -> the written word (folded). Applied before the FAQ's own synonyms.
SPELLINGS = {
    "koi": "quoi",
    "kwa": "quoi",
    "kan": "quand",
    "qd": "quand",
    "ki": "qui",
    "ke": "que",
    "kel": "quel",
    "kelle": "quelle",
    "cb": "combien",
    "cmb": "combien",
    "combi1": "combien",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pr": "pour",
    "ds": "dans",
    "tt": "tout",
    "jusqua": "jusqu",
    "jusque": "jusqu",
    "pcq": "parce",
    "ya": "y",
    "mn": "mon",
    "asso": "association",
    "assoc": "association",
    "dossie": "dossier",
    "num": "numero",
    "vs": "vous",
}

# Words that say how something is asked more than what: they count, but for less.
LIGHT_WORDS = frozenset({"comment", "quel", "march", "fair", "pourquoi", "quoi", "how"})
LIGHT_WEIGHT = 0.5

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("french")


def words(text: str) -> list[str]:
    """Folded words, apostrophes and hyphens as separators."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def stem_synonyms(synonyms: dict[str, str]) -> dict[str, str]:
    """The FAQ's synonyms (folded word -> folded word) as stem -> stem, so that one entry
    covers every form: "collectivités" and "collectivite" share the stem "collectivit"."""
    out = {}
    for word, target in synonyms.items():
        key, value = stem(fold(word)), stem(fold(target))
        if key != value:
            out[key] = value
    return out


def terms(text: str, synonyms: dict[str, str]) -> list[str]:
    """The words that carry meaning, each reduced to its stem, everyday words mapped to the
    FAQ's (`synonyms`, stem -> stem, see stem_synonyms): 'C'est combien, le MINI ?' ->
    ['combien', 'plancher']. SMS spellings are expanded first."""
    out = []
    for word in words(text):
        word = SPELLINGS.get(word, word)
        if word in STOP_WORDS:
            continue
        stemmed = stem(word)
        out.append(synonyms.get(stemmed, stemmed))
    return out
