"""SQLite storage of users, conversation state, transcripts, leads and audit."""

from storage.store import Outgoing, StorageError, Store

__all__ = ["Outgoing", "StorageError", "Store"]
