"""Which failures go away by themselves: the one decision behind every retry.

A failure is retried because of its kind, never because of a count of rounds: a request
Telegram refuses, a reply that cannot be built or a bug met by one update will fail the same
way every time, so it is dropped at once (the person gets an apology and the question again);
a network error, a timeout, a 5xx, a 429, a 200 whose body is not JSON (a proxy's error page)
or a database busy for a moment are tried again with a growing pause.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from storage.sqlite import sqlite3


def transient(exc: BaseException) -> bool:
    """True when trying again later can succeed."""
    if isinstance(exc, BadRequest):  # a subclass of NetworkError in PTB: tested first
        return False
    if isinstance(exc, RetryAfter | NetworkError | TimeoutError | ConnectionError):
        return True
    if isinstance(exc, sqlite3.OperationalError):  # locked, busy, disk I/O
        return True
    # PTB raises the bare TelegramError for "Invalid server response" (a body not JSON)
    return type(exc) is TelegramError


ROOT = Path(__file__).resolve().parent.parent


def where(exc: BaseException) -> str:
    """Where a failure was raised, as the deepest frame in our own code ("dialogs/sheet.py:88
    in budget"): what a handled failure's log line says beside its kind, so a bug can be found
    without a traceback, and without the exception's message (which can quote what a person
    typed)."""
    place = "?"
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(ROOT) and ".venv" not in path.parts:
            place = f"{path.relative_to(ROOT)}:{frame.lineno} in {frame.name}"
    return place
