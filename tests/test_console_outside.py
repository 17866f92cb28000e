"""The console as staff meet it: two staff on the same lead, a decision that cannot be
recorded, a session that ends mid-form, a page a bulk change emptied. The jury's decision is
never written over a colleague's unseen, nothing staff typed is lost, no page says « nothing »
when there is something."""

from __future__ import annotations

import html
import re

from starlette.testclient import TestClient

from storage import Store
from storage.staff import Desk
from tests.console_fixtures import add_lead
from tests.test_console import (
    OTHER_STAFF,
    Clock,
    client,
    client_for,
    clock,
    login,
    store,
)

__all__ = ["client", "clock", "store"]  # pytest fixtures, imported


def _form(page: str) -> dict[str, str]:
    """The decision form's hidden fields as the page carries them (csrf, seen)."""
    fields = dict(re.findall(r'<input type="hidden" name="(csrf|seen)" value="([^"]*)"', page))
    assert "seen" in fields, "the decision form says which decision it was shown"
    return fields


def _value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]* value="([^"]*)"', page)
    assert match, name
    return html.unescape(match.group(1))


def test_a_decision_posted_over_a_colleagues_is_refused_and_kept(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """A opens the lead, B records « retenu, 12 000 € », then A posts « non retenu » from the
    page they opened before: B's decision stays, A is told what was recorded meanwhile and
    finds their own values in the form; posting again, now knowingly, replaces it."""
    add_lead(store, 1)
    login(client, store, clock)
    mine = _form(client.get("/leads/1").text)
    colleague = client_for(store, clock)
    login(colleague, store, clock, OTHER_STAFF)
    theirs = _form(colleague.get("/leads/1").text)
    granted = {"decision": "granted", "granted": "12 000", "decided_on": "2015-03-12"}
    done = colleague.post("/leads/1/decision", data={**granted, **theirs})
    assert done.headers["location"] == "/leads/1?done=decision"

    refused = {"decision": "refused", "decided_on": "2015-03-13", "decision_ref": "CP 15-77"}
    late = client.post("/leads/1/decision", data={**refused, **mine})
    assert late.status_code == 409
    lead = Desk(store).lead(1)
    assert (lead["decision"], lead["granted"]) == ("granted", "12000.00"), "B's stays"
    page = late.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Décision non enregistrée" in page and "retenu, 12 000 €, 12 mars 2015" in page
    assert (
        _value(page, "decided_on") == "2015-03-13" and _value(page, "decision_ref") == "CP 15-77"
    )
    assert re.search(r'value="refused" checked', page), "A's choice still ticked"

    again = client.post("/leads/1/decision", data={**refused, **_form(page)})
    assert again.headers["location"] == "/leads/1?done=decision"
    assert Desk(store).lead(1)["decision"] == "refused"


def test_an_incomplete_decision_keeps_what_was_typed(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    login(client, store, clock)
    form = _form(client.get("/leads/1").text)
    typed = {"decision": "granted", "granted": "7 500,50", "decision_ref": "Délib <n°> 12"}
    answer = client.post("/leads/1/decision", data={**typed, **form})
    assert answer.status_code == 400 and "Décision non enregistrée" in answer.text
    assert _value(answer.text, "granted") == "7 500,50", "as typed, not re-read"
    assert _value(answer.text, "decision_ref") == "Délib <n°> 12", "kept, and escaped"
    assert "<n°>" not in answer.text
    assert Desk(store).lead(1)["decision"] is None


def test_a_note_posted_after_the_session_ended_is_shown_back_not_lost(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """The page opened in the morning, the note written after the 8 hours: nothing recorded,
    the note shown back (escaped) to copy before logging in again; a post from another site
    gets the plain login page, its words not shown on ours."""
    import datetime as dt

    add_lead(store, 1)
    login(client, store, clock)
    form = _form(client.get("/leads/1").text)
    clock.now += dt.timedelta(hours=9)
    note = "Appelée le 3/12 : <b>rappeler</b> après le conseil municipal"
    own = {"origin": "https://console.example.org"}
    late = client.post("/leads/1/note", data={"note": note, **form}, headers=own)
    assert late.status_code == 401 and "Rien n&#39;a été enregistré" in late.text
    assert html.escape(note, quote=False) in late.text and "<b>rappeler" not in late.text
    assert not Desk(store).lead(1)["note"], "nothing recorded"
    other = {"origin": "https://evil.example"}
    forged = client.post("/leads/1/note", data={"note": "Appelez le 0899", **form}, headers=other)
    assert forged.status_code == 401 and "0899" not in forged.text


def test_a_page_emptied_by_a_bulk_change_shows_the_last_page_not_nothing(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """51 new leads: page 2 of « nouveau » holds one. Marked « contacté » from there, the
    list comes back to page 2, now past the end: it shows the last page (50 leads), where it
    said « Aucune demande. » under « Demandes (50) », with no link back."""
    for chat in range(1, 52):
        add_lead(store, chat)
    login(client, store, clock)
    second = client.get("/leads?status=nouveau&page=2").text
    ticked = re.findall(r'name="n" value="(\d+)"', second)
    assert len(ticked) == 1
    token = _form(client.get("/leads/1").text)["csrf"]
    done = client.post(
        "/leads/bulk",
        data={
            "n": ticked,
            "action": "status:contacté",
            "back": "?status=nouveau&page=2",
            "csrf": token,
        },
    )
    back = client.get(done.headers["location"]).text
    assert "Aucune demande" not in back
    assert len(re.findall(r'name="n" value="(\d+)"', back)) == 50
    assert "Page 1 sur 1" in back


def test_clearing_the_filters_is_not_said_like_erasing_a_person(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """Tabbing through the list (keyboard only, or a screen reader) reached a link « Tout
    effacer »: the words of the person's erasure (« Tout effacer, définitivement ») for what
    only clears the filters."""
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads?territory=artois").text
    links = dict(
        (text.strip(), href) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)
    )
    assert links.get("Effacer les filtres") == "/leads", links
    assert "Tout effacer" not in page


def test_search_syntax_in_the_console_is_searched_as_words_and_said(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """The search box with full-text syntax: « jardin AND » said « Aucune demande. » beside a
    lead about a garden, « * » too, « -jardin » listed that lead as if it meant « without ».
    The page now says the words looked for and that the operators are none; never an error."""
    add_lead(store, 1)
    login(client, store, clock)
    for typed, found in (("jardin AND", 0), ('"jardin', 1), ("-jardin", 1), ("NEAR(", 0)):
        page = client.get("/leads", params={"q": typed})
        assert page.status_code == 200, typed
        text = html.unescape(page.text)
        assert "ne sont pas des opérateurs" in text, typed
        assert len(re.findall(r'name="n" value="(\d+)"', page.text)) == found, typed
    assert "« jardin », « AND »" in html.unescape(client.get("/leads?q=jardin+AND").text)
    twice = html.unescape(client.get("/leads", params={"q": '"jardin" AND "jardin"'}).text)
    assert "« jardin », « AND »" in twice and "« jardin », « jardin »" not in twice  # once each
    star = html.unescape(client.get("/leads", params={"q": "*"}).text)
    assert "Aucun mot à chercher" in star
    plain = client.get("/leads", params={"q": "jardin"}).text
    assert "opérateurs" not in html.unescape(plain) and 'name="n" value="1"' in plain


def test_the_console_names_the_year_of_the_intercommunalities_names(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """The lead page said « CA de Lens - Liévin » and the list and its filter likewise, with
    no year: the person was told it is the name as of 1 January 2026, not the 2014 one."""
    add_lead(store, 1)
    login(client, store, clock)
    lead = html.unescape(client.get("/leads/1").text)
    assert "CA de Lens - Liévin (nom au 1er janvier 2026)" in lead
    listed = html.unescape(client.get("/leads").text)
    assert "(intercommunalité : nom au 1er janvier 2026)" in listed  # the column's header
    assert re.search(r"Intercommunalité <small>\(nom au 1er janvier 2026\)</small><select", listed)


def test_switching_the_language_keeps_the_filters(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """« English » in the header was `?lang=en`: from a filtered, searched list on page 2 it
    went back to every lead, page 1 (the filters, the search and the page lost). It keeps them
    now, and drops only a one-off notice (« done »)."""
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads?territory=artois&q=jardin&page=2&done=bulk1").text
    switch = re.search(r'<a href="([^"]*)"[^>]*>English</a>', page)
    assert switch, "the header's language link"
    href = html.unescape(switch.group(1))
    assert "territory=artois" in href and "q=jardin" in href and "page=2" in href, href
    assert "lang=en" in href and "done=" not in href, href
    english = client.get("/leads" + href).text
    assert 'value="jardin"' in english and "Requests" in english
