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


def test_a_database_from_a_newer_version_is_refused_not_run_on(tmp_path: Path) -> None:
    """Rolling the code back after an upgrade, with the database the newer code migrated: the
    older bot does not know that schema's rules (new columns, triggers) and would write rows
    the newer one misreads. It refuses to start (exit 3), names the unknown migration and says
    what to do, and changes nothing in the file."""
    from storage import Store
    from storage.sqlite import sqlite3

    db = tmp_path / "bot.sqlite3"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("insert into migrations values ('999_from_the_future', '2027-01-01')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_PATH": str(db)},
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3, (proc.returncode, proc.stderr)
    assert "999_from_the_future" in proc.stderr and "plus récente" in proc.stderr
    assert db.read_bytes() == before


def _unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's [Service] settings, each value as systemd passes it on: `%%` is a
    percent sign and `$$` a dollar sign."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value.replace("%%", "%").replace("$$", "$"))
    return settings


def test_the_backup_units_commands_back_up_the_live_database_and_keep_14_days(
    tmp_path: Path,
) -> None:
    """deploy/dsdt-guide-backup.service, run as systemd would (its working directory, its
    environment, ExecStart then ExecStartPost), with /opt/dsdt-guide as this checkout and
    /var/lib under tmp_path: a copy of the database the bot is writing, and a 20-day-old
    backup deleted. The unit the docs gave before (`python -m storage backup` from cron, no
    DATABASE_PATH) could not find `storage` outside the code's directory."""
    import datetime as dt
    import os
    import shlex

    from storage import Store
    from storage.sqlite import sqlite3

    unit = _unit(ROOT / "deploy" / "dsdt-guide-backup.service")
    var = tmp_path / "var-lib"

    def here(text: str) -> str:
        return text.replace("/opt/dsdt-guide", str(ROOT)).replace("/var/lib/", f"{var}/")

    for directory in unit["StateDirectory"][0].split():
        (var / directory).mkdir(parents=True, mode=0o700)
    env = {"PATH": "/usr/bin:/bin"}
    for assignment in unit["Environment"]:
        key, value = here(assignment).split("=", 1)
        env[key] = value
    live = Store(env["DATABASE_PATH"])  # the bot, running
    old = var / "dsdt-guide-backups" / "dsdt-2000-01-01.sqlite3"
    old.write_bytes(b"")
    twenty_days = (dt.datetime.now() - dt.timedelta(days=20)).timestamp()
    os.utime(old, (twenty_days, twenty_days))
    try:
        live.audit("test", "written-before-the-backup", "")
        for key in ("ExecStart", "ExecStartPost"):
            for command in unit[key]:
                done = subprocess.run(
                    shlex.split(here(command)),
                    cwd=here(unit["WorkingDirectory"][0]),
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                )
                assert done.returncode == 0, (command, done.stderr)
    finally:
        live.close()
    made = var / "dsdt-guide-backups" / f"dsdt-{dt.date.today().isoformat()}.sqlite3"
    assert made.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(made)
    assert copy.execute(
        "select count(*) from audit where action = 'written-before-the-backup'"
    ).fetchone() == (1,)
    copy.close()
    assert not old.exists()


def test_a_backup_restored_on_another_path_resumes_the_chat(tmp_path: Path) -> None:
    """docs/operations.md's backup and restore, end to end over HTTP: a backup taken while
    the bot answers, the bot stopped, the copy installed on a fresh machine's path, the bot
    started there: the chat goes on from the step the backup holds (the answer given after
    the backup is not in it, as the docs say), and the logs hold nothing the person typed."""
    import os
    import shutil

    from tests.http_bot import Bot, push, say, tap, turn_done, wait_for

    fake = FakeTelegram()
    with StandIn(fake) as stand_in:
        first = Bot(stand_in, tmp_path / "old" / "dsdt.sqlite3", tmp_path / "old.log")
        fake.db_path = str(first.db)  # type: ignore[attr-defined]
        first.start()
        try:
            say(fake, 71, "/start")
            tap(fake, 71, "accepte")
            tap(fake, 71, "association")
            say(fake, 71, "Wattrelos")
            audience = fake.last_buttons(71)  # the audience question, kept on screen
            backup = tmp_path / "backups" / "dsdt-nightly.sqlite3"
            backup.parent.mkdir()
            made = subprocess.run(
                [sys.executable, "-m", "storage", "--db", str(first.db), "backup", str(backup)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert made.returncode == 0, made.stderr
            tap(fake, 71, "jeunes")  # after the backup: not in it
        finally:
            first.stop()
        fresh = tmp_path / "new-host" / "var-lib"
        fresh.mkdir(parents=True, mode=0o700)
        shutil.copy(backup, fresh / "dsdt.sqlite3")
        os.chmod(fresh / "dsdt.sqlite3", 0o600)
        second = Bot(stand_in, fresh / "dsdt.sqlite3", tmp_path / "new.log")
        fake.db_path = str(second.db)  # type: ignore[attr-defined]
        second.start()
        try:  # the person taps « Tous les publics » on the audience question, still on screen
            data = next(d for text, d in audience if "tous les publics" in text.lower())
            count = len(fake.sent(71))
            update_id = push(fake, lambda: fake.button_update(71, data))
            wait_for(lambda: turn_done(fake, 71, update_id, count), 30, "the restored bot")
            assert "Décrivez votre projet" in fake.sent(71)[-1]["text"]
        finally:
            second.stop()
    logs = (tmp_path / "old.log").read_text() + (tmp_path / "new.log").read_text()
    assert "Wattrelos" not in logs and "Traceback" not in logs
