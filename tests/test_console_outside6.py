"""The console tried from outside (the sixth pass): addresses it does not have, a page opened
the wrong way. Each answer is the console's own page, in the staff member's language, with a
way back, never a framework's bare « Not Found »."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from storage import Store
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
