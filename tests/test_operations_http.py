"""What an IT team watches, over real HTTP against `python -m bot` and the Bot API stand-in:
/healthz and /metrics in polling mode (on METRICS_PORT) and in webhook mode (on the webhook's
server), JSON logs; and /healthz turning 503 when the database or the inbox fails."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.app_data import BotData
from bot.inbox import Inbox
from bot.ops import routes
from bot.service import Conversations
from bot.settings import Settings
from dialogs.flow import Guide
from storage import Store
from storage.sqlite import sqlite3
from tests.fake_telegram import TOKEN, FakeTelegram, StandIn
from tests.http_bot import Bot, to_the_verdict, wait_for
from tests.test_webhook_http import free_port, listening, post, webhook_bot  # noqa: F401

CHAT = 601
NAME = f"User{CHAT}"  # the stand-in's first name for the chat: in no metric, no log line


def bot_root() -> Path:
    return Path(__file__).resolve().parent.parent


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def samples(text: str) -> dict[str, float]:
    """name{labels} -> value, from the Prometheus text format (parsed by its own parser)."""
    found: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            found[f"{s.name}{{{labels}}}" if labels else s.name] = s.value
    return found


@pytest.fixture
def polling_bot(tmp_path: Path) -> Iterator[tuple[FakeTelegram, Bot, int]]:
    fake = FakeTelegram()
    port = free_port()
    settings = {
        "METRICS_PORT": str(port),
        "LISTEN": "127.0.0.1",
        "TELEGRAM_RATE_LIMIT": "off",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
    }
    with StandIn(fake) as stand_in:
        bot = Bot(stand_in, tmp_path / "bot.sqlite3", tmp_path / "bot.log", settings)
        fake.db_path = str(bot.db)  # type: ignore[attr-defined]
        bot.start()
        wait_for(lambda: listening(port), what="the metrics server")
        try:
            yield fake, bot, port
        finally:
            bot.stop()


def test_polling_mode_serves_health_and_metrics_and_logs_json(
    polling_bot: tuple[FakeTelegram, Bot, int],
) -> None:
    fake, bot, port = polling_bot
    base = f"http://127.0.0.1:{port}"
    status, kind, body = get(f"{base}/healthz")
    assert status == 200 and kind == "application/json", body
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": True, "inbox": True, "poller": True},
    }
    probe = [sys.executable, "-m", "bot.healthcheck"]  # the Docker image's HEALTHCHECK
    env = {"PATH": os.environ["PATH"], "METRICS_PORT": str(port), "LISTEN": "127.0.0.1"}
    assert subprocess.run(probe, env=env, cwd=bot_root(), check=False).returncode == 0
    env["METRICS_PORT"] = str(free_port())  # nobody listens there
    done = subprocess.run(probe, env=env, cwd=bot_root(), capture_output=True, check=False)
    assert done.returncode == 1
    chat = CHAT
    to_the_verdict(fake, chat)
    updates = 11
    status, kind, text = get(f"{base}/metrics")
    assert status == 200 and kind.startswith("text/plain; version=0.0.4"), kind
    found = samples(text)
    assert found["dsdt_updates_received_total"] == updates
    assert found["dsdt_updates_handled_total{outcome=done}"] == updates
    assert found["dsdt_updates_handled_total{outcome=parked}"] == 0
    assert found["dsdt_turn_seconds_count"] == updates
    assert 0 < found["dsdt_turn_seconds_sum"] < updates * 10
    assert found["dsdt_leads_created_total"] == 1
    assert found["dsdt_inbox_pending"] == 0 and found["dsdt_inbox_oldest_pending_age_seconds"] == 0
    assert found["dsdt_replies_unsent"] == 0 and found["dsdt_replies_parked"] == 0
    assert found["dsdt_erasure_notices_pending"] == 0
    assert found["process_resident_memory_bytes"] > 0
    # Nothing about a person: no chat id, no name, nothing typed. The chat id as a number of
    # its own: inside another number (a memory size of 2.8246016e+08 holds "601") it is not one.
    assert not re.search(rf"(?<![\d.]){chat}(?![\d.])", text), chat
    for private in (NAME, "Dunkerque", "12 000", "3 600"):
        assert private not in text, private
    bot.stop()
    lines = bot.log.read_text().splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert entries and all({"time", "level", "logger", "message"} <= e.keys() for e in entries)
    log = "\n".join(lines)
    assert TOKEN not in log and NAME not in log and "Dunkerque" not in log


def test_webhook_mode_serves_health_and_metrics_without_login(
    webhook_bot: tuple[FakeTelegram, Any, str],  # noqa: F811
) -> None:
    fake, _bot, url = webhook_bot
    base = url.removesuffix("/telegram")
    assert post(url, fake.text_update(701, "/start")) == 200
    wait_for(lambda: fake.sent(701), what="a reply")
    status, _kind, body = get(f"{base}/healthz")  # no cookie: the console's login is not asked
    assert status == 200 and json.loads(body)["checks"] == {"database": True, "inbox": True}
    status, _kind, text = get(f"{base}/metrics")
    found = samples(text)
    assert status == 200 and found["dsdt_updates_received_total"] == 1
    wait_for(
        lambda: samples(get(f"{base}/metrics")[2])["dsdt_updates_handled_total{outcome=done}"]
    )
    assert not re.search(r"(?<![\d.])701(?![\d.])", text), "a chat id in the metrics"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[BotData, Store, TestClient]]:
    """The real routes over a real store and inbox, without Telegram."""
    data = BotData(Settings())
    store = Store(tmp_path / "db.sqlite3")
    data.conversations = Conversations(store, Guide())
    data.inbox_intake = Inbox(None, store, data.conversations.db)
    with TestClient(Starlette(routes=routes(data))) as client:
        yield data, store, client
    data.conversations.close()


def test_healthz_fails_when_an_update_waits_too_long(
    desk: tuple[BotData, Store, TestClient],
) -> None:
    _data, store, client = desk
    assert client.get("/healthz").status_code == 200
    store.inbox_add([(9, "digest", 5, "{}")])  # stored, never handled: no worker took it
    ten_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    store.db.execute("update inbox set received_at = ?", [ten_minutes_ago.isoformat()])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "inbox": False}
    found = samples(client.get("/metrics").text)
    assert found["dsdt_inbox_pending"] == 1
    assert 590 < found["dsdt_inbox_oldest_pending_age_seconds"] < 700


async def test_healthz_fails_when_the_inbox_is_closed(
    desk: tuple[BotData, Store, TestClient],
) -> None:
    data, _store, client = desk
    assert data.inbox_intake is not None
    await data.inbox_intake.close(grace=0)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["inbox"] is False


def test_healthz_and_metrics_fail_when_the_database_does_not_answer(
    desk: tuple[BotData, Store, TestClient],
) -> None:
    _data, store, client = desk
    store.db.conn.close()  # every query now raises
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "inbox": False}
    assert client.get("/metrics").status_code == 503
    with pytest.raises(sqlite3.ProgrammingError):
        store.db.conn.execute("select 1")
