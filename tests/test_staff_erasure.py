"""A person erased by staff (`python -m bot.desk erase N`, another process; the console) while
the running bot is in the middle of one of their turns: the erasure wins, nothing of the turn
in flight is written back, and the person's next message starts a clean conversation. On the
real store, the desk's erasure run between the turn's read and its write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.console.serve import erasure_hooks
from bot.desk import main as desk
from bot.jobs import erasures_job
from storage import Store
from storage.__main__ import main as storage_main
from storage.ops import figures
from storage.privacy import PERSONAL_TABLES
from storage.sqlite import sqlite3
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


def notices(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("select count(*) from person_notices").fetchone()[0])
    finally:
        conn.close()


async def test_a_person_erased_from_the_desk_is_told_in_telegram_by_the_bot(
    tmp_path: Path, capsys: Any
) -> None:
    """Staff erase, at the person's request by phone or letter, while the bot is stopped: the
    desk queues the message (it never writes to Telegram itself); the bot sends it when it
    starts, in the person's language, then forgets that it had to (nothing of the person is
    left). The desk says the person will be told."""
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    await run_to_verdict(h, CHAT)
    await h.stop()
    assert desk(["--db", str(h.db), "erase", "1", "--yes"]) == 0
    assert "informée" in capsys.readouterr().out
    assert notices(h.db) == 1
    store = Store(h.db)  # what /metrics shows the operator: one person not told yet
    assert figures(store, dt.datetime.now(dt.UTC))["erasure_notices_pending"] == 1
    store.close()
    before = len(h.replies(CHAT))
    await h.start()
    try:
        told = h.replies(CHAT)[before:]
        assert len(told) == 1, told
        assert "à votre demande" in told[0].lower() and "effacé" in told[0], told[0]
        assert "1 demande," in told[0] and "/start" in told[0]
        assert notices(h.db) == 0 and rows_of(h.db, CHAT) == {}
    finally:
        await h.stop()


async def test_a_person_erased_from_the_console_is_told_in_their_language(
    tmp_path: Path,
) -> None:
    """The console's erasure in the running bot (its `erase` and `erased` hooks) tells the
    person at once, in English for someone who spoke English."""
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    try:
        start = h.fake.text_update(CHAT, "/start")
        start["message"]["from"]["language_code"] = "en"
        await h.push(start)
        await h.tap(CHAT, "I agree")
        hooks = erasure_hooks(h.app)
        await hooks["erase"](CHAT, CHAT)
        await hooks["erased"]()
        told = h.replies(CHAT)[-1]
        assert "at your request" in told.lower() and "/start" in told, told
        assert notices(h.db) == 0 and rows_of(h.db, CHAT) == {}
    finally:
        await h.stop()


async def test_the_erasure_notice_waits_out_a_telegram_hiccup_and_not_a_block(
    tmp_path: Path,
) -> None:
    """Telegram down (502) when the bot tells the person: kept for the next round, sent then;
    a person who blocked the bot (403): dropped, and with it the last trace of their chat."""
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    try:
        await run_to_verdict(h, CHAT)
        await run_to_verdict(h, CHAT + 1, place="Calais")
        assert desk(["--db", str(h.db), "erase", "1", "--yes"]) == 0
        assert desk(["--db", str(h.db), "erase", "2", "--yes"]) == 0
        h.fake.fault = lambda method, params: (
            "502"
            if method == "sendMessage" and params.get("chat_id") in (CHAT, str(CHAT))
            else None
        )
        before = len(h.replies(CHAT))
        await erasures_job(SimpleNamespace(bot=h.app.bot, bot_data=h.app.bot_data))
        assert notices(h.db) == 2, "both kept: the second waits behind the first"
        h.fake.fault = lambda method, params: (
            "403"
            if method == "sendMessage" and str(params.get("chat_id")) == str(CHAT + 1)
            else None
        )
        await erasures_job(SimpleNamespace(bot=h.app.bot, bot_data=h.app.bot_data))
        assert len(h.replies(CHAT)) == before + 1 and "effacé" in h.replies(CHAT)[-1]
        assert notices(h.db) == 0, "the blocked person's notice is not kept"
    finally:
        await h.stop()


async def test_a_message_after_the_erasure_question_goes_on_with_the_conversation(
    tmp_path: Path,
) -> None:
    """The erasure's question on screen, the person answers the conversation instead: the
    rights clear their mark in the stored state before the turn writes, which is no erasure
    (the turn's check must not read it as one and start the person over)."""
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    try:
        await h.text(CHAT, "/start")
        await h.tap(CHAT, "accepte")
        await h.tap(CHAT, "association")
        await h.text(CHAT, "/effacer")
        await h.text(CHAT, "Liévin")
        assert "Liévin" in h.replies(CHAT)[-1] and "accepte" not in str(h.fake.last_buttons(CHAT))
        assert rows_of(h.db, CHAT).get("conversations") == 1
    finally:
        await h.stop()


async def test_a_notice_never_delivered_goes_with_the_retention_purge(tmp_path: Path) -> None:
    """The bot never runs again after the desk's erasure: the queued notice (the chat's id)
    is kept no longer than the retention period, as everything else."""
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    await run_to_verdict(h, CHAT)
    await h.stop()
    assert desk(["--db", str(h.db), "erase", "1", "--yes"]) == 0
    assert storage_main(["--db", str(h.db), "purge"]) == 0
    assert notices(h.db) == 1, "within the retention period: kept"
    assert storage_main(["--db", str(h.db), "purge", "--days", "-1"]) == 0
    assert notices(h.db) == 0
