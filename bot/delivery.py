"""Sending stored replies to Telegram: the one delivery path (turns, replies a crash left
unsent, reminders), with per-chat retries and backoff, and the apology when a reply cannot be
sent for a lasting reason. Apart from the handlers so that what "sent" means lives in one
place, whoever produced the reply."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from telegram import InputFile
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError

from bot.app_data import BotData
from bot.failures import transient
from bot.inbox import current_turn
from bot.sending import send_text
from bot.service import Conversations
from knowledge.i18n import gettext_for
from storage import Outgoing

log = logging.getLogger(__name__)


SEND_ATTEMPTS = 6
SEND_BACKOFF = 0.25  # seconds before the 2nd try, doubling (0.25 … 4 s, about 8 s in all)


async def send_with_retries(
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


async def deliver(bot: Any, data: BotData, replies: list[Outgoing]) -> None:
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
    to_apologise: set[int] = set()
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
            await send_with_retries(send, data.metrics.send_failed)
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
            to_apologise.add(reply.chat_id)
            continue
        delivered.append(reply)
    turn = current_turn()
    if turn is not None:  # marked sent with the inbox row, in one transaction (issue 28)
        turn.sent += [r.id for r in delivered if r.id]
    else:
        await service.sent(*delivered)
    for chat_id in to_apologise - held:
        await apologise(bot, service, chat_id)


async def apologise(bot: Any, service: Conversations, chat_id: int, unread: bool = False) -> None:
    """The apology and the current question, sent once (never retried into a loop);
    `unread`: for the person's message that could not be handled, not for a lost reply."""
    for reply in await service.apology_for(chat_id, unread):
        try:
            await send_with_retries(
                partial(send_text, bot, reply.chat_id, reply.text, reply.buttons, reply.columns)
            )
        except Exception as exc:
            log.warning("chat %s: the apology was not sent (%s)", chat_id, type(exc).__name__)
            return


async def tell_sorry(bot: Any, chat_id: int | None, service: Conversations | None = None) -> None:
    """An update that could not be handled: the apology (their message was not taken into
    account) and the current question again (from the stored state), so the person can go
    on; the bare sentence if even that fails."""
    if chat_id is None:
        return
    if service is not None:
        await apologise(bot, service, chat_id, unread=True)
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
