"""One conversation turn, whatever the channel: load state, step, store, then hand replies back.

Telegram handlers and the terminal chat both go through `Conversations.turn`. SQLite work runs on
one dedicated thread (never on the event loop); a lock per chat keeps one chat's updates in order
while different chats proceed concurrently. Nothing is stored before consent.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.failures import where
from bot.reply_merge import merge_replies
from bot.rights import effects_turn, rights_turn
from bot.state_cache import StateCache
from dialogs import odt, render
from dialogs import sheet as sheets
from dialogs.flow import Guide
from dialogs.model import Event, Reply, State
from dialogs.render import NOTICE_VERSION
from knowledge.calendar_ics import deadlines_ics
from knowledge.i18n import gettext_for
from knowledge.text import forget
from storage import Outgoing, Store
from storage.base import ChangedMeanwhile
from storage.privacy import Erasure
from storage.writer import Writer

log = logging.getLogger(__name__)
T = TypeVar("T")
RECENT_UPDATES = 10_000  # remembered in memory, for duplicates that were never stored

# Handled before, and whatever, the conversation's pending replies: the way out of anything.
ESCAPE_COMMANDS = frozenset(("effacer", "forget", "mesdonnees", "mydata", "start", "aide", "help"))


def escapes(event: Event) -> bool:
    """A privacy or escape command (or the erasure's confirmation button)."""
    name = event.value.lower().lstrip("/").split("@")[0] if event.kind == "command" else ""
    return name in ESCAPE_COMMANDS or event.value.startswith("erase|")


@dataclass(frozen=True, slots=True)
class Incoming:
    chat_id: int
    user_id: int
    update_id: int
    first_name: str
    event: Event
    language_code: str = ""
    turn: int | None = None  # the update's inbox row, when it came through the inbox

    @property
    def key(self) -> tuple[str, int]:
        """What identifies this update for good: its inbox row (update ids are reused by
        Telegram after a week of silence), else the update id."""
        return ("turn", self.turn) if self.turn is not None else ("update", self.update_id)


@dataclass(frozen=True, slots=True)
class Turned:
    """What one update did: the replies still to send, whether staff notifications changed (a
    contact request to tell them of, an erasure to tell them of and clean up after), and
    whether the chat's reminders changed (to schedule)."""

    replies: list[Outgoing]
    notify_staff: bool = False
    reminders_changed: bool = False


def region_day(zone: str, now: dt.datetime) -> dt.date:
    """The day it is in the region (call.toml `region.time_zone`) at the instant `now`."""
    return now.astimezone(ZoneInfo(zone)).date()


class Conversations:
    """The conversation service: dialogs + storage, channel-agnostic."""

    def __init__(
        self,
        store: Store,
        guide: Guide,
        clock: Callable[[], dt.date] | None = None,
        staff_covering: Callable[[str | None, int | None], list[int]] = lambda t, f: [],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        has_staff: bool = False,
    ) -> None:
        self.now = now
        self.has_staff = has_staff  # whether erasure receipts may speak of a regional team
        self.store = store
        self.guide = guide
        # the deadlines are « au plus tard » days in the region's time: the server's own day
        # (often UTC) would say "last day" for an hour after it ended in Paris
        zone = guide.knowledge.region.time_zone
        self.clock = clock or (lambda: region_day(zone, dt.datetime.now(dt.UTC)))
        self.staff_covering = staff_covering
        # The SQLite thread: the chats' calls waiting together share one COMMIT (group commit).
        self._db = Writer(store)
        self._locks: dict[int, asyncio.Lock] = collections.defaultdict(asyncio.Lock)
        self._recent: collections.OrderedDict[tuple[str, int], None] = collections.OrderedDict()
        self._memory: dict[int, State] = {}  # unconsented chats: kept in memory only
        self.states = StateCache()  # each recent chat's stored state, decoded (bot.state_cache)

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self._db.call(fn, *args, **kwargs)

    def close(self) -> None:
        self._db.shutdown(wait=True)
        self.store.close()

    def remember_unconsented(self, chat_id: int, state: State) -> None:
        """Keep an unconsented chat's state, in memory only (nothing is stored before
        consent)."""
        self._memory[chat_id] = state

    async def erase(self, chat_id: int, user_id: int) -> Erasure:
        """Erase a person from outside their conversation (staff, in the console, at their
        request): under the chat's lock, so a turn of theirs in flight cannot write back
        what was just erased; the person is told in Telegram (`bot.erased`)."""
        async with self._locks[chat_id]:
            return await self.erase_held(chat_id, user_id, tell=True)

    async def erase_held(self, chat_id: int, user_id: int, tell: bool = False) -> Erasure:
        """Erase a person, the chat's lock held (their own /effacer, inside their turn):
        every row, the state kept in memory and the text readers' memo (knowledge.text).
        `tell`: staff erased them; the bot tells them in Telegram (`bot.erased`)."""
        erasure = await self.db(self.store.erase_person, chat_id, user_id, tell)
        self.forget_unconsented(chat_id)
        forget()
        return erasure

    def forget_unconsented(self, chat_id: int) -> None:
        """Drop the in-memory state of a chat (an erasure: nothing may survive it)."""
        self._memory.pop(chat_id, None)
        self.states.drop(chat_id)

    def _remember(self, key: tuple[str, int]) -> None:
        """This update is handled (its turn stored): a redelivery is a duplicate. Only once
        it is stored: a turn that failed (a locked database) must run again on retry."""
        self._recent[key] = None
        if len(self._recent) > RECENT_UPDATES:
            self._recent.popitem(last=False)

    async def turn(self, incoming: Incoming) -> Turned:
        """Process one update; return the replies still to send (stored ones carry an id) and
        what else the adapter has to do because of it."""
        happened: dict[str, bool] = {}
        replies = await self._turn(incoming, happened)
        return Turned(replies, **happened)

    async def _turn(self, incoming: Incoming, happened: dict[str, bool]) -> list[Outgoing]:
        """The chat's replies an earlier turn could not send (Telegram kept failing) come
        first, in order: the person's next message is the natural moment to try again. Not
        before the privacy and escape commands: those answer first, whatever is pending."""
        async with self._locks[incoming.chat_id]:
            duplicate = incoming.key in self._recent
            raw: str | None = None
            earlier: list[Outgoing] = []
            if not duplicate:
                duplicate, raw, earlier = await self.db(
                    self.store.begin_turn, incoming.update_id, incoming.chat_id, incoming.turn
                )
            if duplicate:
                log.info("duplicate update %s: resending only unsent replies", incoming.update_id)
                earlier = await self.db(self.store.unsent, chat_id=incoming.chat_id)
                replies = await self.with_files(
                    await self.db(self.store.unsent, incoming.update_id, incoming.turn)
                )
            else:
                replies = await self._new_turn(incoming, raw, happened)
            mine = {r.id for r in replies}
            earlier = [] if escapes(incoming.event) else [r for r in earlier if r.id not in mine]
            if earlier:
                replies = [*await self.with_files(earlier), *replies]
            return replies

    async def _new_turn(
        self, incoming: Incoming, raw: str | None, happened: dict[str, bool]
    ) -> list[Outgoing]:
        """One new update of a chat (its lock held): step the dialog, store, return replies.
        If the person was erased by another process while this turn was in flight (staff's
        `python -m bot.desk erase`, which cannot take this lock), the turn's write is refused
        (`record_turn`'s check) and the update is handled again from nothing stored: the
        person starts a clean conversation and nothing of the turn comes back."""
        try:
            return await self._turn_on(incoming, raw, happened)
        except ChangedMeanwhile:
            log.info(
                "update %s of chat %s: the chat was erased during its turn; handled again "
                "from a clean state",
                incoming.update_id,
                incoming.chat_id,
            )
            self.forget_unconsented(incoming.chat_id)
            forget()
            happened.clear()
            return await self._turn_on(incoming, None, happened)

    async def _turn_on(
        self, incoming: Incoming, raw: str | None, happened: dict[str, bool]
    ) -> list[Outgoing]:
        """The turn on the state `raw` the chat had when it began."""
        state, read = self._state(raw, incoming)
        rights = await rights_turn(self, incoming, state, happened)
        if rights is not None:
            return rights
        before = state
        try:
            new, replies = self._step(state, incoming.event)
        except Exception as exc:  # a bug the dialog will meet again: drop this turn only
            log.warning(
                "update %s of chat %s: the turn failed (%s at %s); apologised, nothing changed",
                incoming.update_id,
                incoming.chat_id,
                type(exc).__name__,
                where(exc),
            )
            self._remember(incoming.key)
            return self.apology(incoming.chat_id, state, unread=True)
        effects = [r.effect for r in replies if r.effect]
        replies = merge_replies([r for r in replies if not r.effect])
        if not new.consent:
            self._memory[incoming.chat_id] = new
            self._remember(incoming.key)
            out = await self._with_files(
                [
                    Outgoing(0, incoming.chat_id, i, r.text, _buttons(r), r.columns)
                    for i, r in enumerate(replies)
                ],
                replies,
                new,
            )
            return [*out, *await effects_turn(self, incoming, new, happened, effects, len(out))]
        self._memory.pop(incoming.chat_id, None)
        reminders = new.reminders if new.reminders != before.reminders else []
        if reminders:
            happened["reminders_changed"] = True
        lead = new.lead if new.lead is not None and new.lead != before.lead else None
        notify: list[int] = []
        if lead and lead.get("wants_contact") and not (before.lead or {}).get("wants_contact"):
            notify = self.staff_covering(lead.get("territory"), lead.get("fiche"))
            happened["notify_staff"] = bool(notify)
        state_json = new.to_json()
        stored = await self.db(
            self.store.record_turn,
            chat_id=incoming.chat_id,
            user_id=incoming.user_id,
            update_id=incoming.update_id,
            first_name=incoming.first_name,
            kind=incoming.event.kind,
            text=incoming.event.value,
            step_before=before.step,
            state_json=state_json,
            step_after=new.step,
            language=new.lang,
            # the person's language as stored beside the state read: written only if changed
            language_stored=before.lang if read else None,
            replies=[(r.text, _buttons(r), r.columns) for r in replies],
            consent_now=not before.consent,
            notice_version=NOTICE_VERSION,
            lead=lead,
            notify=notify,
            reminders=reminders,
            turn=incoming.turn,
            state_read=raw,
        )
        self.states.put(incoming.chat_id, state_json, new)
        self._remember(incoming.key)
        pairs = zip(stored, replies, strict=True)
        files = [(o.id, r.attachment) for o, r in pairs if r.attachment]
        if files:
            await self.db(self.store.mark_attachments, files)
        out = await self._with_files(stored, replies, new)
        return [*out, *await effects_turn(self, incoming, new, happened, effects, len(out))]

    def file_name(self, what: str, extension: str) -> str:
        """A file's name, with the call's short name from its package ("dates-dsdt.ics")."""
        return f"{what}-{self.guide.knowledge.region.files}.{extension}"

    def _state(self, raw: str | None, incoming: Incoming) -> tuple[State, bool]:
        """The chat's state, and whether it is the one stored (so the person's language stored
        beside it is its `lang`). Decoded only when the text stored is not the one this process
        stored last for the chat (`bot.state_cache`). One that no longer reads (a bug, an old
        version) is replaced by a fresh one, consent kept (a state is stored only after
        consent): the chat goes on."""
        lang = "en" if incoming.language_code.startswith("en") else "fr"
        if not raw:
            return self._memory.get(incoming.chat_id) or State(lang=lang), False
        kept = self.states.get(incoming.chat_id, raw)
        if kept is not None:
            return kept, True
        try:
            return State.from_json(raw), True
        except Exception as exc:
            log.warning(
                "chat %s: stored state unreadable (%s)", incoming.chat_id, type(exc).__name__
            )
            return State(lang=lang, consent=True, welcomed=True), False

    def _step(self, state: State, event: Event) -> tuple[State, list[Reply]]:
        """The dialog's step. /start and /recommencer are the way out of anything: if the
        step fails on this state, they start again from a fresh one (consent and language
        kept) instead of failing too."""
        try:
            return self.guide.step(state, event, self.clock())
        except Exception:
            name = event.value.lower().lstrip("/") if event.kind == "command" else ""
            if name not in ("start", "recommencer", "restart"):
                raise
            fresh = State(
                lang=state.lang,
                consent=state.consent,
                welcomed=state.welcomed,
                conversation=state.conversation + 1,
            )
            return self.guide.step(fresh, Event.command("/start"), self.clock())

    # ------------------------------------------------------------------ failures
    def apology(self, chat_id: int, state: State | None, unread: bool = False) -> list[Outgoing]:
        """A reply that cannot be built or sent is dropped; the person reads this instead,
        with the current question asked again, and can go on. Not stored (nothing changed).
        `unread`: it is their message that could not be handled (a turn that failed, an
        update parked): said so, since nothing of it was kept, not that a reply was lost."""
        lang = state.lang if state is not None else "fr"
        _ = gettext_for(lang).gettext
        text = (
            _(
                "Je n'ai pas pu traiter votre dernier message, désolé : il n'a pas été pris "
                "en compte. Reprenons :"
            )
            if unread
            else _("Je n'ai pas pu vous envoyer ma réponse précédente, désolé. Reprenons :")
        )
        try:
            again = merge_replies(self.guide.again(state or State(lang=lang), self.clock()))
        except Exception as exc:
            log.warning(
                "chat %s: the question could not be asked again (%s)", chat_id, type(exc).__name__
            )
            again = []
        if not again:
            return [
                Outgoing(0, chat_id, 0, text + "\n" + _("Tapez /start pour reprendre."), [], 1)
            ]
        first, rest = again[0], again[1:]
        head = Outgoing(0, chat_id, 0, f"{text}\n\n{first.text}", _buttons(first), first.columns)
        return [
            head,
            *(
                Outgoing(0, chat_id, i + 1, r.text, _buttons(r), r.columns)
                for i, r in enumerate(rest)
            ),
        ]

    async def apology_for(self, chat_id: int, unread: bool = False) -> list[Outgoing]:
        """The apology for this chat, read from its stored state (or the one in memory)."""
        try:
            raw = await self.db(self.store.state_of, chat_id)
        except Exception:
            raw = None
        state = self._memory.get(chat_id)
        if raw:
            try:
                state = State.from_json(raw)
            except Exception:
                state = None
        return self.apology(chat_id, state, unread)

    async def dropped(self, reply: Outgoing, kind: str) -> None:
        """This reply can never be sent (it cannot be built, Telegram refuses it): parked at
        once, by ids and error kind only, so it never holds up the chat's later replies."""
        log.warning("reply %s of chat %s dropped (%s)", reply.id, reply.chat_id, kind)
        if reply.id:
            await self.db(self.store.send_failed, reply.id, kind, 1)

    # ------------------------------------------------------------------ the fiche synthétique
    def sheet_file(self, snap: dict[str, Any]) -> tuple[bytes, str]:
        """The .odt file for a snapshot of the answers (a lead's, or a chat's state)."""
        return odt.sheet_file(self.guide.knowledge, snap)

    async def _with_files(
        self, out: list[Outgoing], replies: list[Reply], state: State
    ) -> list[Outgoing]:
        """Files are made when sent, never stored: the .ics of the deadlines and the fiche
        synthétique, from the state just stored."""
        result: list[Outgoing] = []
        for outgoing, reply in zip(out, replies, strict=True):
            if reply.attachment == "sheet":
                result += await self._files(outgoing, partial(self._sheet_for, outgoing, state))
            elif reply.attachment == "calendar":
                result += await self._files(outgoing, partial(self._ics, outgoing, state.lang))
            else:
                result.append(outgoing)
        return result

    async def _ics(self, outgoing: Outgoing, lang: str) -> Outgoing:
        ics = deadlines_ics(self.guide.knowledge, self.clock(), lang)
        return replace(outgoing, document=ics, filename=self.file_name("dates", "ics"))

    async def _sheet_for(self, outgoing: Outgoing, state: State) -> Outgoing:
        """Off the event loop: lxml work that would hold up every other chat."""
        snap = sheets.snapshot(state, self.clock())
        document, name = await asyncio.to_thread(self.sheet_file, snap)
        return replace(outgoing, document=document, filename=name)

    async def _files(self, outgoing: Outgoing, make: Callable[[], Any]) -> list[Outgoing]:
        """Build a reply's file; one that cannot be built (a case no test met) is dropped and
        replaced by the apology and the question again, never left to block the chat."""
        try:
            return [await make()]
        except Exception as exc:
            await self.dropped(outgoing, type(exc).__name__)
            return await self.apology_for(outgoing.chat_id)

    async def with_files(self, out: list[Outgoing]) -> list[Outgoing]:
        """Replies read back from the database (a redelivered update, a restart after a
        crash) get their file again: made now from the stored state, never stored."""
        kinds = await self.db(self.store.attachments, [o.id for o in out])
        result: list[Outgoing] = []
        for outgoing in out:
            kind = kinds.get(outgoing.id)
            if kind in ("sheet", "calendar"):
                result += await self._files(outgoing, partial(self._stored_file, outgoing, kind))
            else:
                result.append(outgoing)
        return result

    async def _stored_file(self, outgoing: Outgoing, kind: str) -> Outgoing:
        raw = await self.db(self.store.state_of, outgoing.chat_id)
        state = State.from_json(raw)
        if kind == "calendar":
            return await self._ics(outgoing, state.lang)
        if state.answers.get("place") and state.answers.get("fiche"):
            return await self._sheet_for(outgoing, state)
        return outgoing

    # ------------------------------------------------------------------ reminders
    def reminder_text(self, row: dict[str, Any]) -> str:
        lang = row.get("language") or "fr"
        step = self.guide.knowledge.calendar[row["deadline"]]
        deadline = dt.date.fromisoformat(row["deadline_date"])
        due = dt.datetime.fromisoformat(row["due_at"]).date()
        label = step.label_en if lang == "en" else step.label
        return render.reminder(
            gettext_for(lang).gettext, label, deadline, (deadline - due).days, lang
        )

    async def claim_reminder(self, reminder_id: int) -> Outgoing | None:
        return await self.db(self.store.claim_reminder, reminder_id, self.reminder_text)

    async def sent(self, *outgoing: Outgoing) -> None:
        ids = [o.id for o in outgoing if o.id]
        if ids:
            await self.db(self.store.mark_sent, *ids)


def _buttons(reply: Reply) -> list[list[str]]:
    return [[c.label, c.data] for c in reply.choices]
