"""« dont » lists SOME parts of a total (reading23, issue 22): « 12 400 € dont 800 de salle et
2 000 de matériel » is a total of 12 400 — the parts need not add up, one part suffices, they
were asked back as several amounts. Parts presented as the whole (« : », « = ») that do not
add up are still asked; parts over the whole are too. Through the real dialog
(tests.dialog_driver)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import OPEN, Chat, at_total, started


@pytest.mark.parametrize(
    ("typed", "total"),
    [
        (
            "le projet revient à 13 700 €, dont 1 100 € de déplacements et 2 400 € d'intervenants",
            "13700",
        ),
        ("budget global 6 900 euros dont 450 d'assurance", "6900"),
        ("21 000 € en tout, dont 5 000 € donnés par la ville", "21000"),
    ],
)
def test_a_total_with_some_of_its_parts_after_dont_is_the_total(
    guide: Guide, typed: str, total: str
) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert Decimal(chat.state.answers["total"]) == Decimal(total)
    assert chat.state.step == "request"


@pytest.mark.parametrize(
    "typed",
    [
        "total 9 000 : 3 000 de salaires + 2 000 de matériel",  # presented as the whole
        "coût = 1 500 de salle + 500 de repas = 4 000 €",
        "3 000 dont 2 500 de salaires et 1 500 de matériel",  # parts over the whole
    ],
)
def test_parts_that_cannot_be_the_detail_are_asked(guide: Guide, typed: str) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert not chat.state.answers.get("total")
    assert chat.state.step == "total"


# An erasure ordered after a leading clause (heldout8: « je ne veux plus continuer, retirez mes
# infos de votre fichier s'il vous plaît » — the leading « ne … plus » negated the whole message).
CONFIRM_FR = "Effacer toutes vos réponses"


@pytest.mark.parametrize(
    "typed",
    [
        "on ne va pas aller plus loin, supprimez mes données s'il vous plaît",
        "je n'ai plus envie de remplir tout ça. Effacez mes informations, merci",
    ],
)
def test_an_erasure_ordered_after_a_leading_clause_asks_to_confirm(
    guide: Guide, typed: str
) -> None:
    chat = at_total(guide)
    chat.text(typed)
    assert CONFIRM_FR in chat.said
    assert chat.state.answers["place"]["name"] == "Lens"  # nothing erased before confirming
    assert not chat.state.answers.get("total")


def test_an_erasure_order_in_a_clause_of_a_project_is_the_project(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.text("on nettoie le parc avec les jeunes, retirez tout ce qui traîne")
    assert CONFIRM_FR not in chat.said


# The co-funding as a (hedged) share with its amount and the total it is of (heldout8: « la
# ville met 30 % du total je crois, donc 2 700 € sur les 9 000 » was refused as a percentage).
def at_cofunding(guide: Guide) -> Chat:
    chat = at_total(guide)
    chat.text("10 000")
    chat.text("3 000")
    assert chat.state.step == "cofunding"
    return chat


def test_a_hedged_share_that_its_amount_confirms_is_taken(guide: Guide) -> None:
    chat = at_cofunding(guide)
    chat.text("bon, la commune prend 20 % du total il me semble, soit 2 000 € sur les 10 000")
    assert Decimal(chat.state.answers["cofunding"]) == Decimal(2000)


@pytest.mark.parametrize(
    "typed",
    [
        "la commune prend 30 % je pense, donc 2 000 € sur les 10 000",  # they disagree
        "la commune met 20 % je crois",  # a hedge alone
    ],
)
def test_a_share_that_nothing_confirms_is_not_taken(guide: Guide, typed: str) -> None:
    chat = at_cofunding(guide)
    chat.text(typed)
    assert not chat.state.answers.get("cofunding")
    assert chat.state.step == "cofunding"


# A « je ne sais pas » in a sentence at fiche 4's kind (heldout8: « honnêtement je ne sais pas
# faire la différence entre les deux » was « Je n'ai pas compris »).
def at_kind(guide: Guide) -> Chat:
    chat = started(
        Chat(guide, OPEN),
        "tap:collectivit",
        "Roubaix",
        "tap:quartier",
        "tap:cadre de vie",
        "tap:Oui",
    )
    assert chat.state.step == "kind"
    return chat


def test_a_dont_know_sentence_at_the_kind_is_unknown(guide: Guide) -> None:
    chat = at_kind(guide)
    chat.text("pour être franc je ne sais pas si c'est de l'un ou de l'autre")
    assert chat.state.answers.get("kind") == "unknown"
    chat.text("40 000")
    assert Decimal(chat.state.answers["total"]) == Decimal(40000)
