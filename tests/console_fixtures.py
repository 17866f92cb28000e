"""Leads stored through the real Store.record_turn, for the console and staff-safety tests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage import Store

_updates = iter(range(10_000_000, 99_999_999))


def add_lead(
    store: Store,
    chat: int,
    *,
    said: str = "un jardin partagé",
    first_name: str = "Zoé",
    territory: str = "artois",
    commune: str = "Liévin",
    fiche: int = 4,
    contact: str | None = None,
    description: str = "un jardin partagé au pied des immeubles",
    conversation: int = 1,
) -> None:
    """One consented person who answered a question and reached a verdict."""
    lead: dict[str, Any] = {
        "conversation": conversation,
        "role": "association",
        "commune": commune,
        "insee": "62510",
        "epci": "CA de Lens - Liévin",
        "territory": territory,
        "fiche": fiche,
        "total": 40000,
        "request": 20000,
        "cofunding": 0,
        "kind": "investment",
        "audience": "habitants",
        "description": description,
        "eligible": False,
        "closed": False,
        "wants_contact": contact is not None,
        "contact": contact,
        "checks": {"floor": "ok", "cofunding": "fail"},
        "contacts": ["Priscille DOLEZ"],
    }
    store.record_turn(
        chat_id=chat,
        user_id=chat,
        update_id=next(_updates),
        first_name=first_name,
        kind="text",
        text=said,
        step_before="description",
        state_json=json.dumps({"step": "verdict"}),
        step_after="verdict",
        language="fr",
        replies=[("Voici le <b>résultat</b> &amp; la suite", [], 1)],
        consent_now=True,
        notice_version="1",
        lead=lead,
    )


def set_created(store: Store, number: int, when: dt.datetime) -> None:
    store.db.execute(
        "update leads set created_at = ? where number = ?",
        [when.isoformat(timespec="seconds"), number],
    )
