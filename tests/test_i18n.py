"""The gettext catalogs: every string the code shows is extracted, and English is complete."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from knowledge.i18n import LOCALE_DIR, gettext_for

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _source_ids() -> set[str]:
    ids = set()
    for package in ("knowledge", "dialogs", "bot"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_catalog_is_up_to_date_with_the_code() -> None:
    catalog_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog("en") if m.id}
    missing = _source_ids() - catalog_ids
    assert not missing, f"run `make catalogs` and translate: {sorted(missing)[:5]}"


def test_english_is_complete() -> None:
    untranslated = [
        m.id
        for m in _catalog("en")
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert untranslated == []


def test_placeholders_survive_translation() -> None:
    import re

    for message in _catalog("en"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{\w+\}", ids[0]))
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == wanted, message.id


def test_translation_is_used() -> None:
    assert gettext_for("en").gettext("oui") == "yes"
    assert gettext_for("fr").gettext("oui") == "oui"
    assert gettext_for("xx").gettext("oui") == "oui"


def test_the_first_of_the_month_is_an_ordinal_in_french() -> None:
    import datetime as dt

    from knowledge.i18n import long_date

    assert long_date(dt.date(2014, 12, 1), "fr") == "1er décembre 2014"
    assert long_date(dt.date(2015, 1, 23), "fr") == "23 janvier 2015"
    assert long_date(dt.date(2014, 12, 1), "en") == "1 December 2014"
