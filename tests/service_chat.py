"""A person talking to the real conversation service (dialog + Store), tapping buttons by
their label: leads and transcripts made the way real chats make them, for the staff views."""

from __future__ import annotations

import itertools

from bot.service import Conversations, Incoming
from dialogs.model import Event
from storage.store import Outgoing

_updates = itertools.count(50_000_000)


class Person:
    def __init__(self, service: Conversations, chat: int, name: str = "Zoé") -> None:
        self.service = service
        self.chat = chat
        self.name = name
        self.replies: list[Outgoing] = []

    async def send(self, event: Event) -> list[Outgoing]:
        incoming = Incoming(self.chat, self.chat, next(_updates), self.name, event, "fr")
        self.replies = (await self.service.turn(incoming)).replies
        await self.service.sent(*self.replies)  # as the adapter does once Telegram has them
        return self.replies

    async def text(self, value: str) -> list[Outgoing]:
        return await self.send(
            Event.command(value) if value.startswith("/") else Event.text(value)
        )

    def buttons(self) -> list[tuple[str, str]]:
        return [(b[0], b[1]) for r in self.replies for b in r.buttons]

    async def tap(self, part: str) -> list[Outgoing]:
        for label, data in self.buttons():
            if part.lower() in label.lower():
                return await self.send(Event.choice(data))
        raise AssertionError(f"no button {part!r} in {self.buttons()}")

    @property
    def said(self) -> str:
        return "\n".join(r.text for r in self.replies)


async def to_verdict(
    person: Person,
    place: str = "Liévin",
    audience: str = "jeunes",
    fiche: int = 4,
    contact: str | None = "06 12 34 56 78",
) -> None:
    """From /start to the verdict (and the call-back request when `contact` is given)."""
    await person.text("/start")
    await person.tap("accepte")
    await person.tap("association")
    await person.text(place)
    places = [
        data
        for _, data in person.buttons()
        if data.split("|", 1)[-1].startswith("place:") and not data.endswith(":retry")
    ]
    if places:  # several communes: the first one
        await person.send(Event.choice(places[0]))
    await person.tap(audience)
    await person.tap(f"({fiche})")
    if fiche == 4:
        await person.tap("Oui")
        await person.tap("Fonctionnement")
    await person.text("40000")
    await person.text("20000")
    await person.text("5000")
    if "activit" in person.said.lower() or any(b[0] == "Non" for b in person.buttons()):
        await person.tap("Non")
    await person.tap("Voir le résultat")
    if contact is not None:
        for label, data in person.buttons():
            if "recontact" in label.lower() or "rappel" in label.lower():
                await person.send(Event.choice(data))
                await person.text(contact)
                break
