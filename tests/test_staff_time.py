"""One time zone for staff: the region's (call.toml `region.time_zone`, Paris), named, and one
helper (`knowledge.local_time`) for every place a stored time is shown. The CSV export's
« Créée le » was the stored UTC text (« 2014-11-27T23:30:00+00:00 ») where the console showed
« 28/11/2014 00:30 » for the same lead; « depuis le 28/11 » left out a lead the console dates
the 28th. Through the command line and the console over its real HTTP routes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.desk import main as desk
from knowledge.local_time import local_time
from storage import Store
from storage.staff import Desk
from tests.console_fixtures import add_lead, set_created
from tests.test_console_erase import client_for, login

# 23:30 UTC on the 27th is 00:30 on the 28th in Paris (winter: UTC+1)
LATE = dt.datetime(2014, 11, 27, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    add_lead(store, 1)
    set_created(store, 1, LATE)
    store.db.execute("update leads set updated_at = ? where number = 1", [LATE.isoformat()])
    store.close()
    yield path


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def exported(database: Path, tmp_path: Path, *since: str) -> list[dict[str, str]]:
    target = tmp_path / "out.csv"
    extra = ["--since", *since] if since else []
    assert desk(["--db", str(database), "export", *extra, "--output", str(target)]) == 0
    return rows_of(target.read_text(encoding="utf-8-sig"))


def test_the_export_dates_a_lead_in_paris_time_named_as_the_console_does(
    database: Path, tmp_path: Path
) -> None:
    [row] = exported(database, tmp_path)
    assert row["Créée le (heure de Paris)"] == "28/11/2014 00:30", row
    assert row["Mise à jour le (heure de Paris)"] == "28/11/2014 00:30"
    store = Store(database)
    client = client_for(store)
    login(client, store)
    page = client.get("/leads").text
    assert "28/11/2014 00:30" in page and "heure de Paris" in page
    csv_text = client.get("/export.csv").text
    assert rows_of(csv_text)[0]["Créée le (heure de Paris)"] == "28/11/2014 00:30"
    store.close()


def test_since_a_day_is_that_day_in_paris(database: Path, tmp_path: Path) -> None:
    assert len(exported(database, tmp_path, "2014-11-28")) == 1, "created the 28th in Paris"
    assert exported(database, tmp_path, "2014-11-29") == []
    store = Store(database)
    client = client_for(store)
    login(client, store)
    assert "28/11/2014 00:30" in client.get("/leads?since=2014-11-28").text
    assert "28/11/2014 00:30" not in client.get("/leads?until=2014-11-27").text
    assert rows_of(client.get("/export.csv?since=2014-11-28").text)
    store.close()


def test_every_exported_time_is_the_helpers_across_summer_time(tmp_path: Path) -> None:
    """SQLite writes the export's times with the zone's offsets over the data's span: each is
    what `local_time` (the console's) writes, on both sides of the changes to and from
    summer time, a second before and at each, and a time stored in another shape."""
    store = Store(tmp_path / "db.sqlite3")
    moments = [
        dt.datetime(2014, 3, 30, 0, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2014, 3, 30, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2014, 7, 14, 22, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2014, 10, 26, 0, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2014, 10, 26, 1, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2014, 12, 31, 23, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2016, 3, 27, 1, 30, 0, tzinfo=dt.UTC),
    ]
    for number, moment in enumerate(moments, start=1):
        add_lead(store, number)
        set_created(store, number, moment)
    add_lead(store, 99)
    store.db.execute(  # an older shape: no offset, space-separated (UTC all the same)
        "update leads set created_at = '2014-06-01 10:00:00' where number = ?", [len(moments) + 1]
    )
    stored = [r[0] for r in store.db.execute("select created_at from leads order by number")]
    _count, document = Desk(store, zone="Europe/Paris").export_document()
    cells = [r["Créée le (heure de Paris)"] for r in rows_of(document.decode("utf-8-sig"))]
    assert cells == [local_time(iso, "Europe/Paris") for iso in stored]
    assert cells[:2] == ["30/03/2014 01:59", "30/03/2014 03:00"]
    assert cells[3:5] == ["26/10/2014 02:59", "26/10/2014 02:00"]
    assert cells[-1] == "01/06/2014 12:00"
    store.close()
