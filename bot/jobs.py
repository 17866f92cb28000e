"""The JobQueue's work: reminders (due ones sent at once, the others scheduled) and the
daily retention purge with the inbox's pruning. Timed work, apart from the handlers of
updates, sharing their one delivery path."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from telegram.ext import Application

from bot.app_data import BotData, Context
from bot.delivery import deliver
from bot.retention import purge_in_steps

log = logging.getLogger(__name__)


async def schedule_reminders(
    application: Application[Any, Any, Any, Any, Any, Any], chat_id: int | None = None
) -> None:
    """Send reminders already due (e.g. during downtime) now; schedule the others with the
    JobQueue. Called at start for every chat, and after a turn that asked for reminders."""
    data: BotData = application.bot_data
    service = data.service
    now = service.now()
    for row in await service.db(service.store.pending_reminders, chat_id):
        due = dt.datetime.fromisoformat(row["due_at"])
        if due <= now:
            await send_reminder(application.bot, data, row["id"])
        elif application.job_queue is not None:
            name = f"reminder-{row['id']}"
            if not application.job_queue.get_jobs_by_name(name):
                application.job_queue.run_once(reminder_job, when=due, data=row["id"], name=name)


async def send_reminder(bot: Any, data: BotData, reminder_id: int) -> None:
    """Claim (mark sent + store the message) then deliver: never twice, never lost."""
    outgoing = await data.service.claim_reminder(reminder_id)
    if outgoing is not None:  # None: cancelled, erased, or already sent
        await deliver(bot, data, [outgoing])


async def reminder_job(context: Context) -> None:
    """JobQueue callback: one reminder is due."""
    assert context.job is not None and isinstance(context.job.data, int)
    await send_reminder(context.bot, context.bot_data, context.job.data)


async def purge_job(context: Context) -> None:
    """Daily: delete what is older than RETENTION_DAYS, as the privacy notice promises."""
    data = context.bot_data
    cutoff = data.now() - dt.timedelta(days=data.settings.retention_days)
    deleted = await purge_in_steps(data.service, cutoff)
    log.info("retention purge: %d rows older than %s deleted", deleted, cutoff.date())
    data.staff.start_scrub()  # the deleted text out of the search indexes, in the background
    # Handled updates are kept (id and digest only) while Telegram could hand them over again:
    # it keeps an update 24 hours at most. Parked ones (with content) go with the retention.
    recent = dt.datetime.now(dt.UTC) - INBOX_MEMORY
    pruned = await data.service.db(data.service.store.inbox_prune, recent, cutoff)
    log.info("inbox: %d old rows deleted", pruned)


INBOX_MEMORY = dt.timedelta(days=2)
ERASURES_EVERY = 30  # seconds: the retry of what an erasure leaves to do (a notice not sent)
ERASURES_WAKE = 1.0  # seconds: how soon an erasure made by another process is acted on


async def erasures_job(context: Context) -> None:
    """Every ERASURES_EVERY seconds: erasures made by staff in another process (`python -m
    bot.desk erase N`) get what the bot's own get at once: staff told, their notifications
    deleted, the person told (`StaffDesk.erasures`). Two reads of small tables when there is
    nothing to do."""
    await context.bot_data.staff.erasures(context.bot)


async def erasures_wake_job(context: Context) -> None:
    """Every ERASURES_WAKE seconds: has another process written to the database since the
    last look (`Store.data_version`: no table read, the bot's own writes do not count)? Then
    do at once what `erasures_job` would do up to 30 s later: a person erased by staff from
    the command line is told within about a second (it was 26-28 s, benchmarks/
    erasure_notice.py). `context.job.data` keeps the version last seen."""
    assert context.job is not None and isinstance(context.job.data, dict)
    service = context.bot_data.service
    version = await service.db(service.store.data_version)
    seen, context.job.data["version"] = context.job.data.get("version"), version
    if seen is not None and version != seen:
        await context.bot_data.staff.erasures(context.bot)
