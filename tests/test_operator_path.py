"""The operator's path, from outside: what a council's IT team meets when it starts, watches,
moves and restores the bot as docs/deployment.md and docs/operations.md write it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_telegram import TOKEN, FakeTelegram, StandIn

ROOT = Path(__file__).resolve().parent.parent


def _taken_port() -> socket.socket:
    """A port another program already listens on (kept open by the caller)."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_web_port_already_taken_is_said_with_its_own_exit_code(
    tmp_path: Path, mode: str
) -> None:
    """uvicorn exits with 3 on a port it cannot bind, which is our « database unusable » code,
    and writes its own line outside our logs: the operator must read the port instead, in the
    log format they chose, with an exit code of its own."""
    holder = _taken_port()
    port = str(holder.getsockname()[1])
    try:
        with StandIn(FakeTelegram()) as stand_in:
            env = {
                "PATH": "/usr/bin:/bin",
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": stand_in.url,
                "TELEGRAM_RATE_LIMIT": "off",
                "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
                "LISTEN": "127.0.0.1",
                "LOG_FORMAT": "json",
            }
            if mode == "polling":
                env["METRICS_PORT"] = port
            else:
                env |= {
                    "WEBHOOK_URL": "https://bot.example.org/telegram",
                    "WEBHOOK_SECRET": "s3cret-s3cret",
                    "PORT": port,
                }
            proc = subprocess.run(
                [sys.executable, "-m", "bot"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=90,
            )
    finally:
        holder.close()
    assert proc.returncode == 6, (proc.returncode, proc.stderr[-2000:])
    last = proc.stderr.strip().splitlines()[-1]
    assert port in last and "déjà utilisé" in last, last
    logged = [line for line in proc.stderr.splitlines()[:-1] if line.strip()]
    for line in logged:  # every log line in the chosen format, uvicorn's included
        json.loads(line)
    assert "Traceback" not in proc.stderr
