"""Console URLs carry numbers people can edit: out of range is a 404, never a 500; and an
error page, should one happen, carries the same security headers and logs no message."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from storage import Store
from tests.console_fixtures import add_lead
from tests.test_console import Clock, client, clock, login, store  # noqa: F401

HUGE = "9223372036854775808"  # one past SQLite's INTEGER


def test_numbers_out_of_range_are_no_such_lead(
    client: TestClient,  # noqa: F811
    store: Store,  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    add_lead(store, 1)
    login(client, store, clock)
    for path in (f"/leads/{HUGE}", "/leads/²", "/leads/99999999999999999999999"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "content-security-policy" in page.headers
    for path in ("/leads?page=²", f"/leads?page={HUGE}", "/leads?fiche=²"):
        page = client.get(path)
        assert page.status_code == 200, path
    assert client.get("/leads/1").status_code == 200


def test_an_error_page_keeps_the_security_headers_and_logs_no_message(
    client: TestClient,  # noqa: F811
    store: Store,  # noqa: F811
    clock: Clock,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    login(client, store, clock)

    def broken(*args: Any) -> None:
        raise ValueError("typed by staff: 06 12 34 56 78")

    monkeypatch.setattr("storage.staff.Desk.lead", broken)
    with caplog.at_level(logging.DEBUG):
        page = client.get("/leads/1")
    assert page.status_code == 500
    assert "content-security-policy" in page.headers and "06 12" not in page.text
    assert "06 12" not in caplog.text and "ValueError" in caplog.text
