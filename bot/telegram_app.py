"""The Telegram adapter: PTB Application wiring and thin handlers around the service.

Handlers turn an Update into an Event, call the service (which stores the turn first), then
send the replies and mark each as sent. Everything user-facing comes from `dialogs`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any
from zoneinfo import ZoneInfo

from telegram import (
    BotCommand,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.failures import transient, where
from bot.inbox import Inbox, current_turn
from bot.metrics import Metrics
from bot.retention import purge_in_steps
from bot.sending import acknowledge, send_text
from bot.service import Conversations, Incoming
from bot.settings import Settings
from bot.staff import PREFIX as STAFF_PREFIX
from bot.staff import STAFF_COMMANDS, StaffDesk, is_staff
from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.render import sourced
from knowledge.i18n import gettext_for
from storage import Outgoing, Store

log = logging.getLogger(__name__)

COMMANDS = {
    "fr": [
        ("start", "Commencer"),
        ("aide", "Aide"),
        ("retour", "Revenir en arrière"),
        ("recommencer", "Tout reprendre"),
        ("langue", "Français / English"),
        ("question", "Poser une question"),
        ("fiche", "Ma fiche synthétique"),
        ("rappels", "Mes rappels"),
        ("mesdonnees", "Mes données"),
        ("effacer", "Effacer mes données"),
    ],
    "en": [
        ("start", "Start"),
        ("help", "Help"),
        ("back", "Go back"),
        ("restart", "Start over"),
        ("language", "Français / English"),
        ("ask", "Ask a question"),
        ("sheet", "My summary sheet"),
        ("reminders", "My reminders"),
        ("mydata", "My data"),
        ("forget", "Erase my data"),
    ],
}
DIALOG_COMMANDS = (
    "start",
    "aide",
    "help",
    "retour",
    "back",
    "recommencer",
    "restart",
    "langue",
    "language",
    "question",
    "ask",
    "fiche",
    "sheet",
)


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
        # Tests inject the day and the time before post_init; production reads the clock.
        self.today: Callable[[], dt.date] = dt.date.today
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

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


SEND_ATTEMPTS = 6
SEND_BACKOFF = 0.25  # seconds before the 2nd try, doubling (0.25 … 4 s, about 8 s in all)


async def _send_with_retries(
    send: Callable[[], Awaitable[Any]], failed: Callable[[str], None] = lambda kind: None
) -> None:
    """Telegram asks us to wait (429) or hiccups (5xx, timeouts, a body that is not JSON):
    wait as told, or back off, and try again; after SEND_ATTEMPTS the last error is raised; a
    lasting failure (bot/failures.py) is raised at once. This runs in the chat's own inbox
    worker: the wait holds that chat only, never the others. (A send that times out may have
    been delivered: the person then sees it twice; see docs/delivery.md.)"""

    async def counted() -> None:
        try:
            await send()
        except TelegramError as exc:
            failed(type(exc).__name__)  # every failed attempt, by kind (for /metrics)
            raise

    for attempt in range(SEND_ATTEMPTS):
        try:
            await counted()
            return
        except RetryAfter as exc:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            delay = exc.retry_after
            wait = min(
                delay.total_seconds() if isinstance(delay, dt.timedelta) else float(delay), 60.0
            )
            log.info("send refused (429): this chat waits %.0f s", wait)
            await asyncio.sleep(wait)
        except TelegramError as exc:
            if not transient(exc) or attempt == SEND_ATTEMPTS - 1:
                raise
            log.info("send failed (%s), retrying", type(exc).__name__)
            await asyncio.sleep(SEND_BACKOFF * 2**attempt)
    raise NetworkError("gave up after repeated Telegram errors")


async def _deliver(bot: Any, data: BotData, replies: list[Outgoing]) -> None:
    """Send stored replies in order, marking each sent; never raises, so one message never
    stops the bot. A transient failure (429, 5xx, timeouts, a body that is not JSON) still
    there after the retries: the reply and the chat's later ones stay unsent, in order, for
    the chat's next message or the next start. A lasting one (Telegram refuses the request):
    the reply is dropped at once and the person gets a short apology with the current
    question again, so nothing blocks the chat. A blocked person is skipped. Log lines name
    ids and the error's kind, nothing the person wrote. The one delivery path: turns,
    replies left unsent by a crash, reminders."""
    service = data.service
    delivered: list[Outgoing] = []
    apologise: set[int] = set()
    held: set[int] = set()  # chats whose replies wait for later (keep their order)
    for reply in replies:
        if reply.chat_id in held:
            continue

        async def send(reply: Outgoing = reply) -> None:
            if reply.document is not None:
                await bot.send_document(
                    chat_id=reply.chat_id,
                    caption=reply.text,
                    document=InputFile(reply.document, filename=reply.filename),
                )
            else:
                await send_text(bot, reply.chat_id, reply.text, reply.buttons, reply.columns)

        try:
            await _send_with_retries(send, data.metrics.send_failed)
        except Forbidden:
            log.warning("reply %s skipped: the person blocked the bot", reply.id)
        except Exception as exc:
            if transient(exc):
                log.warning(
                    "reply %s not sent (%s): kept, with what follows, for later",
                    reply.id,
                    type(exc).__name__,
                )
                held.add(reply.chat_id)
                continue
            await service.dropped(reply, type(exc).__name__)
            apologise.add(reply.chat_id)
            continue
        delivered.append(reply)
    turn = current_turn()
    if turn is not None:  # marked sent with the inbox row, in one transaction (issue 28)
        turn.sent += [r.id for r in delivered if r.id]
    else:
        await service.sent(*delivered)
    for chat_id in apologise - held:
        await _apologise(bot, service, chat_id)


async def _apologise(bot: Any, service: Conversations, chat_id: int) -> None:
    """The apology and the current question, sent once (never retried into a loop)."""
    for reply in await service.apology_for(chat_id):
        try:
            await _send_with_retries(
                lambda r=reply: send_text(bot, r.chat_id, r.text, r.buttons, r.columns)
            )
        except Exception as exc:
            log.warning("chat %s: the apology was not sent (%s)", chat_id, type(exc).__name__)
            return


async def _run(update: Update, context: Context, event: Event) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return
    turn = current_turn()
    incoming = Incoming(
        chat.id,
        user.id,
        update.update_id,
        user.first_name or "",
        event,
        user.language_code or "",
        turn=turn.row if turn is not None else None,
    )
    service = context.bot_data.service
    # With the chat's earlier unsent replies first, unless this is an escape command.
    turned = await service.turn(incoming)
    replies = turned.replies
    await _deliver(context.bot, context.bot_data, replies)
    if turned.notify_staff:
        await context.bot_data.staff.notify(context.bot)
    if turned.reminders_changed:
        await schedule_reminders(context.application, chat.id)


async def only_private(update: Update, context: Context) -> None:
    """Runs before every other handler. The guide is a one-to-one conversation that collects
    personal data: in a group it answers once, politely, "write to me in private", stores
    nothing and runs nothing else (so /mesdonnees and /effacer show or erase nothing there).
    Channel posts and membership changes are ignored silently."""
    chat = update.effective_chat
    if chat is None or chat.type == "private":
        return
    if (update.message or update.callback_query) and chat.id not in context.bot_data.groups_told:
        context.bot_data.groups_told.add(chat.id)
        user = update.effective_user
        lang = "en" if user and (user.language_code or "").startswith("en") else "fr"
        _ = gettext_for(lang).gettext
        name = f"@{context.bot.username}" if context.bot.username else ""
        try:
            await context.bot.send_message(
                chat.id,
                _(
                    "Bonjour ! Je ne réponds qu'en conversation privée, pour protéger vos "
                    "informations : écrivez-moi en privé {bot}."
                ).format(bot=name),
            )
        except TelegramError as exc:
            log.info("could not answer in a group (%s)", type(exc).__name__)
    raise ApplicationHandlerStop


async def on_command(update: Update, context: Context) -> None:
    """Pass a dialog command (/start, /aide, /retour…) to the conversation."""
    message = update.effective_message
    if update.effective_user and context.bot_data.staff_desk is not None:
        context.bot_data.staff.pending_notes.pop(update.effective_user.id, None)
    text = message.text if message and message.text else "/start"
    await _run(update, context, Event.command(text.split()[0]))


async def on_text(update: Update, context: Context) -> None:
    """Pass typed text to the conversation (unless a staff member is writing a note)."""
    message = update.effective_message
    if is_staff(update, context.bot_data) and await context.bot_data.staff.pending_note(
        update, context
    ):
        return
    await _run(update, context, Event.text(message.text if message and message.text else ""))


async def on_edited(update: Update, context: Context) -> None:
    """An edit of an earlier message: the dialog says how to change an answer instead of
    reading the new text as the answer to the current question."""
    message = update.effective_message
    await _run(update, context, Event.edited(message.text or "" if message else ""))


async def on_other(update: Update, context: Context) -> None:
    """Photos, stickers, voice notes, unknown commands: the dialog answers kindly."""
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        await _run(update, context, Event.command(message.text.split()[0]))
        return
    await _run(update, context, Event.other("media"))


async def on_staff_command(update: Update, context: Context) -> None:
    """Staff commands for allow-listed ids in private; for anyone else, an unknown command."""
    if is_staff(update, context.bot_data):
        await context.bot_data.staff.command(update, context)
    else:
        await on_other(update, context)


async def on_staff_button(update: Update, context: Context) -> None:
    """Staff buttons for allow-listed ids; for anyone else, the dialog's stale-button reply."""
    if is_staff(update, context.bot_data):
        await context.bot_data.staff.button(update, context)
    else:
        await on_button(update, context)


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
        await _deliver(bot, data, [outgoing])


