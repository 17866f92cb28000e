"""SQLite storage of users, conversation state, transcripts, leads and audit."""

from storage.store import InboxRow, Outgoing, StorageError, Store, integrity_problems

__all__ = ["InboxRow", "Outgoing", "StorageError", "Store", "integrity_problems"]
