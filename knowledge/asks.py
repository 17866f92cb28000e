"""Whether a message asks something, for the dialog (issue 22, reading14).

At « Qui êtes-vous ? » a letter's question was read as the role, its question dropped. Here a
message asks when, in enough words to be more than an answer with a doubt (« une association ?
» stays the role asked back): it holds a question mark anywhere, one of its sentences opens as a
question, or it holds a request for information (the lexicon's `[asks] requests`); the please
words (`please`) ask only where no answer is a request (« Qui êtes-vous ? »: "Lens svp" is a
commune). Whether one clause asks, with the words every reader shares, is `knowledge.asking`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.asking import raw_words
from knowledge.faq_text import interrogative_opening
from knowledge.lexicon import _phrases
from knowledge.text import normalize

# Fewer words than this, a message is an answer asked back ("Lens ?", "une association ?")
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE = re.compile(r"[.!?;:\n]+")


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = raw_words()
    return _phrases(raw["requests"]), _phrases(raw["please"])


def asks(text: str, please: bool = False) -> bool:
    """Whether `text` asks something (see the module's docstring); `please`: a please word
    ("svp", "please") is a request too."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return False
    if "?" in text:
        return True
    if any(interrogative_opening(s) for s in _SENTENCE.split(text) if s.strip()):
        return True
    requests_, polite = _words()
    key = f" {normalize(text)} "
    return any(f" {p} " in key for p in requests_ + (polite if please else ()))
