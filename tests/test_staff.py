"""Staff commands through the real Application: allow-list, leads, transcript, search, export,
statistics, notifications, and the retention purge."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dialogs.fields import export_columns
from dialogs.staff_views import VERDICT_LABELS
from knowledge import load_knowledge
from storage import Store
from storage.staff import Desk, LeadFilter, fts_query, parse_filter
from storage.staff import export_columns as desk_columns
from tests.test_bot_app import Harness, run_to_verdict

PARIS = "Europe/Paris"  # the call's region.time_zone: the export's times and headers
ARTOIS_OFFICER, LITTORAL_OFFICER, GUP_OFFICER = 901, 902, 903
STAFF = frozenset({ARTOIS_OFFICER, LITTORAL_OFFICER, GUP_OFFICER})
ROUTES = {
    ARTOIS_OFFICER: frozenset({"artois"}),
    LITTORAL_OFFICER: frozenset({"littoral"}),
    GUP_OFFICER: frozenset({"fiche3"}),
}


@pytest.fixture
async def desk(tmp_path: Path) -> AsyncIterator[Harness]:
    h = Harness(tmp_path / "bot.sqlite3", staff_user_ids=STAFF, staff_routes=ROUTES)
    await h.start()
    yield h
    await h.stop()


async def staff_says(h: Harness, text: str, user: int = ARTOIS_OFFICER) -> list[str]:
    before = len(h.fake.sent(user))
    await h.push(h.fake.text_update(user, text))
    return [str(p["text"]) for p in h.fake.sent(user)[before:]]


async def ask_contact(h: Harness, chat: int, phone: str = "06 12 34 56 78") -> None:
    await h.tap(chat, "recontacté")
    await h.text(chat, phone)


@pytest.mark.parametrize("command", ["/leads", "/lead 1", "/search jardin", "/export", "/stats"])
async def test_staff_commands_answer_others_like_an_unknown_command(
    desk: Harness, command: str
) -> None:
    await run_to_verdict(desk, 50)
    await desk.text(60, "/start")
    await desk.tap(60, "accepte")
    before = len(desk.replies(60))
    await desk.text(60, "/nimportequoi")
    unknown = desk.replies(60)[before:]  # everything an unknown command gets
    await desk.text(60, command)
    assert unknown and desk.replies(60)[before + len(unknown) :] == unknown
    said = "\n".join(desk.replies(60))
    assert "Liévin" not in said and "jardin" not in said
    assert not desk.fake.documents(60)


async def test_staff_commands_are_refused_outside_a_private_chat(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    group = -1001
    await desk.push(
        desk.fake.text_update(group, "/leads", user_id=ARTOIS_OFFICER, chat_type="group")
    )
    said = "\n".join(str(p["text"]) for p in desk.fake.sent(group))
    assert "Liévin" not in said and "n° 1" not in said


async def test_leads_lead_status_and_note_for_staff(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    listing = await staff_says(desk, "/leads")
    assert "n° 1" in listing[0] and "Liévin" in listing[0] and "CA de Lens - Liévin" in listing[0]
    assert "User50" in listing[0] and "20\u202f000" in listing[0] and "nouveau" in listing[0]

    shown = await staff_says(desk, "/lead 1")
    transcript, card = "\n".join(shown[:-1]), shown[-1]
    assert "← un jardin partagé au pied des immeubles" in transcript
    assert "→ " in transcript
    # The bot's messages read as the person read them: words, not their HTML escaped
    assert "→ Résultat : fiche 4 — Gestion Urbaine de Proximité" in transcript
    assert "&lt;b&gt;" not in transcript and "&amp;#x27;" not in transcript
    assert "Demande n° 1 — nouveau" in card and "Fiche 4" in card

    await desk.tap(ARTOIS_OFFICER, "Contacté")
    await desk.tap(ARTOIS_OFFICER, "Ajouter une note")
    await desk.text(ARTOIS_OFFICER, "Rappelé le 3/12, dossier en cours")
    conn = sqlite3.connect(desk.db)
    status, note = conn.execute("select status, note from leads where number = 1").fetchone()
    assert status == "contacté" and "Rappelé le 3/12" in note
    assert note.startswith("[2014-11-27]")  # dated by the bot's clock, not the machine's
    actions = [a for (a,) in conn.execute("select action from audit where actor like 'staff:%'")]
    assert {"leads", "lead", "button:s", "note"} <= set(actions)
    # the note is not a dialog answer: the officer's own chat holds no conversation
    assert conn.execute(
        "select count(*) from messages where chat_id = ?", [ARTOIS_OFFICER]
    ).fetchone() == (0,)
    assert "contacté" in (await staff_says(desk, "/leads contacté"))[0]
    assert (await staff_says(desk, "/leads clos")) == ["Aucune demande."]


async def test_leads_are_paginated_with_buttons(desk: Harness) -> None:
    for chat in range(70, 77):
        await run_to_verdict(desk, chat, place="Lens")
    first = await staff_says(desk, "/leads artois")
    assert "Demandes 1–5 sur 7" in first[0] and "n° 7" in first[0] and "n° 2" not in first[0]
    await desk.tap(ARTOIS_OFFICER, "Plus anciennes")
    second = desk.replies(ARTOIS_OFFICER)[-1]
    assert "Demandes 6–7 sur 7" in second and "n° 1" in second and "n° 2" in second
    assert (await staff_says(desk, "/leads littoral")) == ["Aucune demande."]


async def test_search_finds_words_from_transcripts_and_cards(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await ask_contact(desk, 50, "06.12.34.56.78")
    await run_to_verdict(desk, 51, place="Calais")
    assert "n° 1" in (await staff_says(desk, "/search jardin"))[0]
    liévin = (await staff_says(desk, "/search lievin"))[0]
    assert "n° 1" in liévin and "n° 2" not in liévin
    assert "n° 1" in (await staff_says(desk, "/search 0612345678"))[0]
    (nothing,) = await staff_says(desk, '/search "piscine" OR')
    assert "« piscine », « OR »" in nothing and "ne les contient tous" in nothing
    (plain,) = await staff_says(desk, "/search piscine")
    assert plain == "Aucune demande ni conversation ne contient tous ces mots : « piscine »."


async def test_export_round_trips_through_csv(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await ask_contact(desk, 50)
    await staff_says(desk, "/export")
    document = desk.fake.documents(ARTOIS_OFFICER)[-1]
    raw: bytes = document["files"]["document"]
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        header for header, _, _ in desk_columns(export_columns(load_knowledge()), PARIS)
    ]
    record = dict(zip(rows[0], rows[1], strict=True))
    assert Decimal(record["Montant demandé (€)"].replace(",", ".")) == Decimal(20000)
    assert Decimal(record["Coût total (€)"]) == Decimal(40000)
    assert record["Commune"] == "Liévin" and record["Fiche"] == "4"
    assert record["Souhaite être recontacté·e"] == "oui"
    # The verdict in the console's words, never « Éligible » (the juries decide)
    stored = desk.app.bot_data.service.store.db.execute("select verdict from leads").fetchone()
    assert record["Verdict"] == VERDICT_LABELS[stored[0]] and "Éligible" not in rows[0]
    assert dt.datetime.strptime(record["Créée le (heure de Paris)"], "%d/%m/%Y %H:%M").year >= 2026
    await staff_says(desk, "/export depuis 2999-01-01")
    later = desk.fake.documents(ARTOIS_OFFICER)[-1]["files"]["document"].decode("utf-8-sig")
    assert len(later.strip().splitlines()) == 1
    assert "AAAA-MM-JJ" in (await staff_says(desk, "/export depuis hier"))[0]


async def test_stats_count_conversations_and_verdicts(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await run_to_verdict(desk, 51, place="Calais")
    await desk.text(52, "/start")
    await desk.tap(52, "accepte")
    text = (await staff_says(desk, "/stats"))[0]
    assert text.count("Conversations commencées : 3") == 3
    assert "Verdicts rendus : 2 (dont 0 demande de contact)" in text  # French: 0 is singular
    assert "Littoral 1" in text and "Artois et Bassin Minier du Pas de Calais 1" in text
    assert "fiche 4 2" in text
    # Outcomes reach staff in words only: every key Desk.stats counts has its label
    stats = Desk(desk.app.bot_data.service.store).stats(desk.now)
    assert stats["all"]["by_outcome"] and set(stats["all"]["by_outcome"]) <= set(VERDICT_LABELS)
    line = next(row for row in text.splitlines() if row.startswith("Par résultat"))
    assert all(key not in line for key in VERDICT_LABELS), line


@pytest.fixture
async def desk_2026(tmp_path: Path) -> AsyncIterator[Harness]:
    """The desk on a day of 2026: the 2014 call's deadlines are long past."""
    h = Harness(
        tmp_path / "bot.sqlite3",
        today=dt.date(2026, 12, 7),
        staff_user_ids=STAFF,
        staff_routes=ROUTES,
    )
    await h.start()
    yield h
    await h.stop()


