"""The call's deadlines as an iCalendar file (RFC 5545), written by the `icalendar` library.

Each deadline is an all-day event with two alarms (7 days and 1 day before), so people who
prefer their own calendar to the bot's reminders get the same dates.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

if TYPE_CHECKING:
    from knowledge.loader import Knowledge

REMINDER_DAYS = (7, 1)
REMINDER_TIME = dt.time(9, 0)  # on its day, in the region's time zone


def reminder_moment(knowledge: Knowledge, day: dt.date) -> str:
    """When a reminder due on `day` goes out: 09:00 in the region's time zone (its package's
    `region.time_zone`), as an aware ISO time."""
    zone = ZoneInfo(knowledge.region.time_zone)
    return dt.datetime.combine(day, REMINDER_TIME, tzinfo=zone).isoformat(timespec="seconds")


def upcoming_deadlines(knowledge: Knowledge, today: dt.date) -> list[tuple[str, dt.date]]:
    """Calendar steps whose deadline is today or later, soonest first."""
    steps = [
        (step_id, step.deadline)
        for step_id, step in knowledge.calendar.items()
        if step.deadline is not None and step.deadline >= today
    ]
    return sorted(steps, key=lambda item: item[1])


def deadlines_ics(knowledge: Knowledge, today: dt.date, lang: str = "fr") -> bytes:
    calendar = Calendar()
    files = knowledge.region.files
    calendar.add("prodid", f"-//Guide {knowledge.call['guide']['team']}//deadlines//FR")
    calendar.add("version", "2.0")
    name = knowledge.call["call"]["name_en" if lang == "en" else "name"]
    for step_id, deadline in upcoming_deadlines(knowledge, today):
        step = knowledge.calendar[step_id]
        event = Event()
        event.add("uid", f"{knowledge.call['call']['id']}-{step_id}@guide-{files}")
        event.add("summary", f"{step.label_en if lang == 'en' else step.label} — {name}")
        event.add(
            "description",
            f"{step.detail_en if lang == 'en' else step.detail}\n{step.source.cite()}",
        )
        event.add("dtstart", deadline)
        event.add("dtend", deadline + dt.timedelta(days=1))
        event.add("dtstamp", dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC))
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event["summary"])
            alarm.add("trigger", dt.timedelta(days=-days))
            event.add_component(alarm)
        calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics
