"""What the webhook's server and the console's own server share: a uvicorn server that leaves
the signals to the bot, and the bot's clock for the console. Neither server module imports the
other: both import this one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import uvicorn


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: it would re-raise SIGINT once stopped, before
    the inbox and the Application are shut down. The bot's loop owns SIGINT/SIGTERM (here, and
    for the console's own server in polling mode)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def install_signal_handlers(self) -> None:  # older uvicorn
        return None


def now_of(app: Any) -> Any:
    """The bot's clock (tests set it), read each time: the console's `now`."""
    return lambda: app.bot_data.now()
