"""Fold French text for matching: case, accents, ligatures, punctuation, common abbreviations."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

from knowledge.display_order import as_displayed

# An e-mail address inside any text (answers, contacts, documents): to find one, not to
# judge it (the fiche synthétique's field has its own, stricter check).
# The local part as people's addresses have it: letters, digits, « . + - _ » and the
# apostrophe and ampersand some names and associations carry (o'brien@, zoe&co@), from a
# letter or digit on (a quote around the address is not part of it).
EMAIL_IN_TEXT = re.compile(r"\w[\w.+'&-]*@[\w-]+(?:\.[\w-]+)+")

# A French phone number inside any text: national ("03 21 00 00 00", with spaces, dots or
# dashes) or international ("+33 3 21…", "+33 (0)3 21…", "0033 3 21…"), never a piece of a
# longer run of digits. Callers compare numbers through `phone_digits`, so one number written
# two ways is one number.
PHONE_IN_TEXT = re.compile(
    r"(?<![\d+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
)


def phone_digits(phone: str) -> str:
    """The ten national digits of a number PHONE_IN_TEXT found: "+33 (0)3 21 00 00 00",
    "0033 3 21 00 00 00" and "03.21.00.00.00" are all "0321000000"."""
    digits = "".join(c for c in phone if "0" <= c <= "9")
    if phone.lstrip().startswith(("+", "00")):
        digits = digits[4:] if digits.startswith("0033") else digits[2:]
    return "0" + digits.removeprefix("0")


# A tag of the bot's own messages (Telegram's HTML): what a person typed is escaped before it is
# echoed, so any "<" left in a message the bot wrote opens a tag.
_TAG = re.compile(r"<[^>]+>")


def html_words(text: str) -> str:
    """The words of a message the bot wrote in Telegram's HTML, as the person read them: tags
    out, entities back to characters ("&lt;b&gt;" a person typed reads "<b>" again). For the
    terminal, a staff transcript and a message's visible length; never for markup."""
    return html.unescape(_TAG.sub("", text))


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "stes": "saintes",
    "s/": "sur",
    "lez": "les",
    "les": "les",
}


# The readers of one message fold and normalise the same text again in each detector (2,580
# `normalize` calls for 300 typed messages, issue 28): a small memo answers the repeats. It
# holds recent texts only, in memory; `forget` empties it (an erasure calls it).
MEMO = 256


@lru_cache(maxsize=MEMO)
def fold(text: str) -> str:
    """Lowercase, expand ligatures (œ is not an accent: NFKD leaves it alone) and drop accents."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=MEMO)
def normalize(text: str) -> str:
    """Matching key: folded words separated by single spaces, abbreviations expanded."""
    folded = fold(text).replace("s/", " sur ")
    words = _NON_WORD.split(folded)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w)


def words(text: str) -> list[str]:
    return normalize(text).split()


def forget() -> None:
    """Empty the memos of `fold` and `normalize` (what people wrote lately)."""
    fold.cache_clear()
    normalize.cache_clear()


# ---------------------------------------------------------------------------- intake
# Format characters kept: they are part of what people wrote (emoji sequences, scripts).
_KEEP_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner / joiner (👨‍👩‍👧)
_TAGS = range(0xE0020, 0xE0080)  # tag characters: subdivision flags (🏴 England)


def _kept(ch: str) -> bool:
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):  # controls, lone surrogates: no document format takes them
        return False
    if category == "Cf":  # invisible formatting (bidi overrides, BOM, zero-width space)
        return ch in _KEEP_FORMAT or ord(ch) in _TAGS
    code = ord(ch)
    return not (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)  # non-characters


def clean(text: str) -> str:
    """What people send, made safe once at intake: Unicode NFC, line breaks as "\\n", and the
    control and format characters no document format accepts removed (XML refuses U+0008 and
    lone surrogates; a bidi override can disguise a line in a staff view). Letters, emoji and
    line breaks are kept: a person's text reads the same, it only loses what cannot be seen.
    What a directional override shows reversed is read as shown (`display_order`): the
    override cannot turn « 12000 » on the screen into 21 € read."""
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = as_displayed(text)
    text = "".join(ch for ch in text if _kept(ch))
    return unicodedata.normalize("NFC", text)


def clean_all(value: Any) -> Any:
    """`clean` applied to every string of a JSON value (an update, a stored snapshot)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: clean_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_all(v) for v in value]
    return value


BIGGEST_ID = 2**63 - 1  # SQLite's INTEGER


def whole_number(text: str, maximum: int = BIGGEST_ID) -> int | None:
    """A number typed by people, staff or carried in a URL or a button: ASCII digits only
    ("²" is a digit to `str.isdigit` but not to `int`), at most `maximum`; anything else None,
    which callers answer as "no such lead" — never an exception."""
    text = text.strip()
    if not text or len(text) > 19 or not all("0" <= c <= "9" for c in text):
        return None
    number = int(text)
    return number if number <= maximum else None


# Typed text as every reader reads it (issue 22, reading14): full-width forms (« ６２８００ »,
# « １２ ０００ € », typed with an Asian keyboard) and styled letters (« 𝐋𝐞𝐧𝐬 », from a
# "fancy text" generator) are their plain characters, and the many spaces (no-break, narrow
# no-break, thin, ideographic) one space. Without it a reader using `\d` and another using the
# string itself disagreed: « ６２８００ » matched the postcode pattern, was looked up as typed,
# and was declared outside the region. Digits written as a power after a digit (« 10⁴ ») are
# kept a power (« 10^4 »): folding them (NFKD) made « 10⁴ € » a silent 104 €; digits written as
# an index (« 10₄ ») are kept apart the same way (« 10_4 »), which no reader takes as an amount.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_SPACES = {c: " " for c in (0x00A0, 0x202F, 0x2007, 0x3000, *range(0x2000, 0x200B))}
_STYLED = re.compile(r"[\U0001D400-\U0001D7FF]")
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_POWER = re.compile(rf"(?<=\d)[{_SUPERSCRIPT}]+")
_PLAIN_POWER = str.maketrans(_SUPERSCRIPT, "0123456789")
_SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉"
_INDEX = re.compile(rf"(?<=\d)[{_SUBSCRIPT}]+")
_PLAIN_INDEX = str.maketrans(_SUBSCRIPT, "0123456789")


def typed(text: str) -> str:
    """A message as the dialog reads it: one normalisation, applied where a message comes in
    (`dialogs.flow.Guide.step`), so that every reader sees the same characters."""
    text = text.translate(_FULL_WIDTH).translate(_SPACES)
    text = _STYLED.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _POWER.sub(lambda m: "^" + m.group().translate(_PLAIN_POWER), text)
    return _INDEX.sub(lambda m: "_" + m.group().translate(_PLAIN_INDEX), text)
