"""A staff note too long for the limit, in Telegram (`/note N …`, « Ajouter une note »): it
was cut to 2,000 characters and answered « Note ajoutée », its end lost without a word. Now it
is refused with its length said; the staff member's message stays in their chat to shorten,
and after « Ajouter une note » the next message is still taken as the note."""

from __future__ import annotations

from storage.sqlite import sqlite3
from tests.test_bot_app import Harness, run_to_verdict
from tests.test_staff import ARTOIS_OFFICER, desk, staff_says

__all__ = ["desk"]  # the pytest fixture, imported

LONG = "Rappelée le 3/12 : " + "dossier & pièces à relancer " * 90  # 2,539 characters


def _note(h: Harness) -> str | None:
    conn = sqlite3.connect(h.db)
    try:
        return conn.execute("select note from leads where number = 1").fetchone()[0]  # type: ignore[no-any-return]
    finally:
        conn.close()


async def test_a_note_over_the_limit_is_refused_with_its_length_not_cut(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    said = await staff_says(desk, "/note 1 " + LONG)
    assert said == [
        f"Note non enregistrée : elle fait {len(LONG.strip())} caractères, 2000 au plus. "
        "Renvoyez-la plus courte, ou en deux notes."
    ], said
    assert _note(desk) is None
    await staff_says(desk, "/lead 1")  # the card, with its « Ajouter une note » button
    await desk.tap(ARTOIS_OFFICER, "Ajouter une note")
    said = await staff_says(desk, LONG)
    assert "Note non enregistrée" in said[-1] and _note(desk) is None
    said = await staff_says(desk, "Rappelée le 3/12, dossier en cours")
    assert said == ["Note ajoutée à la demande n° 1."], "the next message is still the note"
    assert (_note(desk) or "").endswith("Rappelée le 3/12, dossier en cours")
