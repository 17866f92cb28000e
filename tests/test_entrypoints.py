"""The terminal chat (what `make run` shows without a token) and configuration checks."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.__main__ import RedactSecrets
from bot.service import Conversations
from bot.settings import Settings, SettingsError
from bot.terminal import chat
from dialogs.flow import Guide
from storage import Store
from storage.sqlite import sqlite3
from tests.fake_telegram import TOKEN

ROOT = Path(__file__).resolve().parent.parent


async def test_terminal_chat_numbers_buttons_and_reaches_a_verdict(tmp_path: Path) -> None:
    service = Conversations(
        Store(tmp_path / "t.sqlite3"), Guide(), clock=lambda: dt.date(2014, 11, 27)
    )
    answers = [
        "1",
        "1",
        "Wattrelos",
        "4",
        "des micro-projets avec le FPH",
        "1",
        "8000",
        "2k",
        "2 400",
        "2",
        "9",
        "/quitter",
    ]
    out = io.StringIO()
    await chat(service, stdin=io.StringIO("\n".join(answers) + "\n"), stdout=out)
    service.close()
    text = out.getvalue()
    assert "[1] ✅ J'accepte" in text
    assert "Métropole Européenne de Lille" in text and "Amélie ANTOINE" in text
    assert "<b>" not in text  # HTML is rendered as plain text
    assert "Au revoir" in text


def test_make_run_without_token_works_in_a_pipe(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_PATH": str(tmp_path / "run.sqlite3")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="1\n/aide\n",
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Qui êtes-vous ?" in proc.stdout and "/retour" in proc.stdout


def test_webhook_needs_a_secret() -> None:
    with pytest.raises(SettingsError, match="WEBHOOK_SECRET"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x/telegram"})
    settings = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "WEBHOOK_URL": "https://x",
            "WEBHOOK_SECRET": "s3cret",
            "STAFF_USER_IDS": "1, 2",
        }
    )
    assert settings.staff_user_ids == {1, 2}
    assert TOKEN not in repr(settings) and "s3cret" not in repr(settings)


def test_unusable_database_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = _run_bot({"DATABASE_PATH": str(blocker / "db.sqlite3")})
    assert proc.returncode == 3
    assert "Base de données inutilisable" in proc.stderr and "Traceback" not in proc.stderr


def test_tokens_are_redacted_from_logs() -> None:
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "POST https://api.telegram.org/bot%s/getMe",
        (TOKEN,),
        None,
    )
    RedactSecrets(TOKEN).filter(record)
    assert TOKEN not in record.getMessage()
    other = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "url /bot987654321:AAAbbbCCCdddEEEfffGGGhhh/x", None, None
    )
    RedactSecrets().filter(other)
    assert "AAAbbb" not in other.getMessage()


def _run_bot(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        input="",
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_locked_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = _run_bot({"DATABASE_PATH": str(path)})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 3
    assert "locked" in proc.stderr and "Traceback" not in proc.stderr


def test_read_only_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    Store(path).close()
    # chmod does not stop root: a read-only mount is what the test needs, so use SQLite's own
    # read-only switch through a file that is not a database instead when running as root.
    if os.geteuid() == 0:
        path.write_bytes(b"this is not a database file, just text" * 100)
    else:
        path.chmod(0o444)
        tmp_path.chmod(0o555)
    try:
        proc = _run_bot({"DATABASE_PATH": str(path)})
    finally:
        tmp_path.chmod(0o755)
    assert proc.returncode == 3
    assert str(path) in proc.stderr and "Traceback" not in proc.stderr


def test_malformed_data_file_names_file_and_line(tmp_path: Path) -> None:
    from knowledge.loader import DataError, load_knowledge

    data = tmp_path / "data"
    shutil.copytree(ROOT / "knowledge" / "data", data)
    faq = data / "faq.toml"
    lines = faq.read_text().splitlines()
    lines[20] = 'id = "broken'
    faq.write_text("\n".join(lines))
    with pytest.raises(DataError, match=r"faq\.toml.*(line|ligne) 21"):
        load_knowledge(data)
    faq.unlink()
    with pytest.raises(DataError, match=r"faq\.toml"):
        load_knowledge(data)


def test_a_refused_token_is_a_clear_message_and_exit_code(tmp_path: Path) -> None:
    from tests.fake_telegram import FakeTelegram, StandIn

    with StandIn(FakeTelegram()) as stand_in:
        env = {
            "PATH": "/usr/bin:/bin",
            "TELEGRAM_BOT_TOKEN": "42:not-the-right-token-abcdefghijklmnop",
            "TELEGRAM_API_BASE_URL": stand_in.url,
            "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        }
        proc = subprocess.run(
            [sys.executable, "-m", "bot"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2
    assert "Jeton Telegram refusé" in proc.stderr
    assert "Traceback" not in proc.stderr and "not-the-right-token" not in proc.stderr


async def test_terminal_chat_numbers_two_messages_buttons_once(tmp_path: Path) -> None:
    """A question's suggestions and then the step's own buttons, in one answer: numbered
    together, so "2" is the second suggestion, not the second button of the last message."""
    from types import SimpleNamespace

    from storage import Outgoing

    taps: list[str] = []

    class Service:
        guide = Guide()

        async def turn(self, incoming: Any) -> Any:
            event = incoming.event
            if event.kind == "choice":
                taps.append(event.value)
                return SimpleNamespace(replies=[])
            return SimpleNamespace(
                replies=[
                    Outgoing(
                        0, 1, 0, "Vouliez-vous demander :", [["Q1", "faq|a"], ["Q2", "faq|b"]], 1
                    ),
                    Outgoing(
                        0, 1, 1, "Êtes-vous d'accord ?", [["Oui", "1|yes"], ["Non", "1|no"]], 1
                    ),
                ]
            )

        async def sent(self, reply: Outgoing) -> None:
            return None

    out = io.StringIO()
    await chat(Service(), stdin=io.StringIO("2\n4\n/quitter\n"), stdout=out)  # type: ignore[arg-type]
    assert "[2] Q2" in out.getvalue() and "[4] Non" in out.getvalue()
    assert taps == ["faq|b", "1|no"]


def test_the_real_application_has_the_rate_limiter_its_settings_and_the_stand_in_url() -> None:
    """The production wiring (no test request injected): Telegram's flood limits through
    AIORateLimiter without its own retries, the typed BotData holding these settings, the
    Bot API's address from the settings; without the limiter when told so."""
    from telegram.ext import AIORateLimiter

    from bot.app_data import BotData
    from bot.telegram_app import build_application

    settings = Settings(token=TOKEN, api_base_url="http://127.0.0.1:9")
    application = build_application(settings)
    limiter = application.bot.rate_limiter
    assert isinstance(limiter, AIORateLimiter) and limiter._max_retries == 0
    assert isinstance(application.bot_data, BotData) and application.bot_data.settings is settings
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    plain = build_application(Settings(token=TOKEN, rate_limit=False))
    assert plain.bot.rate_limiter is None and plain.bot_data.settings.rate_limit is False
