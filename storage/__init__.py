"""SQLite storage of users, conversation state, transcripts, leads and audit.

The store's names are loaded on first use (PEP 562), not when the package is: the export's
own process (`python -m storage.export_process`) imports this package before its module, and
the store pulls in sqlite-utils and its dependencies, about 0.1 s of CPU the child never used
(issue 28: the export's start-up)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.store import InboxRow, Outgoing, StorageError, Store, integrity_problems

__all__ = ["InboxRow", "Outgoing", "StorageError", "Store", "integrity_problems"]


def __getattr__(name: str) -> object:
    if name in __all__:
        return getattr(importlib.import_module("storage.store"), name)
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
