"""The Telegram adapter's wiring: the PTB Application, its handlers in order, the command
menus, and what starts and stops with it (the database, replies a crash left unsent, jobs).

The handlers are in `bot.handlers`, sending in `bot.delivery`, timed jobs in `bot.jobs`, the
shared holder in `bot.app_data`: each module one job, this one only puts them together.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import re
from typing import Any
from zoneinfo import ZoneInfo

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.aiohttp_request import AiohttpRequest
from bot.app_data import BotData
from bot.commands import COMMANDS, DIALOG_COMMANDS
from bot.delivery import deliver, tell_sorry
from bot.handlers import (
    on_button,
    on_command,
    on_edited,
    on_error,
    on_inline,
    on_other,
    on_staff_button,
    on_staff_command,
    on_text,
    only_private,
)
from bot.inbox import Inbox
from bot.jobs import (
    ERASURES_EVERY,
    ERASURES_WAKE,
    erasures_job,
    erasures_wake_job,
    purge_job,
    schedule_reminders,
)
from bot.service import Conversations
from bot.settings import Settings
from bot.staff import STAFF_COMMANDS, StaffDesk
from bot.staff_notify import PREFIX as STAFF_PREFIX
from dialogs.flow import Guide
from storage import Store

log = logging.getLogger(__name__)


async def post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Open the database, send replies left unsent by a crash, register the commands."""
    data: BotData = application.bot_data
    settings = data.settings
    store = await asyncio.to_thread(Store, settings.database_path)
    data.conversations = Conversations(
        store,
        Guide(
            retention_days=settings.retention_days,
            staff_available=bool(settings.staff_user_ids),
        ),
        clock=data.today,
        staff_covering=settings.staff_covering,
        has_staff=bool(settings.staff_user_ids),
        now=data.now,
    )
    # The call's data, France's 33,000 communes and the indexes built from them live as long
    # as the process: frozen, a full collection of the collector walks what the turns made,
    # not them (it walked about 130,000 objects, 20-100 ms of CPU, on a random turn).
    gc.collect()
    gc.freeze()
    data.staff_desk = StaffDesk(data)
    data.inbox_intake = Inbox(
        application,
        store,
        data.service.db,
        on_parked=lambda chat_id: tell_sorry(application.bot, chat_id, data.conversations),
        metrics=data.metrics,
    )
    if application.job_queue is not None:
        application.job_queue.run_daily(
            purge_job,
            time=dt.time(3, 0, tzinfo=ZoneInfo(data.service.guide.knowledge.region.time_zone)),
            name="purge",
        )
        application.job_queue.run_once(purge_job, when=5, name="purge-at-start")
        application.job_queue.run_repeating(
            erasures_job, interval=ERASURES_EVERY, first=ERASURES_EVERY, name="erasures"
        )
        application.job_queue.run_repeating(
            erasures_wake_job,
            interval=ERASURES_WAKE,
            first=ERASURES_WAKE,
            data={"version": None},
            name="erasures-wake",
        )
    for lang, commands in COMMANDS.items():
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands],
            language_code=None if lang == "fr" else lang,
        )
    pending = await data.service.with_files(await data.service.db(store.unsent))
    if pending:
        log.info("sending %d replies left unsent by the previous run", len(pending))
        await deliver(application.bot, data, pending)
    await data.staff.notify(application.bot)
    await schedule_reminders(application)


async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the database cleanly."""
    gc.unfreeze()  # what post_init froze may be collected again (tests start many bots)
    data: BotData = application.bot_data
    if data.staff_desk is not None:
        await data.staff.stop_scrub()
    if data.conversations is not None:
        await asyncio.to_thread(data.conversations.close)


# PTB's default pool holds 256 connections, and httpcore scans every one (twice over, for
# idle ones) before each request: with 40 chats at once that scan was a fifth of the bot's CPU
# (issue 28). A few kept-alive connections carry Telegram's 30 messages/s with room to spare;
# a send that finds them busy waits its turn (POOL_WAIT) instead of opening another.
CONNECTIONS = 8
POOL_WAIT = 20.0  # seconds; past it the send fails as a timeout and is retried like one


def _bot_data_class(settings: Settings) -> type[BotData]:
    """PTB makes `bot_data` by calling the class it is given, with no argument, and its types
    ask for a class: a lambda worked at run time but was no type. A subclass binds the
    settings instead, so the context's `bot_data` is a BotData to the type checker too."""

    class SettledBotData(BotData):
        def __init__(self) -> None:
            super().__init__(settings)

    return SettledBotData


def build_application(
    settings: Settings, **builder_options: Any
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Wire the Application: handlers, defaults, rate limiter, lifecycle hooks."""
    context_types = ContextTypes(bot_data=_bot_data_class(settings))
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(context_types)
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    builder = builder.updater(None)  # bot.polling / bot.webhook feed the inbox instead
    if settings.api_base_url:
        builder = builder.base_url(f"{settings.api_base_url}/bot").base_file_url(
            f"{settings.api_base_url}/file/bot"
        )
    if builder_options.get("request") is not None:
        builder = builder.request(builder_options["request"]).get_updates_request(
            builder_options.get("get_updates_request") or builder_options["request"]
        )
        return _with_handlers(builder.build())
    if settings.http_client == "aiohttp":  # bot.aiohttp_request says why
        builder = builder.request(
            AiohttpRequest(CONNECTIONS, read_timeout=settings.read_timeout, pool_timeout=POOL_WAIT)
        ).get_updates_request(AiohttpRequest(1))
    else:
        builder = (
            builder.read_timeout(settings.read_timeout)
            .connection_pool_size(CONNECTIONS)
            .pool_timeout(POOL_WAIT)
        )
    if settings.rate_limit:
        # No retries inside the limiter: on a 429 it would pause *every* request. Our
        # sender waits as told in the chat's own worker instead (per-chat backoff).
        # Built here: the limiter changes the builder's type (ExtBot[int], its arguments),
        # so it is the last step of its own chain rather than a reassignment.
        return _with_handlers(builder.rate_limiter(AIORateLimiter(max_retries=0)).build())
    return _with_handlers(builder.build())


def _with_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The handlers, in the order they are tried."""
    application.add_handler(TypeHandler(Update, only_private), group=-1)
    # New messages only: an edited staff command is not run again (an edited /note would be a
    # second note); `on_edited` tells staff to send it again.
    application.add_handler(
        CommandHandler(list(STAFF_COMMANDS), on_staff_command, filters=filters.UpdateType.MESSAGE)
    )
    # Before the dialog's handlers: its command and text handlers would match an edit too.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edited))
    application.add_handler(CommandHandler(list(DIALOG_COMMANDS), on_command))
    application.add_handler(
        CallbackQueryHandler(on_staff_button, pattern=f"^{re.escape(STAFF_PREFIX)}")
    )
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(filters.ALL, on_other))
    application.add_error_handler(on_error)
    return application
