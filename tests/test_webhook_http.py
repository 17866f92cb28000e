"""Webhook mode end to end: the real `python -m bot` registers its webhook with the Bot API
stand-in, then Telegram's side (here, the test) posts updates to it over HTTP on 127.0.0.1.
Updates carrying the wrong secret token are refused and never reach the conversation."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fake_telegram import TOKEN, FakeTelegram, StandIn
from tests.test_e2e_http import Bot, wait_for

SECRET = "s3cret-webhook-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def webhook_bot(tmp_path: Path) -> Iterator[tuple[FakeTelegram, Bot, str]]:
    fake = FakeTelegram()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = {
        "WEBHOOK_URL": url,
        "WEBHOOK_SECRET": SECRET,
        "LISTEN": "127.0.0.1",
        "PORT": str(port),
        "TELEGRAM_RATE_LIMIT": "off",
    }
    with StandIn(fake) as stand_in:
        bot = Bot(stand_in, tmp_path / "bot.sqlite3", tmp_path / "bot.log", settings)
        bot.start(ready="setWebhook")
        wait_for(lambda: listening(port), what="the webhook server")
        try:
            yield fake, bot, url
        finally:
            bot.stop()
    log = (tmp_path / "bot.log").read_text(errors="replace")
    assert TOKEN not in log and SECRET not in log, "a secret leaked into the logs"
    assert "Traceback" not in log, log


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def post(url: str, update: dict[str, Any], secret: str = SECRET) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_registers_checks_its_secret_and_answers(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    fake, _bot, url = webhook_bot
    registered = [p for m, p in fake.calls if m == "setWebhook"]
    assert registered and registered[-1]["url"] == url
    assert registered[-1]["secret_token"] == SECRET

    chat = 801
    assert post(url, fake.text_update(chat, "/start"), secret="wrong") == 403
    assert post(url, fake.text_update(chat, "/start")) == 200
    wait_for(lambda: len(fake.sent(chat)) == 1)
    assert "DSDT" in fake.sent(chat)[0]["text"]  # one welcome: the forged update did nothing

    consent = next(d for label, d in fake.last_buttons(chat) if "accepte" in label.lower())
    assert post(url, fake.button_update(chat, consent)) == 200
    wait_for(lambda: "Qui êtes-vous" in fake.sent(chat)[-1]["text"])
    tap = next(d for label, d in fake.last_buttons(chat) if "association" in label.lower())
    assert post(url, fake.button_update(chat, tap)) == 200
    wait_for(lambda: "commune" in fake.sent(chat)[-1]["text"])