async def reminder_job(context: Context) -> None:
    """JobQueue callback: one reminder is due."""
    assert context.job is not None
    await send_reminder(context.bot, context.bot_data, int(context.job.data))  # type: ignore[arg-type]


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


async def on_button(update: Update, context: Context) -> None:
    """Acknowledge a button tap, then pass its data to the conversation."""
    query = update.callback_query
    if query is None:
        return
    # Too old to answer, a network hiccup, a 429, a proxy's page: the spinner is cosmetic and
    # the dialog still replies, so its failure never fails (and retries) the whole turn.
    try:
        await acknowledge(context.bot, context.bot_data.settings, query.id)
    except TelegramError as exc:
        log.info("update %s: button not acknowledged (%s)", update.update_id, type(exc).__name__)
    await _run(update, context, Event.choice(query.data or ""))


INLINE_DEFAULT = ("what", "floor", "deadlines", "contact", "fiches")


async def on_inline(update: Update, context: Context) -> None:
    """`@bot plancher` in any chat: matching answers to share, each with its source.
    Nothing is stored: an inline query belongs to no conversation."""
    query = update.inline_query
    if query is None:
        return
    faq = context.bot_data.service.guide.faq
    today = context.bot_data.service.clock()
    text = query.query.strip()[:200]
    lang = "en" if (query.from_user.language_code or "").startswith("en") else "fr"
    if text:
        answer = faq.ask(text, today)
        lang = answer.lang
        ids = ([answer.entry.id] if answer.entry else []) + [a.id for a in answer.alternatives]
    else:
        ids = list(INLINE_DEFAULT)
    results = []
    for entry_id in ids[:5]:
        entry = faq.by_id[entry_id]
        body = faq.render(entry, lang, today, text)
        results.append(
            InlineQueryResultArticle(
                id=entry_id,
                title=entry.title(lang),
                description=body[:120],
                input_message_content=InputTextMessageContent(
                    sourced(body, entry.source, lang)[:4000], parse_mode=ParseMode.HTML
                ),
            )
        )
    await query.answer(results, cache_time=300, is_personal=False)


