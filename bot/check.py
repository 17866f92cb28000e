"""`python -m bot --check`: say what is wrong with the settings and the data package before
a deployment does, without starting anything or creating any file.

Each finding is one line, `error:` (the bot would refuse to start, or would misbehave) or
`warning:` (it starts, with something left undone); the exit status is 1 if there is an error.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from bot.settings import Settings, SettingsError

TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{20,}$")
SQLITE_MAGIC = b"SQLite format 3\x00"


def findings(env: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(level, message) pairs, level "error" or "warning"; empty when all is well."""
    try:
        settings = Settings.from_env(dict(os.environ if env is None else env))
    except SettingsError as exc:
        return [("error", str(exc)), *_package(os.environ.get("KNOWLEDGE_DIR", "").strip())]
    return [*_settings(settings), *_package(settings.knowledge_dir), *_database(settings)]


def _settings(settings: Settings) -> Iterator[tuple[str, str]]:
    if settings.token and not TOKEN.match(settings.token):
        yield "error", "TELEGRAM_BOT_TOKEN ne ressemble pas à un jeton (123456:ABC…)"
    if not settings.token:
        yield "warning", "TELEGRAM_BOT_TOKEN absent : le bot tournera dans le terminal"
    if (
        settings.webhook_url
        and not settings.webhook_url.startswith("https://")
        and not settings.api_base_url
    ):
        yield "error", "WEBHOOK_URL doit commencer par https:// (Telegram l'exige)"
    if not settings.staff_user_ids:
        yield "warning", "STAFF_USER_IDS vide : aucune demande de rappel ne sera transmise"
    if settings.console_url and not settings.console_secret:
        yield "warning", "CONSOLE_SECRET absent : chaque redémarrage fermera les sessions"
    if settings.console_url.startswith("http://") and urlsplit(
        settings.console_url
    ).hostname not in ("localhost", "127.0.0.1", "::1"):
        yield (
            "warning",
            (
                "CONSOLE_URL en http:// : les sessions des agents passeraient en clair ; "
                "mettez la console derrière https:// (Caddy, nginx)"
            ),
        )
    if settings.console_url and not settings.staff_user_ids:
        yield "warning", "CONSOLE_URL sans STAFF_USER_IDS : personne ne pourra se connecter"
    ports = [settings.port, settings.console_port, settings.metrics_port or 1]
    for name, port in zip(("PORT", "CONSOLE_PORT", "METRICS_PORT"), ports, strict=True):
        if not 0 < port < 65536:
            yield "error", f"{name} hors des ports possibles (1-65535) : {port}"
    if settings.retention_days < 1:
        yield "error", f"RETENTION_DAYS doit être positif (got {settings.retention_days})"


def _package(directory: str) -> Iterator[tuple[str, str]]:
    from knowledge.loader import DATA_DIR
    from knowledge.validate import validate

    path = Path(directory) if directory else DATA_DIR
    if not path.is_dir():
        yield "error", f"KNOWLEDGE_DIR : {path} n'est pas un dossier"
        return
    for problem in validate(path):
        yield "error", f"{problem.path}:{problem.line}: {problem.message}"


def _database(settings: Settings) -> Iterator[tuple[str, str]]:
    """What opening the database would hit, found without opening it (no -wal, no -shm,
    no lock file is created)."""
    path = Path(settings.database_path)
    if settings.database_path == ":memory:":
        return
    if path.exists():
        if not path.is_file():
            yield "error", f"DATABASE_PATH : {path} n'est pas un fichier"
            return
        if not os.access(path, os.R_OK | os.W_OK):
            yield "error", f"DATABASE_PATH : {path} n'est pas lisible et modifiable"
            return
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            yield "error", f"DATABASE_PATH : {path} n'est pas une base SQLite"
        if _held(Path(f"{path}.lock")):
            yield "warning", f"un bot utilise déjà {path} : un second refuserait de démarrer"
        return
    parent = path.absolute().parent
    while not parent.exists():  # the bot creates missing directories: the first that exists
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        yield "error", f"DATABASE_PATH : impossible de créer {path} ({parent} non modifiable)"


def _held(lock: Path) -> bool:
    """Whether a running bot holds the database's lease (the lock file is never created)."""
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock we may just have taken
    return False


def report(env: Mapping[str, str] | None = None) -> tuple[str, int]:
    """The text to print and the exit status."""
    found = findings(env)
    if not found:
        return "OK : réglages et données valides", 0
    text = "\n".join(f"{level}: {message}" for level, message in found)
    return text, 1 if any(level == "error" for level, _ in found) else 0
