"""The soak's rig: the Bot API stand-in that also remembers what each chat shows (so a walker
can press any button still on screen), and the real `python -m bot` process it starts,
SIGKILLs and restarts, every wait bounded. Apart from the walk so the walk reads as moves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.fake_telegram import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
STAFF = 900


class Fake(FakeTelegram):
    """The stand-in, also keeping what each chat shows, messages and documents, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: dict[int, list[dict[str, Any]]] = {}

    def handle(self, method: str, params: dict[str, Any], wait: bool = False) -> dict[str, Any]:
        result = super().handle(method, params, wait)
        if method in ("sendMessage", "sendDocument") and result.get("ok"):
            with self.lock:
                self.shown.setdefault(int(params["chat_id"]), []).append(params)
        return result

    def screen(self, chat: int) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.shown.get(chat, []))

    def delivered(self, chat: int) -> list[str]:
        """Each message's text, each document as "[document] caption", in order."""
        return [
            str(p["text"]) if "text" in p else f"[document] {p.get('caption', '')}"
            for p in self.screen(chat)
        ]


def buttons_of(params: dict[str, Any]) -> list[tuple[str, str]]:
    markup = params.get("reply_markup")
    if not markup:
        return []
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [
        (b.get("text", ""), b["callback_data"])
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


class Process:
    """`python -m bot` against the stand-in: started, SIGKILLed, stopped; every wait bounded."""

    def __init__(self, fake: Fake, url: str, db: Path, log: Path) -> None:
        self.fake, self.url, self.db, self.log = fake, url, db, log
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts: list[float] = []  # seconds from exec to the first getUpdates

    def start(self, timeout: float = 60.0) -> None:
        env = {
            **{k: v for k, v in os.environ.items() if k != "WEBHOOK_URL"},
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.url,
            "DATABASE_PATH": str(self.db),
            "STAFF_USER_IDS": str(STAFF),
        }
        before = self.fake.get_updates_calls
        began = time.monotonic()
        with self.log.open("ab") as log:
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while self.fake.get_updates_calls <= before:
            if self.popen.poll() is not None:
                raise RuntimeError(f"the bot exited with {self.popen.returncode} at start")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not poll within {timeout:.0f} s")
            time.sleep(0.05)
        self.starts.append(time.monotonic() - began)

    def kill(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGINT)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
