"""Text under a directional override is read in its display order (knowledge.display_order),
the order the person and staff see; text without an override is untouched."""

from __future__ import annotations

import pytest

from knowledge.display_order import as_displayed
from knowledge.text import clean

RLO, LRO, PDF, RLI, PDI = "\u202e", "\u202d", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (f"{RLO}00021", "12000"),  # the whole rest of the line reversed
        (f"a{RLO}bc{PDF}d", "acbd"),  # closed by the pop
        (f"{RLO}(12)", "(21)"),  # paired signs drawn mirrored
        (f"{RLO}ab{LRO}cd{PDF}ef", "fecdba"),  # a left-to-right part inside stays as typed
        (f"x{RLO}abc\ny", "xcba\ny"),  # the line's end closes it
        (f"{RLI}{RLO}12{PDI} 3", "21 3"),  # the isolate's pop closes the override in it
        ("12 000 €", "12 000 €"),
        (f"{RLO}ae\u0301", "éa"),  # an accent typed apart stays on its letter
        (f"{RLO}a👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧a"),  # a joined emoji stays whole
    ],
)
def test_an_override_is_read_as_shown(typed: str, shown: str) -> None:
    assert clean(typed) == shown


def test_text_without_an_override_is_returned_as_it_is() -> None:
    for text in ("abc", "שלום 12", f"{RLI}12 000{PDI}", "a\u202bb\u202cc"):
        assert as_displayed(text) is text
