"""The funding call as data, and the pure rules that read it.

Nothing here imports the rest of the project, Telegram or a database, and nothing reads the
clock: callers pass the day they ask about.

The loader's names are loaded on first use (PEP 562): a process that needs one small module
(the export's, `knowledge.local_time`) does not load the whole model and its data readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.loader import DataError, Knowledge, load_knowledge

__all__ = ["DataError", "Knowledge", "load_knowledge"]


def __getattr__(name: str) -> object:
    if name in __all__:
        return getattr(importlib.import_module("knowledge.loader"), name)
    raise AttributeError(f"module 'knowledge' has no attribute {name!r}")