async def test_stats_count_the_verdict_deadlines_aside_and_the_closed_call_apart(
    desk_2026: Harness,
) -> None:
    """In 2026 the 2014 call is closed for every lead: the outcome /stats, the desk's CLI and
    the console count is the work queue's verdict (deadlines aside), in its words, and
    « appel clos » is a count of its own beside it, not the outcome."""
    from starlette.testclient import TestClient

    from bot.console import build_console
    from bot.settings import Settings
    from storage.console import ConsoleAuth

    desk = desk_2026
    await run_to_verdict(desk, 50)
    await run_to_verdict(desk, 51, place="Calais")
    store = desk.app.bot_data.service.store
    rows = store.db.execute("select verdict, call_closed from leads").fetchall()
    assert len(rows) == 2 and all(closed for _, closed in rows), "the call is closed in 2026"
    verdict = rows[0][0]
    assert verdict in VERDICT_LABELS and rows[1][0] == verdict
    await desk.tap(51, "Changer une réponse")  # the second lead's request below fiche 4's floor
    await desk.tap(51, "Demande à la Région")
    await desk.text(51, "500")
    await desk.tap(51, "Voir le résultat")
    verdicts = dict(store.db.execute("select chat_id, verdict from leads").fetchall())
    assert verdicts == {50: verdict, 51: "refused"} and verdict != "refused", verdicts
    text = (await staff_says(desk, "/stats"))[0]
    words = {key: VERDICT_LABELS[key] for key in (verdict, "refused")}
    outcome = f"Par résultat (dates limites à part) : {words[verdict]} 1, {words['refused']} 1"
    if verdict > "refused":  # equal counts: by key
        outcome = f"Par résultat (dates limites à part) : {words['refused']} 1, {words[verdict]} 1"
    assert text.count(outcome) == 3, text
    assert text.count("Appel clos (dates limites passées) : 2") == 3, text
    assert "aucune règle non respectée" not in text and "résultat : appel clos" not in text
    settings = Settings(staff_user_ids=STAFF, console_secret="s" * 20)
    client = TestClient(
        build_console(store, settings, clock=lambda: desk.now), follow_redirects=False
    )
    client.post(f"/login/{ConsoleAuth(store).issue_token(ARTOIS_OFFICER, desk.now)}")
    page = client.get("/stats").text
    for key in (verdict, "refused"):
        label = VERDICT_LABELS[key].replace("'", "&#39;")
        assert re.search(
            rf'<th scope="row">{re.escape(label)}</th>'
            r'(\s*<td class="n" data-label="[^"]+">1</td>){3}',
            page,
        ), label
    assert re.search(
        r'<th scope="row">Appel clos \(dates limites passées\)</th>'
        r'(<td data-label="[^"]+">2</td>){3}',
        page,
    ), page


