"""Times as staff read them: in the region's time zone (call.toml `region.time_zone`), with
the zone named. The one helper for every place staff see a stored time (the console, the
bot's cards and transcripts, the command line, the CSV export) and for the days they filter
on, so a lead's date reads the same everywhere: the export wrote the stored UTC text where
the console showed Paris time. Stored times are UTC ISO text (`storage`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

STAFF_FORMAT = "%d/%m/%Y %H:%M"  # « 27/11/2014 10:32 »: what a French spreadsheet reads


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(iso: str | None, zone: str) -> str:
    """A stored time in `zone`, as staff read it (« 28/11/2014 00:30 »); "" for none. A
    time stored without its offset is UTC, as every stored time is. Plain strftime: the
    export calls it for every lead (babel's formatter was ten times slower)."""
    if not iso:
        return ""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(_zone(zone)).strftime(STAFF_FORMAT)


def zone_words(zone: str, lang: str = "fr") -> str:
    """The zone named for staff: « heure de Paris » (the city of its IANA name)."""
    if "/" not in zone:  # "UTC"
        return zone
    # imported here: the catalogs pull in babel, which the export's process, calling
    # local_time for its cells, never needs (issue 28: the export's start-up)
    from knowledge.i18n import gettext_for

    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return gettext_for(lang).gettext("heure de {city}").format(city=city)


def day_start(day: dt.date, zone: str) -> str:
    """The first instant of `day` in `zone`, as stored times are written (UTC ISO): where a
    staff filter « depuis le 28/11 » starts, and « jusqu'au 27/11 » ends."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=_zone(zone))
    return start.astimezone(dt.UTC).isoformat(timespec="seconds")


def offsets(zone: str, first: str, last: str) -> list[tuple[str, int]]:
    """The zone's offset from UTC, in minutes, over the stored times `first`…`last` (UTC ISO):
    the offset at `first`, then each change as (the UTC instant it starts, the new offset).
    What lets SQLite write a column's times itself (`storage.export`): the same result as
    `local_time`, found by stepping a day at a time and narrowing each change to the second."""
    tz = _zone(zone)

    def minutes(moment: dt.datetime) -> int:
        offset = moment.astimezone(tz).utcoffset() or dt.timedelta(0)
        return int(offset.total_seconds() // 60)

    start, end = _utc(first), _utc(last)
    found = [(start.isoformat(timespec="seconds"), minutes(start))]
    day = dt.timedelta(days=1)
    moment = start
    while moment < end:
        later = min(moment + day, end)
        if minutes(later) != found[-1][1]:
            low, high = moment, later  # the change is in (low, high]
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if minutes(middle) == found[-1][1]:
                    low = middle
                else:
                    high = middle
            high = high.replace(microsecond=0)
            found.append((high.isoformat(timespec="seconds"), minutes(high)))
        moment = later
    return found


def _utc(iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(iso)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
