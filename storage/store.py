"""SQLite through sqlite-utils: the only door to the database.

`Store` puts together the store's jobs, each in its module: the connection and migrations
(`storage.base`, `storage.migrations`), conversation turns and the outbox (`storage.turns`),
leads and the audit trail (`storage.leads`), reminders (`storage.reminders`), the inbox
(`storage.inbox`), and the person's rights and retention (`storage.privacy`). Tables and
columns are named for a human reading them in Datasette or `sqlite-utils`.
"""

from __future__ import annotations

from storage.base import InboxRow, Outgoing, StorageError, integrity_problems
from storage.inbox import Inbox
from storage.leads import OWN_LEAD_COLUMNS
from storage.migrations import MIGRATIONS
from storage.privacy import PERSONAL_TABLES, SEARCH_INDEXES, Erasure, Privacy
from storage.reminders import Reminders, reminder_due
from storage.turns import Turns

__all__ = [
    "MIGRATIONS",
    "OWN_LEAD_COLUMNS",
    "PERSONAL_TABLES",
    "SEARCH_INDEXES",
    "Erasure",
    "InboxRow",
    "Outgoing",
    "StorageError",
    "Store",
    "integrity_problems",
    "reminder_due",
]


class Store(Turns, Privacy, Reminders, Inbox):
    """Synchronous store; the bot calls it from one worker thread, never the event loop."""
