"""Entry point: Telegram (polling or webhook) with a token, the terminal chat without one."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from telegram.error import InvalidToken

from bot.lease import Lease, LeaseTaken
from bot.logs import RedactSecrets, configure_logging
from bot.settings import Settings, SettingsError, help_text
from storage import StorageError, Store, integrity_problems
from storage.sqlite import sqlite3

CORRUPT_DATABASE = 5  # exit code: the database file is damaged (restore a backup)
PORT_TAKEN = 6  # exit code: a web server's port is held by another program

__all__ = ["RedactSecrets", "main"]

USAGE = """Le guide de l'appel à projets : un bot Telegram (ou, sans jeton, la même conversation dans le terminal).
Every setting is an environment variable; unset, it takes its default."""


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=USAGE,
        epilog="settings (environment variables):\n" + help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate the settings and the call's data package, then exit (1 if wrong); "
        "starts nothing, creates no file",
    )
    return parser.parse_args(argv)


def warn_about_settings(settings: Settings) -> None:
    """Say at start-up what the configuration leaves undone (the bot still runs)."""
    if not settings.staff_user_ids:
        logging.getLogger("bot").warning(
            "STAFF_USER_IDS is empty: no staff member receives contact requests; the bot "
            "tells people to call their regional contact themselves"
        )


def main(argv: Sequence[str] | None = None) -> int:
    if _arguments(argv).check:
        from bot.check import report

        text, status = report()
        print(text, file=sys.stderr if status else sys.stdout)
        return status
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
    except sqlite3.OperationalError:  # locked by a long write, or cannot open: Store says
        problems = []
    if problems:
        print(
            f"Base de données endommagée : {settings.database_path} ne passe pas la "
            f"vérification d'intégrité de SQLite ({len(problems)} problème(s)). Le bot ne "
            "démarre pas, pour ne rien accepter qu'il ne pourrait pas traiter. Restaurez la "
            "dernière sauvegarde (docs/operations.md, « sauvegarde »).",
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
    from bot.server import PortUnavailable
    from bot.telegram_app import build_application

    application = build_application(settings)
    if not settings.webhook_url:  # the console, /healthz, /metrics on their own ports;
        from bot.console.serve import attach_console, web_ports  # a webhook's server has them

        if web_ports(settings):
            attach_console(application, settings)
    try:
        if settings.webhook_url:  # our ASGI app: 200 only once the update is in the inbox
            from bot.webhook import serve_webhook

            asyncio.run(serve_webhook(application, settings))
        else:  # our poller: an update is confirmed to Telegram as soon as the inbox holds it
            asyncio.run(serve(application, lambda inbox: Poller(application.bot, inbox.add)))
    except PortUnavailable as exc:
        print(
            f"Port déjà utilisé ou interdit : {exc}. Arrêtez le programme qui l'occupe ou "
            "changez PORT, METRICS_PORT ou CONSOLE_PORT.",
            file=sys.stderr,
        )
        return PORT_TAKEN
    return 0


if __name__ == "__main__":
    sys.exit(main())
