"""Deadline reminders through the real Application: offered after the verdict, stored in SQLite,
sent once when due — also after downtime — listed and cancelled with /rappels; the .ics file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from storage.sqlite import sqlite3
from tests.test_bot_app import Harness, run_to_verdict

EARLY = dt.date(2014, 11, 20)  # both deadlines ahead: four reminders


async def ask_reminders(tmp_path: Path) -> Harness:
    h = Harness(tmp_path / "bot.sqlite3", today=EARLY)
    await h.start()
    await run_to_verdict(h, 80)
    await h.tap(80, "rappeler les dates")
    return h


def reminder_rows(db: Path) -> list[tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("select due_at, sent_at from reminders order by due_at").fetchall()
    conn.close()
    return rows


async def test_reminders_are_offered_stored_and_come_with_a_calendar(tmp_path: Path) -> None:
    h = await ask_reminders(tmp_path)
    document = h.fake.documents(80)[-1]
    said = str(document["caption"])
    assert "24 novembre 2014" in said and "22 janvier 2015" in said
    assert [due[:10] for due, _ in reminder_rows(h.db)] == [
        "2014-11-24",
        "2014-11-30",
        "2015-01-16",
        "2015-01-22",
    ]
    calendar = Calendar.from_ical(document["files"]["document"])
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [dt.date(2014, 12, 1), dt.date(2015, 1, 23)]
    assert all(len(e.walk("VALARM")) == 2 for e in events)
    jobs = {job.name for job in h.app.job_queue.jobs()}
    assert {name for name in jobs if name.startswith("reminder-")} == {
        "reminder-1",
        "reminder-2",
        "reminder-3",
        "reminder-4",
    }
    await h.stop()


async def test_reminders_due_during_downtime_are_sent_once_after_restart(tmp_path: Path) -> None:
    first = await ask_reminders(tmp_path)
    await first.stop()
    later = dt.datetime(2014, 12, 5, 10, 0, tzinfo=dt.UTC)
    second = Harness(first.db, first_update_id=500, today=later.date(), now=later)
    await second.start()
    reminders = [t for t in second.replies(80) if "Rappel" in t]
    assert len(reminders) == 2 and "fiche synthétique" in reminders[0]
    assert [sent is not None for _, sent in reminder_rows(first.db)] == [True, True, False, False]
    conn = sqlite3.connect(first.db)
    stored = conn.execute("select sent from messages where kind = 'reminder'").fetchall()
    assert stored == [(1,), (1,)]
    conn.close()
    await second.stop()
    third = Harness(first.db, first_update_id=900, today=later.date(), now=later)
    await third.start()
    assert not [t for t in third.replies(80) if "Rappel" in t]
    await third.stop()


async def test_rappels_lists_and_cancels(tmp_path: Path) -> None:
    h = await ask_reminders(tmp_path)
    await h.text(80, "/rappels")
    assert h.replies(80)[-1].count("•") == 4
    stale = next(data for label, data in h.fake.last_buttons(80) if "n° 1" in label)
    await h.tap(80, "n° 1")
    assert "annulé" in h.replies(80)[-1] and h.replies(80)[-1].count("•") == 3
    # the same button pressed again, or forged ones: nothing is cancelled, nothing says so
    for data in (stale, "rem|²", "rem|999999", "rem|99999999999999999999999"):
        await h.push(h.fake.button_update(80, data))
        assert "annulé" not in h.replies(80)[-1], data
        assert h.replies(80)[-1].count("•") == 3, data
    await h.tap(80, "Tout annuler")
    assert "aucun rappel" in h.replies(80)[-1]
    await h.stop()
    later = dt.datetime(2015, 1, 30, tzinfo=dt.UTC)
    again = Harness(h.db, first_update_id=700, today=later.date(), now=later)
    await again.start()
    assert not [t for t in again.replies(80) if "Rappel" in t]
    await again.stop()


async def test_no_reminder_offered_once_the_deadlines_have_passed(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3", today=dt.date(2026, 11, 22))
    await h.start()
    await run_to_verdict(h, 81)
    labels = [label for label, _ in h.fake.last_buttons(81)]
    assert not [label for label in labels if "rappeler" in label]
    await h.stop()
