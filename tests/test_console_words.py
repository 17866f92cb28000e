"""Staff read people's words, not codes: a lead made by a real conversation (the service and
the Store), shown on the console's lead page (French, and English with ?lang=en) and in the
Telegram /lead view's lines, names every tapped button by the label the person saw and every
coded answer and rule of the verdict by the question table's words."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.console import build_console
from bot.service import Conversations
from bot.settings import Settings
from dialogs.flow import Guide
from dialogs.labels import card_words, step_label, table_words
from dialogs.staff_views import CHECK_LABELS, lead_card, staff_epci, transcript_lines
from dialogs.table import QUESTIONS, STEPS
from knowledge import load_knowledge
from storage import Store
from storage.console import ConsoleAuth
from storage.staff import Desk
from tests.service_chat import Person, to_verdict

STAFF = 901
CODE = re.compile(r"\[[a-z_]+:[a-z_0-9]+\]|\b\d+\|[a-z_]+:")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "words.sqlite3")
    service = Conversations(store, Guide(), clock=lambda: dt.date(2014, 11, 27))

    async def talk() -> None:
        await to_verdict(Person(service, 1, "Zoé"))

    asyncio.run(talk())
    service._db.shutdown(wait=True)
    return store


def _page(store: Store, path: str) -> str:
    now = dt.datetime.now(dt.UTC)
    settings = Settings(staff_user_ids=frozenset({STAFF}), console_secret="s" * 20)
    client = TestClient(build_console(store, settings), follow_redirects=False)
    client.post(f"/login/{ConsoleAuth(store).issue_token(STAFF, now)}")
    page = client.get(path)
    assert page.status_code == 200
    return page.text


def test_the_lead_page_says_what_the_person_pressed_in_french(store: Store) -> None:
    page = _page(store, "/leads/1")
    assert not CODE.search(page), CODE.search(page)
    for pressed in ("[✅ J&#39;accepte]", "[Une association]", "[Des jeunes]", "[Non]"):
        assert pressed in page, pressed
    assert "Public : Des jeunes" in page and "(Une association)" in page
    assert "Nature : Fonctionnement (animation, personnel)" in page
    assert "intercommunalité : à vérifier" in page
    for raw in ("youth", "inhabitant", "operating", "intercommunality"):
        assert raw not in page, raw


def test_the_lead_page_in_english_keeps_what_the_person_saw(store: Store) -> None:
    page = _page(store, "/leads/1?lang=en")
    assert "Audience: Young people" in page or "Audience : Young people" in page, page[:3000]
    assert "intercommunality: to check" in page or "intercommunality : to check" in page
    assert "[Des jeunes]" in page, "the button as the person saw it, in their language"
    assert not CODE.search(page)


def test_the_list_names_each_fiche_by_its_title(store: Store) -> None:
    """A bare « 2 » in the list's Fiche column and filter is a code to learn: each reads as
    its number and short title, in the page's language."""
    fiche = Desk(store).lead(1)["fiche"]
    titles = dict(load_knowledge().fiches)
    page = _page(store, "/leads").replace("&#39;", "'")
    cell = re.search(r'data-label="Fiche">([^<]*)</td>', page)
    assert cell and cell.group(1) == f"{fiche} · {titles[fiche].short_title}", cell
    for n, f in titles.items():
        assert f">{n} · {f.short_title}</option>" in page, n
    english = _page(store, "/leads?lang=en").replace("&#39;", "'")
    assert f"{fiche} · {titles[fiche].short_title_en}" in english


def test_the_telegram_lead_view_has_no_codes(store: Store) -> None:
    desk = Desk(store)
    lead = desk.lead(1)
    assert lead is not None
    rows = desk.transcript(lead)
    lines = transcript_lines(rows, "fr", table=table_words("fr"), zone="Europe/Paris")
    knowledge = load_knowledge()
    card = lead_card(
        lead,
        knowledge.territory_name,
        "fr",
        **card_words("fr"),
        zone="Europe/Paris",
        epci=staff_epci(knowledge, "fr"),
    )
    text = "\n".join([card, *lines])
    assert not CODE.search(text) and "[Des jeunes]" in text and "Public : Des jeunes" in text


def test_a_button_whose_message_is_gone_is_read_through_the_table() -> None:
    rows = [
        {"direction": "in", "kind": "choice", "text": "7|audience:far", "created_at": "x"},
        {"direction": "in", "kind": "choice", "text": "7|zzz:1", "created_at": "x"},
    ]
    from dialogs.staff_views import transcript_texts

    texts = transcript_texts(rows, "fr", table_words("fr"))
    assert texts == [
        "[Des personnes éloignées des institutions]",
        "[un bouton qui n'est plus affiché]",
    ]


def test_a_shared_contact_card_reads_as_its_phone() -> None:
    from dialogs.staff_views import transcript_texts

    rows = [
        {"direction": "in", "kind": "other", "text": "contact:+33612345678", "created_at": "x"},
        {"direction": "in", "kind": "other", "text": "media", "created_at": "x"},
        {"direction": "in", "kind": "other", "text": "caption:Liévin", "created_at": "x"},
    ]
    assert transcript_texts(rows, "fr") == [
        "[une fiche contact : +33612345678]",
        "[un fichier ou un média]",
        "[un fichier, avec la légende : Liévin]",
    ]


def test_every_step_and_rule_has_words() -> None:
    for step in STEPS:
        assert step_label(step, "fr") != "Autre étape", step
    for question in QUESTIONS:
        assert question.label
    checks = {"floor", "ceiling", "cofunding", "priority_area", "activity_funding"}
    checks |= {"intercommunality", *(f"{k}_deadline" for k in ("short_form", "full_file"))}
    assert checks <= set(CHECK_LABELS)


def test_the_funnel_counts_where_people_stopped_in_the_dialogs_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "funnel.sqlite3")
    service = Conversations(store, Guide(), clock=lambda: dt.date(2014, 11, 27))

    async def talk() -> None:
        await to_verdict(Person(service, 1))
        for chat in (2, 3):  # two people give up at the commune question
            person = Person(service, chat)
            await person.text("/start")
            await person.tap("accepte")
            await person.tap("association")
        person = Person(service, 4)  # one at the audience question
        await person.text("/start")
        await person.tap("accepte")
        await person.tap("habitant")
        await person.text("Lens")

    asyncio.run(talk())
    service._db.shutdown(wait=True)
    page = _page(store, "/stats")
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="n"[^>]*>(\d+)</td>\s*'
        r'<td class="n"[^>]*>(\d+)</td>',
        page,
    )
    labels = [label for label, _asked, _stopped in rows]
    assert labels[:3] == ["Vous êtes", "Commune", "Public"], labels
    counts = {label: (int(a), int(s)) for label, a, s in rows}
    assert counts["Commune"] == (4, 2), "asked of four, two never answered it"
    assert counts["Public"] == (2, 1) and counts["Vous êtes"] == (4, 0)
    for code in ("fiche_confirm", "priority_area", "place_choice", "project"):
        assert code not in page
