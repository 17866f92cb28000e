"""SQLite storage of users, conversation state, transcripts, leads and audit."""

from storage.store import InboxRow, Outgoing, StorageError, Store

__all__ = ["InboxRow", "Outgoing", "StorageError", "Store"]
