"""Entry point: Telegram (polling or webhook) with a token, the terminal chat without one."""

from __future__ import annotations

import asyncio
import logging
import re
import sys

from telegram.error import InvalidToken

from bot.settings import Settings, SettingsError
from storage import StorageError, Store


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


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets(settings.token, settings.webhook_secret))
    logging.basicConfig(
        level=logging.INFO,
        handlers=[handler],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token URL


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
    from telegram import Update

    from bot.polling import Poller, serve
    from bot.telegram_app import build_application

    application = build_application(settings)
    if settings.console_url:  # the staff console, served by this same process
        from bot.console.serve import attach_console

        attach_console(application, settings)
    if settings.webhook_url:
        application.run_webhook(
            listen=settings.listen,
            port=settings.port,
            url_path="telegram",
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:  # our poller: an update is confirmed to Telegram only once it is handled
        asyncio.run(serve(application, Poller(application)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
