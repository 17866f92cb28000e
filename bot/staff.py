"""Staff commands in Telegram: /leads, /lead N, /search, /export, /stats, /note, and the
notifications of leads asking to be contacted.

Only allow-listed ids, in a private chat, reach these handlers' work; anyone else gets exactly
what an unknown command gets from the dialog, so nothing reveals that the commands exist. Staff
replies hold people's data: they are audited (who, what, when), never copied into a transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram import (
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.error import NetworkError

from bot import staff_files
from bot.erased import tell_erased
from bot.privacy import announce_erasures
from bot.scrubbing import BackgroundScrub
from bot.staff_notify import PREFIX, markup, send_notifications
from dialogs.fields import export_columns
from dialogs.labels import card_words, table_words
from dialogs.staff_views import (
    STATUS_LABELS,
    clip,
    lead_card,
    lead_line,
    pack,
    search_hits,
    staff_epci,
    staff_help,
    stats_text,
    transcript_lines,
)
from knowledge.i18n import gettext_for
from knowledge.text import whole_number
from storage.console import ConsoleAuth
from storage.staff import (
    NOTE_LIMIT,
    PAGE_SIZE,
    STATUSES,
    Desk,
    LeadFilter,
    SearchTooBroad,
    parse_filter,
    search_terms,
    typed_syntax,
)

if TYPE_CHECKING:
    from bot.app_data import BotData, Context
    from storage import Store

log = logging.getLogger(__name__)

STAFF_COMMANDS = ("leads", "lead", "search", "recherche", "export", "stats", "note", "console")


def is_staff(update: Update, data: BotData) -> bool:
    chat, user = update.effective_chat, update.effective_user
    return (
        chat is not None
        and user is not None
        and chat.type == "private"
        and user.id in data.settings.staff_user_ids
    )


def _lang(update: Update) -> str:
    user = update.effective_user
    return "en" if user and (user.language_code or "").startswith("en") else "fr"


class StaffDesk(BackgroundScrub):
    """Turns staff commands into Desk queries (on the SQLite thread) and replies; scrubs
    erased text out of the files in the background (`bot.scrubbing`)."""

    def __init__(self, data: BotData) -> None:
        super().__init__()
        self.data = data
        self.pending_notes: dict[int, int] = {}  # staff user id -> lead number awaiting a note

    @property
    def scrub_store(self) -> Store:
        return self.data.service.store

    @property
    def desk(self) -> Desk:
        service = self.data.service
        knowledge = service.guide.knowledge
        return Desk(service.store, export_columns(knowledge), knowledge.region.time_zone)

    async def run(self, fn: Any, *args: Any) -> Any:
        return await self.data.service.db(fn, *args)

    @property
    def zone(self) -> str:
        """The region's time zone, in which staff read dates."""
        return self.data.service.guide.knowledge.region.time_zone

    def territory_name(self, key: str) -> str:
        return self.data.service.guide.knowledge.territory_name(key)

    def epci(self, lang: str) -> Callable[[str | None], str]:
        """A lead's intercommunality with the year of its name, as staff read it."""
        return staff_epci(self.data.service.guide.knowledge, lang)

    def territories(self) -> dict[str, str]:
        return {k: t.name for k, t in self.data.service.guide.knowledge.territories.items()}

    async def audit(self, user_id: int, action: str, detail: str = "") -> None:
        await self.run(self.data.service.store.audit, f"staff:{user_id}", action, detail, user_id)

    # ------------------------------------------------------------------ commands
    async def command(self, update: Update, context: Context) -> None:
        message, user = update.effective_message, update.effective_user
        assert message is not None and message.text is not None and user is not None
        name, _, rest = message.text.partition(" ")
        name = name.lstrip("/").split("@")[0].lower()
        rest = rest.strip()
        lang = _lang(update)
        _ = gettext_for(lang).gettext
        chat = message.chat_id
        await self.audit(user.id, name, f"{len(rest.split())} mots" if rest else "")
        if name == "leads":
            flt = parse_filter(rest, self.territories(), self.data.service.guide.knowledge.fiches)
            if flt is None:
                await context.bot.send_message(
                    chat,
                    _(
                        "Filtre inconnu. Exemples : /leads littoral, /leads fiche 4, "
                        "/leads contacté."
                    ),
                )
                return
            await self.send_page(context, chat, flt, 0, lang)
        elif name == "lead":
            number = whole_number(rest)
            if number is None:
                await context.bot.send_message(chat, self.not_a_number(rest, lang))
                return
            await self.send_lead(context, chat, number, lang)
        elif name in ("search", "recherche"):
            if not rest:
                await context.bot.send_message(chat, _("Que cherchez-vous ? /search jardin"))
                return
            try:
                hits = await self.run(self.desk.search, rest)
            except SearchTooBroad:
                await context.bot.send_message(
                    chat, _("Recherche trop large : précisez vos mots.")
                )
                return
            said = search_hits(
                hits,
                lang,
                html.escape,
                zone=self.zone,
                searched=search_terms(rest),
                syntax=typed_syntax(rest),
            )
            sent = await context.bot.send_message(chat, said)
            await self.track(chat, sent, [(h.get("number"), h.get("chat_id")) for h in hits])
        elif name == "export":
            await staff_files.send_export(self, context, chat, rest, lang)
        elif name == "stats":
            # its own connection, in a worker thread: never on the chats' SQLite thread
            stats = await asyncio.to_thread(self.desk.stats_apart, self.data.now())
            await context.bot.send_message(chat, stats_text(stats, self.territory_name, lang))
        elif name == "note":
            digits, _sep, note = rest.partition(" ")
            number = whole_number(digits)
            if number is None or not note.strip():
                await context.bot.send_message(
                    chat,
                    self.not_a_number(digits, lang)
                    if number is None and digits.isdigit() and note.strip()
                    else _("Écrivez : /note 12 votre note"),
                )
                return
            await self.save_note(context, chat, user.id, number, note, lang)
        elif name == "console":
            await self.send_console_link(context, chat, user.id, lang)

    async def help(self, update: Update, context: Context) -> None:
        """A command the bot does not know, typed by staff: what they can do, instead of
        the public welcome (their own conversation, if any, is left as it was)."""
        message = update.effective_message
        assert message is not None
        console = bool(self.data.settings.console_url)
        await context.bot.send_message(message.chat_id, staff_help(_lang(update), console=console))

    async def edited(self, update: Update, context: Context) -> None:
        """A staff command corrected by editing its message: not run again (an edited /note
        would be a second note), the staff member is asked to send it again."""
        message = update.effective_message
        assert message is not None
        _ = gettext_for(_lang(update)).gettext
        await context.bot.send_message(
            message.chat_id,
            _(
                "Vous avez modifié une commande déjà envoyée : je ne relis pas les messages "
                "modifiés. Envoyez-la à nouveau, corrigée."
            ),
        )

    async def send_console_link(
        self, context: Context, chat: int, user_id: int, lang: str
    ) -> None:
        """A one-time login link to the web console (10 minutes), without a link preview:
        a preview would make Telegram fetch the page (it could not log in: only a POST does)."""
        _ = gettext_for(lang).gettext
        base = self.data.settings.console_url
        if not base:
            await context.bot.send_message(chat, _("La console web n'est pas configurée."))
            return
        now = dt.datetime.now(dt.UTC)
        token = await self.run(ConsoleAuth(self.data.service.store).issue_token, user_id, now)
        link = f"{base}/login/{token}"
        await context.bot.send_message(
            chat,
            _(
                "Votre lien vers la console (valable 10 minutes, une seule fois ; "
                "ne le transférez pas) :\n{link}"
            ).format(link=f'<a href="{html.escape(link)}">{html.escape(link)}</a>'),
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )

    async def send_page(
        self, context: Context, chat: int, flt: LeadFilter, offset: int, lang: str
    ) -> None:
        _ = gettext_for(lang).gettext
        rows, total = await self.run(self.desk.leads, flt, offset, PAGE_SIZE)
        if not rows:
            await context.bot.send_message(chat, _("Aucune demande."))
            return
        text = "\n\n".join(
            lead_line(row, lang, html.escape, zone=self.zone, epci=self.epci(lang)) for row in rows
        )
        header = _("Demandes {first}–{last} sur {total}").format(
            first=offset + 1, last=offset + len(rows), total=total
        )
        code = flt.encode()
        nav = []
        if offset > 0:
            nav.append((_("◀ Plus récentes"), f"{PREFIX}p|{code}|{max(0, offset - PAGE_SIZE)}"))
        if offset + len(rows) < total:
            nav.append((_("Plus anciennes ▶"), f"{PREFIX}p|{code}|{offset + PAGE_SIZE}"))
        opens = [(f"n° {row['number']}", f"{PREFIX}o|{row['number']}") for row in rows]
        sent = await context.bot.send_message(
            chat, f"{header}\n\n{text}", reply_markup=markup([opens, nav])
        )
        await self.track(chat, sent, [(row["number"], None) for row in rows])

    async def track(self, chat: int, sent: Any, quoted: list[tuple[int | None, Any]]) -> None:
        """A staff message that quotes people (a /leads page, /search results): kept by lead
        number, or by the person's chat for a hit without a lead, so that each person's
        erasure deletes it too."""
        store = self.data.service.store
        message_id = getattr(sent, "message_id", None)
        if not message_id:
            return
        for number, person_chat in quoted:
            if number:
                await self.run(store.record_staff_copies, int(number), chat, [message_id])
            elif person_chat:
                await self.run(
                    store.record_staff_copies, None, chat, [message_id], int(person_chat)
                )

    def card_buttons(self, number: int, status: str, lang: str) -> InlineKeyboardMarkup | None:
        _ = gettext_for(lang).gettext
        statuses = [
            (_(STATUS_LABELS[s]).capitalize(), f"{PREFIX}s|{number}|{s}")
            for s in STATUSES
            if s != status
        ]
        return markup(
            [
                statuses,
                [(_("📝 Ajouter une note"), f"{PREFIX}n|{number}")],
                [(_("📄 Fiche synthétique"), f"{PREFIX}f|{number}")],
            ]
        )

    async def send_lead(self, context: Context, chat: int, number: int, lang: str) -> None:
        _ = gettext_for(lang).gettext
        lead = await self.run(self.desk.lead, number)
        if lead is None:
            await context.bot.send_message(chat, await self.gone(number, lang))
            return
        rows = await self.run(self.desk.transcript, lead)
        card = clip(
            lead_card(
                lead,
                self.territory_name,
                lang,
                html.escape,
                **card_words(lang),
                zone=self.zone,
                epci=self.epci(lang),
            )
        )
        lines = [_("Conversation ({n} messages) :").format(n=len(rows))]
        lines += transcript_lines(rows, lang, html.escape, table_words(lang), zone=self.zone)
        sent = [await context.bot.send_message(chat, part) for part in pack(lines)]
        sent.append(
            await context.bot.send_message(
                chat, card, reply_markup=self.card_buttons(number, lead["status"], lang)
            )
        )
        # Kept (number, chat, message id only) so an erasure can delete these copies too.
        await self.run(
            self.data.service.store.record_staff_copies,
            number,
            chat,
            [message.message_id for message in sent],
        )

    @staticmethod
    def not_a_number(text: str, lang: str) -> str:
        """A lead number that cannot be one: digits `int` refuses ("²") or past any lead
        (20 digits) are no such lead; anything else asks for a number."""
        _ = gettext_for(lang).gettext
        if text.isdigit():
            return _("Pas de demande n° {number}.").format(number=html.escape(text[:24]))
        return _("Indiquez un numéro : /lead 12")

    async def gone(self, number: int, lang: str) -> str:
        """What staff read for a lead that is not there: erased, expired, or never was."""
        _ = gettext_for(lang).gettext
        fate = await self.run(self.desk.lead_fate, number)
        if fate == "erasure":
            return _(
                "La demande n° {number} a été effacée à la demande de la personne. "
                "Supprimez aussi vos exports et copies qui la contiennent."
            ).format(number=number)
        if fate == "retention":
            return _(
                "La demande n° {number} a dépassé la durée de conservation et a été effacée."
            ).format(number=number)
        return _("Pas de demande n° {number}.").format(number=number)

    async def save_note(
        self, context: Context, chat: int, user_id: int, number: int, note: str, lang: str
    ) -> bool:
        """Record a note and say so; False when it is too long: said with its length, never
        cut (the staff member's message stays in their chat to shorten)."""
        _ = gettext_for(lang).gettext
        if len(note.strip()) > NOTE_LIMIT:
            await context.bot.send_message(
                chat,
                _(
                    "Note non enregistrée : elle fait {n} caractères, {limit} au plus. "
                    "Renvoyez-la plus courte, ou en deux notes."
                ).format(n=len(note.strip()), limit=NOTE_LIMIT),
            )
            return False
        ok = await self.run(self.desk.add_note, number, note, user_id, self.data.today())
        text = (
            _("Note ajoutée à la demande n° {number}.").format(number=number)
            if ok
            else await self.gone(number, lang)
        )
        await context.bot.send_message(chat, text)
        return True

    # ------------------------------------------------------------------ buttons and notes
    async def button(self, update: Update, context: Context) -> None:
        query, user = update.callback_query, update.effective_user
        assert query is not None and user is not None and query.data is not None
        with contextlib.suppress(NetworkError):  # cosmetic spinner; never lose the tap for it
            await query.answer()
        lang = _lang(update)
        _ = gettext_for(lang).gettext
        chat = update.effective_chat.id if update.effective_chat else user.id
        parts = query.data[len(PREFIX) :].split("|")
        action = parts[0]
        await self.audit(user.id, f"button:{action}", "|".join(parts[1:2]))
        # Button data can be forged: every number is bounded, every status known, else
        # "no longer valid" (never an exception, never "no lead n° 1" for a lead that exists).
        number = whole_number(parts[1]) if len(parts) >= 2 else None
        if (
            action == "p"
            and len(parts) == 3
            and (page := whole_number(parts[2], 10**6)) is not None
        ):
            await self.send_page(context, chat, LeadFilter.decode(parts[1]), page, lang)
        elif action == "o" and len(parts) == 2 and number is not None:
            await self.send_lead(context, chat, number, lang)
        elif action == "s" and len(parts) == 3 and number is not None and parts[2] in STATUSES:
            ok = await self.run(self.desk.set_status, number, parts[2], user.id)
            text = (
                _("Demande n° {number} : statut « {status} ».").format(
                    number=number, status=_(STATUS_LABELS.get(parts[2], parts[2]))
                )
                if ok
                else await self.gone(number, lang)
            )
            await context.bot.send_message(
                chat,
                text,
                reply_markup=self.card_buttons(number, parts[2], lang) if ok else None,
            )
        elif action == "n" and len(parts) == 2 and number is not None:
            self.pending_notes[user.id] = number
            await context.bot.send_message(
                chat,
                _(
                    "Écrivez votre note pour la demande n° {number} (ou /start pour annuler)."
                ).format(number=number),
            )
        elif action == "f" and len(parts) == 2 and number is not None:
            await staff_files.send_sheet(self, context, chat, number, lang)
        else:
            await context.bot.send_message(chat, _("Ce bouton n'est plus valable."))

    async def pending_note(self, update: Update, context: Context) -> bool:
        """If this staff member was asked for a note, store the text as one; True if so."""
        user, message = update.effective_user, update.effective_message
        if user is None or message is None or not message.text:
            return False
        number = self.pending_notes.pop(user.id, None)
        if number is None:
            return False
        if not await self.save_note(
            context, message.chat_id, user.id, number, message.text, _lang(update)
        ):
            self.pending_notes[user.id] = number  # too long: the next message is the note again
        return True

    # ------------------------------------------------------------------ notifications
    async def notify(self, bot: Any) -> None:
        """Send stored, undelivered notifications (after a turn, and at start-up), then what
        follows an erasure."""
        store = self.data.service.store
        card = (self.territory_name, self.zone, self.epci("fr"))
        if await send_notifications(store, self.run, bot, *card):
            await self.erasures(bot)

    async def erasures(self, bot: Any) -> None:
        """After a person's erasure: staff told, their notifications deleted
        (`bot.privacy.announce_erasures`); retry a blocked scrub later."""
        service = self.data.service
        await announce_erasures(service.store, self.run, bot, self.data.settings.staff_user_ids)
        await tell_erased(service.store, self.run, bot, service.has_staff)
        self.start_scrub()
