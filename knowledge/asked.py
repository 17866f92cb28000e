"""What kind of answer a question asks for: a question asking "how many", "how much" or "which
year" is answered only by a text that holds a number.

BM25 and the FAQ's matcher find the text that shares the question's *topic*; they cannot see
that « combien de membres compte un jury ? » asks a count the jury's entry does not hold, or
that "how many inhabitants does the region have?" is not answered by the passage about the
Region's aims. Quoting such a text would be a neighbouring answer stated with confidence; the
bot says it is not sure instead (knowledge/faq.py). "When" is not checked: « quand contacter
l'intercommunalité ? » is rightly answered « au préalable », with no date.
"""

from __future__ import annotations

import re

from knowledge.faq_text import SPELLINGS
from knowledge.text import fold

# Asking phrases whose answer is a number (a count, an amount, a rate, a year), on folded words
# with SMS spellings expanded ("cb" -> "combien").
_QUANTITY = re.compile(
    r"\b(combien|quel (?:montant|pourcentage|nombre)|quelle (?:somme|annee|date)"
    r"|how (?:many|much)|(?:what|which) (?:year|date|amount|percentage))\b"
)
# Numbers written as words count as numbers (« quatre rencontres territoriales »); "un" and
# "one" do not: they are articles and pronouns far more often.
_NUMBERS = """deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent cents mille
    two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand"""
NUMBER_WORDS = frozenset(_NUMBERS.split())
_DIGIT = re.compile(r"\d")
# Digits that are no quantity: a fiche's number (« la fiche 4 concerne… ») and a phone number.
_NOT_A_QUANTITY = re.compile(
    r"\bfiches?\s*\d+(?:\s*(?:,|et|a|and|to|-)\s*\d+)*|(?:\+33\s?|\b0)\d(?:[\s.-]?\d\d){4}\b"
)


def _words(text: str) -> list[str]:
    folded = fold(text).replace("'", " ").replace("’", " ").replace("-", " ")
    return [SPELLINGS.get(w, w) for w in re.findall(r"[a-z0-9]+", folded)]


def wants_number(question: str) -> bool:
    """The question asks for a count, an amount, a rate or a year."""
    return bool(_QUANTITY.search(" ".join(_words(question))))


def holds_number(text: str) -> bool:
    """The text holds a number, in digits or in words."""
    text = _NOT_A_QUANTITY.sub(" ", fold(text))
    return bool(_DIGIT.search(text)) or any(w in NUMBER_WORDS for w in _words(text))


def fits(question: str, answer: str) -> bool:
    """The answer is of the kind the question asks for (as far as this can be told)."""
    return not wants_number(question) or holds_number(answer)
