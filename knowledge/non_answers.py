"""What a message is when it is no answer at all: code or markup, only courtesy (issue 22), or
nothing visible.

A silent misreading is the worst outcome: "a␛[31mred" read as 31 €, "<script>alert(1)</script>"
as 1 €, "%s {0}" as 0 €, "merci" as the communes Meurchin, Merris, Erchin. Numbers inside code,
markup, terminal escapes or template placeholders are no amount, and their words no commune: such
a message is recognised by its shape and asked again in plain words. A whole message of thanks
or praise answers no question that is neither yes nor no; the dialog replies kindly and asks
again.

Pure and data-driven: the words are in knowledge/data/non_answers.toml (with their reasons); the
shapes below are the grammar of code, which no vocabulary list could hold.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from pathlib import Path

from knowledge import lexicon as lx
from knowledge.money_words import EXPONENT
from knowledge.text import fold, normalize

_DATA = tomllib.loads(
    (Path(__file__).resolve().parent / "data" / "non_answers.toml").read_text("utf-8")
)
# kind of courtesy -> its phrases ("thanks", "praise"), folded
COURTESY: dict[str, frozenset[str]] = {
    kind: frozenset(normalize(w) for w in words) for kind, words in _DATA["courtesy"].items()
}
_ANY_COURTESY = frozenset().union(*COURTESY.values())
MAX_WORDS = 8  # courtesy is short: a longer message says something else
_STATEMENTS = tuple(" ".join(fold(s).split()) for s in _DATA["code"]["statements"])
_PLACEHOLDERS = frozenset(normalize(w) for w in _DATA["placeholders"]["words"])

# Shapes no person answers a question with, each with what it is:
_CODE = re.compile(
    "|".join(
        (
            r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]",  # control characters (a terminal's ESC)
            # a terminal colour code, also once the intake has dropped its ESC ("a[31mred") or
            # typed as text ("\e[0m", "\033[1m")
            r"(?:\\e|\\033|\\x1b)?\[\d{1,3}(?:;\d{1,3})*m",
            r"</?[a-z][a-z0-9-]*(?:\s[^<>]*)?/?>",  # a markup tag ("<b>", "<img src=x>")
            r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});",  # an HTML entity ("&#50;", "&amp;")
            r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|\{\w*\}",  # template placeholders ("{0}", "${x}")
            # "%s", "%(n)d"; never a percentage's sign ("60 % d'invest", "50 %s")
            r"(?<![\w%])(?<!\d\s)%(?:\(\w+\))?[-+0#]?\d*(?:\.\d+)?[sdifxr](?![a-z])",
        )
    ),
    re.IGNORECASE,
)


# Code is written with one of these (or a control character); a statement typed to test a bot
# follows a quote or a semicolon ("1; DROP TABLE answers"), so a message without any is no code.
_SPECIAL = frozenset("[<&{$%;'\"(:=\\")


# Letters and symbols that show nothing: the Hangul fillers and the braille blank, which people
# send as an "empty" message where Telegram refuses one of spaces only.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Spaces, format characters (zero-width, direction marks, joiners), marks alone (variation
# selectors) and controls: nothing a person can see.
_UNSEEN = frozenset(("Zs", "Zl", "Zp", "Cf", "Mn", "Me", "Cc"))


def invisible(text: str) -> bool:
    """A message in which nothing can be seen (empty once the intake dropped what it could not
    keep, or only zero-width characters, direction marks, variation selectors, blank glyphs):
    no answer to anything, and no way to tell what was meant."""
    return all(
        ch.isspace() or ch in _BLANK_GLYPHS or unicodedata.category(ch) in _UNSEEN for ch in text
    )


def other_script(text: str) -> bool:
    """Whether the message is written in letters, none of them Latin (Cyrillic, Arabic,
    Chinese…): in no language the bot reads, so no word of it can be an answer. Digits, emoji
    and signs alone are not letters; one Latin letter (« Lille (里尔) ») and it is read."""
    if text.isascii():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not any(
        unicodedata.name(ch, "").startswith("LATIN") for ch in letters
    )


def code_like(text: str) -> bool:
    """Whether the message holds code, markup, a terminal escape or a template placeholder:
    not what a person answers with, so none of its numbers or words is read as an answer."""
    if text.isprintable() and _SPECIAL.isdisjoint(text):
        return False  # most messages: none of the characters code is written with
    if _CODE.search(text):
        return True
    key = " ".join(fold(text).split())
    return any(statement in key for statement in _STATEMENTS)


def placeholder(text: str) -> bool:
    """Whether the whole message is a program's "no value" ("NaN", "null", "undefined") or a
    number in a calculator's notation ("1e9"): no description, nothing to keep."""
    stripped = text.strip()
    if EXPONENT.fullmatch(stripped):
        return True
    return normalize(stripped) in _PLACEHOLDERS


def courtesy(text: str, key: str | None = None) -> str | None:
    """The kind of courtesy ("thanks", "praise") the whole message is ("merci
    beaucoup", "thank you!", "ok super merci"): courtesy words, with the lexicon's politeness
    words around them ("ok" or "svp" alone are none: "ok" is a yes). None: something else."""
    words = (normalize(text) if key is None else key).split()  # `key`: already normalised
    if not words or len(words) > MAX_WORDS:
        return None
    polite, openings = _polite()
    if words[0] not in openings:  # most messages: their first word opens no courtesy
        return None
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in _ANY_COURTESY or phrase in polite:
                if phrase in _ANY_COURTESY:
                    found.append(phrase)
                i += size
                break
        else:
            return None
    if not found:
        return None
    if any(phrase in COURTESY["thanks"] for phrase in found):  # "super merci": thanks
        return "thanks"
    return next(k for k, phrases in COURTESY.items() if found[0] in phrases)


@functools.cache
def _polite() -> tuple[frozenset[str], frozenset[str]]:
    """The lexicon's politeness phrases, and the first words of every courtesy or politeness
    phrase (read once)."""
    polite = frozenset(lx.lexicon().polite)
    return polite, frozenset(p.split()[0] for p in polite | _ANY_COURTESY)
