"""The console tried from outside (the seventh pass): a form of the console posted from
another site is refused, the login link's button as every other form."""

from __future__ import annotations

from starlette.testclient import TestClient

from bot.console.auth import COOKIE
from storage import Store
from storage.console import ConsoleAuth
from tests.test_console import BASE, STAFF, Clock, client, clock, store

__all__ = ["client", "clock", "store"]  # pytest fixtures, imported


def test_the_login_button_posted_from_another_site_is_refused(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """Every form checked the browser's Origin but the login's: a page on another site
    posting a staff member's own link logged the visitor's browser into that member's session
    (their notes and decisions then recorded under the other's name). Refused now, with the
    console's page for a refused form; the link stays unspent and works from the console."""
    token = ConsoleAuth(store).issue_token(STAFF, clock())
    refused = client.post(f"/login/{token}", headers={"origin": "https://evil.example"})
    assert refused.status_code == 403, refused.headers.get("location")
    assert "Formulaire refusé" in refused.text
    assert COOKIE not in client.cookies and COOKIE not in refused.cookies
    assert client.get("/leads").status_code == 303, "no session"
    mine = client.post(f"/login/{token}", headers={"origin": BASE})
    assert mine.status_code == 303 and mine.headers["location"] == "/leads"
    assert client.get("/leads").status_code == 200
