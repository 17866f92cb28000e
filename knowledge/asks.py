"""Whether a message asks something, wherever its question sits (issue 22, reading14).

`knowledge.faq_text.question_cue` looks at a message's end and its interrogative words: a
letter whose question sits in its middle (« Bonjour, existe-t-il un plafond pour la fiche 2 ?
Merci. », « …pourriez-vous me communiquer les coordonnées de la personne ressource ?
Cordialement ») or a request without a mark (« l'adresse de la région svp ») escaped it, and at
« Qui êtes-vous ? » such a message was read as the role, its question dropped silently. Here a
message asks when, in enough words to be more than an answer with a doubt (« une association
? » stays the role asked back): it holds a question mark anywhere, one of its sentences opens
as a question, or it holds a request for information (the lexicon's `[asks]`). The please
words ask only where no answer is a request (« Qui êtes-vous ? »): "Lens svp" is a commune.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from knowledge.faq_text import interrogative_opening
from knowledge.lexicon import PATH, _phrases
from knowledge.text import normalize

# Fewer words than this, a message is an answer asked back ("Lens ?", "une association ?")
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE = re.compile(r"[.!?;:\n]+")


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    with PATH.open("rb") as file:
        raw = tomllib.load(file)["asks"]
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
    requests, polite = _words()
    key = f" {normalize(text)} "
    return any(f" {p} " in key for p in requests + (polite if please else ()))
