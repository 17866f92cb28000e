"""A tiny driver that talks to the pure dialog the way a person would (taps and typing)."""

from __future__ import annotations

import datetime as dt

from dialogs.flow import Guide
from dialogs.model import Event, Reply, State

CLOSED = dt.date(2026, 11, 22)
OPEN = dt.date(2014, 11, 27)


class Chat:
    def __init__(self, guide: Guide, today: dt.date = OPEN, lang: str = "fr") -> None:
        self.guide = guide
        self.today = today
        self.state = State(lang=lang)
        self.replies: list[Reply] = []
        self.all_replies: list[Reply] = []

    def send(self, event: Event) -> list[Reply]:
        self.state, self.replies = self.guide.step(self.state, event, self.today)
        assert self.replies, f"silence after {event}"
        self.all_replies += self.replies
        return self.replies

    def text(self, value: str) -> list[Reply]:
        return self.send(Event.text(value))

    def command(self, value: str) -> list[Reply]:
        return self.send(Event.command(value))

    def buttons(self) -> list[tuple[str, str]]:
        for reply in reversed(self.replies):
            if reply.choices:
                return [(c.label, c.data) for c in reply.choices]
        return []

    def tap(self, label_part: str) -> list[Reply]:
        for label, data in self.buttons():
            if label_part.lower() in label.lower():
                return self.send(Event.choice(data))
        raise AssertionError(f"no button {label_part!r} in {self.buttons()}")

    @property
    def said(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def start(self) -> None:
        self.command("/start")
        self.tap("accepte" if self.state.lang == "fr" else "agree")


def full_run(
    chat: Chat,
    fiche: int,
    place: str = "Lens",
    total: str = "10000",
    request: str = "3000",
    cofunding: str = "3000",
) -> None:
    """Answer every question up to the verdict, choosing the fiche by its theme button."""
    chat.start()
    chat.tap("association")
    chat.text(place)
    if chat.state.step == "place_choice":
        chat.send(Event.choice(chat.buttons()[0][1]))
    chat.tap("quartier")
    chat.tap(f"({fiche})")
    if fiche == 4:
        chat.tap("Oui")
        chat.tap("Fonctionnement")
    chat.text(total)
    chat.text(request)
    chat.text(cofunding)
    chat.tap("Non")
    chat.tap("Voir le résultat")
