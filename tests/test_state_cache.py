"""The decoded state kept per chat (`bot.state_cache`): used only when the text stored is the
one this process stored with it. The store stays the truth: another process's turn, an
erasure, a row deleted or restored behind the bot's back are read from the store; a chat
talked through with the cache gives the very states and replies it gives without; the
person's language is written only when it changed. (A restart starts with an empty cache: the
SIGKILL tests, `test_crash_http` and `test_e2e_http`, run the real bot through kills.)"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.service import Conversations
from bot.state_cache import Kept, StateCache
from dialogs.flow import Guide
from dialogs.model import State
from storage.sqlite import sqlite3
from storage.store import Store
from tests.service_chat import Person, to_verdict

DAY = dt.date(2014, 11, 27)


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide()


def _service(path: Path, guide: Guide, cache: StateCache | None = None) -> Conversations:
    service = Conversations(Store(path), guide, clock=lambda: DAY)
    if cache is not None:
        service.states = cache
    return service


def _stored(path: Path, chat: int) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("select state from conversations where chat_id = ?", [chat]).fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------------- the cache alone
def test_a_state_is_given_back_only_for_the_exact_text_stored_with_it() -> None:
    cache = StateCache()
    state = State(step="place", consent=True)
    cache.put(7, state.to_json(), state)
    got = cache.get(7, state.to_json())
    assert isinstance(got, Kept) and got.step == "place" and got.answers is state.answers
    assert got.copy() == state.copy() and type(got.copy()) is State
    assert cache.get(8, state.to_json()) is None  # another chat
    assert cache.get(7, None) is None  # no row (erased): nothing, and the entry is dropped
    assert len(cache) == 0
    cache.put(7, state.to_json(), state)
    other = State(step="fiche", consent=True).to_json()
    assert cache.get(7, other) is None  # another text: a miss, and the entry is dropped
    assert cache.get(7, state.to_json()) is None
    assert len(cache) == 0


def test_entries_go_after_their_age_and_past_the_size() -> None:
    now = [0.0]
    cache = StateCache(size=2, max_age=60, clock=lambda: now[0])
    states = {chat: State(seq=chat) for chat in (1, 2, 3)}
    for chat, state in states.items():
        cache.put(chat, state.to_json(), state)
    assert len(cache) == 2 and cache.get(1, states[1].to_json()) is None  # oldest out
    assert cache.get(3, states[3].to_json()) == Kept(**vars(states[3]))
    now[0] = 61
    assert cache.get(3, states[3].to_json()) is None  # too old: decoded again
    cache.put(1, states[1].to_json(), states[1])
    assert len(cache) == 1  # the old entry (chat 2) went with the new put
    now[0] = 122
    assert cache.get(3, None) is None and len(cache) == 0  # and with any call
    cache.put(1, states[1].to_json(), states[1])
    cache.drop(1)
    assert len(cache) == 0


# ---------------------------------------------------------------------- through the service
async def _talk(service: Conversations, chat: int) -> tuple[list[str], list[str | None]]:
    """A conversation to the verdict and the call-back; each turn's replies and stored state."""
    person = Person(service, chat)
    said: list[str] = []
    states: list[str | None] = []
    send = person.send

    async def recording(event: Any) -> Any:
        replies = await send(event)
        said.append(person.said)
        stored = await service.db(service.store.state_of, chat)
        states.append(stored)
        entry = service.states._entries.get(chat)
        if entry is not None:  # the copy from the text is the copy State.copy makes
            assert entry[0] == stored
            assert entry[1].copy() == State.copy(entry[1]) == State.from_json(stored)
        return replies

    person.send = recording  # type: ignore[method-assign]
    await to_verdict(person)
    await person.text("/langue")
    await person.tap("English")
    await person.text("/aide")
    return said, states


