"""A person erased by staff (`python -m bot.desk erase N`, another process; the console) while
the running bot is in the middle of one of their turns: the erasure wins, nothing of the turn
in flight is written back, and the person's next message starts a clean conversation. On the
real store, the desk's erasure run between the turn's read and its write."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bot.desk import main as desk
from storage.privacy import PERSONAL_TABLES
from tests.test_bot_app import Harness, run_to_verdict

CHAT = 50


def rows_of(db: Path, chat: int) -> dict[str, int]:
    """The person's rows left, table by table (those with any)."""
    conn = sqlite3.connect(db)
    try:
        counts = {
            table: conn.execute(
                f"select count(*) from {table} where chat_id = ?", [chat]
            ).fetchone()[0]
            for table in PERSONAL_TABLES
        }
    finally:
        conn.close()
    return {table: n for table, n in counts.items() if n}


def erase_during_next_turn(h: Harness, number: int) -> list[int]:
    """The desk's erasure of lead `number`, run (once, as another process would: its own
    connection) right after the bot's next turn read the chat's state and before it writes."""
    store = h.app.bot_data.service.store
    begin = store.begin_turn
    codes: list[int] = []

    def begin_then_erase(*args: Any, **kwargs: Any) -> Any:
        read = begin(*args, **kwargs)
        if not codes:
            codes.append(desk(["--db", str(h.db), "erase", str(number), "--yes"]))
        return read

    store.begin_turn = begin_then_erase  # not groupable: runs alone, outside any transaction
    return codes


async def test_an_erasure_from_the_desk_during_a_turn_keeps_nothing_of_it(
    tmp_path: Path,
) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    try:
        await run_to_verdict(h, CHAT)
        assert rows_of(h.db, CHAT).get("leads") == 1
        codes = erase_during_next_turn(h, 1)
        await h.tap(CHAT, "recontacté")  # a turn that would write the lead again
        assert codes == [0], "the desk erased the person"
        assert rows_of(h.db, CHAT) == {}, "the turn in flight wrote back what was erased"
        said = h.replies(CHAT)[-1]
        assert "accepte" in str(h.fake.last_buttons(CHAT)).lower(), said
        await h.text(CHAT, "/start")
        assert "accepte" in str(h.fake.last_buttons(CHAT)).lower(), "a clean conversation"
        assert rows_of(h.db, CHAT) == {}, "nothing stored before consent"
    finally:
        await h.stop()
