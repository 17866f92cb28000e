"""The export streamed from a snapshot on its own connection: piece by piece, the same bytes
as the Telegram document, and the chats keep writing while it is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Store
from storage import export as export_module
from storage.staff import Desk
from tests.console_fixtures import add_lead


def test_the_stream_comes_in_pieces_from_a_snapshot_while_chats_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "EXPORT_CHUNK", 3)
    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 11):
        add_lead(store, chat, description=f'atelier "{chat}"; suite\nligne')
    desk = Desk(store)
    expected = desk.export_document()
    count, pieces = desk.export_stream()
    first = next(pieces)
    assert first == "\ufeff".encode()
    add_lead(store, 99)  # a chat's turn, written while the export is being read: no lock
    rest = list(pieces)
    assert count == 10 and len(rest) == 1 + 4, "the header, then 10 leads 3 by 3"
    assert (count, first + b"".join(rest)) == expected, "the snapshot: lead 11 is not in it"
    assert desk.export_apart() == desk.export_document() != expected
    store.close()
