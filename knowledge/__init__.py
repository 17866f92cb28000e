"""The funding call as data, and the pure rules that read it.

Nothing here imports the rest of the project, Telegram or a database, and nothing reads the
clock: callers pass the day they ask about.
"""

from knowledge.loader import DataError, Knowledge, load_knowledge

__all__ = ["DataError", "Knowledge", "load_knowledge"]
