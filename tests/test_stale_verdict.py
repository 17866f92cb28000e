"""An old verdict card's buttons after the person changed an answer: the tap does not act on
the old result; it says the result changed and shows the new one."""

from __future__ import annotations

from dialogs.flow import Guide
from dialogs.model import Event
from tests.dialog_driver import Chat, full_run


def at_the_verdict(guide: Guide) -> tuple[Chat, dict[str, str]]:
    chat = Chat(guide)
    full_run(chat, 2, total="12000", request="4000", cofunding="3600")
    assert chat.state.step == "verdict"
    return chat, {label: data for label, data in chat.buttons()}


def old(buttons: dict[str, str], part: str) -> str:
    return next(data for label, data in buttons.items() if part in label)


def test_an_old_card_after_a_change_shows_the_new_result(guide: Guide) -> None:
    chat, card = at_the_verdict(guide)
    chat.text("en fait le coût total est de 20000")
    chat.tap("Voir le résultat")
    assert chat.state.step == "verdict" and "20 000" not in card
    chat.send(Event.choice(old(card, "recontacté")))
    assert "résultat à jour" in chat.said and chat.state.step == "verdict", chat.said
    assert "point à revoir" in chat.said  # the new result: 3 600 € of 20 000 € is 18 %
    assert not chat.state.answers.get("contact")


def test_an_old_card_while_the_summary_is_on_screen(guide: Guide) -> None:
    chat, card = at_the_verdict(guide)
    chat.text("en fait le coût total est de 20000")
    assert chat.state.step == "summary"
    chat.send(Event.choice(old(card, "fiche synthétique")))
    assert "résultat à jour" in chat.said and chat.state.step == "verdict", chat.said
    assert "point à revoir" in chat.said


def test_an_old_card_whose_result_still_holds_says_nothing_changed(guide: Guide) -> None:
    """No answer of the form changed (the details asked since): no « changed » is claimed."""
    chat, card = at_the_verdict(guide)
    chat.tap("Voir le détail")
    chat.send(Event.choice(old(card, "recontacté")))
    assert "résultat à jour" not in chat.said and "plus actif" in chat.said
