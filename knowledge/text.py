"""Fold French text for matching: case, accents, ligatures, punctuation, common abbreviations."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "s/": "sur",
    "lez": "les",
    "les": "les",
}


def fold(text: str) -> str:
    """Lowercase, expand ligatures (œ is not an accent: NFKD leaves it alone) and drop accents."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def normalize(text: str) -> str:
    """Matching key: folded words separated by single spaces, abbreviations expanded."""
    folded = fold(text).replace("s/", " sur ")
    words = _NON_WORD.split(folded)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w)


def words(text: str) -> list[str]:
    return normalize(text).split()
