"""The staff side, safe with personal data: formulas neutralised in exports, lead numbers never
reused, erasure reaching staff copies, a verified scrub, owner-only files, bounded search,
long notes cut without losing buttons, and the /console link."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.console import build_console
from bot.desk import main as desk_cli
from bot.settings import Settings
from dialogs.fields import export_columns
from dialogs.staff_views import clip
from storage import Store
from storage import staff as staff_module
from storage.scrub import Scrub
from storage.sqlite import LIBRARY, SECURE_DELETE, sqlite3
from storage.staff import MAX_QUERY_TERMS, Desk, SearchTooBroad, fts_query
from tests.console_fixtures import add_lead
from tests.test_bot_app import Harness, run_to_verdict
from tests.test_staff import ARTOIS_OFFICER, LITTORAL_OFFICER, ROUTES, STAFF, ask_contact

CONSOLE = "https://console.example.org"


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(
        tmp_path / "bot.sqlite3", staff_user_ids=STAFF, staff_routes=ROUTES, console_url=CONSOLE
    )
    await h.start()
    yield h
    await h.stop()


async def staff_says(h: Harness, text: str, user: int = ARTOIS_OFFICER) -> list[dict]:  # type: ignore[type-arg]
    before = len(h.fake.sent(user))
    await h.push(h.fake.text_update(user, text))
    return h.fake.sent(user)[before:]


# ---------------------------------------------------------------------- exports
@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        pytest.param("=1+2", "'=1+2", id="equals"),
        pytest.param("+33 6 12 34 56 78", "'+33 6 12 34 56 78", id="phone-stays-readable"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=cmd", "'\t=cmd", id="tab"),
        pytest.param("\r=cmd", "'\r=cmd", id="carriage-return"),
        pytest.param("06 12 34 56 78", "06 12 34 56 78", id="plain-untouched"),
        pytest.param("Zoé = présidente", "Zoé = présidente", id="not-leading"),
    ],
)
def test_every_export_neutralises_formulas(tmp_path: Path, typed: str, cell: str) -> None:
    store = Store(tmp_path / "db.sqlite3")
    add_lead(store, 1, first_name=typed, contact=typed, description=typed)
    _, payload = Desk(store, export_columns()).export_document()
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline=""), delimiter=";"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["Prénom"] == cell and record["Coordonnées"] == cell and record["Projet"] == cell
    assert record["Montant demandé (€)"] == "20000", "numbers stay numbers"
    store.close()


async def test_telegram_export_is_neutralised_too(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await ask_contact(desk, 50, "+33 6 12 34 56 78")
    await staff_says(desk, "/export")
    raw = desk.fake.documents(ARTOIS_OFFICER)[-1]["files"]["document"].decode("utf-8-sig")
    record = dict(zip(*list(csv.reader(io.StringIO(raw), delimiter=";"))[:2], strict=True))
    assert record["Coordonnées"].startswith("'+33 6 12 34 56 78")


def test_database_and_cli_export_files_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    add_lead(store, 1)
    for name in (path, Path(f"{path}-wal")):
        assert stat.S_IMODE(name.stat().st_mode) == 0o600, name
    store.close()
    path.chmod(0o644)
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "an existing file is tightened"
    out = tmp_path / "export.csv"
    out.write_text("old")
    out.chmod(0o644)
    assert desk_cli(["--db", str(path), "export", "--output", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Liévin" in out.read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------------- search
@pytest.mark.parametrize(
    "typed",
    [
        "06 12 34 56 78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33612345678",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
    ],
)
@pytest.mark.parametrize(
    "stored",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "+33 (0)6 12 34 56 78",  # the contact step keeps it as written (since December 2026)
    ],
)
def test_phone_numbers_are_found_whatever_their_format(
    tmp_path: Path, typed: str, stored: str
) -> None:
    store = Store(tmp_path / "db.sqlite3")
    add_lead(store, 1, contact=stored, said=f"appelez-moi au {stored}")
    add_lead(store, 2, contact="07 99 99 99 99")
    desk = Desk(store)
    assert [hit["number"] for hit in desk.search(typed)] == [1]
    assert {row["number"] for row in desk.leads(words=typed)[0]} == {1}
    store.close()


def test_search_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = " ".join(f"mot{i}" for i in range(50))
    assert fts_query(words).count('"') == 2 * MAX_QUERY_TERMS
    assert len(fts_query("x" * 10_000)) < 250
    store = Store(tmp_path / "db.sqlite3")
    for chat in range(1, 400):
        add_lead(store, chat, said=f"jardin partagé numéro {chat}")
    desk = Desk(store)
    assert len(desk.search("jardin")) == 10
    monkeypatch.setattr(staff_module, "SEARCH_BUDGET_S", -1.0)  # already past its budget
    with pytest.raises(SearchTooBroad):
        desk.search("jardin")
    with pytest.raises(SearchTooBroad):
        desk.leads(words="jardin")
    assert desk.leads()[1] == 399, "browsing without words is not limited"
    store.db.execute("select count(*) from messages").fetchone()  # the handler was removed
    store.close()


async def test_search_too_broad_gets_a_friendly_reply(
    desk: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await run_to_verdict(desk, 50)
    monkeypatch.setattr(staff_module, "SEARCH_BUDGET_S", -1.0)
    monkeypatch.setattr(staff_module, "PROGRESS_OPS", 1)  # look at the clock at once
    said = await staff_says(desk, "/search jardin")
    assert said[0]["text"] == "Recherche trop large : précisez vos mots."


# ---------------------------------------------------------------------- notes
def test_clip_keeps_html_entities_whole() -> None:
    text = "a" * 3990 + "&amp;" + "b" * 100
    cut = clip(text)
    assert cut.endswith("…") and len(cut) <= 4000 and "&am…" not in cut
    assert clip("court") == "court"


async def test_a_note_without_its_text_gets_the_usage_line(desk: Harness) -> None:
    """`/note ²` (a digit int() refuses) or `/note 1` with nothing to note: the usage line, not
    "no such lead"; with a note, a number that cannot be a lead is no such lead."""
    for typed in ("/note ²", "/note ² ", "/note 1", "/note", "/note x"):
        replies = await staff_says(desk, typed)
        assert replies[-1]["text"] == "Écrivez : /note 12 votre note", typed
    replies = await staff_says(desk, "/note ² à rappeler")
    assert replies[-1]["text"] == "Pas de demande n° ².", replies


async def test_long_notes_are_cut_and_the_buttons_kept(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    for _ in range(4):
        await staff_says(desk, "/note 1 " + "à rappeler & relancer " * 90)
    shown = await staff_says(desk, "/lead 1")
    card = shown[-1]
    assert len(card["text"]) <= 4096 and card["text"].endswith("…")
    assert "Demande n° 1" in card["text"]
    assert "Contacté" in str(card["reply_markup"]) and "note" in str(card["reply_markup"])


# ---------------------------------------------------------------------- erasure
async def test_erasure_reaches_staff_copies_and_says_what_went(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await ask_contact(desk, 50)
    conn = sqlite3.connect(desk.db)
    [(message_id,)] = conn.execute("select message_id from notifications").fetchall()
    conn.close()
    assert message_id, "the notification's Telegram message id is kept"
    await staff_says(desk, "/lead 1")  # transcript and card: copies of the person's data
    await desk.tap(ARTOIS_OFFICER, "Fiche synthétique")  # and the document
    await staff_says(desk, "/leads")  # a list quoting the person's name and commune
    await staff_says(desk, "/search Liévin")  # a search quoting them
    conn = sqlite3.connect(desk.db)
    copies = conn.execute("select chat_id, message_id from staff_copies order by id").fetchall()
    conn.close()
    copies = list(dict.fromkeys(copies))
    assert len(copies) >= 4 and {chat for chat, _ in copies} == {ARTOIS_OFFICER}
    await desk.text(50, "/effacer")
    await desk.tap(50, "Oui, tout effacer")
    receipt = desk.replies(50)[-1]
    assert "tout est effacé" in receipt and "1 demande," in receipt
    assert "messages de notre conversation" in receipt and "0 rappel," in receipt
    assert "(s)" not in receipt, "counts in words, through ngettext"
    assert "n° 1" in receipt and "exports" in receipt and "48 heures" in receipt
    deletes = [p for m, p in desk.fake.calls if m == "deleteMessage"]
    assert [(int(p["chat_id"]), int(p["message_id"])) for p in deletes] == [
        (ARTOIS_OFFICER, message_id),
        *copies,
    ]
    for officer in STAFF:
        notice = desk.fake.sent(officer)[-1]["text"]
        assert "Effacement" in notice and "n° 1" in notice and "exports CSV" in notice
        total = 1 + len(copies)
        assert f"{total} messages du bot sur {total} qui la citaient" in notice
        assert "(s)" not in notice and "demande n° 1" in notice
    conn = sqlite3.connect(desk.db)
    assert conn.execute("select count(*) from erasures").fetchone() == (0,), "the job went"
    assert conn.execute("select count(*) from notifications").fetchone() == (0,)
    conn.close()
    for old_button in ("staff|o|1", "staff|f|1"):  # "Ouvrir", "Fiche", still in the chat
        await desk.push(desk.fake.button_update(ARTOIS_OFFICER, old_button))
        assert "effacée à la demande de la personne" in desk.replies(ARTOIS_OFFICER)[-1]
    said = await staff_says(desk, "/lead 1", LITTORAL_OFFICER)
    assert "effacée" in said[0]["text"]
    await run_to_verdict(desk, 51)
    assert "n° 2" in (await staff_says(desk, "/leads"))[0]["text"], "number 1 is not reused"


async def test_a_list_quoting_two_people_counts_once_deleted(desk: Harness) -> None:
    """A staff list quoting two people is deleted at the first one's erasure; the second
    one's notice counts it as gone, not as a message the bot could not delete (the fake
    Telegram answers « message to delete not found » to a second deletion, as Telegram does)."""
    await run_to_verdict(desk, 50)
    await run_to_verdict(desk, 51)
    [listed] = await staff_says(desk, "/leads")  # one message quoting both people
    assert "n° 1" in listed["text"] and "n° 2" in listed["text"]
    conn = sqlite3.connect(desk.db)
    [shared] = conn.execute(
        "select chat_id, message_id from staff_copies group by chat_id, message_id "
        "having count(distinct lead_number) = 2"
    ).fetchall()
    conn.close()
    notices = []
    for person in (50, 51):
        await desk.text(person, "/effacer")
        await desk.tap(person, "Oui, tout effacer")
        notices.append(desk.fake.sent(LITTORAL_OFFICER)[-1]["text"])
    assert shared in desk.fake.deleted
    first, second = notices
    assert "1 message du bot sur 1 qui la citaient" in first
    assert "ne permet pas" not in second, "already deleted is not a failure"
    deletes = [p for m, p in desk.fake.calls if m == "deleteMessage"]
    assert [(int(p["chat_id"]), int(p["message_id"])) for p in deletes].count(shared) == 1


async def test_an_erasure_without_a_lead_tells_nobody(desk: Harness) -> None:
    await desk.text(60, "/start")
    await desk.tap(60, "accepte")
    await desk.text(60, "/effacer")
    await desk.tap(60, "Oui, tout effacer")
    assert "0 demande," in desk.replies(60)[-1]
    assert not desk.fake.sent(ARTOIS_OFFICER)


def test_scrub_is_verified_and_retried_when_a_reader_holds_old_pages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "db.sqlite3"
    store = Store(path)
    add_lead(store, 1, said="Zanzibar-sur-Liane-7731")
    reader = sqlite3.connect(path)
    reader.execute("begin")
    reader.execute("select count(*) from messages").fetchone()  # holds a snapshot
    store.db.conn.execute("PRAGMA busy_timeout = 50")
    store.erase_person(1, 1)
    assert store.scrub_pending, "the erasure itself leaves the merge to the scrub"
    with caplog.at_level(logging.WARNING, logger="storage.store"):
        assert not store.scrub()
    assert store.scrub_pending
    assert "scrub incomplete" in caplog.text and "Zanzibar" not in caplog.text
    assert not store.scrub(), "still blocked while the reader stays"
    reader.execute("rollback")
    reader.close()
    assert store.scrub() and not store.scrub_pending
    assert Path(f"{path}-wal").stat().st_size == 0
    assert b"Zanzibar" not in path.read_bytes()
    store.close()


@pytest.mark.parametrize("in_place", [False, True], ids=["stepwise merge", "secure-delete"])
def test_the_scrub_leaves_no_erased_word_while_others_keep_writing(
    tmp_path: Path, in_place: bool
) -> None:
    """The fallback (an SQLite < 3.42, or FTS5's secure-delete off): the merge in small steps
    on its own connection (as the bot runs it), with other chats' turns written between the
    steps. Deleting in place: no merge, the WAL's truncation only. Either way the erased
    person's words are in neither file after, and the others' are still found."""
    if in_place and not SECURE_DELETE:
        pytest.skip(f"{LIBRARY}: no FTS5 secure-delete (pysqlite3-binary not installed)")
    path = tmp_path / "db.sqlite3"
    store = Store(path, secure_delete=in_place)
    for number in range(1, 41):  # one transaction each: many index segments, as in real life
        add_lead(store, number, said=" ".join(f"jardin{number}x{i}" for i in range(200)))
    add_lead(store, 41, said="Zanzibar-sur-Liane-7731 Kerguelen")
    for number in range(42, 61):
        add_lead(store, number, said=f"atelier cuisine {number}")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Kerguelen" in path.read_bytes(), "the word is in the file before"
    store.erase_person(41, 41)
    scrub = Scrub.open(str(path), pages=2)
    steps, number = 0, 100
    while not scrub.step():
        steps += 1
        number += 1
        add_lead(store, number, said=f"ressourcerie {number}")  # the chats go on meanwhile
    scrub.close()
    if in_place:
        assert steps == 0, "nothing to merge: the index deleted the words in place"
    else:
        assert steps > 5, "the merge went in several small steps"
    files = path.read_bytes() + Path(f"{path}-wal").read_bytes()
    assert b"Kerguelen" not in files and b"Zanzibar" not in files
    assert store.db.execute(
        "select count(*) from messages_fts where messages_fts match 'ressourcerie'"
    ).fetchone() == (number - 100,), "the index still finds the others' words"
    store.close()


async def test_the_bot_retries_a_blocked_scrub(desk: Harness) -> None:
    import asyncio

    await run_to_verdict(desk, 50)
    desk.app.bot_data.staff.scrub_retries = (0.01, 0.01)
    reader = sqlite3.connect(desk.db)
    reader.execute("begin")
    reader.execute("select count(*) from messages").fetchone()
    store = desk.app.bot_data.service.store
    await desk.app.bot_data.service.db(store.db.conn.execute, "PRAGMA busy_timeout = 50")
    await desk.text(50, "/effacer")
    await desk.tap(50, "Oui, tout effacer")
    assert store.scrub_pending
    reader.execute("rollback")
    reader.close()
    task = desk.app.bot_data.staff._scrubbing
    assert task is not None
    await asyncio.wait_for(task, 5)
    assert not store.scrub_pending


# ---------------------------------------------------------------------- /console
async def test_console_command_sends_a_one_time_link_that_logs_in(desk: Harness) -> None:
    said = await staff_says(desk, "/console")
    assert len(said) == 1
    text = said[0]["text"]
    assert "10 minutes" in text and f"{CONSOLE}/login/" in text
    preview = said[0]["link_preview_options"]
    assert (json.loads(preview) if isinstance(preview, str) else preview) == {"is_disabled": True}
    token = text.split(f"{CONSOLE}/login/")[1].split('"')[0]
    store = desk.app.bot_data.service.store
    settings = desk.app.bot_data.settings
    client = TestClient(build_console(store, settings), base_url=CONSOLE, follow_redirects=False)
    assert client.post(f"/login/{token}").headers["location"] == "/leads"
    assert client.get("/leads").status_code == 200
    again = TestClient(build_console(store, settings), base_url=CONSOLE, follow_redirects=False)
    assert again.post(f"/login/{token}").headers["location"] == "/login?why=used"


async def test_console_command_is_unknown_to_others_and_says_when_unconfigured(
    tmp_path: Path,
) -> None:
    h = Harness(tmp_path / "bot.sqlite3", staff_user_ids=STAFF)
    await h.start()
    try:
        await h.text(60, "/start")
        await h.tap(60, "accepte")
        await h.text(60, "/nimportequoi")
        unknown = h.replies(60)[-1]
        await h.text(60, "/console")
        assert h.replies(60)[-1] == unknown and "login" not in h.replies(60)[-1]
        said = await staff_says(h, "/console")
        assert said[0]["text"] == "La console web n'est pas configurée."
        assert h.app.bot_data.settings == Settings(
            token=h.app.bot_data.settings.token,
            database_path=str(h.db),
            staff_user_ids=STAFF,
        )
    finally:
        await h.stop()


async def test_the_bot_process_serves_the_console_on_its_port(tmp_path: Path) -> None:
    import socket

    import httpx

    from bot.console.serve import attach_console
    from bot.telegram_app import build_application
    from tests.fake_telegram import TOKEN, RecordingRequest

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    h = Harness(tmp_path / "bot.sqlite3")
    settings = Settings(
        token=TOKEN,
        database_path=str(h.db),
        staff_user_ids=STAFF,
        console_url=base,
        listen="127.0.0.1",
        console_port=port,
    )
    h.app = build_application(settings, request=RecordingRequest(h.fake))
    attach_console(h.app, settings)
    await h.app.initialize()
    await h.app.post_init(h.app)
    try:
        await run_to_verdict(h, 50)
        said = await staff_says(h, "/console")
        token = said[0]["text"].split(f"{base}/login/")[1].split('"')[0]
        async with httpx.AsyncClient(base_url=base) as web:
            assert (await web.get("/leads")).headers["location"] == "/login?why=session"
            logged = await web.post(f"/login/{token}")
            assert logged.status_code == 303
            page = await web.get("/leads")
            assert page.status_code == 200 and "Liévin" in page.text
            # an erasure from the console goes through the bot: staff are told in Telegram
            form = (await web.get("/leads/1/erase")).text
            csrf = form.split('name="csrf" value="')[1].split('"')[0]
            erased = await web.post("/leads/1/erase", data={"csrf": csrf})
            assert erased.status_code == 200 and "effacée" in erased.text
        for _ in range(100):
            told = [p for m, p in h.fake.calls if "Effacement" in str(p.get("text", ""))]
            if told:
                break
            await asyncio.sleep(0.05)
        assert told and "n° 1" in str(told[0]["text"]), "staff told of the erasure"
        service = h.app.bot_data.service
        left = await service.db(
            lambda: service.store.db.execute(
                "select count(*) from messages where chat_id = 50"
            ).fetchone()[0]
        )
        assert left == 0
    finally:
        await h.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/login", timeout=2)


async def test_a_message_gone_already_counts_as_deleted() -> None:
    """Telegram's answers to a deletion, read as the erasure notice counts them: deleted, or
    gone already (another erasure deleted it) is gone; too old or blocked is not."""
    from telegram.error import BadRequest, Forbidden

    from bot.privacy import delete_quoted

    class Bot:
        def __init__(self, answer: BaseException | bool) -> None:
            self.answer = answer

        async def delete_message(self, chat: int, message: int) -> bool:
            if isinstance(self.answer, BaseException):
                raise self.answer
            return self.answer

    assert await delete_quoted(Bot(True), 1, 2)
    assert await delete_quoted(Bot(BadRequest("Message to delete not found")), 1, 2)
    assert not await delete_quoted(Bot(BadRequest("Message can't be deleted for everyone")), 1, 2)
    assert not await delete_quoted(Bot(Forbidden("Forbidden: bot was blocked by the user")), 1, 2)
