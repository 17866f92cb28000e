"""The project's commune apart from where the person lives (issue 22, reading15).

« j'habite à Tournai mais le projet se fait à Roubaix » was told Tournai is abroad and offered
Roubaix as one choice among others; « moi j'habite Lille mais notre projet c'est à Lens » could
take either. The call asks where the project is: when one clause of a message says where the
person lives (place_words.toml `home_words`) and exactly one other clause names the project
(`project_words`), that clause alone is read as the commune, and nothing is said of the other
town (abroad or not). Pure, its words data.
"""

from __future__ import annotations

import re

from knowledge.place_words import _folded
from knowledge.text import normalize

# Clauses: at punctuation, and at the words that join two statements.
_CLAUSES = re.compile(r"[,;.!?]|\s(?:mais|but|et|and|alors que|while|whereas|whilst)\s", re.I)


def project_part(text: str) -> str | None:
    """The clause of `text` that says where the project is, when another says where the person
    lives; None otherwise (the whole message is read, as before)."""
    clauses = [c.strip() for c in _CLAUSES.split(text) if c and c.strip()]
    if len(clauses) < 2:
        return None
    home = [c for c in clauses if _holds(c, _folded("home_words"))]
    project = [c for c in clauses if c not in home and _holds(c, _folded("project_words"))]
    if not home or len(project) != 1:
        return None
    return project[0]


def _holds(clause: str, phrases: tuple[str, ...]) -> bool:
    key = f" {normalize(clause)} "
    return any(f" {p} " in key for p in phrases)
