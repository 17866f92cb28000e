"""One conversation turn, whatever the channel: load state, step, store, then hand replies back.

Telegram handlers and the terminal chat both go through `Conversations.turn`. SQLite work runs on
one dedicated thread (never on the event loop); a lock per chat keeps one chat's updates in order
while different chats proceed concurrently. Nothing is stored before consent.
"""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from bot.privacy import erasure_receipt
from dialogs import odt, render
from dialogs import sheet as sheets
from dialogs.flow import Guide
from dialogs.model import Event, Reply, State
from dialogs.render import NOTICE_VERSION
from knowledge.calendar_ics import deadlines_ics
from knowledge.i18n import gettext_for
from storage import Outgoing, Store

log = logging.getLogger(__name__)
T = TypeVar("T")
RECENT_UPDATES = 10_000  # remembered in memory, for duplicates that were never stored


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


class Conversations:
    """The conversation service: dialogs + storage, channel-agnostic."""

    def __init__(
        self,
        store: Store,
        guide: Guide,
        clock: Callable[[], dt.date] = dt.date.today,
        staff_covering: Callable[[str | None, int | None], list[int]] = lambda t, f: [],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self.now = now
        self.reminders_changed: set[int] = set()
        self.store = store
        self.guide = guide
        self.clock = clock
        self.staff_covering = staff_covering
        self.notifications_pending = False
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._locks: dict[int, asyncio.Lock] = collections.defaultdict(asyncio.Lock)
        self._recent: collections.OrderedDict[tuple[str, int], None] = collections.OrderedDict()
        self._memory: dict[int, State] = {}  # unconsented chats: kept in memory only

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db, lambda: fn(*args, **kwargs))

    def close(self) -> None:
        self._db.shutdown(wait=True)
        self.store.close()

    def _remember(self, key: tuple[str, int]) -> None:
        """This update is handled (its turn stored): a redelivery is a duplicate. Only once
        it is stored: a turn that failed (a locked database) must run again on retry."""
        self._recent[key] = None
        if len(self._recent) > RECENT_UPDATES:
            self._recent.popitem(last=False)

    async def turn(self, incoming: Incoming) -> list[Outgoing]:
        """Process one update; return the replies still to send (stored ones carry an id).
        The chat's replies an earlier turn could not send (Telegram kept failing) come first,
        in order: the person's next message is the natural moment to try again."""
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
                replies = await self._turn(incoming, raw)
            mine = {r.id for r in replies}
            earlier = [r for r in earlier if r.id not in mine]
            if earlier:
                replies = [*await self.with_files(earlier), *replies]
            return replies

    async def _turn(self, incoming: Incoming, raw: str | None) -> list[Outgoing]:
        """One new update of a chat (its lock held): step the dialog, store, return replies."""
        state = State.from_json(raw) if raw else self._memory.get(incoming.chat_id)
        if state is None:
            lang = "en" if incoming.language_code.startswith("en") else "fr"
            state = State(lang=lang)
        rights = await self._rights(incoming, state)
        if rights is not None:
            return rights
        before = state
        new, replies = self.guide.step(state, incoming.event, self.clock())
        replies = merge_replies(replies)
        if not new.consent:
            self._memory[incoming.chat_id] = new
            self._remember(incoming.key)
            return self._attach(
                [
                    Outgoing(0, incoming.chat_id, i, r.text, _buttons(r), r.columns)
                    for i, r in enumerate(replies)
                ],
                replies,
                new.lang,
            )
        self._memory.pop(incoming.chat_id, None)
        reminders = new.reminders if new.reminders != before.reminders else []
        if reminders:
            self.reminders_changed.add(incoming.chat_id)
        lead = new.lead if new.lead is not None and new.lead != before.lead else None
        notify: list[int] = []
        if lead and lead.get("wants_contact") and not (before.lead or {}).get("wants_contact"):
            notify = self.staff_covering(lead.get("territory"), lead.get("fiche"))
            self.notifications_pending = bool(notify)
        stored = await self.db(
            self.store.record_turn,
            chat_id=incoming.chat_id,
            user_id=incoming.user_id,
            update_id=incoming.update_id,
            first_name=incoming.first_name,
            kind=incoming.event.kind,
            text=incoming.event.value,
            step_before=before.step,
            state_json=new.to_json(),
            step_after=new.step,
            language=new.lang,
            replies=[(r.text, _buttons(r), r.columns) for r in replies],
            consent_now=not before.consent,
            notice_version=NOTICE_VERSION,
            lead=lead,
            notify=notify,
            reminders=reminders,
            turn=incoming.turn,
        )
        self._remember(incoming.key)
        pairs = zip(stored, replies, strict=True)
        files = [(o.id, r.attachment) for o, r in pairs if r.attachment]
        if files:
            await self.db(self.store.mark_attachments, files)
        return await self._with_sheet(self._attach(stored, replies, new.lang), replies, new)

    def _attach(self, out: list[Outgoing], replies: list[Reply], lang: str) -> list[Outgoing]:
        """Files are made when sent, never stored: the .ics of the deadlines."""
        result = []
        for outgoing, reply in zip(out, replies, strict=True):
            if reply.attachment == "calendar":
                ics = deadlines_ics(self.guide.knowledge, self.clock(), lang)
                outgoing = replace(outgoing, document=ics, filename="dates-dsdt.ics")
            result.append(outgoing)
        return result

    # ------------------------------------------------------------------ the fiche synthétique
    def sheet_file(self, snap: dict[str, Any]) -> tuple[bytes, str]:
        """The .odt file for a snapshot of the answers (a lead's, or a chat's state)."""
        return odt.sheet_file(self.guide.knowledge, snap)

    async def _with_sheet(
        self, out: list[Outgoing], replies: list[Reply], state: State
    ) -> list[Outgoing]:
        """Write the fiche synthétique for the reply that carries it, from the state just
        stored (never stored itself)."""
        result = []
        for outgoing, reply in zip(out, replies, strict=True):
            if reply.attachment == "sheet":
                outgoing = await self._sheet_for(outgoing, state)
            result.append(outgoing)
        return result

    async def _sheet_for(self, outgoing: Outgoing, state: State) -> Outgoing:
        """Off the event loop: lxml work that would hold up every other chat."""
        snap = sheets.snapshot(state, self.clock())
        document, name = await asyncio.to_thread(self.sheet_file, snap)
        return replace(outgoing, document=document, filename=name)

    async def with_files(self, out: list[Outgoing]) -> list[Outgoing]:
        """Replies read back from the database (a redelivered update, a restart after a
        crash) get their file again: made now from the stored state, never stored."""
        kinds = await self.db(self.store.attachments, [o.id for o in out])
        result = []
        for outgoing in out:
            kind = kinds.get(outgoing.id)
            if kind == "sheet":
                raw = await self.db(self.store.state_of, outgoing.chat_id)
                state = State.from_json(raw)
                if state.answers.get("place") and state.answers.get("fiche"):
                    outgoing = await self._sheet_for(outgoing, state)
            elif kind == "calendar":
                raw = await self.db(self.store.state_of, outgoing.chat_id)
                lang = State.from_json(raw).lang
                ics = deadlines_ics(self.guide.knowledge, self.clock(), lang)
                outgoing = replace(outgoing, document=ics, filename="dates-dsdt.ics")
            result.append(outgoing)
        return result

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

    async def _rights(self, incoming: Incoming, state: State) -> list[Outgoing] | None:
        """/mesdonnees and /effacer: handled here because they read or delete storage."""
        _ = gettext_for(state.lang).gettext
        event = incoming.event
        name = event.value.lower().lstrip("/").split("@")[0] if event.kind == "command" else ""
        chat = incoming.chat_id

        def reply(text: str, buttons: list[list[str]] | None = None, **doc: Any) -> list[Outgoing]:
            return [Outgoing(0, chat, 0, text, buttons or [], 2, **doc)]

        if name in ("mesdonnees", "mydata"):
            data = await self.db(self.store.user_data, chat, incoming.user_id)
            payload = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
            return reply(
                _("Voici tout ce que nous gardons sur vous (fichier JSON)."),
                document=payload,
                filename="mes-donnees-dsdt.json",
            )
        if name in ("effacer", "forget"):
            return reply(
                _("Effacer toutes vos réponses, nos messages et votre demande ? C'est définitif."),
                [[_("🗑 Oui, tout effacer"), "erase|yes"], [_("Annuler"), "erase|no"]],
            )
        if name in ("rappels", "reminders") or (
            event.kind == "choice" and event.value.startswith("rem|")
        ):
            if event.kind == "choice":
                target = event.value.split("|", 1)[1]
                await self.db(
                    self.store.cancel_reminders,
                    chat,
                    int(target) if target.isdigit() else None,
                )
            rows = await self.db(self.store.pending_reminders, chat)
            labels = {
                k: (s.label_en if state.lang == "en" else s.label)
                for k, s in self.guide.knowledge.calendar.items()
            }
            buttons = [
                [_("Annuler le rappel n° {n}").format(n=i + 1), f"rem|{r['id']}"]
                for i, r in enumerate(rows)
            ]
            if len(rows) > 1:
                buttons.append([_("Tout annuler"), "rem|all"])
            text = render.reminders_list(_, rows, labels, state.lang)
            if event.kind == "choice":
                text = _("C'est annulé.") + "\n" + text
            return reply(text, buttons)
        if event.kind == "choice" and event.value.startswith("erase|"):
            if event.value != "erase|yes":
                return reply(_("D'accord, rien n'est effacé."))
            erasure = await self.db(self.store.erase_person, chat, incoming.user_id)
            self._memory.pop(chat, None)
            self.notifications_pending = True  # staff are told, their notifications deleted
            return reply(erasure_receipt(_, erasure))
        return None

    async def sent(self, *outgoing: Outgoing) -> None:
        ids = [o.id for o in outgoing if o.id]
        if ids:
            await self.db(self.store.mark_sent, *ids)


MESSAGE_LIMIT = 4096  # Telegram's, in characters after parsing: the HTML source is longer


def merge_replies(replies: list[Reply]) -> list[Reply]:
    """Fewer sends per turn: a text without buttons is joined to the text that follows it
    (which keeps its buttons) when both fit in one message. Sending is most of a turn's cost
    and counts against Telegram's 30 messages/s; the person reads the same words, in the same
    order. A file (the .ics) is never merged."""
    merged: list[Reply] = []
    for reply in replies:
        last = merged[-1] if merged else None
        if (
            last is not None
            and not last.choices
            and not last.attachment
            and not reply.attachment
            and len(last.text) + 2 + len(reply.text) <= MESSAGE_LIMIT
        ):
            merged[-1] = replace(reply, text=f"{last.text}\n\n{reply.text}")
        else:
            merged.append(reply)
    return merged


def _buttons(reply: Reply) -> list[list[str]]:
    return [[c.label, c.data] for c in reply.choices]
