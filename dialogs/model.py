"""The conversation's plain data: state, events in, replies out.

State is plain data (JSON in SQLite) so staff can read it, it survives restarts, and the same
flow runs in Telegram, in the terminal and in tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Literal

EventKind = Literal["text", "choice", "command", "other", "edited"]
STATE_VERSION = 1
SHARED_CONTACT = "contact:"
CAPTION = "caption:"
SHARED_LOCATION = "location"  # never its coordinates: nothing reads them, they would be stored


@dataclass(frozen=True, slots=True)
class Event:
    """What the person did: typed text, tapped a button, sent a command, or anything else."""

    kind: EventKind
    value: str = ""
    # Typed as a reply to one of the bot's messages (swipe-reply): that message's text, so an
    # answer to an earlier question is read as that answer's (dialogs.replied). Not stored.
    replying: str = ""

    @classmethod
    def text(cls, value: str, replying: str = "") -> Event:
        return cls("text", value, replying)

    @classmethod
    def choice(cls, value: str) -> Event:
        return cls("choice", value)

    @classmethod
    def command(cls, value: str) -> Event:
        return cls("command", value)

    @classmethod
    def other(cls, what: str = "") -> Event:
        """Anything but text: "media", SHARED_CONTACT + a phone for a contact card shared
        from Telegram's attachment menu (the contact step reads it as its phone), CAPTION +
        the words a person wrote under a photo or a file (read as if typed), or
        SHARED_LOCATION for a position or a venue shared from the attachment menu."""
        return cls("other", what)

    @classmethod
    def edited(cls, value: str = "") -> Event:
        """An edit of an earlier message: never read as the answer to the current step."""
        return cls("edited", value)


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: its label, and the data sent back when tapped (<= 64 bytes for Telegram)."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message: HTML text (anything the user typed is already escaped) and its buttons."""

    text: str
    choices: tuple[Choice, ...] = ()
    columns: int = 1
    attachment: str = ""  # "calendar": the adapter attaches the deadlines as an .ics file
    # "show_data" / "erase": what the adapter does in this reply's place, as /mesdonnees or
    # /effacer would (it reads or deletes storage, which the dialog knows nothing of); the
    # text is what the dialog alone can say of it
    effect: str = ""


@dataclass
class State:
    """Where a chat stands. `seq` numbers each question so stale buttons can be recognised."""

    step: str = "consent"
    lang: str = "fr"
    consent: bool = False
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    suggestion: dict[str, Any] = field(default_factory=dict)
    editing: bool = False
    seq: int = 0
    answer_count: int = 0
    lead: dict[str, Any] | None = None
    conversation: int = 0  # bumped on restart: one lead per conversation
    mode: str = ""  # "question" after /question: every text is a question until resumed
    reminders: list[dict[str, Any]] = field(default_factory=list)  # asked for; stored by adapter
    welcomed: bool = False  # the welcome was shown: later consent prompts are one line
    # an intent typed where any text is an answer, asked first: {"intent", "text", "step"}
    pending: dict[str, Any] = field(default_factory=dict)
    # the last verdict cards shown: their step count -> a digest of the form's answers they
    # were worked out from, so a tap on an old card can tell whether its result still holds
    cards: dict[str, str] = field(default_factory=dict)
    # an amount typed before the amounts, its answer unclear ("à Lens pour 15 000 €"):
    # {"amount": "15000.00"}, offered as a button at the amount questions (`dialogs.early`)
    proposed: dict[str, Any] = field(default_factory=dict)
    # the step count at which /effacer asked to confirm, while its buttons are the last thing
    # on screen (read by bot.rights: a typed « annule » then cancels the erasure). Stored with
    # the state, so a restart or another process reads the next message the same way.
    erase_asked: int | None = None
    # the amount typed that answered the question before this one: {"step", "text"}; the same
    # message sent again at once is asked about, not taken (`dialogs.twice`)
    typed: dict[str, Any] = field(default_factory=dict)
    version: int = STATE_VERSION

    def to_json(self) -> str:
        # The fields hold JSON values only: json.dumps walks them in C, asdict in Python.
        return json.dumps(self._data(), ensure_ascii=False, sort_keys=True)

    def copy(self) -> State:
        """A deep copy equal to a JSON round trip (`_plain`): what is stored is exactly what
        the next turn sees. Keys sorted as in `to_json`, so a copy reads exactly like a stored
        state; no field filtering on the way back. The dialog copies the state for each trial
        reading (corrections, typed answers): the JSON round trip was 2-3 % of a turn."""
        return State(**{name: _plain(getattr(self, name)) for name in _FIELD_NAMES})

    def _data(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @classmethod
    def from_json(cls, text: str | None) -> State:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(**{k: v for k, v in data.items() if k in _KNOWN})


_FIELD_NAMES = tuple(f.name for f in fields(State))  # read once: `fields()` is slow


def _plain(value: Any) -> Any:
    """`json.loads(json.dumps(value, sort_keys=True))` without the text in between: the same
    values, dicts sorted by their original keys (as the encoder does, so ints by number)
    with the keys made strings as JSON writes them, tuples made lists. Any other type (an
    enum, a float key, a str or int subclass) takes the JSON round trip itself, so the
    result, and a TypeError for what JSON cannot hold, are the same (tests/test_state_copy.py)."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None or kind is float:
        return value
    if kind is list or kind is tuple:
        return [_plain(item) for item in value]
    if kind is dict:
        if all(type(key) is str for key in value):
            return {key: _plain(value[key]) for key in sorted(value)}
        if all(type(key) is int for key in value):
            return {str(key): _plain(value[key]) for key in sorted(value)}
    return json.loads(json.dumps(value, sort_keys=True))


_KNOWN = frozenset(_FIELD_NAMES)
