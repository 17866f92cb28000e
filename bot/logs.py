"""Logging for the bot: redacted text lines, or one JSON object per line (LOG_FORMAT=json).

Both formats share the same two guards: `RedactSecrets` (a filter on the handler: the token
and the webhook secret never leave the process) and `WithoutContent` (tracebacks say where an
error happened, never its message, which can quote what a person typed).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import traceback
from types import TracebackType

from bot.settings import Settings


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


class JsonLines(WithoutContent):
    """One JSON object per line, for a log collector: time (UTC, ISO 8601), level, logger,
    message and, for an error, `error` (its type) and `traceback` (frames only, as above).
    The message is the one `RedactSecrets` already cleaned."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            entry["error"] = f"{type(error).__module__}.{type(error).__qualname__}"
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# Libraries whose DEBUG lines carry request bodies (what people typed, our replies): never
# below INFO, whatever LOG_LEVEL says. httpx's INFO lines carry the token URL: WARNING.
# APScheduler's executor says « Running job » and « executed successfully » at INFO for every
# run: two lines a second for the one-second look at erasures made elsewhere
# (`bot.jobs.erasures_wake_job`). Its warnings (a run missed, a job that failed) stay.
QUIET = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "aiohttp": logging.WARNING,  # the requests' client (bot.aiohttp_request), as httpx
    "apscheduler.executors": logging.WARNING,
}


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactSecrets(settings.token, settings.webhook_secret))
    handler.setFormatter(
        JsonLines()
        if settings.log_format == "json"
        else WithoutContent("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
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
