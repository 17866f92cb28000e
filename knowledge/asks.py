"""Whether a message asks something — one module for every reader (issue 22, reading14 and 15).

Three detectors used to decide « does this message ask? », each with its own words: the FAQ's
focus (Python word lists in knowledge/focus.py), its questions one by one (knowledge/faq_asks.py,
through the focus), and the dialog's first steps (here). Their words are now data, in one place
(the lexicon's `[asks]`), read here:

- `asking(clause)`: a clause asks — a final "?", or an interrogative word or a request's verb
  anywhere (`asking_words`). The FAQ's focus and its questions one
  by one read clauses with it (`knowledge.focus`, `knowledge.faq_asks`).
- `requests(piece)`: a request's verb (`request_words`): what comes before it in a clause tells.
- `any_clause_asks(text)`: some clause of a message asks (a letter's question may end with
  "Cordialement.").
- `asks(text, please)`: the dialog's stricter reading. In enough words to be more than an answer
  with a doubt (« une association ? » stays the role asked back): a question mark anywhere, a
  sentence opening as a question, or a request for information (`requests`); the please words
  (`please`) ask only where no answer is a request (« Qui êtes-vous ? »: "Lens svp" is a
  commune). At « Qui êtes-vous ? » such a message was read as the role, its question dropped.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from knowledge.lexicon import PATH, _phrases
from knowledge.text import fold, normalize

# Fewer words than this, a message is an answer asked back ("Lens ?", "une association ?")
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE = re.compile(r"[.!?;:\n]+")
_FOLDED = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"(?<=[.;:!?\n])\s*|\s+(?=«)")


def folded_words(text: str) -> list[str]:
    """The folded words of a text, apostrophes apart (« qu'est-ce » -> qu est ce)."""
    return _FOLDED.findall(fold(text).replace("'", " ").replace("’", " "))


@lru_cache(maxsize=1)
def _raw() -> dict[str, list[str]]:
    with PATH.open("rb") as file:
        raw: dict[str, list[str]] = tomllib.load(file)["asks"]
    return raw


def _folded(name: str) -> tuple[str, ...]:
    return tuple(" ".join(folded_words(p)) for p in _raw().get(name, ()))


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


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = _raw()
    return _phrases(raw["requests"]), _phrases(raw["please"])


def asks(text: str, please: bool = False) -> bool:
    """Whether `text` asks something (see the module's docstring); `please`: a please word
    ("svp", "please") is a request too."""
    # the FAQ's reading of a sentence's opening; imported here, as faq_text reads the focus
    from knowledge.faq_text import interrogative_opening

    if len(_WORD.findall(text)) < MIN_WORDS:
        return False
    if "?" in text:
        return True
    if any(interrogative_opening(s) for s in _SENTENCE.split(text) if s.strip()):
        return True
    requests_, polite = _words()
    key = f" {normalize(text)} "
    return any(f" {p} " in key for p in requests_ + (polite if please else ()))
