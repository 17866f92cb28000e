"""The console tried from outside (the sixth pass): addresses it does not have, a page opened
the wrong way. Each answer is the console's own page, in the staff member's language, with a
way back, never a framework's bare « Not Found »."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from starlette.testclient import TestClient

from storage import Store
from storage.staff import Desk
from tests.console_fixtures import add_lead, set_created
from tests.test_console import Clock, client, clock, login, store

__all__ = ["client", "clock", "store"]  # pytest fixtures, imported


def _main(page: str) -> str:
    found = re.search(r"<main[^>]*>(.*)</main>", page, re.S)
    assert found, page[:200]
    return re.sub(r"\s+", " ", found.group(1))


def test_an_unknown_address_is_the_consoles_own_page(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """« /lead/3 » (a typo), « /leads/3/notes » (an old bookmark) or « GET /logout » (a link
    pasted from the address bar) answered a bare « Not Found » / « Method Not Allowed » in
    English, with no way back. Now: the console's page, 404 or 405, in French or English as
    every page, with the way back to the requests; the framework's words never shown."""
    for path, status in (("/lead/3", 404), ("/nope?x=<b>", 404), ("/logout", 405)):
        for logged_in in (False, True):
            if logged_in:
                login(client, store, clock)
            page = client.get(path)
            assert page.status_code == status, (path, page.status_code)
            assert page.headers["content-type"].startswith("text/html"), path
            assert "Not Found" not in page.text and "Method Not Allowed" not in page.text
            main = _main(page.text)
            assert "Page introuvable" in main, (path, main)
            assert 'href="/leads"' in main, "a way back"
            assert "<b>" not in page.text, "the address is never echoed unescaped"
            assert page.headers["x-frame-options"] == "DENY", "the console's headers"
            english = client.get(path, headers={"accept-language": "en-GB,en"})
            assert english.status_code == status
            assert "Page not found" in _main(english.text), english.text
            assert '<html lang="en">' in english.text
        client.cookies.clear()


