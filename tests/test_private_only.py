"""Private chats only: in a group the guide answers once, politely, "write to me in private",
stores nothing, and /mesdonnees or /effacer sent there show or erase nothing."""

from __future__ import annotations

from pathlib import Path

from storage.sqlite import sqlite3
from tests.test_bot_app import Harness

GROUP = -100_555


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            table: conn.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("messages", "users", "conversations", "leads")
        }
    finally:
        conn.close()


async def test_a_group_gets_one_polite_answer_and_nothing_is_stored(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    person = 4242
    await h.text(person, "/start")  # the person also talks to the guide in private
    await h.tap(person, "accepte")
    before = counts(h.db)
    private_replies = len(h.replies(person))

    for user, text in ((person, "/start"), (77, "bonjour"), (person, "/mesdonnees")):
        await h.push(h.fake.text_update(GROUP, text, user_id=user, chat_type="supergroup"))
    await h.push(h.fake.text_update(GROUP, "/effacer", user_id=person, chat_type="supergroup"))
    tap = h.fake.button_update(person, "erase|yes")
    tap["callback_query"]["message"]["chat"] = {"id": GROUP, "type": "supergroup"}
    await h.push(tap)

    group = h.replies(GROUP)
    assert len(group) == 1 and "en privé" in group[0]
    assert not h.fake.documents(GROUP)  # no data export in a group
    assert counts(h.db) == before  # nothing stored, nothing erased
    assert len(h.replies(person)) == private_replies  # nothing leaked to the private chat
    await h.stop()
