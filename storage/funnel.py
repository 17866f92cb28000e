"""Where people stop: for each step of the dialog, how many chats were asked it and how many
stopped there — asked and never answered, without a verdict. Queries only: the order of the
steps and their words are the question table's (`dialogs.labels`), applied by the console."""

from __future__ import annotations

import sqlite_utils


def funnel(db: sqlite_utils.Database) -> dict[str, tuple[int, int]]:
    """step -> (chats asked it, chats whose conversation still waits on it with no lead).

    A bot message records the step it asks (`messages.step` of an outgoing row); the
    conversation's own `step` is the question it waits on, so a chat that gave up at the
    commune counts at the commune, not at the question before."""
    asked = {
        str(step): int(n)
        for step, n in db.execute(
            "select step, count(distinct chat_id) from messages "
            "where direction = 'out' and step is not null group by step"
        )
    }
    stopped = {
        str(step): int(n)
        for step, n in db.execute(
            "select c.step, count(*) from conversations c where c.step is not null and "
            "not exists (select 1 from leads l where l.chat_id = c.chat_id) group by c.step"
        )
    }
    return {step: (asked.get(step, 0), stopped.get(step, 0)) for step in {*asked, *stopped}}
