"""The staff's notifications in Telegram: a lead asking to be contacted, sent as its card with
an « Ouvrir » button to the staff covering it; and the buttons every staff message carries
(`PREFIX`, `markup`). Out of `bot.staff`, which holds the commands and reached the 500-line
limit."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from dialogs.labels import card_words
from dialogs.staff_views import clip, lead_card
from knowledge.i18n import gettext_for

if TYPE_CHECKING:
    from storage import Store

log = logging.getLogger(__name__)

PREFIX = "staff|"


def markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    """Rows of (label, data) as inline buttons; None when there is none."""
    rows = [row for row in rows if row]
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def send_notifications(
    store: Store,
    run: Callable[..., Awaitable[Any]],
    bot: Any,
    territory_name: Callable[[str], str],
    zone: str,
    epci: Callable[[str | None], str],
) -> bool:
    """Send stored, undelivered notifications; False when a transient failure (429, 5xx, a
    timeout) keeps the rest for after a later turn. A staff member who never started the bot
    is tried again; a chat Telegram refuses (a typo in STAFF_USER_IDS) is parked."""
    _ = gettext_for("fr").gettext
    for row in await run(store.pending_notifications):
        text = clip(
            _("🔔 Nouvelle demande de contact\n\n{card}").format(
                card=lead_card(
                    row,
                    territory_name,
                    "fr",
                    html.escape,
                    **card_words("fr"),
                    zone=zone,
                    epci=epci,
                )
            )
        )
        button = markup([[(_("Ouvrir la demande"), f"{PREFIX}o|{row['number']}")]])
        try:
            sent = await bot.send_message(row["staff_user_id"], text, reply_markup=button)
            await run(store.mark_notification_message, row["notification_id"], sent.message_id)
        except Forbidden:
            log.warning("staff member %s has not started the bot", row["staff_user_id"])
        except BadRequest as exc:  # e.g. "chat not found": a typo in STAFF_USER_IDS
            log.warning(
                "notification %s parked: Telegram refuses it (%s)",
                row["notification_id"],
                type(exc).__name__,
            )
            await run(store.mark_notified, row["notification_id"], True)
            continue
        except TelegramError as exc:  # 429, 5xx, timeouts: kept, tried after a later turn
            log.warning(
                "notification %s not sent yet (%s)", row["notification_id"], type(exc).__name__
            )
            return False
        await run(store.mark_notified, row["notification_id"])
    return True
