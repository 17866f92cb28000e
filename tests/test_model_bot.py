"""Model-based test of the whole bot: hypothesis' stateful testing drives the real PTB
Application through the inbox (intake cleaning, per-chat workers, the service, SQLite) with
the recording stand-in, in process.

Rules press any button of any message still on screen (stale ones included), type any kind
of thing people type, ask for the fiche synthétique, reminders, /mesdonnees, /effacer, and
restart the process. Invariants: every update gets an answer; no answer says something went
wrong; /effacer always erases; what is stored always reads back."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import sqlite3
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from dialogs.model import State
from tests.test_bot_app import Harness

CHAT = 4242
BROKEN = ("quelque chose s'est mal passé", "Je n'ai pas pu vous envoyer")
TYPED = [
    "Lens",
    "Dunkerque",
    "Beauvais",
    "59000",
    "Saint-Aubin",
    "Paris",
    "le Nord",
    "12 000 €",
    "45k",
    "trois mille",
    "1 999,99",
    "0",
    "-5",
    "1e9",
    "3000 ou 4000",
    "99999999999999999999999",
    "²",
    "oui",
    "non",
    "je ne sais pas",
    "jsp",
    "bof",
    "c'est combien le minimum ?",
    "jusqu'à quand on peut déposer ?",
    "qui appeler à Lens ?",
    "un jardin partagé au pied des immeubles",
    "non en fait c'est 5000",
    "retour",
    "effacer",
    "aide",
    "mes données",
    "<b>gras</b> & <script>x</script>",
    "a\x08b\x01c\ud800d\u202e",
    "👨\u200d👩\u200d👧 🏴",
    "x" * 4096,
    "é" * 5000,
    "",
    " ",
]
COMMANDS = [
    "/start",
    "/aide",
    "/help",
    "/retour",
    "/recommencer",
    "/langue",
    "/question",
    "/fiche",
    "/sheet",
    "/rappels",
    "/mesdonnees",
    "/mydata",
    "/effacer",
    "/forget",
    "/inconnue",
]


class BotMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="model-bot-"))
        self.loop = asyncio.new_event_loop()
        self.harness = self._start(1)
        self.next_id = 10_000
        self.problems: list[str] = []

    def _start(self, first_update_id: int) -> Harness:
        h = Harness(self.dir / "bot.sqlite3", first_update_id=first_update_id)
        self.loop.run_until_complete(h.start())
        return h

    def teardown(self) -> None:
        self.loop.run_until_complete(self.harness.stop())
        self.loop.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------------ driving
    def answers(self) -> int:
        fake = self.harness.fake
        return len(fake.sent(CHAT)) + len(fake.documents(CHAT))

    def send(self, update: dict[str, Any]) -> list[str]:
        """Through the inbox, as the poller does; returns the new replies' texts."""
        fake = self.harness.fake
        before, docs = len(fake.sent(CHAT)), len(fake.documents(CHAT))
        inbox = self.harness.app.bot_data.inbox
        self.loop.run_until_complete(inbox.add([update]))
        self.loop.run_until_complete(inbox.idle())
        new = [str(p["text"]) for p in fake.sent(CHAT)[before:]]
        new += [str(p.get("caption", "")) for p in fake.documents(CHAT)[docs:]]
        assert new, f"no answer to {json.dumps(update, ensure_ascii=False)[:300]}"
        for text in new:
            assert not any(b in text for b in BROKEN), text
        return new

    def buttons(self) -> list[str]:
        """Every button of every message still on screen, stale ones included."""
        found: list[str] = []
        for params in self.harness.fake.sent(CHAT):
            markup = params.get("reply_markup")
            if markup:
                markup = json.loads(markup) if isinstance(markup, str) else markup
                found += [b["callback_data"] for row in markup["inline_keyboard"] for b in row]
        return found

    # ------------------------------------------------------------------ rules
    @rule(data=st.data())
    def press(self, data: st.DataObject) -> None:
        buttons = self.buttons()
        if not buttons:
            self.send(self.harness.fake.text_update(CHAT, "/start"))
            return
        # most presses on the latest buttons (to go deep), some on stale ones
        latest = buttons[-8:]
        pool = latest if data.draw(st.integers(0, 3)) else buttons
        self.send(self.harness.fake.button_update(CHAT, data.draw(st.sampled_from(pool))))

    @rule(text=st.one_of(st.sampled_from(TYPED), st.text(max_size=60)))
    def type_text(self, text: str) -> None:
        self.send(self.harness.fake.text_update(CHAT, text))

    @rule(command=st.sampled_from(COMMANDS))
    def command(self, command: str) -> None:
        self.send(self.harness.fake.text_update(CHAT, command))

    @rule(
        data=st.sampled_from(
            [
                "rem|²",
                "rem|all",
                "rem|999999999999999999999",
                "erase|no",
                "x" * 64,
                "fiche:dunno",
                "edit:request",
                "go:verdict",
            ]
        )
    )
    def forged(self, data: str) -> None:
        self.send(self.harness.fake.button_update(CHAT, data))

    @rule()
    def erase(self) -> None:
        self.send(self.harness.fake.text_update(CHAT, "/effacer"))
        self.send(self.harness.fake.button_update(CHAT, "erase|yes"))
        conn = sqlite3.connect(self.dir / "bot.sqlite3")
        try:
            for table in ("messages", "leads", "users", "conversations", "reminders"):
                rows = conn.execute(f"select count(*) from {table} where chat_id = ?", [CHAT])
                assert rows.fetchone()[0] == 0, table
        finally:
            conn.close()

    @rule()
    def restart(self) -> None:
        self.loop.run_until_complete(self.harness.stop())
        self.next_id += 10_000
        self.harness = self._start(self.next_id)

    # ------------------------------------------------------------------ invariants
    @invariant()
    def stored_state_reads_back(self) -> None:
        conn = sqlite3.connect(self.dir / "bot.sqlite3")
        try:
            row = conn.execute(
                "select state from conversations where chat_id = ?", [CHAT]
            ).fetchone()
        except sqlite3.OperationalError:
            row = None
        finally:
            conn.close()
        if row and row[0]:
            state = State.from_json(row[0])
            for key in (
                "total",
                "request",
                "cofunding",
                "request_investment",
                "request_operating",
            ):
                value = state.answers.get(key)
                if value is not None:
                    assert Decimal(value) >= 0, (key, value)


BotMachine.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the short run in `make test` is the same every time
)
test_model_bot = BotMachine.TestCase
assert dt  # (the harness uses the call's open day, 2014-11-27)
