"""How much one can get, in everyday words (outside6 pass, passages_tune11): « how much funding
is available for fiche 4? » was answered with the co-funding rate of fiches 1 to 3, « combien
on peut toucher ? » with the list of fiches. The documents' answer is fiche 4's ceilings (and
none for fiches 1 to 3). Through the real dialog (/start, consent, /question, then the text)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_asks import asked


@pytest.mark.parametrize(
    ("text", "lang", "ceilings"),
    [
        ("how much funding is available for fiche 4?", "en", ("150,000", "20,000")),
        ("how much can I get for fiche 4?", "en", ("150,000", "20,000")),
        ("combien on peut toucher ?", "fr", ("150 000", "20 000")),
    ],
)
def test_how_much_one_can_get_is_the_ceilings(
    guide: Guide, text: str, lang: str, ceilings: tuple[str, ...]
) -> None:
    said = asked(guide, text, lang).replace("\u202f", " ").replace("\xa0", " ")
    assert all(c in said for c in ceilings), said
    if "fiche 4" in text:
        assert "30" not in said, said  # not the co-funding rate of fiches 1 to 3
    else:  # faq9 pass: no fiche named, the floors and the co-funding beside the ceilings
        assert "2 000" in said and "30 %" in said and "notre lecture" in said, said
