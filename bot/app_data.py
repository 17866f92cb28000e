"""What the handlers share, typed: the settings, the services `post_init` opens, the
metrics and the clock. One holder in PTB's `bot_data`, so no handler looks a service up by a
string key or casts what it gets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from bot.inbox import Inbox
from bot.metrics import Metrics
from bot.service import Conversations, region_day
from bot.settings import Settings
from bot.staff import StaffDesk


class BotData:
    """Typed holder for the services the handlers need (no cast() lookups in bot_data)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.conversations: Conversations | None = None
        self.staff_desk: StaffDesk | None = None
        self.inbox_intake: Inbox | None = None
        self.poller: Any = None  # bot.polling.Poller in polling mode (its counters)
        self.web_app: Any = None  # the Starlette app in webhook mode (others add routes)
        self.metrics = Metrics()  # /metrics; counters only on the hot path
        self.groups_told: set[int] = set()  # groups already asked to write in private
        # Tests inject the day and the time before post_init; production reads the clock, in
        # the region's time zone once the conversations are open (the deadlines' days).
        self.today: Callable[[], dt.date] = self._region_today
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def _region_today(self) -> dt.date:
        if self.conversations is None:
            return dt.date.today()
        zone = self.conversations.guide.knowledge.region.time_zone
        return region_day(zone, dt.datetime.now(dt.UTC))

    @property
    def service(self) -> Conversations:
        assert self.conversations is not None, "post_init has not run"
        return self.conversations

    @property
    def inbox(self) -> Inbox:
        assert self.inbox_intake is not None, "post_init has not run"
        return self.inbox_intake

    @property
    def staff(self) -> StaffDesk:
        assert self.staff_desk is not None, "post_init has not run"
        return self.staff_desk


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
