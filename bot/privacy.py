"""What a person is told about their own data: a readable summary for /mesdonnees (what we
hold, in the conversation's language; the JSON file has the detail), and after an erasure
exactly what went and — only when there are staff — what staff may still hold; and what staff
are told of an erasure (`announce_erasures`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Collection
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from telegram.error import BadRequest, Forbidden, TelegramError

from dialogs.intents import DATA_HEADING
from dialogs.labels import answer_label, answer_words
from dialogs.staff_views import STATUS_LABELS, when
from dialogs.table import ORDER
from knowledge.i18n import gettext_for, plurals_for
from knowledge.money import format_money
from storage.store import Erasure

if TYPE_CHECKING:
    from storage import Store

log = logging.getLogger(__name__)

_AMOUNTS = {"total", "request", "request_investment", "request_operating", "cofunding"}


def erasure_receipt(
    _: Callable[[str], str], erasure: Erasure, lang: str = "fr", has_staff: bool = False
) -> str:
    """What went, counted in words; staff are mentioned only when the bot has staff."""
    rows = erasure.rows
    ngettext = plurals_for(lang).ngettext
    messages, leads, reminders = (rows.get(k, 0) for k in ("messages", "leads", "reminders"))
    parts = [
        ngettext(
            "{n} message de notre conversation", "{n} messages de notre conversation", messages
        ),
        ngettext("{n} demande", "{n} demandes", leads),
        ngettext("{n} rappel", "{n} rappels", reminders),
    ]
    parts = [p.format(n=k) for p, k in zip(parts, (messages, leads, reminders), strict=True)]
    if rows.get("conversations"):
        parts.append(_("l'état de la conversation"))
    if rows.get("users"):
        parts.append(_("votre prénom, votre langue et votre accord"))
    lines = [
        _("C'est fait, tout est effacé : {items}.").format(items=", ".join(parts)),
        _(
            "Les index de recherche sont nettoyés dans les minutes qui suivent ; le journal garde seulement qu'un effacement a eu lieu, sans rien sur vous."
        ),
    ]
    if erasure.leads and has_staff:
        numbers = ", ".join(f"n° {k}" for k in erasure.leads)
        lines.append(
            _(
                "L'équipe régionale est prévenue de l'effacement de la demande {numbers} : "
                "le bot supprime ses messages de notification quand Telegram le permet "
                "(moins de 48 heures), et l'équipe doit supprimer les exports ou copies "
                "qu'elle en aurait faits."
            ).format(numbers=numbers)
        )
    lines.append(_("Tapez /start pour recommencer."))
    return "\n".join(lines)


def readable_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data for the JSON file, with the conversation's state as an object rather than
    an escaped string inside a string."""
    conversations = []
    for row in data.get("conversation", []):
        try:
            state = json.loads(row.get("state") or "{}")
        except ValueError:
            state = row.get("state")
        conversations.append({**row, "state": state})
    return {**data, "conversation": conversations}


def data_summary(data: dict[str, Any], lang: str, zone: str) -> str:
    """/mesdonnees in a few lines: who we think you are, how many messages, your answers in
    the words of the buttons, your requests and reminders; the file has everything."""
    _ = gettext_for(lang).gettext
    ngettext = plurals_for(lang).ngettext
    if not any(data.get(part) for part in data):  # never consented, or erased: say it plainly
        return _(
            "Nous ne gardons rien sur vous : aucun message, aucune réponse, aucune demande. "
            "Le fichier joint le montre (JSON vide)."
        )
    lines = [_(DATA_HEADING)]
    for user in data.get("user", []):
        lines.append(
            _("• votre prénom ({name}), votre langue ({lang}) et votre accord du {day} ;").format(
                name=user.get("first_name") or "—",
                lang=_("français") if user.get("language") != "en" else _("anglais"),
                day=when(user.get("consent_at"), lang, zone=zone)[:10] or "—",
            )
        )
    count = len(data.get("transcript", []))
    lines.append(
        "• "
        + ngettext(
            "{n} message de notre conversation (les vôtres et les miens) ;",
            "{n} messages de notre conversation (les vôtres et les miens) ;",
            count,
        ).format(n=count)
    )
    words = answer_words(lang)
    answers: dict[str, Any] = {}
    for row in readable_data(data).get("conversation", []):
        state = row.get("state")
        if isinstance(state, dict):
            answers = state.get("answers") or {}
    shown = []
    for key in ORDER:
        if key not in answers:
            continue
        value = answers[key]
        if key == "place" and isinstance(value, dict):
            text = str(value.get("name") or "?")
        elif key in _AMOUNTS and value is not None:
            text = format_money(Decimal(str(value)), lang)
        else:
            text = words(key, value)
        shown.append(_("{label} : {value}").format(label=answer_label(key, lang), value=text))
    if answers.get("description"):
        shown.append(_("Projet : {text}").format(text=str(answers["description"])[:200]))
    if shown:
        lines.append(_("• vos réponses : {answers} ;").format(answers=" ; ".join(shown)))
    leads = data.get("leads", [])
    if leads:
        numbers = ", ".join(
            _("n° {number} ({status})").format(
                number=lead.get("number"),
                status=_(STATUS_LABELS.get(lead.get("status") or "", lead.get("status") or "")),
            )
            for lead in leads
        )
        lines.append(
            "• "
            + ngettext(
                "{n} demande transmise à l'équipe régionale : {numbers} ;",
                "{n} demandes transmises à l'équipe régionale : {numbers} ;",
                len(leads),
            ).format(n=len(leads), numbers=numbers)
        )
    pending = [
        r for r in data.get("reminders", []) if not r.get("sent_at") and not r.get("cancelled_at")
    ]
    if pending:
        lines.append(
            "• "
            + ngettext("{n} rappel prévu.", "{n} rappels prévus.", len(pending)).format(
                n=len(pending)
            )
        )
    lines.append(
        _("Le fichier joint contient tout, en détail (JSON). /effacer efface tout, à tout moment.")
    )
    return "\n".join(lines)


