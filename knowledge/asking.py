"""Whether a clause of a message asks — the words every reader shares (issue 22, reading15).

Three detectors used to decide « does this message ask? », each with its own words: the FAQ's
focus (Python word lists in knowledge/focus.py), its questions one by one (knowledge/faq_asks.py,
through the focus), and the dialog's first steps (knowledge/asks.py). Their words are now data,
in one place (the lexicon's `[asks]`), read here:

- `asking(clause)`: a clause asks — a final "?", or an interrogative word or a request's verb
  anywhere (`asking_words`). The FAQ's focus and its questions one by one read clauses with it
  (`knowledge.focus`, `knowledge.faq_asks`).
- `requests(piece)`: a request's verb (`request_words`): what comes before it in a clause tells.
- `any_clause_asks(text)`: some clause of a message asks (a letter's question may end with
  "Cordialement."); the dialog reads it before taking a statement as an answer
  (`dialogs.questions`).
Apart from `knowledge.asks` because the FAQ's text reader, which that module reads, reads these.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from knowledge.lexicon import PATH
from knowledge.text import fold

_FOLDED = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"(?<=[.;:!?\n])\s*|\s+(?=«)")


def folded_words(text: str) -> list[str]:
    """The folded words of a text, apostrophes apart (« qu'est-ce » -> qu est ce)."""
    return _FOLDED.findall(fold(text).replace("'", " ").replace("’", " "))


@lru_cache(maxsize=1)
def raw_words() -> dict[str, list[str]]:
    """The lexicon's `[asks]` table."""
    with PATH.open("rb") as file:
        raw: dict[str, list[str]] = tomllib.load(file)["asks"]
    return raw


def _folded(name: str) -> tuple[str, ...]:
    return tuple(" ".join(folded_words(p)) for p in raw_words().get(name, ()))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The asking words as one pattern, and the request's."""
    asking = re.compile(r"\b(" + "|".join(re.escape(p) for p in _folded("asking_words")) + r")\b")
    request = re.compile(
        r"\b(" + "|".join(re.escape(p) for p in _folded("request_words")) + r")\b"
    )
    return asking, request


def asking(clause: str, by_mark: bool = True) -> bool:
    """A clause that asks: an asking phrase, or (`by_mark`) a final '?'."""
    if by_mark and clause.rstrip().endswith("?"):
        return True
    return bool(_patterns()[0].search(" ".join(folded_words(clause))))


def requests(piece: str) -> bool:
    """A piece of a clause holding a request's verb (« nous souhaiterions connaître »)."""
    return bool(_patterns()[1].search(" ".join(folded_words(piece))))


def clauses(text: str) -> list[str]:
    """The message cut at sentence and clause ends; empty pieces dropped."""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def any_clause_asks(text: str) -> bool:
    """Some clause of the message asks (a letter's question may end with "Cordialement.")."""
    return any(asking(c) for c in clauses(text))


def addresses(text: str) -> bool:
    """Whether a message speaks to the bot (`addressed`: « vous », « vs », "you")."""
    words = set(folded_words(text))
    return any(w in words for w in _folded("addressed"))
