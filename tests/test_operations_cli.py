"""The commands an IT team runs: `python -m bot --help` and `--check` (which start nothing and
create no file), and `python -m storage backup` while conversations write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from bot.settings import VARIABLES
from knowledge.loader import DATA_DIR
from storage import Store
from storage.sqlite import sqlite3
from tests.console_fixtures import add_lead
from tests.fake_telegram import TOKEN

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return done.returncode, done.stdout + done.stderr


def test_help_lists_every_setting_with_its_default_and_starts_nothing(tmp_path: Path) -> None:
    status, out = run(["-m", "bot", "--help"], tmp_path)
    assert status == 0, out
    assert "--check" in out
    for variable in VARIABLES:
        default = variable.default or "unset"
        assert f"{variable.name} (default: {default})" in out, variable.name
    assert list(tmp_path.iterdir()) == []  # no database, no lock, no documents folder


def test_check_passes_on_good_settings_and_creates_nothing(tmp_path: Path) -> None:
    status, out = run(
        ["-m", "bot", "--check"],
        tmp_path,
        {"TELEGRAM_BOT_TOKEN": TOKEN, "STAFF_USER_IDS": "1", "DATABASE_PATH": "data/db.sqlite3"},
    )
    assert status == 0 and "error" not in out, out
    assert list(tmp_path.iterdir()) == []


def test_check_names_what_is_wrong_and_exits_non_zero(tmp_path: Path) -> None:
    package = tmp_path / "call"
    shutil.copytree(DATA_DIR, package)
    fiches = package / "fiches.toml"
    fiches.write_text(fiches.read_text("utf-8").replace("[[fiches]]", "[[fiches]\n", 1), "utf-8")
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("pas une base")
    before = sorted(tmp_path.rglob("*"))
    status, out = run(
        ["-m", "bot", "--check"],
        tmp_path,
        {
            "TELEGRAM_BOT_TOKEN": "not-a-token",
            "KNOWLEDGE_DIR": str(package),
            "DATABASE_PATH": str(not_sqlite),
            "WEBHOOK_URL": "http://bot.example.org/telegram",
            "WEBHOOK_SECRET": "s",
        },
    )
    assert status == 1, out
    assert "TELEGRAM_BOT_TOKEN ne ressemble pas" in out
    assert f"{fiches}:" in out and "TOML invalide" in out
    assert "n'est pas une base SQLite" in out
    assert "WEBHOOK_URL doit commencer par https://" in out
    assert sorted(tmp_path.rglob("*")) == before

    status, out = run(["-m", "bot", "--check"], tmp_path, {"WEBHOOK_URL": "https://x.org/t"})
    assert status == 1 and "WEBHOOK_SECRET est requis" in out, out


def test_check_says_when_a_bot_already_holds_the_database(tmp_path: Path) -> None:
    from bot.lease import Lease

    db = tmp_path / "db.sqlite3"
    Store(db).close()
    lease = Lease(str(db))
    lease.acquire()
    try:
        status, out = run(["-m", "bot", "--check"], tmp_path, {"DATABASE_PATH": str(db)})
    finally:
        lease.release()
    assert status == 0 and "un bot utilise déjà" in out, out


def _turn(store: Store, chat: int, update: int) -> None:
    """One conversation turn as the bot stores it: one message in, two replies out."""
    store.record_turn(
        chat_id=chat,
        user_id=chat,
        update_id=update,
        first_name="",
        kind="text",
        text=f"message {update}",
        step_before="place",
        state_json="{}",
        step_after="audience",
        language="fr",
        replies=[("Réponse 1", [], 1), ("Réponse 2", [], 1)],
        consent_now=update == 1,
        notice_version="1",
        lead={"conversation": 1} if update % 10 == 0 else None,
    )


def test_backup_while_conversations_write_is_consistent_and_private(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    store = Store(db)
    for update in range(1, 200):
        _turn(store, 1, update)
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def write() -> None:
        update = 1000
        try:
            while not stop.is_set():
                _turn(store, 2 + update % 7, update)
                written.append(update)
                update += 1
        except BaseException as exc:  # a backup must never make a turn fail
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copies = []
        for n in range(3):
            before = len(written)
            target = tmp_path / f"copy{n}.sqlite3"
            status, out = run(["-m", "storage", "--db", str(db), "backup", str(target)], tmp_path)
            assert status == 0, out
            copies.append((target, before, len(written)))
    finally:
        stop.set()
        writer.join()
        store.close()
    assert not errors, errors
    assert len(written) > copies[-1][1]  # the writer went on during the backups
    for target, before, after in copies:
        assert target.stat().st_mode & 0o777 == 0o600
        copy = sqlite3.connect(target)
        try:
            assert copy.execute("pragma integrity_check").fetchone() == ("ok",)
            (incoming,) = copy.execute("select count(*) from messages where direction = 'in'")
            (outgoing,) = copy.execute("select count(*) from messages where direction = 'out'")
            # whole turns only: a copy taken mid-turn would hold an odd number of replies
            assert outgoing[0] == 2 * incoming[0]
            assert 199 + before <= incoming[0] <= 199 + after
            journal = copy.execute("pragma journal_mode").fetchone()[0]
            assert journal == "delete"  # one self-contained file
        finally:
            copy.close()
    assert not list(tmp_path.glob(".*partial"))


def test_backup_of_a_missing_database_fails_clearly(tmp_path: Path) -> None:
    status, out = run(["-m", "storage", "--db", "absent.sqlite3", "backup", "x.sqlite3"], tmp_path)
    assert status == 3 and "base introuvable" in out
    assert list(tmp_path.iterdir()) == []


def _chats(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {
            int(chat)
            for table in ("users", "messages", "conversations")
            for (chat,) in conn.execute(f"select distinct chat_id from {table}")
        }
    finally:
        conn.close()


def _three_backed_up(tmp_path: Path) -> Path:
    """A live database with three people (chats 1, 2, 3), backed up to backup.sqlite3."""
    live = tmp_path / "dsdt.sqlite3"
    store = Store(live)
    for chat in (1, 2, 3):
        add_lead(store, chat)
    store.close()
    status, out = run(["-m", "storage", "--db", str(live), "backup", "backup.sqlite3"], tmp_path)
    assert status == 0, out
    return live


def _restore(tmp_path: Path, live: Path, backup: Path) -> Path:
    """docs/operations.md's restore: the live file (and its WAL) kept aside, the backup in."""
    kept = tmp_path / "dsdt.sqlite3.before-restore"
    live.rename(kept)
    for suffix in ("-wal", "-shm"):
        if Path(f"{live}{suffix}").exists():
            Path(f"{live}{suffix}").rename(f"{kept}{suffix}")
    shutil.copy(backup, live)
    return kept


