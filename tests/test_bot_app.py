"""A real PTB Application driven by process_update, answering through a recording request."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.app_data import BotData
from bot.settings import Settings
from bot.telegram_app import build_application
from storage.sqlite import sqlite3
from tests.fake_telegram import TOKEN, FakeTelegram, RecordingRequest


class Harness:
    def __init__(
        self,
        db: Path,
        first_update_id: int = 1,
        today: dt.date = dt.date(2014, 11, 27),
        now: dt.datetime | None = None,
        **settings: Any,
    ) -> None:
        self.fake = FakeTelegram(first_update_id)
        self.db = db
        self.settings = settings
        self.today = today
        self.now = now or dt.datetime.combine(today, dt.time(12, 0), tzinfo=dt.UTC)
        self.app: Any = None

    async def start(self) -> None:
        settings = Settings(token=TOKEN, database_path=str(self.db), **self.settings)
        self.app = build_application(settings, request=RecordingRequest(self.fake))
        await self.app.initialize()
        data: BotData = self.app.bot_data
        data.today = lambda: self.today
        data.now = lambda: self.now
        await self.app.post_init(self.app)

    async def stop(self) -> None:
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()

    async def push(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def text(self, chat: int, text: str) -> None:
        await self.push(self.fake.text_update(chat, text))

    async def tap(self, chat: int, label: str) -> None:
        for text, data in self.fake.last_buttons(chat):
            if label.lower() in text.lower():
                await self.push(self.fake.button_update(chat, data))
                return
        raise AssertionError(f"no button {label!r}: {self.fake.last_buttons(chat)}")

    def replies(self, chat: int) -> list[str]:
        return [str(p["text"]) for p in self.fake.sent(chat)]


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    yield h
    await h.stop()


async def run_to_verdict(h: Harness, chat: int, place: str = "Liévin") -> None:
    await h.text(chat, "/start")
    await h.tap(chat, "accepte")
    await h.tap(chat, "association")
    await h.text(chat, place)
    candidates = [data for _, data in h.fake.last_buttons(chat) if "place:" in data]
    if candidates and "quartier" not in str(h.fake.last_buttons(chat)):
        await h.push(h.fake.button_update(chat, candidates[0]))
    await h.tap(chat, "quartier")
    await h.text(chat, "un jardin partagé au pied des immeubles")
    await h.tap(chat, "Oui, fiche 4")
    await h.tap(chat, "Oui")
    await h.tap(chat, "Investissement")
    await h.text(chat, "40 000 €")
    await h.text(chat, "20k")
    await h.text(chat, "0")
    await h.tap(chat, "Non")
    await h.tap(chat, "Voir le résultat")


async def test_full_conversation_registers_commands_and_reaches_verdict(harness: Harness) -> None:
    await run_to_verdict(harness, 42)
    methods = [m for m, _ in harness.fake.calls]
    assert methods.count("setMyCommands") == 2
    said = "\n".join(harness.replies(42))
    assert "Priscille DOLEZ" in said and "Communauté d'agglomération de Lens - Liévin" in said
    assert "answerCallbackQuery" in methods
    for params in harness.fake.sent(42):
        assert params.get("parse_mode") == "HTML"
    conn = sqlite3.connect(harness.db)
    lead = conn.execute("select fiche, commune, territory, status, request from leads").fetchall()
    assert lead == [(4, "Liévin", "artois", "nouveau", "20000.00")]  # exact decimal text
    directions = conn.execute("select direction, count(*) from messages group by direction")
    counts = dict(directions.fetchall())
    assert counts["in"] >= 13 and counts["out"] >= counts["in"]
    assert conn.execute("select count(*) from messages where sent = 0").fetchone() == (0,)
    consent_at, version = conn.execute("select consent_at, notice_version from users").fetchone()
    assert dt.datetime.fromisoformat(consent_at).tzinfo is not None and version


async def test_nothing_stored_before_consent(harness: Harness) -> None:
    await harness.text(7, "/start")
    await harness.text(7, "Je m'appelle Zoé, 06 11 22 33 44")
    conn = sqlite3.connect(harness.db)
    assert conn.execute("select count(*) from messages").fetchone() == (0,)
    assert conn.execute("select count(*) from conversations").fetchone() == (0,)
    assert len(harness.replies(7)) == 2


async def test_redelivered_update_is_answered_once_and_stored_once(harness: Harness) -> None:
    await harness.text(5, "/start")
    await harness.tap(5, "accepte")
    update = harness.fake.text_update(5, "Arras")
    before = len(harness.replies(5))
    await harness.push(update)
    after_first = len(harness.replies(5))
    await harness.push(update)
    assert len(harness.replies(5)) == after_first > before
    conn = sqlite3.connect(harness.db)
    count = conn.execute(
        "select count(*) from messages where update_id = ? and direction = 'in'",
        [update["update_id"]],
    ).fetchone()
    assert count == (1,)


async def test_photo_and_stale_button_get_friendly_replies(harness: Harness) -> None:
    await harness.text(9, "/start")
    await harness.tap(9, "accepte")
    old_buttons = harness.fake.last_buttons(9)
    await harness.tap(9, "habitant")
    await harness.push(harness.fake.photo_update(9))
    assert "texte et les boutons" in harness.replies(9)[-1]  # one message: the notice, then
    await harness.push(harness.fake.button_update(9, old_buttons[0][1]))
    last = harness.replies(9)[-1]  # the question again, merged into one send
    assert 0 <= last.find("plus actif") < last.find("commune")


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = Harness(tmp_path / "bot.sqlite3")
    await first.start()
    await first.text(11, "/start")
    await first.tap(11, "accepte")
    await first.tap(11, "association")
    await first.text(11, "Roubaix")
    buttons_before_restart = first.fake.last_buttons(11)
    await first.stop()
    second = Harness(tmp_path / "bot.sqlite3", first_update_id=1000)
    await second.start()
    youth = next(data for label, data in buttons_before_restart if "jeunes" in label)
    await second.push(second.fake.button_update(11, youth))  # still the current question
    assert "Décrivez votre projet" in second.replies(11)[-1]
    await second.text(11, "/retour")
    assert "Pour qui est le projet" in second.replies(11)[-1]
    await second.stop()


async def test_chats_are_isolated_and_concurrent(harness: Harness) -> None:
    await asyncio.gather(
        *(
            run_to_verdict(harness, chat, place)
            for chat, place in [(101, "Lens"), (102, "Lille"), (103, "Calais")]
        )
    )
    assert "Métropole Européenne de Lille" in "\n".join(harness.replies(102))
    assert "Métropole Européenne de Lille" not in "\n".join(harness.replies(101))
    assert "Grand Calais" in "\n".join(harness.replies(103))
    conn = sqlite3.connect(harness.db)
    assert conn.execute("select count(*) from leads").fetchone() == (3,)


async def test_callback_data_and_length_limits_hold(harness: Harness) -> None:
    await run_to_verdict(harness, 77, place="62130")
    for params in harness.fake.sent(77):
        assert len(str(params["text"])) <= 4096
    errors = [p for m, p in harness.fake.calls if m == "sendMessage" and p.get("error")]
    assert not errors


async def test_my_data_and_erasure(harness: Harness) -> None:
    await harness.text(31, "/start")
    await harness.tap(31, "accepte")
    await harness.tap(31, "association")
    await harness.text(31, "Zanzibar-sur-Liane-7731")
    await harness.text(31, "/mesdonnees")
    documents = harness.fake.documents(31)
    assert len(documents) == 1, "the data is sent as a document"
    sent = json.loads(documents[0]["files"]["document"])
    assert "Zanzibar-sur-Liane-7731" in json.dumps(sent, ensure_ascii=False)
    assert {"user", "conversation", "leads", "transcript"} <= set(sent)
    await harness.text(31, "/effacer")
    await harness.tap(31, "Oui, tout effacer")
    assert "effacé" in harness.replies(31)[-1]
    conn = sqlite3.connect(harness.db)
    for table in ("messages", "leads", "conversations", "users"):
        assert conn.execute(f"select count(*) from {table}").fetchone() == (0,), table
    assert conn.execute("select action from audit").fetchall() == [("erasure",)]
    conn.close()
    scrubbing = harness.app.bot_data.staff._scrubbing  # the index merge, in the background
    assert scrubbing is not None
    await asyncio.wait_for(scrubbing, 10)
    assert not harness.app.bot_data.service.store.scrub_pending
    raw = harness.db.read_bytes()
    wal = harness.db.with_name(harness.db.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    assert b"Zanzibar-sur-Liane-7731" not in raw
    assert b"zanzibar" not in raw.lower(), "the search index kept the words"


async def test_inline_query_offers_sourced_answers_and_stores_nothing(harness: Harness) -> None:
    await harness.push(harness.fake.inline_update(12, "plancher"))
    calls = [p for m, p in harness.fake.calls if m == "answerInlineQuery"]
    assert len(calls) == 1
    results = (
        json.loads(calls[0]["results"])
        if isinstance(calls[0]["results"], str)
        else calls[0]["results"]
    )
    assert results[0]["id"] == "floor"
    content = results[0]["input_message_content"]
    assert "2\u202f000" in content["message_text"] and "Source" in content["message_text"]
    await harness.push(harness.fake.inline_update(12, ""))
    conn = sqlite3.connect(harness.db)
    assert conn.execute("select count(*) from messages").fetchone() == (0,)


async def test_an_edited_message_is_not_taken_as_the_answer(harness: Harness) -> None:
    await harness.text(21, "/start")
    await harness.tap(21, "accepte")
    await harness.tap(21, "association")
    await harness.text(21, "Arras")
    assert "Pour qui" in harness.replies(21)[-1]
    edit = harness.fake.text_update(21, "Lens")
    edit["edited_message"] = {**edit.pop("message"), "edit_date": 1}
    await harness.push(edit)
    last = harness.replies(21)[-1]  # one message: the notice, then the question again
    assert "modifié" in last and "/retour" in last
    assert last.find("/retour") < last.rfind("Pour qui")  # the current question, nothing recorded
    conn = sqlite3.connect(harness.db)
    state = json.loads(conn.execute("select state from conversations").fetchone()[0])
    assert state["answers"]["place"]["name"] == "Arras" and state["step"] == "audience"