def staff_erasure_notice(numbers_erased: list[int], deleted: int, total: int) -> str:
    """What every staff member is told after an erasure (in French, like the staff's other
    notices): which lead numbers, how many of the bot's messages quoting the person it could
    delete — counted truly, lists and searches included — and that their own copies must go."""
    _ = gettext_for("fr").gettext
    numbers = ", ".join(f"n° {n}" for n in numbers_erased) or "—"
    ngettext = plurals_for("fr").ngettext
    which = ngettext("demande {numbers}", "demandes {numbers}", len(numbers_erased))
    gone = ngettext(
        "{deleted} message du bot sur {total} qui la citaient (notifications, fiches, "
        "listes, recherches) a été supprimé de vos conversations",
        "{deleted} messages du bot sur {total} qui la citaient (notifications, fiches, "
        "listes, recherches) ont été supprimés de vos conversations",
        deleted,
    )
    text = _(
        "🗑 Effacement à la demande d'une personne : {which}. "
        "Conversation, demande et notes sont effacées de la base ; {gone}"
        "{older}. Supprimez aussi vos exports CSV et toute copie qui la contiennent."
    ).format(
        which=which.format(numbers=numbers),
        gone=gone.format(deleted=deleted, total=total),
        older=_(" (Telegram ne permet pas de supprimer les plus anciens : effacez-les vous-même)")
        if deleted < total
        else "",
    )
    return text


async def delete_quoted(bot: Any, chat: int, message_id: int) -> bool:
    """Delete one of the bot's messages; True when it is gone, including when it was gone
    already (a list quoting two people, deleted at the first one's erasure): only a message
    still there counts as not deleted (too old, 48 h; the staff member blocked the bot)."""
    try:
        return bool(await bot.delete_message(chat, message_id))
    except BadRequest as exc:
        return "not found" in exc.message.lower()
    except Forbidden:
        return False


async def announce_erasures(
    store: Store,
    run: Callable[..., Awaitable[Any]],
    bot: Any,
    staff_ids: Collection[int],
) -> None:
    """After a person's erasure: delete the bot's notifications about them where Telegram
    allows it (up to 48 hours after sending), tell every staff member which lead numbers
    were erased and that their own exports must go too. `run` runs a store call on the
    SQLite thread."""
    gone: set[tuple[int, int]] = set()  # deleted in this round, for a later erasure
    for erasure in await run(store.pending_erasures):
        deleted: list[tuple[int, int]] = []
        for staff_chat, message_id in erasure["messages"]:
            if (staff_chat, message_id) in gone or await delete_quoted(
                bot, staff_chat, message_id
            ):
                deleted.append((staff_chat, message_id))
        gone.update(deleted)
        text = staff_erasure_notice(erasure["numbers"], len(deleted), len(erasure["messages"]))
        for staff in sorted(staff_ids):
            try:
                await bot.send_message(staff, text)
            except Forbidden:
                log.warning("staff member %s has not started the bot", staff)
            except TelegramError as exc:  # "chat not found" (a typo), 5xx: never stop here
                log.warning("erasure notice to staff not sent (%s)", type(exc).__name__)
        await run(store.erasure_done, erasure["id"], deleted)