def test_a_page_that_fails_says_so_in_both_languages_with_a_way_back(
    client: TestClient, store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page that fails (a bug, a database error) answered « Erreur interne — Internal
    error » as plain text: no title, no language, no way back (axe-core: 5 violations). It is
    the console's page now, built without the templates (which may be what failed), in French
    and English, with the link back; still a 500, and nothing of the error shown."""
    login(client, store, clock)

    def broken(*args: object) -> None:
        raise RuntimeError("secret detail: SELECT * FROM leads")

    monkeypatch.setattr(Desk, "charts", broken)
    page = client.get("/stats")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text and "<title>" in page.text
    main = _main(page.text)
    assert "Erreur" in main and 'lang="en"' in main and "error" in main, main
    assert main.count('href="/leads"') >= 1, "a way back"
    assert "secret detail" not in page.text and "SELECT" not in page.text
    assert page.headers["x-frame-options"] == "DENY"


def test_the_login_page_can_be_read_in_english(client: TestClient) -> None:
    """Without a session the header held no language link: staff whose browser asks for
    French could not read the login page, or the page of an expired link, in English. The
    link is there on every page, keeps the page's own words (« why=session »), and the
    choice is remembered."""
    page = client.get("/login?why=session", headers={"accept-language": "fr"})
    switch = re.search(r'<a href="([^"]*)" lang="en">English</a>', page.text)
    assert switch, page.text
    href = html.unescape(switch.group(1))
    assert "why=session" in href and "lang=en" in href, href
    english = client.get("/login" + href)
    assert "Your session has ended or is missing." in _main(english.text)
    assert '<html lang="en">' in english.text
    assert '<html lang="en">' in client.get("/nope", headers={"accept-language": "fr"}).text


def test_what_staff_type_is_cleaned_at_intake_like_what_people_send(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """A note or a decision's reference typed in the console was stored as sent: a NUL or a
    backspace (pasted from another program) went into the spreadsheet export, and a
    right-to-left override showed « 06 21 21 23 45 » where « 54 32 12 12 60 » was stored. The
    console's forms are cleaned as the bot's intake cleans a message (`knowledge.text.clean`):
    controls out, an override read as it is shown."""
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads/1").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    seen = re.search(r'name="seen" value="([^"]*)"', page)
    assert csrf and seen
    typed = "rappeler\x08 le \u202e54 32 12 12 60\u202c lundi\x00"
    client.post("/leads/1/note", data={"csrf": csrf.group(1), "note": typed})
    (note,) = store.db.execute("select note from leads where number = 1").fetchone()
    assert note.endswith("] rappeler le 06 21 21 23 45 lundi"), repr(note)
    decision = {
        "decision": "granted",
        "granted": "3 000",
        "decided_on": "2015-01-02",
        "decision_ref": "CP\x00 15-77",
    }
    client.post(
        "/leads/1/decision", data={**decision, "csrf": csrf.group(1), "seen": seen.group(1)}
    )
    (reference,) = store.db.execute("select decision_ref from leads where number = 1").fetchone()
    assert reference == "CP 15-77", repr(reference)
    export = client.get("/export.csv").text
    assert "\x00" not in export and "\x08" not in export and "\u202e" not in export


@pytest.mark.parametrize("amount", ["9" * 30, "12 000 ou 15 000", "1e5", "-3000", "3 000 $"])
def test_a_granted_amount_that_cannot_be_read_is_said_so(
    client: TestClient, store: Store, clock: Clock, amount: str
) -> None:
    """The jury's decision with an amount typed that is not one amount in euros (a slip of the
    finger, two amounts, a calculator's notation) was answered « indiquez la date, et pour une
    subvention accordée, son montant » — both were typed. The notice now names the amount as
    typed and what is expected; nothing is recorded, the form keeps what was typed."""
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads/1").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    seen = re.search(r'name="seen" value="([^"]*)"', page)
    assert csrf and seen
    decision = {"decision": "granted", "granted": amount, "decided_on": "2015-03-12"}
    answer = client.post(
        "/leads/1/decision", data={**decision, "csrf": csrf.group(1), "seen": seen.group(1)}
    )
    assert answer.status_code == 400
    notice = re.search(r'<p class="warning" role="alert">([^<]*)</p>', answer.text)
    assert notice, answer.text
    said = html.unescape(notice.group(1))
    assert f"« {amount} »" in said and "indiquez la date" not in said, said
    assert store.db.execute("select decision from leads").fetchone() == (None,)
    empty = client.post(
        "/leads/1/decision",
        data={**decision, "granted": "", "csrf": csrf.group(1), "seen": seen.group(1)},
    )
    assert "indiquez la date, et pour une subvention accordée, son montant" in html.unescape(
        empty.text
    )


def test_a_form_that_cannot_be_read_is_said_so_not_page_not_found(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """A form part over Starlette's 1 MB (a crafted post; the page's fields are bounded) is
    refused with a 400: the console's page said « Page introuvable », as for an unknown
    address. It says the form could not be read and nothing was recorded."""
    add_lead(store, 1)
    login(client, store, clock)
    part = b'--x\r\nContent-Disposition: form-data; name="note"\r\n\r\n'
    body = part + b"a" * (1024 * 1024 + 10) + b"\r\n--x--\r\n"
    answer = client.post(
        "/leads/1/note", content=body, headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert answer.status_code == 400
    main = _main(answer.text)
    assert "Page introuvable" not in main and "rien n'a été enregistré" in html.unescape(main)
    (note,) = store.db.execute("select note from leads where number = 1").fetchone()
    assert not note


def test_a_new_lead_of_today_is_said_of_today_in_the_regions_time(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """The lead page counted the days a new lead waited in UTC dates: a lead that came at 00:30
    in Paris was « Nouvelle depuis 1 jour. » the same morning, one of this minute « Nouvelle
    depuis 0 jour. », and one stamped a little ahead of the console's clock « depuis -1
    jours ». Days are the region's (as every time the console shows), never below today's,
    and today is said as such."""
    add_lead(store, 1)
    login(client, store, clock)
    clock.now = dt.datetime(2014, 11, 27, 9, 0, tzinfo=dt.UTC)  # 10:00 in Paris
    for created in (
        dt.datetime(2014, 11, 26, 23, 30, tzinfo=dt.UTC),  # 00:30 in Paris, the same day
        clock.now - dt.timedelta(minutes=5),
        clock.now + dt.timedelta(minutes=5),
    ):
        set_created(store, 1, created)
        said = _main(client.get("/leads/1").text)
        assert "Nouvelle, arrivée aujourd'hui." in html.unescape(said), (created, said[:300])
    set_created(store, 1, dt.datetime(2014, 11, 25, 9, 0, tzinfo=dt.UTC))
    assert "Nouvelle depuis 2 jours." in _main(client.get("/leads/1").text)
