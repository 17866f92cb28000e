"""A real headless Chromium (Debian's `chromium`) through the console over HTTP:
login link -> leads list -> lead page -> status change, with screenshots.

`make test` installs chromium when it is missing (as root, with apt); elsewhere this test is
skipped with a message saying so. Screenshots are saved under the test's tmp directory (the
path is printed; `pytest -s` shows it)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from bot.console import build_console
from bot.service import Conversations
from bot.settings import Settings
from bot.webhook import QuietServer
from dialogs.flow import Guide
from storage import Store
from storage.console import ConsoleAuth
from storage.staff import Desk
from tests.cdp import Browser, find_chromium
from tests.console_fixtures import add_lead
from tests.service_chat import Person, to_verdict

STAFF = 901
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (Debian package `chromium`; `make test` installs it "
    "when run as root with apt-get): the real-browser console test is skipped",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(store: Store, port: int) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    settings = Settings(staff_user_ids=frozenset({STAFF}), console_url=base)
    app = build_console(store, settings)
    server = QuietServer(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the console did not start"
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


def test_login_list_lead_and_status_change_in_a_real_browser(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    store = Store(tmp_path / "console.sqlite3")
    add_lead(store, 1, first_name="Zoé", commune="Liévin", contact="06 12 34 56 78")
    add_lead(
        store,
        2,
        first_name="<script>document.title='pwned'</script>Karim",
        commune="Calais",
        territory="littoral",
        fiche=1,
        said="<script>document.title='pwned'</script> on monte un atelier vélo",
    )
    add_lead(store, 3, first_name="Inès", commune="Valenciennes", territory="hainaut", fiche=2)
    for chat, steps in ((10, ["role", "place"]), (11, ["role"]), (12, ["role", "place"])):
        for update, step in enumerate(steps):  # three people who stopped before a verdict
            store.record_turn(
                chat_id=chat,
                user_id=chat,
                update_id=chat * 100 + update,
                first_name="",
                kind="text",
                text="réponse",
                step_before=step,
                state_json="{}",
                step_after=step,
                language="fr",
                replies=[],
                consent_now=update == 0,
                notice_version="1",
                lead=None,
            )
    token = ConsoleAuth(store).issue_token(STAFF, dt.datetime.now(dt.UTC))
    shots: list[Path] = []
    browser = Browser(CHROMIUM, tmp_path / "profile")
    try:
        with serving(store, _free_port()) as base:
            browser.goto(f"{base}/leads")
            assert browser.url().startswith(f"{base}/login?why=session")
            assert "/console" in browser.text()

            browser.goto(f"{base}/login/{token}")
            browser.click("form button")
            assert browser.url() == f"{base}/leads"
            listing = browser.text()
            assert "Demandes (3)" in listing and "Calais" in listing and "Liévin" in listing
            assert browser.evaluate("document.querySelectorAll('script').length") == 0
            shots.append(browser.screenshot(tmp_path / "1-leads.png"))

            browser.click('a[href="/leads/2"]')
            page = browser.text()
            assert "Demande n° 2" in page and "on monte un atelier vélo" in page
            assert "<script>document.title='pwned'</script>" in page, "shown as text"
            assert browser.evaluate("document.title") != "pwned"

            browser.phone()
            browser.click('form[action="/leads/2/status"] button')
            assert browser.url() == f"{base}/leads/2?done=status"
            assert "Statut enregistré." in browser.text()
            shots.append(browser.screenshot(tmp_path / "2-lead-phone.png"))

            browser.click('a[href="/stats"]')
            stats = browser.text()
            assert "Où les personnes s'arrêtent" in stats and "Demandes par semaine" in stats
            assert browser.evaluate("document.querySelectorAll('svg rect').length") >= 5
            shots.append(browser.screenshot(tmp_path / "3-stats-phone.png"))
    finally:
        browser.close()
    assert Desk(store).lead(2)["status"] == "contacté"
    actions = [r[0] for r in store.db.execute("select action from audit where lead = 2")]
    assert "console:lead" in actions and "status" in actions
    store.close()
    for shot in shots:
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 5_000
        print(f"screenshot: {shot}")


AXE = Path(os.environ.get("AXE_JS", Path(__file__).parent.parent / ".venv/axe/axe.min.js"))


def _conversations(store: Store) -> None:
    """Leads and stopped chats made by real conversations through the service."""
    service = Conversations(store, Guide(), clock=lambda: dt.date(2014, 11, 27))

    async def talk() -> None:
        await to_verdict(Person(service, 1, "Zoé"))
        await to_verdict(Person(service, 2, "Karim"), place="Calais", audience="quartier", fiche=1)
        await to_verdict(Person(service, 3, "Inès"), place="59230", fiche=2, contact=None)
        person = Person(service, 4, "Léa")
        await person.text("/start")
        await person.tap("accepte")
        await person.tap("association")

    asyncio.run(talk())
    service._db.shutdown(wait=True)


@pytest.mark.skipif(
    not AXE.exists(),
    reason=f"axe-core not found at {AXE} (`make test` packs the npm package axe-core there)",
)
def test_every_page_has_no_axe_violation_at_1280_and_390_px(tmp_path: Path) -> None:
    """axe-core 0 violations on each page, on a desktop and on a 390 px phone; the
    screenshots of the list, a lead and the statistics at both widths are kept."""
    assert CHROMIUM is not None
    store = Store(tmp_path / "axe.sqlite3")
    _conversations(store)
    # a granted lead without what its publication needs: listed in the open-data box
    store.db.execute(
        "update leads set decision = 'granted', granted = '3000.00', decided_on = '2015-03-12' "
        "where number = 1"
    )
    token = ConsoleAuth(store).issue_token(STAFF, dt.datetime.now(dt.UTC))
    source = AXE.read_text(encoding="utf-8")
    shots = Path(os.environ.get("CONSOLE_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict[str, object]]] = {}
    browser = Browser(CHROMIUM, tmp_path / "profile")
    try:
        with serving(store, _free_port()) as base:
            browser.goto(f"{base}/login")
            found["login"] = browser.axe(source)
            browser.goto(f"{base}/login/{token}")
            found["login confirm"] = browser.axe(source)
            browser.click("form button")
            pages = {
                "leads": "/leads",
                "leads filtered": "/leads?contact=1&verdict=review&sort=amount",
                "lead": "/leads/1",
                "lead en": "/leads/1?lang=en",
                "erase confirm": "/leads/1/erase",
                "stats": "/stats?lang=fr",
                "missing lead": "/leads/999",
                "open data refused": "/subventions.csv",
                "no such page": "/lead/3",
                "form address opened": "/logout",
            }
            for width in (1280, 390):
                if width == 1280:
                    browser.desktop(1280, 1400)
                else:
                    browser.phone(390, 1400)
                for name, path in pages.items():
                    browser.goto(f"{base}{path}")
                    found[f"{name} @{width}"] = browser.axe(source)
                    if name == "leads":  # the open-data box, opened
                        browser.evaluate("document.querySelector('details.open-data').open = true")
                        found[f"leads open data @{width}"] = browser.axe(source)
                    if name in ("leads", "lead", "stats"):
                        browser.screenshot(shots / f"{name}-{width}.png")
                    if name == "lead":  # the jury's decision and what its publication needs
                        browser.evaluate("document.querySelector('.decision').scrollIntoView()")
                        browser.screenshot(shots / f"decision-{width}.png")
                        # posted from a stale view: the conflict's notice, the form as typed
                        browser.evaluate(
                            "document.querySelector('.decision [name=seen]').value = 'stale'"
                        )
                        browser.click(".decision button")
                        assert "Décision non enregistrée" in browser.text()
                        found[f"decision conflict @{width}"] = browser.axe(source)
    finally:
        browser.close()
        store.close()
    for page, violations in found.items():
        print(f"axe {page}: {len(violations)} violations {violations}")
    assert not {page: v for page, v in found.items() if v}
