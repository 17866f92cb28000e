"""The files staff receive in Telegram: the leads' spreadsheet (/export) and a lead's fiche
synthétique written again (the card's button). Both are built off the chats' SQLite thread."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import TYPE_CHECKING

from telegram import InputFile

from knowledge.i18n import gettext_for

if TYPE_CHECKING:
    from bot.app_data import Context
    from bot.staff import StaffDesk


async def send_export(staff: StaffDesk, context: Context, chat: int, rest: str, lang: str) -> None:
    """/export [depuis AAAA-MM-JJ]: the leads' spreadsheet, as a file."""
    _ = gettext_for(lang).gettext
    words = rest.replace("depuis", " ").replace("since", " ").split()
    since = None
    if words:
        try:
            since = dt.date.fromisoformat(words[0])
        except ValueError:
            await context.bot.send_message(
                chat, _("Date attendue au format AAAA-MM-JJ : /export depuis 2014-11-01")
            )
            return
    # Its own connection and thread: the chats' SQLite thread is not held (issue 28).
    count, payload = await asyncio.to_thread(staff.desk.export_apart, since)
    files = staff.data.service.guide.knowledge.region.files
    name = f"demandes-{files}-{staff.data.today().isoformat()}.csv"
    await context.bot.send_document(
        chat,
        InputFile(payload, filename=name),
        caption=_("{n} demandes (séparateur ;, UTF-8).").format(n=count),
    )


async def send_sheet(
    staff: StaffDesk, context: Context, chat: int, number: int, lang: str
) -> None:
    """The lead's fiche synthétique, written again from the answers the lead keeps (the
    same document the person received; nothing but the answers is stored)."""
    _ = gettext_for(lang).gettext
    lead = await staff.run(staff.desk.lead, number)
    if lead is None:
        await context.bot.send_message(chat, await staff.gone(number, lang))
        return
    if not lead.get("sheet"):
        await context.bot.send_message(
            chat,
            _(
                "La demande n° {number} n'a pas de fiche synthétique (elle date d'avant "
                "cette fonction)."
            ).format(number=number),
        )
        return
    service = staff.data.service
    document, name = await asyncio.to_thread(service.sheet_file, json.loads(lead["sheet"]))
    sent = await context.bot.send_document(
        chat,
        InputFile(document, filename=name),
        caption=_("Fiche synthétique de la demande n° {number}").format(number=number),
    )
    await staff.run(service.store.record_staff_copies, number, chat, [sent.message_id])
