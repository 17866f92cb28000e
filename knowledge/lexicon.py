"""Readings of a message with the conversation's vocabulary (`knowledge.lexicon_data`): yes / no
/ "je ne sais pas" in their forms, skip words, an intent by the lexicon's rules, a button typed
by a synonym, the words that pick a choice (role, audience, kind).

Why apart from the vocabulary's loading: one job each (reading19 split the 496 lines that did
both). The vocabulary's names are imported here for the readers that call `lx.lexicon()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from knowledge.lexicon_data import PATH as PATH
from knowledge.lexicon_data import Lexicon as Lexicon
from knowledge.lexicon_data import lexicon as lexicon
from knowledge.lexicon_data import phrases as phrases
from knowledge.phrase_index import any_phrase as any_phrase  # the readers call lx.any_phrase
from knowledge.phrase_index import phrases_in as phrases_in
from knowledge.text import normalize


def typed_button(text: str, labels: Mapping[str, Iterable[str]]) -> str | None:
    """The one button (name -> its labels as shown) the whole message is: a label, accents,
    case, emoji and politeness aside, or a synonym of `[buttons]` in the lexicon. None: no
    button, or several."""
    lex = lexicon()
    key = normalize(text)
    bare = without_phrases(key, lex.polite) or key
    found = {
        name
        for name, shown in labels.items()
        if key in lex.buttons.get(name, ())
        or bare in lex.buttons.get(name, ())
        or any(normalize(label) in (key, bare) for label in shown)
    }
    return found.pop() if len(found) == 1 else None


def without_phrases(key: str, phrases: tuple[str, ...]) -> str:
    padded = f" {key} "
    for phrase in phrases:
        padded = padded.replace(f" {phrase} ", " ")
    return " ".join(padded.split())


def has_phrase(key: str, phrase: str) -> bool:
    """Whether a normalised text holds the phrase as whole words."""
    return f" {phrase} " in f" {key} "


def phrase_opens(key: str, phrases: tuple[str, ...], before: int) -> bool:
    """Whether one of the phrases starts among a normalised text's first words (at most
    `before` words ahead of it): a request's opening after a greeting (« bonjour, est-ce que
    … »), a correction's words after a filler (« ah zut, oups … »)."""
    padded = f" {key} "
    for phrase in phrases:
        at = padded.find(f" {phrase} ")
        if at != -1 and padded[:at].count(" ") <= before:
            return True
    return False


# ---------------------------------------------------------------------- the readings
def yes_no_unknown(text: str) -> str | None:
    """'yes', 'no', 'unknown' or None (a letter's greeting before it aside: "Bonjour
    Madame, non, ce projet n'en fait pas partie")."""
    lex, key = lexicon(), without_greeting(normalize(text))
    if text.strip() in ("?", "??", "???"):
        return "unknown"
    if key in lex.unknown or key.startswith(lex.unknown_openings):
        return "unknown"
    if key in lex.yes or key.startswith(openings(lex.yes_openings)):
        return "yes"
    if key in lex.no or key.startswith(openings(lex.no_openings)):
        return "no"
    return None


def without_greeting(key: str) -> str:
    """A normalised message without the greetings and forms of address that open it
    ("bonjour madame monsieur oui" -> "oui"); a message that is only a greeting is kept."""
    greetings = lexicon().greetings
    if key.partition(" ")[0] not in _first_words(greetings):
        return key  # most messages: no greeting, one set lookup
    bare = key
    while True:
        head = next((g for g in greetings if bare.startswith(g + " ")), None)
        if head is None:
            return bare or key
        bare = bare[len(head) + 1 :]


@lru_cache(maxsize=8)
def _first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p.partition(" ")[0] for p in phrases)


