"""The console tried from outside (the seventh pass): a form of the console posted from
another site is refused, the login link's button as every other form; a note too long is
said and given back, never cut."""

from __future__ import annotations

import html
import re

from starlette.testclient import TestClient

from bot.console.auth import COOKIE
from storage import Store
from storage.console import ConsoleAuth
from tests.console_fixtures import add_lead
from tests.test_console import BASE, STAFF, Clock, client, clock, csrf_of, login, store

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


def test_a_note_over_the_limit_is_said_and_given_back_never_cut(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """A note of 2,500 characters (an e-mail pasted in) was cut to 2,000 without a word: the
    box's maxlength cuts a paste in the browser, the server cut what passed. Now the box has
    no maxlength, and a note over the limit is refused with its length said and the whole text
    given back in the box; one at the limit is stored whole."""
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads/1").text
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)  # type: ignore[union-attr]
    long = "Rappelée le 3/12 : " + "dossier & pièces à relancer " * 90
    said = client.post("/leads/1/note", data={"csrf": csrf_of(page), "note": long})
    assert said.status_code == 400
    assert f"elle fait {len(long.strip())} caractères, 2000 au plus" in said.text
    box = re.search(r"<textarea[^>]*>(.*?)</textarea>", said.text, re.S)
    assert box and html.unescape(box.group(1)) == long.strip(), "the text given back whole"
    assert store.db.execute("select note from leads where number = 1").fetchone() == (None,)
    whole = "x" * 2000
    assert (
        client.post("/leads/1/note", data={"csrf": csrf_of(page), "note": whole}).status_code
        == 303
    )
    (note,) = store.db.execute("select note from leads where number = 1").fetchone()
    assert note.endswith(whole)


def test_the_export_link_of_one_lead_is_said_in_the_singular(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """« Exporter ces 1 demandes (CSV) » under a filter finding one lead: counted through
    ngettext now, as every other count of the console, in French and English."""
    add_lead(store, 1)
    add_lead(store, 2, commune="Arras")
    login(client, store, clock)
    one = client.get("/leads?commune=Arras").text
    assert "Exporter 1 demande (CSV)" in one and "ces 1 demandes" not in one
    assert "Exporter ces 2 demandes (CSV)" in client.get("/leads").text
    english = client.get("/leads?commune=Arras&lang=en").text
    assert "Export 1 lead (CSV)" in english and "these 1 leads" not in english
