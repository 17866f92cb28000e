"""The handlers of Telegram updates: each turns an Update into an `Event`, calls the service
(which stores the turn first), then sends the replies through `bot.delivery`. Thin: everything
user-facing comes from `dialogs`, except the one sentence said in groups (nothing is stored
there)."""

from __future__ import annotations

import logging

from telegram import InlineQueryResultArticle, InputTextMessageContent, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.app_data import Context
from bot.commands import PUBLIC_COMMANDS, command_name
from bot.delivery import deliver, tell_sorry
from bot.failures import transient, where
from bot.inbox import current_turn
from bot.jobs import schedule_reminders
from bot.sending import acknowledge
from bot.service import Incoming
from bot.staff import is_staff
from dialogs.model import CAPTION, SHARED_CONTACT, SHARED_LOCATION, Event
from dialogs.render import sourced
from knowledge.i18n import gettext_for

log = logging.getLogger(__name__)


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
    await deliver(context.bot, context.bot_data, replies)
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
    text = message.text if message and message.text else ""
    await _run(update, context, Event.text(text, replying=replied_to(message, context.bot.id)))


async def on_edited(update: Update, context: Context) -> None:
    """An edit of an earlier message: the dialog says how to change an answer instead of
    reading the new text as the answer to the current question. A live location's moves come
    as edits, every few seconds for hours: the location itself was answered, they are not.
    Staff editing one of their commands are told to send it again."""
    message = update.effective_message
    if message is not None and message.location is not None:
        return
    text = message.text or "" if message else ""
    unknown = text.startswith("/") and command_name(text) not in PUBLIC_COMMANDS
    if unknown and is_staff(update, context.bot_data):
        await context.bot_data.staff.edited(update, context)  # never run twice
        return
    await _run(update, context, Event.edited(text))


async def on_other(update: Update, context: Context) -> None:
    """Photos, stickers, voice notes, unknown commands: the dialog answers kindly (staff
    typing an unknown command get their own help). A contact
    card shared from the attachment menu carries its phone (the contact step takes it); the
    caption of a photo or a file is what the person wrote (read as if typed); a shared
    position or venue is said to be unreadable (its coordinates are never passed on)."""
    message = update.effective_message
    if message is not None and message.text and message.text.startswith("/"):
        if command_name(message.text) not in PUBLIC_COMMANDS and is_staff(
            update, context.bot_data
        ):
            await context.bot_data.staff.help(update, context)  # a staff member's typo
            return
        await _run(update, context, Event.command(message.text.split()[0]))
        return
    if message is not None and message.contact is not None and message.contact.phone_number:
        phone = shared_phone(message.contact.phone_number)
        await _run(update, context, Event.other(SHARED_CONTACT + phone))
        return
    if message is not None and message.location is not None:  # a venue has one too
        await _run(update, context, Event.other(SHARED_LOCATION))
        return
    if message is not None and message.caption and message.caption.strip():
        await _run(update, context, Event.other(CAPTION + message.caption))
        return
    if message is not None and message.text is not None:  # text the intake left empty
        await _run(update, context, Event.text(message.text))  # (only invisible characters)
        return
    await _run(update, context, Event.other("media"))


def replied_to(message: Message | None, bot_id: int) -> str:
    """The text of the bot's message this one replies to (a swipe-reply), else "": a reply
    to an earlier question is that answer's (dialogs.replied)."""
    quoted = message.reply_to_message if message is not None else None
    if quoted is None or quoted.from_user is None or quoted.from_user.id != bot_id:
        return ""
    return quoted.text or quoted.caption or ""


def shared_phone(number: str) -> str:
    """A contact card's number as people write it: Telegram gives a user's own number in
    international form without its "+" ("33612345678"), which would read as no phone at all."""
    number = number.strip()
    if number.isdigit() and not number.startswith("0"):
        return "+" + number
    return number


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
