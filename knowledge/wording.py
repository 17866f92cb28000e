"""Words as people type them, reduced to matching keys: SMS spelling expanded, little words
dropped, each word stemmed in French and in English.

Why both stemmers on every word: a description may be French, English or both, and we do not
want to guess its language first; a French word stemmed the English way (or the reverse) rarely
lands on a keyword of the other language, and when it does the weights still have to agree.
Snowball (snowballstemmer, pure Python, the stemmers of the Snowball project) folds "jardins",
"jardiner" and "jardin" together, which a typo tolerance cannot do without also merging
unrelated words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import snowballstemmer

from knowledge.text import normalize

# SMS and phonetic spellings seen in informal French, mapped to the word they stand for.
SMS = {
    "ds": "dans",
    "pr": "pour",
    "o": "au",
    "avc": "avec",
    "ac": "avec",
    "pti": "petit",
    "ptit": "petit",
    "ki": "qui",
    "ke": "que",
    "koi": "quoi",
    "jame": "jamais",
    "jamai": "jamais",
    "le": "les",
    "lé": "les",
    "de": "des",
    "dé": "des",
    "fair": "faire",
    "tt": "tout",
    "ts": "tous",
    "bcp": "beaucoup",
    "qq": "quelques",
    "mm": "meme",
    "vienne": "viennent",
    "slt": "salut",
    "bjr": "bonjour",
}

# Words that carry no meaning for choosing a fiche (French and English), dropped so that
# "pied des immeubles", "pied d'immeuble" and "pied de l'immeuble" meet.
STOPWORDS = frozenset(
    """
    a au aux avec c ce ces cet cette d dans de des du en et il ils elle elles j je l la le les
    leur leurs lui m ma mes mon n ne nos notre nous on ou par pour qu que qui s sa se ses son
    sur t ta te tes ton tu un une vos votre vous y eux ca cela ceci est sont etre faire fait
    veut voudrait voudrions voulons veux souhaite souhaitons aimerait aimerions plus tres
    bonjour salut merci quoi tout tous toute toutes meme memes
    the an of at to for with and in on their they them so who by from our we us my your you
    is are be it its this that these those as or into about would like want wants please hi
    hello thanks i me
    """.split()  # noqa: SIM905 (a word list reads better as words)
)

_FRENCH = snowballstemmer.stemmer("french")
_ENGLISH = snowballstemmer.stemmer("english")
_K_QU = re.compile(r"^k(?=[aeiouy])")


def respell(word: str) -> str:
    """One folded word in its usual spelling: SMS abbreviations, 'k' for 'qu' at the start,
    '-ik' for '-ique' at the end ("energetik")."""
    word = SMS.get(word, word)
    if len(word) > 4 and word.endswith("ik"):
        word = word[:-2] + "ique"
    return _K_QU.sub("qu", word) if len(word) > 3 else word


@functools.lru_cache(maxsize=65536)
def keys(word: str) -> frozenset[str]:
    """The stems a folded word matches by: French and English (often the same)."""
    if len(word) <= 3:
        return frozenset((word,))
    return frozenset((_FRENCH.stemWord(word), _ENGLISH.stemWord(word)))


@dataclass(frozen=True, slots=True)
class Token:
    """A meaningful word: its matching form and where it sits in the text as typed."""

    word: str
    start: int
    end: int
    clause: int  # phrases match within one clause: "plein air, jeux" is not "aire de jeux"


_WORD = re.compile(r"[^\W_]+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]\n/•–—]")


def tokens(text: str) -> list[Token]:
    """The folded, respelt words of `text` that can carry meaning, in order, with their place
    in the original text (so the bot can quote the person's own words back)."""
    found = []
    clause, previous_end = 0, 0
    for match in _WORD.finditer(text):
        if _CLAUSE_BREAK.search(text, previous_end, match.start()):
            clause += 1
        previous_end = match.end()
        found += [
            Token(word, match.start(), match.end(), clause) for word in _forms(match.group())
        ]
    return found


@functools.lru_cache(maxsize=65536)
def _forms(typed: str) -> tuple[str, ...]:
    """The matching forms of one typed word (usually one; none for a little word)."""
    words = (respell(w) for w in normalize(typed).split())
    return tuple(w for w in words if w not in STOPWORDS)


def content_words(text: str) -> list[str]:
    """The matching forms of the meaningful words of `text`, in order."""
    return [t.word for t in tokens(text)]
