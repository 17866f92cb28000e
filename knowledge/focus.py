"""What a long question asks, apart from what it tells: the question's focus.

Associations write to an administration as to a person: a greeting, who they are and what they
do ("notre association accompagne les familles d'un quartier de Calais depuis dix ans"), then
the question ("pourriez-vous nous indiquer jusqu'à quelle date…"), then thanks. Matched as one
bag of words, the context outweighs the question: every entry and every passage then covers too
little of it, and the bot is "not sure" of questions it answers when asked in five words.

`focus` cuts the message into clauses (at . ; : ! ? and line breaks) and keeps the clauses that
ask: ending with "?", or holding an asking phrase ("pourriez-vous", "je souhaiterais savoir",
"could you tell", "quel", "combien", "who"…: `knowledge.asking.asks`, its words in the lexicon). The matchers then weigh the words of the other
clauses at `CONTEXT_WEIGHT`: still counted, so that "notre centre social est déjà financé par
la Région…" keeps steering "…pouvons-nous présenter un projet ?" towards the right entry, and an
unknown subject in the context still makes the question look like what it is, but no longer
drowning the question. A message that is all question, or has no asking clause, has no focus:
everything weighs fully, as before.
"""

from __future__ import annotations

import re

from knowledge.asking import any_clause_asks, clauses, folded_words, requests
from knowledge.asking import asking as _asking

# The formulas of a letter and of asking, which say nothing of what is asked: stop words of
# both matchers ("pourriez-vous m'indiquer", "nous aimerions connaître", "kind regards").
_POLITE = """
    pourriez pourrais pourrait pourrions pouvez pouvons puissions puisse auriez aurions
    sauriez aimerions aimerais aimerait souhaiterions souhaiterais souhaiterait souhaitons
    souhaite souhaitez voudrions voudriez indiquer indiquez preciser precisez communiquer
    connaitre confirmer eclairer renseigner permets permettons permettre solliciter
    ecris ecrire devons devez doivent soit lorsque lorsqu malgre neanmoins toutefois cependant
    pourtant depuis egalement
    was were us been being also
    madame monsieur messieurs mesdames remercie remercions remerciant remerciements anticipes
    avance cordialement cordiales salutations distinguees sinceres agreer prie gre saurais
    saurions respectueusement sincerement amabilite obligeamment bienveillance attentivement
    dear sir sirs madam thank thanks grateful kindly regards best sincerely faithfully
    appreciate appreciated wondering advance let know tell whether
"""
POLITE = frozenset(_POLITE.split())
CONTEXT_WEIGHT = 0.2  # a word only in the telling clauses that no document holds (vs 1)
KNOWN_CONTEXT_WEIGHT = 0.6  # ... a word of the documents there ("déjà financé par la Région")

# Whether a clause asks, and its request's verbs: one module for every reader (knowledge/asking.py,
# its words in the lexicon's [asks]).
asking = _asking
asks = any_clause_asks


_TWO = re.compile(r"\b(ainsi que|de meme que|et aussi|as well as|and also)\b")


def two_asks(text: str) -> bool:
    """Two questions in one ("le montant minimum…, ainsi que le taux de cofinancement ?"):
    one entry answering half of it would be a confident half-answer."""
    _context, asked = split(text)
    return asked.count("?") > 1 or bool(_TWO.search(" ".join(_words(asked))))


def _asked_part(clause: str) -> tuple[str, str]:
    """(context, asked) of an asking clause: its comma-separated pieces before the first
    asking one tell ("dans le cadre de notre dossier, nous souhaiterions connaître…")."""
    pieces = clause.split(",")
    for i, piece in enumerate(pieces):
        if asking(piece, by_mark=False):  # "…: la Région, la ville ou l'EPCI ?" is one ask
            if not requests(piece):
                break
            return ",".join(pieces[:i]), ",".join(pieces[i:])
    return "", clause


def split(text: str) -> tuple[str, str]:
    """(context, focus) of a message; context is "" when the whole message asks, or when no
    part of it does (then there is nothing to tell apart)."""
    told: list[str] = []
    asked: list[str] = []
    for clause in clauses(text):
        if asking(clause):
            before, question = _asked_part(clause)
            told.append(before)
            asked.append(question)
        else:
            told.append(clause)
    context = " ".join(t for t in told if t.strip())
    if not asked or not context:
        return "", text
    return context, " ".join(asked)


def context_words(text: str) -> frozenset[str]:
    """The folded words of a message found only in its telling part: they weigh
    CONTEXT_WEIGHT; every other word (and the marker words the matchers add) weighs 1."""
    context, asked = split(text)
    if not context:
        return frozenset()
    return frozenset(_words(context)) - frozenset(_words(asked))


def _words(text: str) -> list[str]:
    return folded_words(text)
