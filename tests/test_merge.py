"""Fewer sends per turn: consecutive texts merged where Telegram allows, order and buttons kept."""

from __future__ import annotations

from bot.reply_merge import MESSAGE_LIMIT, merge_replies
from dialogs.model import Choice, Reply

YES = (Choice("Oui", "0|yes"),)


def test_texts_without_buttons_join_the_next_text_which_keeps_its_buttons() -> None:
    replies = [Reply("Merci !"), Reply("C'est parti."), Reply("Qui êtes-vous ?", YES, 2)]
    assert merge_replies(replies) == [Reply("Merci !\n\nC'est parti.\n\nQui êtes-vous ?", YES, 2)]


def test_a_message_with_buttons_a_file_or_too_long_a_text_stays_apart() -> None:
    long = Reply("x" * (MESSAGE_LIMIT - 10))
    replies = [
        Reply("Choisissez :", YES),  # its buttons belong under it
        Reply("Voici les dates."),
        Reply("dates", attachment="calendar"),  # a file is sent on its own
        long,
        Reply("encore un mot de trop"),
    ]
    merged = merge_replies(replies)
    assert merged == replies
    assert all(len(r.text) <= MESSAGE_LIMIT for r in merged)
    assert merge_replies([]) == []