async def test_stats_are_read_apart_from_the_chats_sqlite_thread(
    desk: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/stats reads on a connection and thread of its own: on the chats' SQLite thread every
    turn waited behind it (issue 28)."""
    await run_to_verdict(desk, 50)
    threads: list[str] = []
    original = Desk.stats

    def spy(self: Desk, now: dt.datetime) -> dict[str, dict[str, Any]]:
        threads.append(threading.current_thread().name)
        return original(self, now)

    monkeypatch.setattr(Desk, "stats", spy)
    text = (await staff_says(desk, "/stats"))[0]
    assert "Verdicts rendus : 1" in text
    assert threads and "sqlite" not in threads


async def test_contact_request_notifies_only_the_covering_officer(desk: Harness) -> None:
    await run_to_verdict(desk, 50)  # Liévin: Artois
    assert not desk.fake.sent(ARTOIS_OFFICER)
    await ask_contact(desk, 50)
    notes = desk.fake.sent(ARTOIS_OFFICER)
    assert len(notes) == 1 and "Nouvelle demande de contact" in notes[0]["text"]
    assert "06 12 34 56 78" in notes[0]["text"]
    assert not desk.fake.sent(LITTORAL_OFFICER) and not desk.fake.sent(GUP_OFFICER)
    await desk.tap(ARTOIS_OFFICER, "Ouvrir la demande")
    assert "Demande n° 1" in desk.replies(ARTOIS_OFFICER)[-1]
    await desk.tap(50, "Changer une réponse")  # a new verdict does not notify twice
    await desk.tap(50, "Voir le résultat")
    assert len(desk.fake.sent(ARTOIS_OFFICER)) == len(desk.replies(ARTOIS_OFFICER))
    notified = [p for p in desk.fake.sent(ARTOIS_OFFICER) if "Nouvelle demande" in p["text"]]
    assert len(notified) == 1


async def test_forged_staff_button_from_a_stranger_reveals_nothing(desk: Harness) -> None:
    await run_to_verdict(desk, 50)
    await desk.push(desk.fake.button_update(66, "staff|o|1"))
    said = "\n".join(desk.replies(66))
    assert "Liévin" not in said and "Demande n° 1" not in said and said


FICHES = (1, 2, 3, 4)  # the shipped call's


def test_filters_and_search_queries() -> None:
    names = {"artois": "Artois et Bassin Minier", "littoral": "Littoral"}
    assert parse_filter("", names, FICHES) == LeadFilter()
    assert parse_filter("fiche 4 Contacté", names, FICHES) == LeadFilter(None, 4, "contacté")
    assert parse_filter("LITTORAL clos", names, FICHES) == LeadFilter("littoral", None, "clos")
    assert parse_filter("bassin", names, FICHES) == LeadFilter("artois")
    assert parse_filter("mars", names, FICHES) is None
    assert LeadFilter.decode(LeadFilter("artois", 2, "clos").encode()) == LeadFilter(
        "artois", 2, "clos"
    )
    # a one-letter prefix would expand to most of the index: single letters match exactly
    assert fts_query('a "b" OR') == '"a" "b" "OR"*'
    assert fts_query("06 12 34 56 78").startswith('"0612345678" OR "06 12 34 56 78" OR ')


def test_purge_deletes_what_is_older_than_retention(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    now = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    for chat, age in ((1, 800), (2, 10)):
        stamp = (now - dt.timedelta(days=age)).isoformat(timespec="seconds")
        store.db["users"].insert({"user_id": chat, "chat_id": chat, "created_at": stamp})
        store.db["conversations"].insert({"chat_id": chat, "user_id": chat, "updated_at": stamp})
        store.db["messages"].insert(
            {
                "chat_id": chat,
                "user_id": chat,
                "direction": "in",
                "update_id": chat,
                "position": 0,
                "text": f"Mirabelle{chat}",
                "created_at": stamp,
            }
        )
        store.db["leads"].insert(
            {
                "id": f"{chat}-0",
                "number": chat,
                "chat_id": chat,
                "user_id": chat,
                "created_at": stamp,
                "updated_at": stamp,
                "status": "nouveau",
            }
        )
    deleted = store.purge(now - dt.timedelta(days=730))
    assert deleted == 4
    for table in ("users", "conversations", "messages", "leads"):
        assert [r["chat_id"] for r in store.db[table].rows] == [2], table
    assert Desk(store).search("mirabelle1") == []
    assert [r["action"] for r in store.db["audit"].rows] == ["purge"]
    assert store.scrub_pending  # the merge is left to the scrub (the bot: in the background)
    assert store.scrub() and not store.scrub_pending
    store.close()
    assert b"mirabelle1" not in (tmp_path / "db.sqlite3").read_bytes().lower()
