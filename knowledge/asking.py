"""Whether a message asks — one module for the one question (issue 22, reading15, reading19).

Three detectors used to decide « does this message ask? », each with its own words: the FAQ's
focus (Python word lists in knowledge/focus.py), its questions one by one (knowledge/faq_asks.py,
through the focus), and the dialog's first steps (`asks`, once knowledge/asks.py). Their words
are now data, in one place (the lexicon's `[asks]`), read here:

- `asking(clause)`: a clause asks — a final "?", or an interrogative word or a request's verb
  anywhere (`asking_words`). The FAQ's focus and its questions one by one read clauses with it
  (`knowledge.focus`, `knowledge.faq_asks`).
- `requests(piece)`: a request's verb (`request_words`): what comes before it in a clause tells.
- `any_clause_asks(text)`: some clause of a message asks (a letter's question may end with
  "Cordialement."); the dialog reads it before taking a statement as an answer
  (`dialogs.questions`).
- `question_cue(text)`: shaped like a question (an interrogative word anywhere, an
  interrogative opening, a final "?"); `interrogative_opening(text)`: it *starts* as one.
- `asks(text)`: the dialog's first steps ask (reading14): in enough words to be more than an
  answer with a doubt (« une association ? » stays the role asked back), it holds a question
  mark anywhere, one of its sentences opens as a question, or it holds a request for
  information (the lexicon's `[asks] requests`); the please words (`please`) ask only where no
  answer is a request (« Qui êtes-vous ? »: "Lens svp" is a commune).
These were three modules kept apart by an import circle (`knowledge.asks` read the FAQ's text
reader, which read the focus, which read this module); the question's shape now lives here and
the circle is gone (reading19).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from knowledge.lexicon import lexicon, openings, phrases, without_greeting
from knowledge.lexicon_data import PATH
from knowledge.phrase_index import any_phrase
from knowledge.text import fold, normalize

_FOLDED = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"(?<=[.;:!?\n])\s*|\s+(?=«)")

# Interrogative words and phrases (folded, SMS spellings included). "qui" alone is not one:
# in a project description it is a relative pronoun ("des jeunes qui jardinent").
_CUE_ANYWHERE = re.compile(
    r"\b(c ?est quoi|c ?est koi|c quoi|c koi|c ?est qui|c ki|c ?est combien|c ?est quand|"
    r"c ?est ou|quoi|koi|combien|cb|quand|kan|comment|pourquoi|pk|quel|quelle|quels|quelles|"
    r"kel|kelle|est ce que|est ce qu|jusqu ?a quand|jusqua kan|jusqu ?a combien|a qui|pour qui|"
    r"de qui|qui (contacter|appeler|joindre|decide|choisit|juge|peut)|"
    r"peut on|puis je|dois je|faut il|y a t il|ya t il|a t on)\b"
)
# English interrogatives count only at the start: mid-sentence "who" and "when" are mostly
# relative ("young people who left school").
_CUE_START = re.compile(
    r"^(qui|ou|est|y a|ya|peut|puis|faut|dois|doit|what|how|who|whom|when|where|why|which|"
    r"is|are|can|could|do|does|did|should|will|would|may)\b"
)


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


def tells_of_self(text: str) -> bool:
    """The message speaks of its writer in the first person (« on veut monter… », "we run…"):
    a project told, when it asks nothing; a question in a few words names no one, and a
    request (the lexicon's `[intents] requests`: « je voudrais le plafond… », « j'ai besoin
    de… ») asks for something though it says « je »."""
    words = set(folded_words(text))
    if not any(w in words for w in _folded("tellers")):
        return False
    return not any_phrase(normalize(text), lexicon().requests)


def question_cue(text: str) -> bool:
    """An interrogative word or phrase anywhere, an interrogative opening, or a final '?'."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    folded = " ".join(folded_words(stripped))
    return bool(_CUE_ANYWHERE.search(folded) or _CUE_START.match(folded))


def interrogative_opening(text: str) -> bool:
    """A message that *starts* as a question ("c'est quoi…", "quelle heure…", "who…", and,
    after a letter's greeting, "Bonjour, pourriez-vous m'indiquer…": the lexicon's
    `question_openings`): at a free-text step this, not a trailing '?', tells a question from
    an unsure description."""
    folded = without_greeting(" ".join(folded_words(text)))
    head = _CUE_ANYWHERE.match(folded) or _CUE_START.match(folded)
    return head is not None or f"{folded} ".startswith(openings(lexicon().question_openings))


# Fewer words than this, a message is an answer asked back ("Lens ?", "une association ?")
MIN_WORDS = 4
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE = re.compile(r"[.!?;:\n]+")


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = raw_words()
    return phrases(raw["requests"]), phrases(raw["please"])


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