def test_with_the_cache_every_turn_says_and_stores_what_it_does_without(
    tmp_path: Path, guide: Guide
) -> None:
    kept = _service(tmp_path / "kept.sqlite3", guide)
    never = _service(tmp_path / "never.sqlite3", guide, StateCache(size=0))

    async def both() -> None:
        assert await _talk(kept, 1) == await _talk(never, 1)

    asyncio.run(both())
    assert kept.states.hits >= 10 and never.states.hits == 0  # it was used, and not there
    for service in (kept, never):
        service.close()


def test_another_process_writing_the_chat_is_read_from_the_store(
    tmp_path: Path, guide: Guide
) -> None:
    path = tmp_path / "two.sqlite3"
    first, second = _service(path, guide), _service(path, guide)

    async def run() -> None:
        person = Person(first, 5)
        await person.text("/start")
        await person.tap("accepte")
        await person.tap("association")  # first keeps the state at the place question
        elsewhere = Person(second, 5)
        await elsewhere.text("Liévin")  # the other process answers it
        assert "Liévin" in _stored(path, 5)  # type: ignore[operator]
        there = State.from_json(_stored(path, 5))
        assert there.step != "place" and there.answers.get("place")
        hits = first.states.hits
        await person.text("/aide")  # the first process goes on from the store's state
        assert first.states.hits == hits  # a miss: its own was stale
        back = State.from_json(_stored(path, 5))  # a stale state would have gone back
        assert (back.step, back.answers) == (there.step, there.answers)

    asyncio.run(run())
    first.close()
    second.close()


def test_a_state_deleted_or_restored_behind_the_bot_is_the_stores(
    tmp_path: Path, guide: Guide
) -> None:
    path = tmp_path / "behind.sqlite3"
    service = _service(path, guide)

    async def run() -> None:
        person = Person(service, 9)
        await person.text("/start")
        await person.tap("accepte")
        at_role = _stored(path, 9)
        await person.tap("association")
        assert State.from_json(_stored(path, 9)).step == "place"
        with sqlite3.connect(path) as conn:  # a restore: the state of a turn ago
            conn.execute("update conversations set state = ? where chat_id = 9", [at_role])
        await person.text("Liévin")  # at the role question, a commune is not a role
        assert State.from_json(_stored(path, 9)).answers.get("place") is None
        with sqlite3.connect(path) as conn:  # a purge: no conversation at all
            conn.execute("delete from conversations where chat_id = 9")
        await person.text("Liévin")
        assert State.from_json(_stored(path, 9)).answers.get("place") is None

    asyncio.run(run())
    service.close()


def test_an_erasure_leaves_nothing_kept(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "erase.sqlite3"
    service = _service(path, guide)

    async def run() -> None:
        person = Person(service, 3)
        await to_verdict(person)
        assert len(service.states) == 1
        await person.text("/effacer")
        await person.tap("effacer")
        assert len(service.states) == 0 and _stored(path, 3) is None
        await person.text("/start")
        assert "accepte" in " ".join(label for label, _ in person.buttons()).lower()

    asyncio.run(run())
    service.close()


def test_the_language_is_written_only_when_it_changed(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "lang.sqlite3"
    service = _service(path, guide)
    writes: list[str] = []
    service.store.db.conn.set_trace_callback(
        lambda sql: writes.append(sql) if sql.startswith("update users set language") else None
    )

    async def run() -> None:
        person = Person(service, 4)
        await person.text("/start")
        await person.tap("accepte")  # consent: the person's row, language and all
        await person.tap("association")
        await person.text("Liévin")
        assert writes == []  # the same language as stored: not written again
        await person.text("/langue")
        await person.tap("English")
        assert len(writes) == 1
        with sqlite3.connect(path) as conn:
            assert conn.execute("select language from users where user_id = 4").fetchone() == (
                "en",
            )
        await person.text("/aide")
        assert len(writes) == 1

    asyncio.run(run())
    service.store.db.conn.set_trace_callback(None)
    service.close()