async def on_error(update: object, context: Context) -> None:
    """An update from the inbox: hand the error to its worker, which tries the update again
    later and parks it (telling the person) after a few attempts. Otherwise (a job), log it
    and tell the person something went wrong. The log shows where, never what was typed."""
    turn = current_turn()
    error = context.error
    kind = type(error).__name__
    update_id = update.update_id if isinstance(update, Update) else None
    # Handled and contained: ids, the error's kind and where, never a traceback or the
    # exception's message (bot/failures.py); the inbox worker logs the retry or the parking.
    if turn is not None and error is not None:
        turn.errors.append(error)
        log.log(
            logging.INFO if transient(error) else logging.WARNING,
            "update %s could not be handled (%s at %s)",
            update_id,
            kind,
            where(error),
        )
        return
    log.error(
        "update %s: an error outside the inbox (%s at %s)",
        update_id,
        kind,
        where(error) if error is not None else "?",
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        await tell_sorry(context.bot, update.effective_chat.id, context.bot_data.conversations)


async def tell_sorry(bot: Any, chat_id: int | None, service: Conversations | None = None) -> None:
    """An update that could not be handled: the apology and the current question again
    (from the stored state), so the person can go on; the bare sentence if even that fails."""
    if chat_id is None:
        return
    if service is not None:
        await _apologise(bot, service, chat_id)
        return
    _ = gettext_for("fr").gettext
    try:
        await bot.send_message(
            chat_id,
            _(
                "Désolé, quelque chose s'est mal passé de mon côté. Réessayez dans un "
                "instant, ou tapez /start."
            ),
        )
    except Exception as exc:
        log.warning("could not tell the person about the error (%s)", type(exc).__name__)


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
    for lang, commands in COMMANDS.items():
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands],
            language_code=None if lang == "fr" else lang,
        )
    pending = await data.service.with_files(await data.service.db(store.unsent))
    if pending:
        log.info("sending %d replies left unsent by the previous run", len(pending))
        await _deliver(application.bot, data, pending)
    await data.staff.notify(application.bot)
    await schedule_reminders(application)


async def post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the database cleanly."""
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


def build_application(
    settings: Settings, **builder_options: Any
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Wire the Application: handlers, defaults, rate limiter, lifecycle hooks."""
    context_types = ContextTypes(bot_data=lambda: BotData(settings))
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
    if builder_options.get("request") is not None:
        builder = builder.request(builder_options["request"]).get_updates_request(
            builder_options.get("get_updates_request") or builder_options["request"]
        )
    else:
        builder = (
            builder.read_timeout(settings.read_timeout)
            .connection_pool_size(CONNECTIONS)
            .pool_timeout(POOL_WAIT)
        )
        if settings.rate_limit:
            # No retries inside the limiter: on a 429 it would pause *every* request. Our
            # sender waits as told in the chat's own worker instead (per-chat backoff).
            builder = builder.rate_limiter(AIORateLimiter(max_retries=0))
    if settings.api_base_url:
        builder = builder.base_url(f"{settings.api_base_url}/bot").base_file_url(
            f"{settings.api_base_url}/file/bot"
        )
    application = builder.build()
    application.add_handler(TypeHandler(Update, only_private), group=-1)
    application.add_handler(CommandHandler(list(STAFF_COMMANDS), on_staff_command))
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
