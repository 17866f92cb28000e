"""A tiny driver that talks to the pure dialog the way a person would (taps and typing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

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
    role: str = "association",
    kind: str = "Fonctionnement",
    parts: tuple[str, str] = ("", ""),
) -> None:
    """Answer every question up to the verdict, choosing the fiche by its theme button.

    `kind` is the button tapped at fiche 4's kind question; with "Les deux", `parts` are the
    investment and operating amounts (the request is then their sum)."""
    chat.start()
    chat.tap(role)
    chat.text(place)
    if chat.state.step == "place_choice":
        chat.send(Event.choice(chat.buttons()[0][1]))
    chat.tap("quartier")
    chat.tap(f"({fiche})")
    if fiche == 4:
        chat.tap("Oui")
        chat.tap(kind)
    chat.text(total)
    if chat.state.step == "request_investment":
        chat.text(parts[0])
        chat.text(parts[1])
    else:
        chat.text(request)
    chat.text(cofunding)
    if chat.state.step == "activity":  # not asked of an inhabitant on their own
        chat.tap("Non")
    chat.tap("Voir le résultat")


def main_paths(guide: Guide) -> Iterator[tuple[str, Chat]]:
    """The main paths through the dialog, each run to its verdict and its details: every fiche
    open and closed, an inhabitant, fiche 4 with both kinds, a co-funding shortfall, a
    description instead of a theme, and English. Yields (name, chat)."""
    runs: list[tuple[str, dt.date, str, dict[str, Any]]] = []
    for today, when in ((OPEN, "open"), (CLOSED, "closed")):
        for fiche in (1, 2, 3, 4):
            runs.append((f"fiche{fiche}-{when}", today, "fr", {"fiche": fiche}))
    runs += [
        ("inhabitant", CLOSED, "fr", {"fiche": 1, "role": "habitant", "place": "Dunkerque"}),
        (
            "both-kinds",
            CLOSED,
            "fr",
            {
                "fiche": 4,
                "kind": "Les deux",
                "total": "200000",
                "parts": ("160000", "15000"),
                "cofunding": "0",
            },
        ),
        ("shortfall", OPEN, "fr", {"fiche": 2, "request": "1500", "cofunding": "1000"}),
    ]
    for name, today, lang, options in runs:
        chat = Chat(guide, today=today, lang=lang)
        full_run(chat, **options)
        chat.tap("Voir le détail")
        yield name, chat
    chat = Chat(guide, today=CLOSED)
    chat.start()
    chat.tap("habitant")
    chat.text("Roubaix")
    chat.tap("jeunes")
    chat.text("Un jardin partagé au pied des immeubles")
    chat.tap("Oui, fiche 4")
    chat.tap("Je ne sais pas")
    chat.tap("Investissement")
    chat.text("20000")
    chat.text("12000")
    chat.tap("Rien")
    chat.tap("Voir le résultat")
    chat.tap("Voir le détail")
    yield "description", chat
    for fiche in (1, 4):
        chat = Chat(guide, today=CLOSED, lang="en")
        chat.start()
        chat.tap("association")
        chat.text("Calais")
        chat.tap("neighbourhood")
        chat.tap(f"({fiche})")
        if fiche == 4:
            chat.tap("Yes")
            chat.tap("Both")
            chat.text("30000")
            chat.text("8000")
            chat.text("2000")
        else:
            chat.text("10000")
            chat.text("3000")
        chat.text("1000")
        chat.tap("No")
        chat.tap("See the result")
        chat.tap("See the details")
        yield f"english-fiche{fiche}", chat


def started(chat: Chat, *turns: str) -> Chat:
    """Start (consent given), then play the turns: "tap:<label>" taps a button, anything else
    is typed."""
    chat.start()
    for turn in turns:
        if turn.startswith("tap:"):
            chat.tap(turn[4:])
        else:
            chat.text(turn)
    return chat


def at_place(chat: Chat) -> Chat:
    """Consent given, "an association" tapped: the commune question on screen."""
    started(chat, "tap:association")
    assert chat.state.step == "place"
    return chat


def at_total(guide: Guide, lang: str = "fr") -> Chat:
    """An association in Lens, a neighbourhood, fiche 1: the total question on screen (the
    call open), in French or English."""
    audience = "tap:quartier" if lang == "fr" else "tap:neighbourhood"
    chat = started(Chat(guide, OPEN, lang=lang), "tap:association", "Lens", audience, "tap:(1)")
    assert chat.state.step == "total"
    return chat
