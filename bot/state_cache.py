"""The last state each recent chat stored, kept decoded beside the exact JSON text stored.

Reading a chat's state back from JSON on every turn was 4 % of a turn's CPU (issue 28): the
state a turn reads is, nearly always, the one the same process stored at the chat's previous
turn. The store stays the truth: the turn still reads the stored text, and the decoded state
kept here is used only when that text is *exactly* the text stored with it. A restart (an
empty cache), another process writing the chat, an erasure (no row), a purge, a restore: any
other text, or none, is a miss, decoded as before.

The decoded state is the object the dialog returned (`Guide.step`), not one read back from the
text, wrapped as a `Kept` whose copy is decoded from the text stored: the dialog's next step
begins with that copy (`State.copy`: a deep copy through JSON, so that the next turn sees
exactly what is stored), and encoding the state again to copy it was 3 % of a turn's CPU for
a text already in hand. Nothing changes a state once stored (the service reads it, the dialog
copies it first); the tests check, turn by turn, that the copy from the text is the copy
`State.copy` makes. The service compares the kept state's lead and reminders with the next
state's, where a value JSON would have normalised (a tuple) could at worst store the same lead
again. Entries are few (the chats of the last minutes) and dropped after `max_age` seconds,
at an erasure, and oldest first past `size`: people's answers do not linger in memory."""

from __future__ import annotations

import collections
import json
import time
from collections.abc import Callable
from dataclasses import fields

from dialogs.model import State

_FIELDS = tuple(f.name for f in fields(State))


class Kept(State):
    """A stored state as the dialog left it, with the text stored: copied from that text."""

    stored: str = ""  # a class default, set on each instance: not a dataclass field

    def copy(self) -> State:
        return State(**json.loads(self.stored))


def kept(state: State, stored: str) -> Kept:
    """`state` as a `Kept` (its fields shared, not copied) with the text it was stored as."""
    wrapped = Kept.__new__(Kept)  # no __init__: its defaults would be built to be replaced
    wrapped.__dict__.update({name: getattr(state, name) for name in _FIELDS})
    wrapped.stored = stored
    return wrapped


SIZE = 1024  # chats: enough for every chat of a busy minute (500 at once were measured)
MAX_AGE = 600.0  # seconds since the chat's last turn


class StateCache:
    """chat id -> (the JSON text stored, the state it was made from, when), least recent first."""

    def __init__(
        self,
        size: int = SIZE,
        max_age: float = MAX_AGE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.max_age = max_age
        self.clock = clock
        self._entries: collections.OrderedDict[int, tuple[str, State, float]] = (
            collections.OrderedDict()
        )
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, chat_id: int, stored: str | None) -> State | None:
        """The state this chat stored as `stored`, if kept and the text is the same; else None
        (decode `stored`). A different text, or none (the row is gone), drops the entry: it
        is stale for good. Entries past their age go with any call."""
        self._expire(self.clock())
        if stored is None:
            self._entries.pop(chat_id, None)
            return None
        entry = self._entries.get(chat_id)
        if entry is None or entry[0] != stored:
            self._entries.pop(chat_id, None)
            self.misses += 1
            return None
        self.hits += 1
        return entry[1]

    def put(self, chat_id: int, stored: str, state: State) -> None:
        """This chat's turn stored `stored`, made from `state` (committed: call it after)."""
        now = self.clock()
        self._entries[chat_id] = (stored, kept(state, stored), now)
        self._entries.move_to_end(chat_id)
        self._expire(now)

    def _expire(self, now: float) -> None:
        """Oldest first: past the size, or untouched for `max_age` seconds."""
        while self._entries:
            oldest, (_, _, at) = next(iter(self._entries.items()))
            if len(self._entries) <= self.size and now - at <= self.max_age:
                break
            del self._entries[oldest]

    def drop(self, chat_id: int) -> None:
        """Forget a chat (its erasure: nothing of the person stays in memory)."""
        self._entries.pop(chat_id, None)
