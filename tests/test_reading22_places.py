"""A misspelt commune of the region that sounds like one of its towns is offered, never
declared outside (reading22, issue 22): « Cambrey » was « outside » (Chambrey, Moselle, is spelt
closer than Cambrai), « Roubé » offered Robecq, Quarouble and Robersart but not Roubaix,
« Roubiax » and « Clais » were « outside » (Roubia, Clais exist elsewhere). The towns of the
region sharing the name's sound, or one typing slip away, now come first among « Vouliez-vous
dire », the name elsewhere noted beside it; a name that is plainly elsewhere (« Beauvais ») or abroad
(« Gent ») is said so as before. Through the real dialog (tests.dialog_driver)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat, at_place

OUTSIDE_CARD = "ne couvre que"  # the outside card: « Cet appel … ne couvre que les communes »


def at_commune(guide: Guide) -> Chat:
    return at_place(Chat(guide, OPEN))


@pytest.mark.parametrize(
    ("typed", "town", "insee"),
    [
        ("Cambrey", "Cambrai", "59122"),
        ("Roubé", "Roubaix", "59512"),
        ("Roubiax", "Roubaix", "59512"),  # two letters swapped: Roubia (Aude) was « outside »
        ("Clais", "Calais", "62193"),  # a letter missing: Clais (Seine-Maritime) exists
    ],
)
def test_a_town_of_the_region_said_by_sound_is_offered_first(
    guide: Guide, typed: str, town: str, insee: str
) -> None:
    chat = at_commune(guide)
    chat.text(typed)
    assert OUTSIDE_CARD not in chat.said
    assert "Vouliez-vous dire" in chat.said
    assert chat.buttons()[0][0].startswith(town)
    assert "place" not in chat.state.answers  # offered, not taken
    chat.tap(town)
    assert chat.state.answers["place"]["insee"] == insee


def test_the_name_elsewhere_is_noted_beside_the_offer(guide: Guide) -> None:
    chat = at_commune(guide)
    chat.text("Cambrey")
    assert "Chambrey" in chat.said and "il existe aussi" in chat.said


@pytest.mark.parametrize(
    ("typed", "said"),
    [("Beauvais", OUTSIDE_CARD), ("Gent", "n'est pas en France")],
)
def test_a_place_plainly_elsewhere_is_still_said_so(guide: Guide, typed: str, said: str) -> None:
    chat = at_commune(guide)
    chat.text(typed)
    assert said in chat.said
    assert "place" not in chat.state.answers
