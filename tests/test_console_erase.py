"""Erasing a person from the console, at their request by another channel (phone, letter), as
`python -m bot.desk erase N` does: allow-listed staff only, a confirmation page saying what
will go, the console's CSRF token and Origin check, an audit line without personal data, and
staff told (their notifications deleted) through the bot. Through Starlette's TestClient."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bot.console import build_console
from bot.console.auth import COOKIE
from bot.settings import Settings
from storage import Store
from storage.console import ConsoleAuth
from storage.privacy import PERSONAL_TABLES
from storage.staff import Desk
from tests.console_fixtures import add_lead

STAFF, OTHER_STAFF = 901, 902
BASE = "https://console.example.org"
NOW = dt.datetime(2014, 11, 27, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "console.sqlite3")
    add_lead(s, 1, said="mon secret", contact="06 12 34 56 78")
    add_lead(s, 1, said="un second projet", conversation=2)
    add_lead(s, 2)
    yield s
    s.close()


def client_for(
    store: Store, staff: frozenset[int] = frozenset({STAFF, OTHER_STAFF}), **hooks: Any
) -> TestClient:
    settings = Settings(staff_user_ids=staff, console_url=BASE, console_secret="s3cret-tests")
    return TestClient(
        build_console(store, settings, lambda: NOW, **hooks), base_url=BASE, follow_redirects=False
    )


def login(client: TestClient, store: Store, user: int = STAFF) -> None:
    token = ConsoleAuth(store).issue_token(user, NOW)
    assert client.post(f"/login/{token}").status_code == 303


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def rows_of(store: Store, chat: int) -> int:
    total = 0
    for table in PERSONAL_TABLES:
        total += store.db.execute(
            f"select count(*) from {table} where chat_id = ?", [chat]
        ).fetchone()[0]
    return total


def test_staff_erase_a_person_from_the_console_after_a_confirmation(store: Store) -> None:
    told: list[str] = []

    async def erased() -> None:
        told.append("staff told")

    client = client_for(store, erased=erased)
    login(client, store)
    assert 'href="/leads/1/erase"' in client.get("/leads/1").text
    page = client.get("/leads/1/erase")
    assert page.status_code == 200
    text = page.text
    # what will go, counted: the person's two leads (n° 1 and 2), their four messages
    assert "n° 1, n° 2" in text and "4 messages" in text and "définitif" in text
    assert "mon secret" not in text, "the confirmation shows what will go, not what was said"
    assert rows_of(store, 1) > 0, "nothing erased by looking"
    token = csrf_of(text)
    for data, headers in (
        ({}, {}),
        ({"csrf": "forged"}, {}),
        ({"csrf": token}, {"origin": "https://evil.example"}),
    ):
        assert client.post("/leads/1/erase", data=data, headers=headers).status_code == 403
    assert rows_of(store, 1) > 0 and not told
    done = client.post("/leads/1/erase", data={"csrf": token})
    assert done.status_code == 200 and "effacé" in done.text
    assert "n° 1, n° 2" in done.text
    assert rows_of(store, 1) == 0 and rows_of(store, 2) > 0, "only the person behind n° 1"
    assert told == ["staff told"], "the bot deletes staff's notifications and tells them"
    desk = Desk(store)
    assert desk.lead(1) is None and desk.lead(2) is None and desk.lead_fate(1) == "erasure"
    assert client.get("/leads/1").status_code == 410
    assert client.post("/leads/1/erase", data={"csrf": token}).status_code == 410
    assert store.pending_erasures()[0]["numbers"] == [1, 2]
    audit = list(store.db.query("select actor, action, detail, lead from audit"))
    staff = [a for a in audit if a["action"] in ("console:erase", "console:erase-asked")]
    assert [(a["actor"], a["action"], a["lead"]) for a in staff] == [
        (f"staff:{STAFF}", "console:erase-asked", 1),
        (f"staff:{STAFF}", "console:erase", 1),
    ]
    assert not any("secret" in str(a) or "06 12" in str(a) or "Zoé" in str(a) for a in audit)


def test_a_session_not_on_the_allow_list_cannot_erase(store: Store) -> None:
    """A session opened by someone since removed from STAFF_USER_IDS (or a forged cookie)
    reaches neither the confirmation nor the erasure: the login page (a POST without a
    session gets it with status 401), nothing erased."""
    client = client_for(store)
    login(client, store, OTHER_STAFF)
    token = csrf_of(client.get("/leads/1/erase").text)
    cookie = client.cookies[COOKIE]
    restarted = client_for(store, staff=frozenset({STAFF}))  # OTHER_STAFF no longer staff
    restarted.cookies.set(COOKIE, cookie)
    assert restarted.get("/leads/1/erase").status_code == 303
    refused = restarted.post("/leads/1/erase", data={"csrf": token})  # the login page
    assert refused.status_code == 401 and 'action="/leads/1/erase"' not in refused.text
    stranger = client_for(store)
    stranger.cookies.set(COOKIE, "forged.cookie.value")
    assert stranger.post("/leads/1/erase", data={"csrf": token}).status_code == 401
    assert rows_of(store, 1) > 0 and Desk(store).lead(1) is not None
