"""A call for another region (tests/fixtures/other_region: Finistère and Morbihan, a test
fixture, not a real call): three other fiches, two other sub-territories, other contacts, dates
and file names. The gazetteer, the dialog, the FAQ, the CLI, the staff commands and the console
run on it with no change to the code — the region is its package's data. Lorient is inside;
Lille, inside the shipped call, is outside this one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.console import build_console
from bot.settings import Settings
from dialogs.flow import Guide
from dialogs.odt import sheet_file
from dialogs.sheet import snapshot
from knowledge import load_knowledge
from knowledge.cli import main
from knowledge.faq import Faq
from knowledge.faq_details import DetailReader
from knowledge.places import Gazetteer
from storage import Store
from storage.staff import parse_filter
from tests.dialog_driver import Chat
from tests.test_bot_app import Harness

CALL = Path(__file__).parent / "fixtures" / "other_region"
OPEN = dt.date(2032, 1, 10)  # before both of this call's deadlines
STAFF = 901


@pytest.fixture(scope="module")
def guide() -> Guide:
    return Guide(load_knowledge(CALL))


# ---------------------------------------------------------------- the places
def test_the_region_is_its_package(guide: Guide) -> None:
    k = guide.knowledge
    assert k.region.departments == ("29", "56")
    assert sorted(k.fiches) == [1, 2, 3] and set(k.territories) == {"ouest", "sud"}
    places = Gazetteer.from_knowledge(k)
    lorient = places.locate("Lorient")
    assert lorient.status == "found" and lorient.commune is not None
    assert lorient.commune.territory == "sud"
    assert lorient.commune.epci_name == "CA de Lorient (fictive)"
    assert places.locate("56100").status == "found"
    lille = places.locate("Lille")
    assert lille.status == "outside" and lille.elsewhere[0].department == "59"
    assert lille.elsewhere[0].department_name == "Nord"
    assert places.locate("Liévin").status == "outside"
    assert places.locate("la Bretagne").reason == "department"  # the region, not a commune
    assert not places.locate("Brest").elsewhere  # its own communes are not "elsewhere"


# ---------------------------------------------------------------- the dialog
def test_the_dialog_runs_on_the_other_region(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    assert "« Lanester » ou « 56600 »" in chat.said  # the package's examples
    chat.text("Lille")
    said = chat.said
    assert "<b>Lille (Nord, 59)</b> n'est ni dans le Finistère ni dans le Morbihan." in said
    assert (
        "Cet appel à projets de la Région Bretagne-Sud fictive ne couvre que les communes du "
        "Finistère (29) et du Morbihan (56)." in said
    )
    assert "Nord-Pas" not in said and "Pas-de-Calais" not in said
    chat.text("Lorient")
    assert "Pays du Sud (fictif)" in chat.said
    chat.tap("quartier")
    labels = [label for label, _data in chat.buttons()]
    assert [label for label in labels if label.endswith(")")] == [
        "La mer, le littoral, les ports (1)",
        "Une langue, une culture régionale (2)",
        "Un tiers-lieu à la campagne (3)",
    ]
    chat.tap("(3)")
    chat.tap("Les deux")  # fiche 3 has ceilings by kind
    chat.text("100000")
    chat.text("70000")  # over the investment ceiling of 60,000
    chat.text("10000")
    chat.text("20000")
    chat.tap("Non")
    chat.tap("Voir le résultat")
    card = chat.said
    assert "fiche 3 — Tiers-lieux" in card and "Dario TROIS" in card
    # over a ceiling of funding: the Region's funding is capped, a warning, not a refusal
    assert chat.state.lead is not None and chat.state.lead["checks"]["ceiling"] == "warn"
    _data, name = sheet_file(guide.knowledge, snapshot(chat.state, OPEN))
    assert name.startswith("fiche-synthetique-rivages")


def test_english_names_the_other_region_too(guide: Guide) -> None:
    chat = Chat(guide, OPEN, lang="en")
    chat.start()
    chat.tap("association")
    chat.text("Lille")
    assert "is neither in Finistère nor in Morbihan" in chat.said
    assert "only covers the communes of Finistère (29) and Morbihan (56)" in chat.said


# ---------------------------------------------------------------- the FAQ and the CLI
def test_the_faq_lists_this_calls_fiches_and_region(guide: Guide) -> None:
    faq = Faq(guide.knowledge, guide.places)
    fiches = faq.ask("Quelles sont les fiches ?", OPEN)
    assert fiches.status == "answered"
    assert fiches.text.startswith(
        "Trois fiches :\n1. Vivre avec la mer et le littoral\n2. Langues et cultures régionales"
        "\n3. Tiers-lieux ruraux"
    )
    lille = faq.ask("Je suis à Lille, j'appelle qui ?", OPEN)
    assert "n'est pas dans le Finistère ou le Morbihan" in lille.text


def test_the_cli_reads_the_other_region() -> None:
    out = io.StringIO()
    assert main(["--data", str(CALL), "locate", "Lille"], stdout=out, today=OPEN) == 0
    assert json.loads(out.getvalue())["status"] == "outside"
    out = io.StringIO()
    code = main(
        [
            *("--data", str(CALL), "check", "--fiche", "1", "--place", "Quimper"),
            *("--request", "1000", "--total", "10000", "--cofunding", "2000"),
        ],
        stdout=out,
        today=OPEN,
    )
    result = json.loads(out.getvalue())
    assert code == 0 and result["place"]["territory_id"] == "ouest"
    assert {c["id"]: c["status"] for c in result["checks"]}["floor"] == "fail"  # 1,500 €


# ---------------------------------------------------------------- staff and console
@pytest.fixture
async def bot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Harness]:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(CALL))
    h = Harness(tmp_path / "bot.sqlite3", today=OPEN, staff_user_ids=frozenset({STAFF}))
    await h.start()
    yield h
    await h.stop()


async def test_the_bot_and_its_staff_commands_run_on_the_other_region(bot: Harness) -> None:
    chat = 50
    await bot.text(chat, "/start")
    await bot.tap(chat, "accepte")
    await bot.tap(chat, "association")
    await bot.text(chat, "Vannes")
    await bot.tap(chat, "quartier")
    await bot.tap(chat, "(2)")
    await bot.text(chat, "12 000 €")
    await bot.text(chat, "4000")
    await bot.text(chat, "4000")
    await bot.tap(chat, "Non")
    await bot.tap(chat, "Voir le résultat")
    assert "Langues régionales" in bot.replies(chat)[-1]
    await bot.text(STAFF, "/leads fiche 2 sud")
    listing = bot.replies(STAFF)[-1]
    assert "n° 1" in listing and "Vannes" in listing
    await bot.text(STAFF, "/export")
    raw: bytes = bot.fake.documents(STAFF)[-1]["files"]["document"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][rows[0].index("Commune")] == "Vannes"
    assert rows[1][rows[0].index("Territoire")] == "Pays du Sud (fictif)"  # its name, not "sud"


def test_staff_filters_take_this_calls_fiches() -> None:
    k = load_knowledge(CALL)
    names = {key: t.name for key, t in k.territories.items()}
    assert parse_filter("fiche 3 ouest", names, k.fiches) is not None
    assert parse_filter("fiche 4", names, k.fiches) is None  # no fiche 4 in this call


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Store]]:
    monkeypatch.setenv("KNOWLEDGE_DIR", str(CALL))
    store = Store(tmp_path / "console.sqlite3")
    settings = Settings(
        staff_user_ids=frozenset({STAFF}),
        console_url="https://console.example.org",
        console_secret="s3cret-for-tests-only",
    )
    now = dt.datetime(2032, 1, 10, 10, 0, tzinfo=dt.UTC)
    app = build_console(store, settings, lambda: now)
    yield TestClient(app, base_url="https://console.example.org", follow_redirects=False), store
    store.close()


def test_the_console_runs_on_the_other_region(console: tuple[TestClient, Store]) -> None:
    from bot.console.auth import ConsoleAuth

    client, store = console
    token = ConsoleAuth(store).issue_token(STAFF, dt.datetime(2032, 1, 10, 10, 0, tzinfo=dt.UTC))
    assert client.post(f"/login/{token}").status_code == 303
    page = client.get("/leads").text
    assert "Console Rivages Solidaires" in page
    assert "Pays de l&#39;Ouest (fictif)" in page or "Pays de l'Ouest (fictif)" in page
    export = client.get("/export.csv")
    assert export.status_code == 200
    assert "demandes-rivages-" in export.headers["content-disposition"]


def test_a_postcode_of_this_region_is_no_amount_in_a_question(guide: Guide) -> None:
    """'56100' names Lorient's postcode, as '62800' does Liévin's in the shipped call: the
    question's amount is the other number, whichever departments the call covers."""
    reader = DetailReader(guide.knowledge, Gazetteer.from_knowledge(guide.knowledge))
    details = reader.read("on est au 56100, on peut demander 3000 ?")
    assert details.amount == Decimal("3000")
    assert reader.read("on est au 56100, c'est quoi le plancher ?").amount is None
    shipped = load_knowledge()
    reader = DetailReader(shipped, Gazetteer.from_knowledge(shipped))
    assert reader.read("on est au 62800, on peut demander 3000 ?").amount == Decimal("3000")
