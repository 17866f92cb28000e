"""knowledge/text.py: the patterns every layer uses to find an e-mail or a phone in text."""

from __future__ import annotations

import pytest

from knowledge.text import PHONE_IN_TEXT, phone_digits


@pytest.mark.parametrize(
    ("text", "found", "digits"),
    [
        pytest.param("au 03 21 00 00 00 le soir", "03 21 00 00 00", "0321000000", id="national"),
        pytest.param("06.12.34.56.78", "06.12.34.56.78", "0612345678", id="dots"),
        pytest.param("06-12-34-56-78", "06-12-34-56-78", "0612345678", id="dashes"),
        pytest.param("tél. 0612345678.", "0612345678", "0612345678", id="no-spaces"),
        pytest.param("+33 3 21 00 00 00", "+33 3 21 00 00 00", "0321000000", id="plus-33"),
        pytest.param("+33612345678", "+33612345678", "0612345678", id="plus-33-packed"),
        pytest.param("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78", "0612345678", id="plus-33-0"),
        pytest.param("0033 6 12 34 56 78", "0033 6 12 34 56 78", "0612345678", id="0033"),
    ],
)
def test_a_phone_is_found_and_read_as_its_ten_national_digits(
    text: str, found: str, digits: str
) -> None:
    match = PHONE_IN_TEXT.search(text)
    assert match is not None and match.group() == found
    assert phone_digits(found) == digits


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("dossier 1203 21 00 00 00", id="inside-longer-digits"),
        pytest.param("00 12 34 56 78", id="no-area-digit"),
        pytest.param("12 000 €", id="amount"),
        pytest.param("03 21 00 00", id="too-short"),
    ],
)
def test_what_is_not_a_phone(text: str) -> None:
    assert PHONE_IN_TEXT.search(text) is None
