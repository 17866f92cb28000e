"""The person's rights, in the conversation: /mesdonnees (their data, in words and in JSON),
/effacer (erase everything, after a confirmation whose buttons carry the step they were asked
at) and /rappels (the reminders they can cancel). Apart from the turn itself (bot/service.py)
because these read or delete storage, where the dialog knows nothing of it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from bot.privacy import data_summary, erasure_receipt, readable_data
from dialogs import render
from dialogs.intents import ERASE_ASK
from dialogs.model import Event, State
from dialogs.render import esc
from knowledge.i18n import gettext_for
from knowledge.lexicon import typed_button
from knowledge.text import whole_number
from storage import Outgoing

if TYPE_CHECKING:
    from bot.service import Conversations, Incoming


async def rights_turn(
    conv: Conversations, incoming: Incoming, state: State, happened: dict[str, bool]
) -> list[Outgoing] | None:
    """/mesdonnees and /effacer: handled here because they read or delete storage.

    Whether the erasure's confirmation is the last thing on screen is read from the chat's
    state (`State.erase_asked`), stored, so a restart between /effacer and the answer, or
    another process, reads the next message the same way. Any event moves on: the mark is
    cleared, or set again by what answers it here, and kept where the state is kept (also
    when the conversation's own turn then fails and stores nothing)."""
    asked = state.erase_asked
    if asked is not None:
        # Cleared on the state the conversation's turn goes on with. Such a state was read
        # from the stored text: a state kept decoded (bot.state_cache) never holds a mark
        # (the turns that store it clear it first) and is never changed here.
        state.erase_asked = None
    answer = await _rights(conv, incoming, state, happened, asked)
    if answer.mark != asked and not answer.erased:
        marked = State.copy(state)  # the fields as they are (a kept state copies its text)
        marked.erase_asked = answer.mark
        await keep_mark(conv, incoming.chat_id, marked)
    return answer.replies


# What the dialog's effects stand for (`Reply.effect`: an intent said in words).
EFFECT_COMMANDS = {"show_data": "/mesdonnees", "erase": "/effacer"}


async def effects_turn(
    conv: Conversations,
    incoming: Incoming,
    state: State,
    happened: dict[str, bool],
    effects: list[str],
    after: int,
) -> list[Outgoing]:
    """The replies of the dialog's effects ("vous gardez quoi sur moi ?", "effacez tout"),
    after the turn's own (`after` of them) and on the state it left: each is its command's own
    turn here, through the same code (the data summary; the erasure's confirmation, its
    buttons and its mark), so words do what the command does (issue 22)."""
    out: list[Outgoing] = []
    for effect in effects:
        command = replace(incoming, event=Event.command(EFFECT_COMMANDS[effect]))
        for reply in await rights_turn(conv, command, state, happened) or []:
            out.append(replace(reply, position=after + len(out)))
    return out


class Answer(NamedTuple):
    """What the rights made of an event: the replies (None: the conversation's event),
    whether the person was erased, and the step count of an erasure's confirmation the
    replies leave on screen (None: none)."""

    replies: list[Outgoing] | None
    erased: bool = False
    mark: int | None = None


async def _rights(
    conv: Conversations,
    incoming: Incoming,
    state: State,
    happened: dict[str, bool],
    asked: int | None,
) -> Answer:
    """The rights' turn, if this event is theirs."""
    _ = gettext_for(state.lang).gettext
    event = incoming.event
    name = event.value.lower().lstrip("/").split("@")[0] if event.kind == "command" else ""
    chat = incoming.chat_id

    def reply(
        text: str, buttons: list[list[str]] | None = None, mark: int | None = None
    ) -> Answer:
        return Answer([Outgoing(0, chat, 0, text, buttons or [], 2)], mark=mark)

    if name in ("mesdonnees", "mydata"):
        data = await conv.db(conv.store.user_data, chat, incoming.user_id)
        readable = readable_data(data)
        payload = json.dumps(readable, ensure_ascii=False, indent=2, default=str).encode()
        return Answer(
            [
                Outgoing(
                    0,
                    chat,
                    0,
                    esc(data_summary(data, state.lang, conv.guide.knowledge.region.time_zone)),
                    [],
                    1,
                ),
                Outgoing(
                    0,
                    chat,
                    1,
                    _("Le détail complet, en JSON."),
                    [],
                    1,
                    document=payload,
                    filename=conv.file_name("mes-donnees", "json"),
                ),
            ]
        )
    # The confirmation's buttons carry the conversation's step count when it was asked and
    # the update that asked (Telegram numbers updates in the order they were sent).
    erase_buttons = [
        [_("🗑 Oui, tout effacer"), f"erase|yes|{state.seq}|{incoming.update_id}"],
        [_("Annuler"), "erase|no"],
    ]
    if name in ("effacer", "forget"):
        return reply(
            _(ERASE_ASK),
            erase_buttons,
            state.seq,
        )
    if asked is not None and event.kind == "text":
        # The confirmation's buttons on screen: a message that is one of them does what it
        # does ("annule" cancels; it went back one answer), except erasing, which needs the
        # tap. Anything else is the conversation's, as before.
        typed = typed_button(
            event.value,
            {
                "erase_confirm": [
                    gettext_for(lang).gettext("🗑 Oui, tout effacer") for lang in ("fr", "en")
                ],
                "erase_cancel": [gettext_for(lang).gettext("Annuler") for lang in ("fr", "en")],
            },
        )
        if typed == "erase_cancel":
            return reply(_("D'accord, rien n'est effacé."))
        if typed == "erase_confirm":
            return reply(
                _(
                    "Pour tout effacer, touchez le bouton « 🗑 Oui, tout effacer » : je "
                    "n'efface rien sur un message écrit."
                ),
                erase_buttons,
                asked,
            )
    if name in ("rappels", "reminders") or (
        event.kind == "choice" and event.value.startswith("rem|")
    ):
        cancelled = 0  # a stale or forged button ("rem|²") cancels nothing, says nothing
        if event.kind == "choice":
            target = event.value.split("|", 1)[1]
            number = whole_number(target)
            if number is not None or target == "all":
                cancelled = await conv.db(conv.store.cancel_reminders, chat, number)
        rows = await conv.db(conv.store.pending_reminders, chat)
        labels = {
            k: (s.label_en if state.lang == "en" else s.label)
            for k, s in conv.guide.knowledge.calendar.items()
        }
        buttons = [
            [_("Annuler le rappel n° {n}").format(n=i + 1), f"rem|{r['id']}"]
            for i, r in enumerate(rows)
        ]
        if len(rows) > 1:
            buttons.append([_("Tout annuler"), "rem|all"])
        text = render.reminders_list(_, rows, labels, state.lang)
        if cancelled:
            text = _("C'est annulé.") + "\n" + text
        return reply(text, buttons)
    if event.kind == "choice" and event.value.startswith("erase|"):
        answer, _sep, stamp = event.value.removeprefix("erase|").partition("|")
        if answer != "yes":
            return reply(_("D'accord, rien n'est effacé."))
        if not await covers(conv, incoming, state, stamp):
            # An old confirmation, tapped after the conversation went on (its buttons stay
            # on screen): it did not cover what was answered since, so ask again.
            return reply(
                _(
                    "Ce bouton date d'avant vos dernières réponses. Effacer toutes vos "
                    "réponses, nos messages et votre demande ? C'est définitif."
                ),
                erase_buttons,
                state.seq,
            )
        erasure = await conv.erase_held(chat, incoming.user_id)
        happened["notify_staff"] = True  # staff are told, their notifications deleted
        return Answer(reply(erasure_receipt(_, erasure, state.lang, conv.has_staff)).replies, True)
    return Answer(None)


async def keep_mark(conv: Conversations, chat: int, state: State) -> None:
    """Keep the state whose erasure mark changed where the chat's state is kept: stored once
    consented (`keep_state`: the rights' replies store no message), else in memory."""
    if state.consent:
        await conv.db(conv.store.keep_state, chat, state.to_json())
    else:
        conv.remember_unconsented(chat, state)


async def covers(conv: Conversations, incoming: Incoming, state: State, stamp: str) -> bool:
    """Whether a tap on « Oui, tout effacer » stamped `stamp` ("<step count>|<update id>")
    covers everything stored: what the person had *sent* when they typed /effacer, not what
    had been answered by then. The same step count covers (nothing moved since; a state
    that cannot be read counts as step 0: the fresh buttons then still erase). Else only if
    no stored message was sent after /effacer: an answer sent just before it may reach the
    bot after it (a webhook delivery retried by Telegram) and is still covered. Update ids
    are Telegram's and restart at random after a week of silence: a tap numbered before
    /effacer says they did, and then only the step count is trusted."""
    seq, _sep, asked_by = stamp.partition("|")
    if not seq or seq == str(state.seq):
        return True
    asked = whole_number(asked_by) if asked_by else None  # buttons from before: step only
    if asked is None or incoming.update_id <= asked:
        return False
    return not await conv.db(conv.store.sent_after, incoming.chat_id, asked)
