"""Read free-text answers to button questions: "ouais", "je sais pas", "on est une asso".

The vocabulary is data (knowledge/data/lexicon.toml) read by `knowledge.lexicon`; this module
keeps the names the steps have always imported.
"""

from __future__ import annotations

from knowledge.lexicon import (
    audience,
    dont_know,
    fiche_number,
    has_words,
    is_stray,
    kind,
    role,
    skip,
    torn,
    yes_no_unknown,
)

__all__ = [
    "audience",
    "dont_know",
    "fiche_number",
    "has_words",
    "is_stray",
    "kind",
    "role",
    "skip",
    "torn",
    "yes_no_unknown",
]
