"""A message without the values it negates (issue 22, reading9): "c'est pour du
fonctionnement, pas de l'investissement", "non pas une asso, une collectivité", "pas des
jeunes, les habitants du quartier". The negated half is never an answer; the other half is.

`Reading.taken_back` cuts a message at its first negation for corrections (what is meant, what
is taken back). Here every negated span is set aside, so a button's words are read only from
what the person affirms: a choice the words negate is never picked, and a message that only
negates ("surtout pas de fonctionnement") picks none (the question is asked again, its words
not kept as "other"). The negations, their exceptions ("Pas-de-Calais") and the words where a
negated span ends are the lexicon's (`[corrections]` negations, not_negations, separators).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from knowledge import lexicon as lx
from knowledge.reading import _CLAUSE_END, _TOKEN, _at, _masked, _trim
from knowledge.text import normalize


@lru_cache(maxsize=256)
def split(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text without its negated spans, the negated spans). A span runs from a negation to
    the end of its clause or to a separator ("mais", "c'est"); a negation followed by nothing
    ("je ne sais pas") negates no value. Without a negation: (text, ())."""
    lex = lx.lexicon()
    if not lx.any_phrase(normalize(text), lex.negations):
        return text, ()
    tokens = [
        (m.start(), m.end(), normalize(m.group()) or m.group()) for m in _TOKEN.finditer(text)
    ]
    keys = _masked([t[2] for t in tokens], lex.not_negations)
    kept: list[str] = []
    negated: list[str] = []
    pos = i = 0
    while i < len(keys):
        marker = next((m for m in lex.negations if _at(keys, i, m)), None)
        if marker is None:
            i += 1
            continue
        j = k = i + len(marker.split())
        while k < len(keys) and not (
            keys[k] in _CLAUSE_END or any(_at(keys, k, sep) for sep in lex.separators)
        ):
            k += 1
        if k > j:
            negated.append(text[tokens[j][0] : tokens[k - 1][1]])
            kept.append(text[pos : tokens[i][0]])
            pos = tokens[k - 1][1]
        i = max(k, i + 1)
    if not negated:
        return text, ()
    kept.append(text[pos:])
    return _trim(" ".join(kept), lex.separators), tuple(negated)


def affirmed(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    """The words to read a choice from when the message negates one of the table's choices
    ("du fonctionnement, pas de l'investissement" -> "du fonctionnement"; "surtout pas de
    fonctionnement" -> ""); None when it negates none of them (read the whole message: "des
    jeunes qui ne sont pas scolarisés")."""
    kept, negated = split(text)
    if not negated:
        return None
    for span in negated:
        key = normalize(span)
        if any(lx.has_phrase(key, w) for words in table.values() for w in words):
            return kept
    return None
