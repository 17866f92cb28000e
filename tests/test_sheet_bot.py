"""The fiche synthétique through the real Application (sent with sendDocument), after a crash,
for staff, from the staff desk CLI (`python -m bot.desk`) and the terminal chat, and erased with the person's data."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from pathlib import Path

from bot.desk import main as desk_cli
from bot.service import Conversations
from bot.terminal import chat
from dialogs.flow import Guide
from storage import Store
from storage.sqlite import sqlite3
from tests.odt_reader import read_odt
from tests.test_bot_app import Harness, harness, run_to_verdict  # noqa: F401 (fixture)

TITLE = "Zanzibar-sur-Liane « jardin » <des> & Mûriers — œuvre 5 €"
STAFF = 901


async def prepare_sheet(h: Harness, chat_id: int, title: str = TITLE) -> None:
    await run_to_verdict(h, chat_id)
    await h.tap(chat_id, "fiche synthétique")
    await h.text(chat_id, title)
    await h.tap(chat_id, "Terminer")


async def test_the_sheet_is_sent_as_an_odt_document(harness: Harness) -> None:  # noqa: F811
    await prepare_sheet(harness, 42)
    documents = harness.fake.documents(42)
    assert len(documents) == 1
    sent = documents[0]
    name = "fiche-synthetique-dsdt-zanzibar-sur-liane-jardin-des-muriers-oe-2014-11-27.odt"
    assert sent["filenames"]["document"] == name  # the title, folded to safe characters
    assert (
        "de Lens - Liévin (nom au 1er janvier 2026)" in sent["caption"]
        and sent.get("parse_mode") == "HTML"
    )
    odt = read_odt(sent["files"]["document"])
    assert odt.fields()["Titre du projet"] == TITLE
    assert odt.fields()["Commune"] == "Liévin (62)"
    assert "Que voulez-vous faire ?" in harness.replies(42)[-1]  # then the result's buttons
    conn = sqlite3.connect(harness.db)
    kind, sent_flag = conn.execute(
        "select kind, sent from messages where direction = 'out' and kind = 'sheet'"
    ).fetchone()
    assert (kind, sent_flag) == ("sheet", 1)
    assert conn.execute("select count(*) from messages where sent = 0").fetchone() == (0,)
    (snapshot,) = conn.execute("select sheet from leads").fetchone()
    assert TITLE in snapshot  # the lead keeps the answers, never the file
    conn.close()
    assert b"PK\x03\x04" not in harness.db.read_bytes()


async def test_a_document_that_could_not_be_sent_goes_out_after_a_restart(tmp_path: Path) -> None:
    first = Harness(tmp_path / "bot.sqlite3")
    first.fake.fault = lambda method, params: "502" if method == "sendDocument" else None
    await first.start()
    await prepare_sheet(first, 43)
    assert not first.fake.documents(43)
    await first.stop()
    conn = sqlite3.connect(tmp_path / "bot.sqlite3")
    unsent = conn.execute("select kind from messages where sent = 0 order by id").fetchall()
    conn.close()
    assert unsent[0] == ("sheet",)  # stored, unsent, and known to carry the sheet

    second = Harness(tmp_path / "bot.sqlite3", first_update_id=1000)
    await second.start()  # resends what the first run left unsent
    documents = second.fake.documents(43)
    assert len(documents) == 1
    assert read_odt(documents[0]["files"]["document"]).fields()["Titre du projet"] == TITLE
    assert "Que voulez-vous faire ?" in second.replies(43)[-1]
    await second.stop()


async def test_erasure_deletes_everything_the_sheet_was_made_from(
    harness: Harness,  # noqa: F811
) -> None:
    await prepare_sheet(harness, 44)
    await harness.text(44, "/mesdonnees")
    exported = harness.fake.documents(44)[-1]["files"]["document"].decode()
    assert "Zanzibar-sur-Liane" in exported  # the lead's snapshot is part of "my data"
    await harness.text(44, "/effacer")
    await harness.tap(44, "Oui, tout effacer")
    conn = sqlite3.connect(harness.db)
    for table in ("messages", "leads", "conversations", "users"):
        assert conn.execute(f"select count(*) from {table}").fetchone() == (0,), table
    conn.close()
    scrubbing = harness.app.bot_data.staff._scrubbing  # the index merge, in the background
    assert scrubbing is not None
    await asyncio.wait_for(scrubbing, 10)
    raw = harness.db.read_bytes()
    wal = harness.db.with_name(harness.db.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    assert b"Zanzibar" not in raw and b"zanzibar" not in raw.lower()
    before = len(harness.fake.documents(44))
    await harness.text(44, "/fiche")  # nothing left to make a sheet from
    assert len(harness.fake.documents(44)) == before
    assert "Êtes-vous d'accord" in harness.replies(44)[-1]


async def test_staff_regenerate_the_sheet_from_the_lead(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3", staff_user_ids=frozenset({STAFF}))
    await h.start()
    await prepare_sheet(h, 45)
    await h.push(h.fake.text_update(STAFF, "/lead 1"))
    await h.tap(STAFF, "Fiche synthétique")
    documents = h.fake.documents(STAFF)
    assert len(documents) == 1 and "n° 1" in documents[0]["caption"]
    assert read_odt(documents[0]["files"]["document"]).fields()["Titre du projet"] == TITLE
    conn = sqlite3.connect(h.db)
    actions = [a for (a,) in conn.execute("select action from audit where actor like 'staff:%'")]
    assert "button:f" in actions
    conn.close()
    await h.push(h.fake.button_update(STAFF, "staff|f|99"))
    assert "Pas de demande n° 99" in h.replies(STAFF)[-1]
    await h.stop()


async def test_desk_cli_writes_a_leads_sheet(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    await prepare_sheet(h, 46)
    await h.stop()
    target = tmp_path / "fiche.odt"
    assert desk_cli(["--db", str(h.db), "sheet", "1", "--output", str(target)]) == 0
    assert read_odt(target.read_bytes()).fields()["Titre du projet"] == TITLE
    assert desk_cli(["--db", str(h.db), "sheet", "99"]) == 1


async def test_terminal_chat_writes_the_file_and_prints_its_path(tmp_path: Path) -> None:
    service = Conversations(
        Store(tmp_path / "t.sqlite3"), Guide(), clock=lambda: dt.date(2014, 11, 27)
    )
    answers = ["1", "1", "Wattrelos", "4", "des micro-projets avec le FPH", "1"]
    answers += ["8000", "2k", "2 400", "2", "9", "/fiche", TITLE, "2", "/quitter"]
    out = io.StringIO()
    folder = tmp_path / "docs"
    await chat(service, stdin=io.StringIO("\n".join(answers) + "\n"), stdout=out, files_dir=folder)
    service.close()
    text = out.getvalue()
    printed = re.search(r"📄 Fichier enregistré : (\S+\.odt)", text)
    assert printed, text[-1500:]
    path = Path(printed.group(1))
    assert path.parent == folder.resolve() and path.exists()
    odt = read_odt(path.read_bytes())
    assert odt.fields()["Titre du projet"] == TITLE
    assert (
        odt.fields()["Intercommunalité (EPCI)"]
        == "Métropole Européenne de Lille (nom au 1er janvier 2026)"
    )


async def test_the_deadlines_file_is_also_made_again_after_a_restart(tmp_path: Path) -> None:
    first = Harness(tmp_path / "bot.sqlite3")
    first.fake.fault = lambda method, params: "502" if method == "sendDocument" else None
    await first.start()
    await run_to_verdict(first, 47)
    await first.tap(47, "Me rappeler")
    assert not first.fake.documents(47)
    await first.stop()
    second = Harness(tmp_path / "bot.sqlite3", first_update_id=1000)
    await second.start()
    documents = second.fake.documents(47)
    assert len(documents) == 1 and documents[0]["filenames"]["document"] == "dates-dsdt.ics"
    assert b"BEGIN:VCALENDAR" in documents[0]["files"]["document"]
    await second.stop()