def test_after_a_restore_erasures_made_since_the_backup_are_made_again(tmp_path: Path) -> None:
    """The restore procedure said erasures made after the backup « should be done again from
    the audit table », which records that an erasure happened and nothing about whom: a
    restore brought back the people who had used /effacer since. `python -m storage
    forget-gone KEPT` reads the file kept aside at the restore and erases from the restored
    database everyone it no longer holds (erased, or purged by the retention period)."""
    live = _three_backed_up(tmp_path)
    store = Store(live)
    store.erase_person(2, 2)  # /effacer after the backup
    add_lead(store, 4)  # a newcomer after the backup
    store.close()
    kept = _restore(tmp_path, live, tmp_path / "backup.sqlite3")  # as docs/operations.md says
    assert _chats(live) == {1, 2, 3}
    status, out = run(["-m", "storage", "--db", str(live), "forget-gone", str(kept)], tmp_path)
    assert status == 0 and "1 " in out, out
    assert _chats(live) == {1, 2, 3}, "without --apply: only counted"
    args = ["-m", "storage", "--db", str(live), "forget-gone", str(kept), "--apply"]
    status, out = run(args, tmp_path)
    assert status == 0, out
    assert _chats(live) == {1, 3}
    # a kept file that cannot be read, or holds nobody, erases nothing
    empty = tmp_path / "empty.sqlite3"
    Store(empty).close()
    status, out = run(
        ["-m", "storage", "--db", str(live), "forget-gone", str(empty), "--apply"], tmp_path
    )
    assert status == 3 and _chats(live) == {1, 3}, out
    status, out = run(
        ["-m", "storage", "--db", str(live), "forget-gone", "nothing.sqlite3"], tmp_path
    )
    assert status == 3 and _chats(live) == {1, 3}, out


def test_forget_gone_finds_who_erased_and_started_again(tmp_path: Path) -> None:
    """forget-gone looked for people the kept file no longer held at all: someone who erased
    and then started a new conversation is in the kept file again (new rows, same chat), so
    the rows they had erased came back with the backup and stayed. A person's latest row in
    the backup that the kept file no longer has (its message, by id, update and time; or a
    users row created anew) means everything the backup holds of them was erased since. The
    one whose message ids were reused by the new start (the newest rows, erased) is found too;
    someone who only went on talking is not."""
    live = _three_backed_up(tmp_path)
    store = Store(live)
    add_lead(store, 1, said="on continue", conversation=2)  # went on: kept
    for chat in (3, 2):  # 3's rows were the newest: its new ones take the same message ids
        store.erase_person(chat, chat)
        add_lead(store, chat, said="je recommence", first_name="Zoé")
    store.close()
    kept = _restore(tmp_path, live, tmp_path / "backup.sqlite3")
    status, out = run(["-m", "storage", "--db", str(live), "forget-gone", str(kept)], tmp_path)
    assert status == 0 and out.startswith("2 "), out
    status, out = run(
        ["-m", "storage", "--db", str(live), "forget-gone", str(kept), "--apply"], tmp_path
    )
    assert status == 0, out
    assert _chats(live) == {1}


def test_check_warns_of_a_console_in_plain_http_on_a_public_host(tmp_path: Path) -> None:
    """`CONSOLE_URL=http://console.example.org` passed `--check` without a word, though its
    session cookies then travel in clear (they are `Secure` only under https); http:// stays
    fine for a console tried on the machine itself."""
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "STAFF_USER_IDS": "1", "CONSOLE_SECRET": "s" * 32}
    status, out = run(
        ["-m", "bot", "--check"], tmp_path, {**base, "CONSOLE_URL": "http://console.example.org"}
    )
    assert status == 0 and "warning: CONSOLE_URL" in out and "https://" in out, out
    for local in ("http://127.0.0.1:8081", "http://localhost:8081"):
        status, out = run(["-m", "bot", "--check"], tmp_path, {**base, "CONSOLE_URL": local})
        assert status == 0 and "CONSOLE_URL" not in out, out
