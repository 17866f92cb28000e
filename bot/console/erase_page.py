"""Erasing a person from the console, at their request by another channel (a phone call, a
letter to the Region): what `python -m bot.desk erase N` does, in the browser. A page says what
will go (counted, never what was said), a POST with the session's CSRF token erases it through
the same call as /effacer; the audit keeps the lead number only. In the bot's process the
erasure takes the chat's lock (`Conversations.erase`) and the bot then deletes staff's
notifications about the person and tells every staff member (`bot.privacy.announce_erasures`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from storage.console import Session
from storage.privacy import Erasure

if TYPE_CHECKING:
    from bot.console.app import Console

log = logging.getLogger(__name__)
Eraser = Callable[[int, int], Awaitable[Erasure]]
Announcer = Callable[[], Awaitable[None]]


async def _person(console: Console, number: int) -> tuple[int, int] | None:
    lead = await console.run(console.desk.lead, number)
    return (int(lead["chat_id"]), int(lead["user_id"])) if lead else None


async def confirm(console: Console, request: Request, session: Session, number: int) -> Response:
    """What erasing the person behind lead N would delete, and the button that does it."""
    person = await _person(console, number)
    if person is None:
        return await console.gone(request, session, number)
    preview = await console.run(console.store.erasure_preview, *person)
    await console.audit(session, "erase-asked", "", number)
    return console.render(
        request, "erase.html", session=session, number=number, erasure=preview, done=False
    )


async def erase(console: Console, request: Request, session: Session, number: int) -> Response:
    """Erase the person behind lead N (the CSRF token checked by `guarded`); the page says
    what went. Staff are then told through the bot, in the background."""
    person = await _person(console, number)
    if person is None:
        return await console.gone(request, session, number)
    erasure = await console.erase(*person)
    await console.audit(session, "erase", "", number)
    console.after_erasure()
    return console.render(
        request, "erase.html", session=session, number=number, erasure=erasure, done=True
    )


class Aftermath:
    """What follows an erasure, off the request: staff told and the search indexes scrubbed
    (the bot's `StaffDesk.erasures`); one task at a time, its failure logged by kind only."""

    def __init__(self, announce: Announcer) -> None:
        self.announce = announce
        self.tasks: set[asyncio.Task[None]] = set()

    def __call__(self) -> None:
        task = asyncio.create_task(self._run())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self) -> None:
        try:
            await self.announce()
        except Exception as exc:  # told at the bot's next contact request or start instead
            log.warning("console: staff not told of an erasure yet (%s)", type(exc).__name__)
