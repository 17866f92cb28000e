"""Translations of user-facing text through babel's gettext catalogs.

Message ids are the French text (French is what users read first); `locale/en` holds English.
Catalogs are compiled from the .po files in memory at first use, so no binary .mo file lives in
the repository and a translator only ever edits text.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from knowledge.text import normalize

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def _noop(message: str) -> str:
    return message


N_ = _noop  # marks a string for extraction where it is translated later


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """Compiled catalog for a language; French (the message ids) needs none."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@functools.cache
def catalog_words() -> frozenset[str]:
    """Every word (normalised) of the catalog's messages, French and English: a message with a
    word outside them is no button's label (`dialogs.typed` looks no further)."""
    path = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    words: set[str] = set()
    for message in catalog:
        for text in (message.id, message.string):
            for part in text if isinstance(text, tuple | list) else (text,):
                words.update(normalize(str(part)).split())
    return frozenset(words)


def gettext_for(lang: str) -> gettext.NullTranslations:
    return translations(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)


class Plurals:
    """ngettext with the language's own plural rule (babel's CLDR rules for French, where 0
    and 1 are singular; the catalog's Plural-Forms for a translation)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._translations = gettext_for(self.lang)
        self._locale = Locale.parse(self.lang)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.lang == DEFAULT_LANGUAGE:  # the message ids are French: pick by CLDR's rule
            return singular if self._locale.plural_form(n) == "one" else plural
        return self._translations.ngettext(singular, plural, n)


@functools.cache
def plurals_for(lang: str) -> Plurals:
    return Plurals(lang)


@functools.lru_cache(maxsize=1024)
def long_date(day: dt.date, lang: str) -> str:
    """'1er décembre 2014' / '1 December 2014'. Babel's CLDR pattern writes "1 décembre", but
    French typography writes the first of the month as an ordinal (« 1er décembre »).
    Cached: the same few dates (the call's deadlines) are written eight times on every
    verdict, and babel parses its locale again on each call (10 µs each)."""
    text = format_date(day, format="long", locale="en_GB" if lang == "en" else "fr_FR")
    if lang != "en" and day.day == 1:
        text = "1er" + text[1:]
    return text


_NUMBER_WORDS = {
    "fr": ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}


def number_word(n: int, lang: str) -> str:
    """A small count in words ("quatre fiches"), digits beyond ten."""
    words = _NUMBER_WORDS.get(lang, _NUMBER_WORDS[DEFAULT_LANGUAGE])
    return words[n] if 0 <= n < len(words) else str(n)