@lru_cache(maxsize=8)
def openings(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Phrases as openings to look for with `str.startswith` (each with its space)."""
    return tuple(f"{p} " for p in phrases)


def unhedged(key: str) -> str:
    """A normalised whole message without the words that only say "for now" ("aucune idée
    pour l'instant", "no idea yet"): the lexicon's `hedges`, wherever they stand."""
    hedges = lexicon().hedges
    if not any_phrase(key, hedges):
        return key
    for hedge in hedges:
        key = f" {key} ".replace(f" {hedge} ", " ").strip()
    return " ".join(key.split())


@lru_cache(maxsize=256)
def dont_know(text: str) -> bool:
    """'Je ne sais pas' typed in any of its forms ("jsp", "aucune idée", "I don't know", and
    with a "for now" around it: "no idea yet")."""
    lex, key = lexicon(), normalize(text)
    if key in lex.unknown or text.strip() in ("?", "??", "???"):
        return True
    if (bare := unhedged(key)) != key and bare in lex.unknown:
        return True
    if "?" in text:  # "je ne sais pas quoi mettre, c'est quoi … ?"
        return False
    if len(bare.split()) > 6:
        return _unknown_in_clauses(text)
    return (
        bare.startswith(tuple(o + " " for o in lex.unknown_openings))
        or key in ("peut etre", "pas sur", "pas sure")
        or _unknown_in_clauses(text)
    )


def yes_no_in(key: str) -> str | None:
    """What a normalised sentence about a yes / no answer says ("on n'est pas en QPV": no;
    "on n'est pas sûrs pour le QPV": unknown; "on est en quartier prioritaire": yes); None
    when its words say none of them."""
    lex = lexicon()
    if dont_know(key) or any_phrase(key, lex.unsure):
        return "unknown"
    if any_phrase(key, (*lex.negations, "non", "no", "ne", "n")):
        return "no"
    return "yes" if any_phrase(key, lex.states) else None


# Where a clause ends inside a message ("je sais pas encore, on verra plus tard").
_CLAUSE = re.compile(r"[,;:!.…—–()]+|\s-\s")


def _unknown_in_clauses(text: str) -> bool:
    """A "je ne sais pas" said in clauses (reading9): the first clause says it, and each other
    one says it too, skips ("on verra plus tard") or only says who will tell ("faut que je
    demande à la mairie": the lexicon's `unknown_tails`). "Je sais pas, 5000 peut-être" is not
    one (its second clause answers)."""
    parts = _CLAUSE.split(text)
    if len(parts) < 2:  # most answers: one clause
        return False
    clauses = [c for c in (normalize(p) for p in parts) if c]
    lex = lexicon()
    if len(clauses) < 2 or not (_says_unknown(clauses[0]) or clauses[0] in lex.not_yet):
        return False
    return all(
        _says_unknown(c) or unhedged(c) in lex.skip or c in lex.skip or _tail(c)
        for c in clauses[1:]
    )


# A message opening with a "je ne sais pas" is read as one, whatever reason follows, in so
# many words at most (at an amount question, where the rest holds no amount: `opens_unknown`).
MAX_OPENS_UNKNOWN_WORDS = 14


def opens_unknown(text: str) -> bool:
    """A message whose first clause says "je ne sais pas" or "not yet" and whose others give
    a reason ("je sais pas encore, la mairie doit voter", "pas encore, on attend le devis"):
    where the rest cannot hold the answer (no amount at an amount question), a "je ne sais
    pas". Not a question, not a long text."""
    parts = _CLAUSE.split(text)
    if len(parts) < 2 or "?" in text or len(text.split()) > MAX_OPENS_UNKNOWN_WORDS:
        return False
    clauses = [c for c in (normalize(p) for p in parts) if c]
    return len(clauses) >= 2 and (_says_unknown(clauses[0]) or clauses[0] in lexicon().not_yet)


def _says_unknown(clause: str) -> bool:
    lex, bare = lexicon(), unhedged(clause)
    return bare in lex.unknown or (
        len(bare.split()) <= 6 and bare.startswith(tuple(o + " " for o in lex.unknown_openings))
    )


def _tail(clause: str) -> bool:
    """A clause that only says who will tell or when ("faut que je demande", "on verra")."""
    return (
        any(clause == t or clause.startswith(t + " ") for t in lexicon().unknown_tails)
        or unhedged(clause) in lexicon().hedges
    )


def skip(text: str) -> bool:
    """'Passer', 'skip', 'on passe', 'on saute cette question': skip this question."""
    key = normalize(text)
    bare = unhedged(key)
    return key in lexicon().skip or bare in lexicon().skip or by_rules(key) == "skip"


def skip_in_clauses(text: str) -> bool:
    """A skip said in clauses (sheet2: « on saute celle-ci, on ne sait pas encore », "alors là
    on sait pas encore, on passe", « sautons cette étape, les dates ne sont pas fixées »): one
    clause is a whole skip, and each other one skips, says "je ne sais pas", says who will
    tell, or says why (the lexicon's `skip_reasons`). Not a question, not a long text (the
    lexicon's `[sheet_limits]`: a longer one may hold the answer itself), and a
    clause that says anything else is an answer (« on passe, c'est le centre social » is not)."""
    parts = _CLAUSE.split(text)
    if len(parts) < 2 or "?" in text or len(text.split()) > lexicon().skip_sentence_words:
        return False
    clauses = [c for c in (normalize(p) for p in parts) if c]
    skips = [skip(c) for c in clauses]
    if len(clauses) < 2 or not any(skips):
        return False
    reasons = lexicon().skip_reasons
    return all(
        skipped or _says_unknown(c) or _tail(c) or any_phrase(c, reasons)
        for c, skipped in zip(clauses, skips, strict=True)
    )


# An intent in other words is a short message: a longer one says more than what it asks.
MAX_RULE_WORDS = 12
_NEGATED = ("don t", "do not", "dont", "ne", "n")


@lru_cache(maxsize=256)
def by_rules(key: str) -> str | None:
    """The one intent whose rule a normalised message fits (a phrase of every group of the
    rule, `[[intent_rules]]` of the lexicon); None when none, several, or the message is long
    or negated ("je ne veux pas recommencer"). Cached: the intent and the skip reading of one
    message ask it both."""
    lex = lexicon()
    words = key.split()
    if not words or len(words) > MAX_RULE_WORDS:
        return None
    if any_phrase(key, (*lex.negations, *_NEGATED)) and any_phrase(
        _without_rule_phrases(key), (*lex.negations, *_NEGATED)
    ):
        return None  # not « ce que j'ai écrit », an object of erasing that holds « j'ai écrit »
    found = {
        intent
        for intent, groups in lex.intent_rules
        if all(any_phrase(key, group) for group in groups)
        and not any_phrase(key, lex.rule_unless.get(intent, ()))
    }
    found -= {intent for intent in found if lex.yields_to.get(intent, frozenset()) & found}
    if len(found) != 1:
        return None
    intent = found.pop()
    # "forget it, I'll start again later": not now, a pause (reading13)
    return "leave" if intent in lex.put_off and said_later(key) else intent


def _without_rule_phrases(key: str) -> str:
    """The message without the intent rules' phrases of several words (reading15: « supprimez
    tout ce que j'ai écrit » was negated by the « j'ai écrit » of « ce que j'ai écrit »)."""
    padded = f" {key} "
    for _intent, groups in lexicon().intent_rules:
        for group in groups:
            for phrase in group:
                if " " in phrase and f" {phrase} " in padded:
                    padded = padded.replace(f" {phrase} ", "  ")
    return padded.strip()


def said_later(key: str) -> bool:
    """Whether a normalised message puts what it says off to later ("plus tard", "demain")."""
    return any_phrase(key, lexicon().later)


def is_stray(text: str, min_words: int = 1) -> bool:
    """True for input that answers nothing by itself: no letters ("7", "!!"), only filler
    words ("ok", "bonjour", "oui"), or fewer than `min_words` real words."""
    filler = lexicon().filler
    words = [w for w in normalize(text).split() if not w.isdigit()]
    if not words or all(w in filler for w in words):
        return True
    real = [w for w in words if len(w) > 2 and w not in filler]  # "ça va": no answer
    return len(real) < min_words


def by_words(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    """The one value whose words the text holds most (None: none, or a tie)."""
    key = normalize(text)
    scores = {value: len(phrases_in(key, words)) for value, words in table.items()}
    best = max(scores, key=lambda v: scores[v])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


def torn(text: str, question: str) -> bool:
    """Whether the words pick two buttons of a choice question as much ("un collectif
    d'habitants" read as both): then the person chooses, the words are not kept as "other"."""
    return len(tied(text, question)) > 1


def tied(text: str, question: str) -> tuple[str, ...]:
    """The choices the words pick most, as much each (none when they pick none)."""
    key = normalize(text)
    scores = {c: len(phrases_in(key, words)) for c, words in lexicon().choices[question].items()}
    top = max(scores.values())
    return tuple(c for c, n in scores.items() if n == top) if top > 0 else ()


def role(text: str) -> str | None:
    return by_words(text, lexicon().choices["role"])


def audience(text: str) -> str | None:
    return by_words(text, lexicon().choices["audience"])


def kind(text: str) -> str | None:
    if yes_no_unknown(text) == "unknown":
        return "unknown"
    key = normalize(text)
    table = dict(lexicon().choices["kind"])
    both = table.pop("both")
    if any(has_phrase(key, w) for w in both) or all(
        any(has_phrase(key, w) for w in words) for words in table.values()
    ):
        return "both"
    return by_words(text, table)


def has_words(text: str) -> bool:
    """True when the text holds at least one letter or digit (not only emoji or punctuation)."""
    return bool(normalize(text))


def without_ends(key: str, phrases: tuple[str, ...]) -> str:
    """The text with the given phrases removed at its start and end (any number of them)."""
    firsts, lasts = _ends_words(phrases)
    if key.partition(" ")[0] not in firsts and key.rpartition(" ")[2] not in lasts:
        return key  # most messages: neither end is a phrase's, two set lookups
    changed = True
    while changed and key:
        changed = False
        for phrase in phrases:
            if key == phrase:
                return ""
            if key.startswith(phrase + " "):
                key, changed = key[len(phrase) + 1 :], True
            elif key.endswith(" " + phrase):
                key, changed = key[: -len(phrase) - 1], True
    return key


@lru_cache(maxsize=16)
def _ends_words(phrases: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The first words and the last words of the phrases."""
    return (
        frozenset(p.partition(" ")[0] for p in phrases),
        frozenset(p.rpartition(" ")[2] for p in phrases),
    )


def ordered(key: str, orders: tuple[str, ...]) -> bool:
    """Whether a normalised message opens with one of the imperatives `orders` and holds no
    digit (reading22: « supprimez toutes les infos que je vous ai données » is an order; « oubliez
    ce que j'ai dit, le total c'est 15 000 » corrects an answer, read as before)."""
    return any(key.startswith(order + " ") for order in orders) and not any(
        c.isdigit() for c in key
    )
