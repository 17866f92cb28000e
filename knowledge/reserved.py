"""An amount said with a reservation (issue 22, reading11): "20 000 mais je sais pas", "5000 à
vérifier", "15 000 (sans les salaires)". A careful listener neither drops the doubt nor
refuses the amount: the dialog offers it with a button (keep it, or "je ne sais pas", or another
amount). The words are data: knowledge/data/money_words.toml `reservations`, with the reason."""

from __future__ import annotations

import re

from knowledge.money_words import RESERVATIONS
from knowledge.text import normalize

_RESERVATION = re.compile(
    r"(?:^| )(?:" + "|".join(re.escape(normalize(w)) for w in RESERVATIONS) + r")(?: |$)"
)


def reservation(text: str) -> bool:
    """Whether the words beside an amount hold a reservation (doubt, or a part left out)."""
    return _RESERVATION.search(normalize(text)) is not None
