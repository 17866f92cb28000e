"""Fewer messages per turn: the turn's replies joined where Telegram allows it.

Its own module so that `bot.service` keeps to the turn (state, step, store); the joining is
a rule about messages, tested alone (`tests/test_merge.py`)."""

from __future__ import annotations

from dataclasses import replace

from dialogs.model import Reply

MESSAGE_LIMIT = 4096  # Telegram's, in characters after parsing: the HTML source is longer


def merge_replies(replies: list[Reply]) -> list[Reply]:
    """Fewer sends per turn: a text without buttons is joined to the text that follows it
    (which keeps its buttons) when both fit in one message. Sending is most of a turn's cost
    and counts against Telegram's 30 messages/s; the person reads the same words, in the same
    order. A file (the .ics) is never merged."""
    merged: list[Reply] = []
    for reply in replies:
        last = merged[-1] if merged else None
        if (
            last is not None
            and not last.choices
            and not last.attachment
            and not reply.attachment
            and len(last.text) + 2 + len(reply.text) <= MESSAGE_LIMIT
        ):
            merged[-1] = replace(reply, text=f"{last.text}\n\n{reply.text}")
        else:
            merged.append(reply)
    return merged
