"""Issue 22, reading17: an amount followed by its breakdown by giver at the co-funding (the
sixteenth pass's « Not done »): only the part a local authority gives is local co-funding.
Through the real dialog (`tests.dialog_driver`)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, started

TO_COFUNDING = ("tap:association", "Lens", "tap:quartier", "tap:(1)", "30000", "5000")
TO_COFUNDING_EN = ("tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "30000", "5000")


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


@pytest.mark.parametrize(
    "said",
    [
        "12 000 dont 4 000 de la mairie et 8 000 de notre part",
        "12000 € au total : 4000 la ville, 8000 fonds propres",
        "12k dont 4k de la commune et 8k de fonds propres",
    ],
)
def test_only_the_local_part_of_a_whole_is_cofunding(chat: Chat, said: str) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers.get("cofunding") == "4000.00"
    said_back = _plain(chat.said)
    assert "4 000" in said_back and "12 000" in said_back  # what was taken, out of what


def test_only_the_local_part_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_COFUNDING_EN)
    chat.text("12k, of which 4k from the town and 8k from us")
    assert chat.state.answers.get("cofunding") == "4000.00"


def test_a_part_whose_giver_is_unclear_is_asked(chat: Chat) -> None:
    started(chat, *TO_COFUNDING)
    chat.text("12 000 dont 4 000 de la mairie et 8 000 de Jean")
    assert "cofunding" not in chat.state.answers
    labels = [_plain(label) for label, _data in chat.buttons()]
    assert any("4 000" in b for b in labels) and any("12 000" in b for b in labels)
    chat.tap("4\u202f000")
    assert chat.state.answers.get("cofunding") == "4000.00"


@pytest.mark.parametrize(
    ("said", "whole"),
    [
        ("12 000 dont 4 000 de la mairie et 8 000 de l'agglo", "12000.00"),  # all local
        ("8 000 € (dont 2 000 € de matériel et 6 000 € d'animation)", "8000.00"),  # no giver
        ("5000 : 3000 la mairie, 2000 l'agglo", "5000.00"),  # all local: not offered as 10 000 €
    ],
)
def test_a_whole_given_locally_or_a_detail_of_costs_is_the_whole(
    chat: Chat, said: str, whole: str
) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers.get("cofunding") == whole


def test_the_breakdown_at_the_total_is_not_lost_silently(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(1)")
    chat.text("12 000 dont 4 000 de la mairie et 8 000 de notre part")
    assert chat.state.answers.get("total") == "12000.00"
    assert "4 000" in _plain(chat.said)  # the town's part said, not dropped


def test_english_grouping_and_the_region_as_giver(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_COFUNDING_EN)
    chat.text("12,000 including 4,000 from the city and 8,000 from the Region")
    assert chat.state.answers.get("cofunding") == "4000.00"
    assert "come from elsewhere" in chat.said


def test_nothing_given_locally_is_zero_said(chat: Chat) -> None:
    started(chat, *TO_COFUNDING)
    chat.text("12 000 dont 4 000 de la CAF et 8 000 de fonds propres")
    assert chat.state.answers.get("cofunding") == "0.00"
    assert "viennent d'ailleurs" in chat.said
