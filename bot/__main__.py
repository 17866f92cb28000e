"""Entry point: Telegram (polling or webhook) with a token, the terminal chat without one."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import sys
import traceback
from types import TracebackType

from telegram.error import InvalidToken

from bot.lease import Lease, LeaseTaken
from bot.settings import Settings, SettingsError
from storage import StorageError, Store, integrity_problems

CORRUPT_DATABASE = 5  # exit code: the database file is damaged (restore a backup)


class RedactSecrets(logging.Filter):
    """Remove bot tokens from every log line (httpx logs request URLs that contain them)."""

    _TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "[secret]")
        record.msg, record.args = self._TOKEN.sub("[token]", message), None
        return True


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class WithoutContent(logging.Formatter):
    """Tracebacks show where an error happened, never its message: an exception's text can
    quote what a person typed (a value that failed to parse, an update PTB choked on)."""

    def formatException(self, ei: ExcInfo) -> str:
        error = ei[1]
        parts: list[str] = []
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            frames = traceback.extract_tb(error.__traceback__)
            parts.append(
                "Traceback (most recent call last; message withheld):\n"
                + "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n' for f in frames)
                + f"{type(error).__module__}.{type(error).__qualname__}"
            )
            error = error.__cause__ or error.__context__
        return "\n\nwhich was raised while handling:\n".join(parts)


# Libraries whose DEBUG lines carry request bodies (what people typed, our replies): never
# below INFO, whatever LOG_LEVEL says. httpx's INFO lines carry the token URL: WARNING.
QUIET = {"telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets(settings.token, settings.webhook_secret))
    handler.setFormatter(WithoutContent("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    level = logging.getLevelName(settings.log_level)
    logging.basicConfig(level=level, handlers=[handler])
    for name, floor in QUIET.items():
        logging.getLogger(name).setLevel(max(floor, level))
    # With max_retries=0 the rate limiter logs every 429 as an error with a traceback; the
    # sender handles 429s (waits in the chat's own queue) and logs them itself.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    # PTB logs a body that is not JSON (a proxy's page) whole, with a traceback; our sender
    # logs each failed send by its kind and retries it (bot/failures.py).
    logging.getLogger("telegram.request").setLevel(logging.CRITICAL)


def warn_about_settings(settings: Settings) -> None:
    """Say at start-up what the configuration leaves undone (the bot still runs)."""
    if not settings.staff_user_ids:
        logging.getLogger("bot").warning(
            "STAFF_USER_IDS is empty: no staff member receives contact requests; the bot "
            "tells people to call their regional contact themselves"
        )


def main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Configuration invalide : {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    warn_about_settings(settings)
    lease = Lease(settings.database_path)
    try:
        if settings.database_path != ":memory:":
            lease.acquire(wait=settings.lease_wait)
    except LeaseTaken:
        print(
            f"Une autre instance du bot utilise déjà {settings.database_path} "
            f"(verrou {lease.path}) : arrêtez-la d'abord. Deux instances enverraient "
            "chaque réponse deux fois.",
            file=sys.stderr,
        )
        return 4
    except OSError as exc:
        print(f"Base de données inutilisable : {exc}", file=sys.stderr)
        return 3
    try:
        problems = integrity_problems(settings.database_path)
    except sqlite3.Error as exc:  # locked by a long write: quick_check waited 30 s
        problems = [] if isinstance(exc, sqlite3.OperationalError) else [type(exc).__name__]
    if problems:
        print(
            f"Base de données endommagée : {settings.database_path} ne passe pas la "
            f"vérification d'intégrité de SQLite ({len(problems)} problème(s)). Le bot ne "
            "démarre pas, pour ne rien accepter qu'il ne pourrait pas traiter. Restaurez la "
            "dernière sauvegarde (voir le README, « Sauvegarde et restauration »).",
            file=sys.stderr,
        )
        lease.release()
        return CORRUPT_DATABASE
    try:
        Store(settings.database_path).close()  # a locked or read-only file: say so now
        if not settings.token:
            return run_terminal(settings)
        return run_telegram(settings)
    except StorageError as exc:
        print(f"Base de données inutilisable : {exc}", file=sys.stderr)
        return 3
    except InvalidToken:
        print("Jeton Telegram refusé : vérifiez TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 2
    finally:
        lease.release()


def run_terminal(settings: Settings) -> int:
    from bot.service import Conversations
    from bot.terminal import chat
    from dialogs.flow import Guide
    from storage import Store

    logging.getLogger().setLevel(logging.WARNING)
    service = Conversations(
        Store(settings.database_path),
        Guide(
            retention_days=settings.retention_days,
            staff_available=bool(settings.staff_user_ids),
        ),
    )
    try:
        asyncio.run(chat(service))
    except KeyboardInterrupt:
        pass
    finally:
        service.close()
    return 0


def run_telegram(settings: Settings) -> int:
    from bot.polling import Poller, serve
    from bot.telegram_app import build_application

    application = build_application(settings)
    if settings.console_url and not settings.webhook_url:  # the console on its own port;
        from bot.console.serve import attach_console  # with a webhook it is mounted there

        attach_console(application, settings)
    if settings.webhook_url:  # our ASGI app: 200 only once the update is in the inbox
        from bot.webhook import serve_webhook

        asyncio.run(serve_webhook(application, settings))
    else:  # our poller: an update is confirmed to Telegram as soon as the inbox holds it
        asyncio.run(serve(application, lambda inbox: Poller(application.bot, inbox.add)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
