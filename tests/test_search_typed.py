"""Migration 016: the messages' search index holds what people wrote (messages, their edits,
the captions of their photos), not the data of the buttons they tapped nor their commands (issue 28: most of a
turn's index writes, and of what an erasure's merge rewrites)."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from tests.test_store import record, store_before

FOUND = "select count(*) from messages_fts where messages_fts match ?"


def test_taps_and_commands_leave_the_index_typed_words_stay(tmp_path: Path) -> None:
    import storage.migrations as store_module

    path = tmp_path / "old.sqlite3"
    with store_before(path, "016") as old:
        record(old, update_id=1, kind="command", text="/start")
        record(old, update_id=2, kind="choice", text="aud|association")
        record(old, update_id=3, kind="text", text="un jardin partagé")
        record(old, update_id=4, kind="edited", text="une ressourcerie")
        record(old, update_id=5, kind="other", text="caption:une friche")
        assert old.db.execute(FOUND, ["association"]).fetchone()[0] == 1  # indexed, as it was

    store = Store(path)
    conn = store.db.conn

    def hits(word: str) -> int:
        return int(conn.execute(FOUND, [word]).fetchone()[0])

    assert hits("association") + hits("aud") + hits("start") == 0
    assert hits("jardin") == 1 and hits("ressourcerie") == 1 and hits("friche") == 1
    record(store, update_id=6, kind="choice", text="place|potager")
    record(store, update_id=7, kind="text", text="un potager")
    record(store, update_id=8, kind="edited", text="un verger")
    assert hits("potager") == 1 and hits("place") == 0 and hits("verger") == 1
    conn.execute("update messages set text = 'un rucher' where update_id = 7 and direction = 'in'")
    assert hits("rucher") == 1 and hits("potager") == 0
    totals = "select block from messages_fts_data where id = 1"  # FTS5's row count, sizes
    before_again = conn.execute(totals).fetchone()
    with store.transaction():  # run again (a renamed migration): the index is left as it is
        store_module._m016_search_typed_text(store.db)
    assert conn.execute(totals).fetchone() == before_again
    conn.execute("delete from messages")  # an erasure of everything: every kind
    gone = ("jardin", "ressourcerie", "rucher", "verger", "friche")
    assert sum(hits(word) for word in gone) == 0
    conn.execute("insert into messages_fts(messages_fts) values('integrity-check')")
    store.close()
