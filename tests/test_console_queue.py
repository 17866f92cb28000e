"""The leads list as a work queue, through the console over HTTP (Starlette's TestClient and
the real Store): filters, sorting, waiting time, assignment, bulk changes with CSRF, the
export of exactly the filtered view, and tel:/mailto: links."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re

from starlette.testclient import TestClient

from bot.console.queue_page import contact_links
from storage import Store
from storage.staff import Desk
from tests.console_fixtures import add_lead, set_created
from tests.test_console import (
    OTHER_STAFF,
    STAFF,
    Clock,
    audit,
    client,
    clock,
    csrf_of,
    login,
    store,
)

__all__ = ["client", "clock", "store"]  # pytest fixtures, imported


def _numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'name="n" value="(\d+)"', page)]


def _seed(store: Store, clock: Clock) -> None:
    """Five leads: different communes, amounts, verdicts, ages and call-back wishes."""
    specs = [
        (1, "Liévin", None, 20000, {"floor": "ok", "cofunding": "fail"}, 40),
        (2, "Calais", "06 12 34 56 78", 5000, {"floor": "ok", "cofunding": "ok"}, 12),
        (3, "arras", "zoe@example.org", 90000, {"floor": "ok", "intercommunality": "unknown"}, 3),
        (4, "Béthune", "+33 3 21 00 00 00", 900, {"floor": "ok", "full_file_deadline": "fail"}, 1),
        (5, "Calais", None, 45000.5, {"ceiling": "warn"}, 0),
    ]
    for chat, commune, contact, amount, checks, days in specs:
        add_lead(store, chat, commune=commune, contact=contact)
        store.db.execute(
            "update leads set request = ?, checks = ? where number = ?",
            [f"{amount:.2f}", json.dumps(checks), chat],
        )
        set_created(store, chat, clock() - dt.timedelta(days=days, hours=1))


def test_filters_pick_the_leads_that_need_someone(
    client: TestClient, store: Store, clock: Clock
) -> None:
    _seed(store, clock)
    login(client, store, clock)

    def shown(query: str) -> set[int]:
        page = client.get(f"/leads?{query}")
        assert page.status_code == 200
        return set(_numbers(page.text))

    assert shown("") == {1, 2, 3, 4, 5}
    assert shown("contact=1") == {2, 3, 4}
    assert shown("verdict=refused") == {1}
    assert shown("verdict=fine") == {2, 4}, "a deadline passed is the call's, not the project's"
    assert shown("verdict=review") == {3, 5}
    assert shown("commune=calais") == {2, 5} and shown("commune=Arras") == {3}
    assert shown("epci=CA+de+Lens+-+Li%C3%A9vin") == {1, 2, 3, 4, 5}
    assert shown("epci=CA+du+Calaisis") == set()
    assert shown("waiting=10") == {1, 2}, "« nouveau » for ten days or more"
    assert shown("contact=1&waiting=10") == {2}
    assert shown("verdict=nonsense&waiting=abc&sort=drop+table") == {1, 2, 3, 4, 5}


def test_sorting_by_date_waiting_amount_and_commune(
    client: TestClient, store: Store, clock: Clock
) -> None:
    _seed(store, clock)
    login(client, store, clock)

    def order(sort: str) -> list[int]:
        return _numbers(client.get(f"/leads?sort={sort}").text)

    assert order("") == [5, 4, 3, 2, 1]
    assert order("waiting") == [1, 2, 3, 4, 5]
    assert order("amount") == [3, 5, 1, 2, 4], "as numbers, not as text"
    assert order("commune") == [3, 4, 5, 2, 1]  # arras, Béthune, Calais (newest first), Liévin
    page = client.get("/leads?sort=waiting").text
    assert "40 jours" in page and "0 jour" in page
    assert "45\u202f000,50\xa0€" in page, "amounts as staff read them"


def test_assignment_and_bulk_status_need_the_csrf_token(
    client: TestClient, store: Store, clock: Clock
) -> None:
    _seed(store, clock)
    login(client, store, clock)
    token = csrf_of(client.get("/leads").text)
    data = {"n": ["1", "3"], "action": "status:contacté"}
    assert client.post("/leads/bulk", data=data).status_code == 403
    assert client.post("/leads/bulk", data={**data, "csrf": "forged"}).status_code == 403
    assert Desk(store).lead(1)["status"] == "nouveau"
    done = client.post(
        "/leads/bulk", data={**data, "csrf": token, "back": "?contact=1&sort=waiting"}
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/leads?contact=1&sort=waiting&done=bulk2"
    assert [Desk(store).lead(n)["status"] for n in (1, 2, 3)] == [
        "contacté",
        "nouveau",
        "contacté",
    ]
    assert "2 demandes modifiées." in client.get(done.headers["location"]).text
    assert (
        client.post(
            "/leads/bulk", data={"n": ["2", "4"], "action": "assign:me", "csrf": token}
        ).status_code
        == 303
    )
    client.post("/leads/bulk", data={"n": "5", "action": f"assign:{OTHER_STAFF}", "csrf": token})
    assert set(_numbers(client.get("/leads?assigned=me").text)) == {2, 4}
    assert set(_numbers(client.get("/leads?assigned=none").text)) == {1, 3}
    refused = client.post("/leads/bulk", data={"n": "1", "action": "assign:555", "csrf": token})
    assert refused.status_code == 400, "only to someone on the staff list"
    assert (
        client.post(
            "/leads/bulk", data={"n": "1", "action": "status:perdu", "csrf": token}
        ).status_code
        == 400
    )
    rows = [(a["action"], a["lead"], a["user_id"]) for a in audit(store)]
    assert ("status", 1, STAFF) in rows and ("assign", 4, STAFF) in rows


def test_the_export_is_exactly_the_filtered_view(
    client: TestClient, store: Store, clock: Clock
) -> None:
    _seed(store, clock)
    login(client, store, clock)
    page = client.get("/leads?contact=1&sort=amount").text
    link = re.search(r'href="(/export\.csv\?[^"]+)"', page)
    assert link, "the list links to the export of what it shows"
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["3", "2", "4"], "the three call-backs, by amount"
    everything = client.get("/export.csv").content.decode("utf-8-sig")
    assert len(everything.strip().splitlines()) == 6


def test_contacts_become_tel_and_mailto_links(
    client: TestClient, store: Store, clock: Clock
) -> None:
    assert contact_links("06 12 34 56 78") == [("tel:+33612345678", "06 12 34 56 78")]
    assert contact_links("zoe@example.org ou 03.21.00.00.00") == [
        ("mailto:zoe@example.org", "zoe@example.org"),
        ("tel:+33321000000", "03.21.00.00.00"),
    ]
    assert contact_links("+33 3 21 00 00 00") == [("tel:+33321000000", "+33 3 21 00 00 00")]
    assert contact_links("le soir") == []
    _seed(store, clock)
    login(client, store, clock)
    page = client.get("/leads").text
    assert 'href="tel:+33612345678"' in page and 'href="mailto:zoe@example.org"' in page


def test_the_lead_page_records_assignment_and_the_jurys_decision(
    client: TestClient, store: Store, clock: Clock
) -> None:
    _seed(store, clock)
    login(client, store, clock)
    page = client.get("/leads/2").text
    assert "Nouvelle depuis 12 jours." in page and "Suivie par personne." in page
    assert 'href="tel:+33612345678"' in page
    assert '<label for="note">' in page and '<textarea id="note"' in page
    token = csrf_of(page)
    assigned = client.post(
        "/leads/bulk", data={"n": "2", "action": "assign:me", "back": "lead", "csrf": token}
    )
    assert assigned.headers["location"] == "/leads/2?done=bulk1"
    assert Desk(store).lead(2)["assigned_to"] == STAFF
    form = {"decision": "granted", "granted": "12 000,50", "decided_on": "2015-03-12"}
    assert client.post("/leads/2/decision", data=form).status_code == 403, "CSRF"
    done = client.post("/leads/2/decision", data={**form, "csrf": token})
    assert done.headers["location"] == "/leads/2?done=decision"
    lead = Desk(store).lead(2)
    assert (lead["decision"], lead["granted"], lead["decided_on"]) == (
        "granted",
        "12000.50",
        "2015-03-12",
    )
    missing = client.post(
        "/leads/3/decision", data={"decision": "granted", "granted": "", "csrf": token}
    )
    assert missing.status_code == 400 and "Décision non enregistrée" in missing.text
    assert Desk(store).lead(3)["decision"] is None, "nothing half-recorded"
    refused = {"decision": "refused", "granted": "5000", "decided_on": "2015-03-12"}
    client.post("/leads/3/decision", data={**refused, "csrf": token})
    assert (Desk(store).lead(3)["decision"], Desk(store).lead(3)["granted"]) == ("refused", None)
    assert ("decision", 2) in [(a["action"], a["lead"]) for a in audit(store)]


def test_the_verdict_reads_as_the_filter_says(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """List and lead page name the verdict in the verdict filter's words (never « éligible »:
    the juries decide), and the Python reading of the rules agrees with the indexed column."""
    from dialogs.staff_views import VERDICT_LABELS, verdict_of

    _seed(store, clock)
    login(client, store, clock)
    page = client.get("/leads").text
    assert "éligible" not in page and "à revoir" not in page
    for verdict, lead in (("refused", 1), ("fine", 2), ("review", 3), ("fine", 4)):
        shown = client.get(f"/leads?verdict={verdict}").text
        assert lead in _numbers(shown)
        cell = re.search(rf'name="n" value="{lead}".*?data-label="Verdict">([^<]*)<', shown, re.S)
        assert cell and html.unescape(cell.group(1)).startswith(VERDICT_LABELS[verdict]), lead
    assert "une règle n'est pas respectée (cofinancement)" in page.replace("&#39;", "'")
    lead_page = client.get("/leads/3").text
    assert "Verdict : points à vérifier" in lead_page
    for number, checks in store.db.execute("select number, checks from leads"):
        column = Desk(store).lead(number)["verdict"]
        assert verdict_of(json.loads(checks)) == column, number


def test_counting_territory_fiche_and_status_reads_no_row(store: Store, clock: Clock) -> None:
    """The filtered list's count stays on a covering index, whatever SQLite guesses without
    statistics: driven by the status index it read every « nouveau » row (4 s at 1,000,000)."""
    from storage.queue import QueueQuery

    _seed(store, clock)
    now = clock()
    for query in (
        QueueQuery(territory="artois", fiche=2, status="nouveau"),
        QueueQuery(territory="artois", status="nouveau"),
        QueueQuery(fiche=1, status="nouveau"),
    ):
        clause, params = query.where(now)
        plan = " ".join(
            str(row[3])
            for row in store.db.execute(
                f"explain query plan select count(*) from leads where {clause}", params
            )
        )
        assert "COVERING INDEX" in plan and "leads_q_status" not in plan, (query, plan)
    everyone = QueueQuery(status="nouveau").where(now)
    assert (
        store.db.execute(
            f"select count(*) from leads where {everyone[0]}", everyone[1]
        ).fetchone()[0]
        == 5
    )
