"""Direction controls typed by a person never reach what staff read (the console, the CSV
export, the fiche synthétique .odt, the bot's messages to staff), over real HTTP.

Decided in the seventh outside pass: the controls are removed once, at intake (`knowledge.text
.clean`, on every update before it is stored; a directional override's text first put in the
order it was shown, `knowledge.display_order`), not escaped again in each view. One place
keeps every reader (the dialog, the search, the export, the documents) on the same text, and a
view added later cannot forget it. An embedding or an isolate (U+202A/B, U+2066–8) carries no
meaning staff need; left in, it can turn the rest of a staff line round (an isolate never
closed runs to the line's end; in a CSV cell it travels into the spreadsheet). This test
holds the guarantee end to end: it fails if the intake keeps them (checked by letting
`knowledge.text._kept` keep format characters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.testclient import TestClient

from bot.console import build_console
from bot.settings import Settings
from storage import Store
from storage.console import ConsoleAuth
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, wait_for
from tests.test_unbreakable_http import odt_text, to_the_amounts, to_the_sheet

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "STAFF_USER_IDS": "900"}
STAFF = 900
# Arabic letter mark, LRM / RLM, embeddings, pop, overrides, isolates
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CHAT = 2201


def _controls(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if ch in BIDI})


def test_direction_controls_reach_no_staff_view(env: tuple[FakeTelegram, Bot]) -> None:
    fake, bot = env
    person = fake._user

    def named(chat: int) -> dict[str, Any]:  # the name Telegram gives the bot, with controls
        found = person(chat)
        if chat == CHAT:
            found = {**found, "first_name": "\u2067Zoé\u200f", "last_name": "\u202bM.\u061c"}
        return found

    fake._user = named  # type: ignore[method-assign]
    to_the_amounts(
        fake,
        CHAT,
        description="Un jardin \u202bpartagé\u202c pour les \u2066jeunes\u2069 du quartier",
    )
    say(fake, CHAT, "12 000 €")
    say(fake, CHAT, "4000")
    say(fake, CHAT, "3 600")
    tap(fake, CHAT, "Non")
    tap(fake, CHAT, "Voir le résultat")
    tap(fake, CHAT, "recontact")
    say(fake, CHAT, "\u206806 12 34 56 78\u2069")
    wait_for(lambda: fake.last_buttons(CHAT))
    document = to_the_sheet(fake, CHAT, answers=("Jardin \u202ades\u202c Mûriers\u200e",))
    sheet = odt_text(document)
    assert "Jardin des Mûriers" in sheet and _controls(sheet) == [], _controls(sheet)
    told = "\n".join(str(p.get("text", "")) for p in fake.sent(STAFF))
    assert "Zoé" in told and "jardin partagé pour les jeunes" in told, told
    assert _controls(told) == []
    store = Store(bot.db)
    try:
        now = dt.datetime.now(dt.UTC)
        settings = Settings(
            staff_user_ids=frozenset({STAFF}),
            console_url="https://console.example.org",
            console_secret="s3cret-for-tests-only",
        )
        console = TestClient(
            build_console(store, settings, lambda: now),
            base_url="https://console.example.org",
            follow_redirects=False,
        )
        token = ConsoleAuth(store).issue_token(STAFF, now)
        assert console.post(f"/login/{token}").status_code == 303
        page = console.get("/leads/1").text
        listed = console.get("/leads").text
        export = console.get("/export.csv").text
    finally:
        store.close()
    assert "Zoé" in page and "06 12 34 56 78" in page and "Zoé" in listed
    assert "jardin partagé pour les jeunes" in export and "06 12 34 56 78" in export
    for view in (page, listed, export):
        assert _controls(view) == [], _controls(view)
