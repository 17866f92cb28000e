"""The staff console through Starlette's TestClient: login by one-time link, sessions, CSRF,
escaping, filters, export, statistics, erased leads and the audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from bot.console import build_console
from bot.console.auth import COOKIE
from bot.settings import Settings
from dialogs.fields import export_columns
from knowledge import Knowledge
from storage import Store
from storage.console import ConsoleAuth
from storage.staff import Desk
from tests.console_fixtures import add_lead, set_created

STAFF, OTHER_STAFF, STRANGER = 901, 902, 555
BASE = "https://console.example.org"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2014, 11, 27, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "console.sqlite3")
    yield s
    s.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def settings(staff: frozenset[int] = frozenset({STAFF, OTHER_STAFF})) -> Settings:
    return Settings(staff_user_ids=staff, console_url=BASE, console_secret="s3cret-for-tests-only")


def client_for(store: Store, clock: Clock, staff: frozenset[int] | None = None) -> TestClient:
    app = build_console(store, settings(staff) if staff is not None else settings(), clock)
    return TestClient(app, base_url=BASE, follow_redirects=False)


@pytest.fixture
def client(store: Store, clock: Clock) -> TestClient:
    return client_for(store, clock)


def login(client: TestClient, store: Store, clock: Clock, user: int = STAFF) -> None:
    token = ConsoleAuth(store).issue_token(user, clock())
    response = client.post(f"/login/{token}")
    assert response.status_code == 303 and response.headers["location"] == "/leads"


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, "the page carries a CSRF token"
    return match.group(1)


def audit(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("select actor, action, detail, user_id, lead from audit"))


# ---------------------------------------------------------------------- login
def test_a_one_time_link_logs_staff_in_with_a_safe_cookie(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    token = ConsoleAuth(store).issue_token(STAFF, clock())
    shown = client.get(f"/login/{token}")
    assert shown.status_code == 200 and "Se connecter" in shown.text
    assert "set-cookie" not in shown.headers, "showing the link does not spend it"
    response = client.post(f"/login/{token}")
    assert response.status_code == 303 and response.headers["location"] == "/leads"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie
    assert "Max-Age=28800" in cookie
    page = client.get("/leads")
    assert page.status_code == 200 and "Liévin" in page.text and "n° 1" in page.text
    stored = store.db.execute("select token_hash from console_tokens").fetchone()[0]
    assert token not in stored and len(stored) == 64, "only the token's hash is stored"
    actions = [(a["actor"], a["action"]) for a in audit(store)]
    assert ("staff:901", "console:login") in actions and ("staff:901", "console:leads") in actions


@pytest.mark.parametrize(
    ("case", "why"),
    [
        pytest.param("forged", "unknown", id="forged"),
        pytest.param("expired", "expired", id="expired"),
        pytest.param("reused", "used", id="reused"),
        pytest.param("not-staff", "staff", id="not-staff"),
    ],
)
def test_bad_links_are_refused_with_a_page_saying_how_to_log_in(
    client: TestClient, store: Store, clock: Clock, case: str, why: str
) -> None:
    auth = ConsoleAuth(store)
    if case == "forged":
        token = "x" * 43
    elif case == "expired":
        token = auth.issue_token(STAFF, clock())
        clock.now += dt.timedelta(minutes=10, seconds=1)
    elif case == "reused":
        token = auth.issue_token(STAFF, clock())
        assert client.post(f"/login/{token}").status_code == 303
        client.cookies.clear()
    else:
        token = auth.issue_token(STRANGER, clock())
    response = client.post(f"/login/{token}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?why={why}"
    assert "set-cookie" not in response.headers
    page = client.get(response.headers["location"])
    assert page.status_code == 401 and "/console" in page.text and "10 minutes" in page.text
    assert client.get("/leads").headers["location"] == "/login?why=session"
    assert ("console", "console:refused", why) in [
        (a["actor"], a["action"], a["detail"]) for a in audit(store)
    ]


def test_no_cookie_or_a_forged_cookie_is_sent_to_the_login_page(
    client: TestClient, store: Store, clock: Clock
) -> None:
    for path in ("/leads", "/leads/1", "/stats", "/export.csv"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/login?why=session"
    login(client, store, clock)
    signed = client.cookies[COOKIE]
    client.cookies.set(COOKIE, signed[:-3] + ("aaa" if not signed.endswith("aaa") else "bbb"))
    assert client.get("/leads").status_code == 303, "a tampered signature is refused"
    other = build_console(store, Settings(staff_user_ids=frozenset({STAFF}), console_secret="k2"))
    forged = TestClient(other, base_url=BASE, follow_redirects=False)
    forged.cookies.set(COOKIE, signed)
    assert forged.get("/leads").status_code == 303, "signed with another key: refused"


def test_a_session_ends_after_eight_hours_and_on_logout(
    client: TestClient, store: Store, clock: Clock
) -> None:
    login(client, store, clock)
    clock.now += dt.timedelta(hours=7, minutes=59)
    page = client.get("/leads")
    assert page.status_code == 200
    clock.now += dt.timedelta(minutes=2)
    assert client.get("/leads").status_code == 303
    clock.now = dt.datetime(2014, 11, 28, tzinfo=dt.UTC)
    login(client, store, clock)
    page = client.get("/leads")
    out = client.post("/logout", data={"csrf": csrf_of(page.text)})
    assert out.headers["location"] == "/login?why=logout"
    assert client.get("/leads").status_code == 303


def test_removing_an_id_from_staff_ends_its_sessions(store: Store, clock: Clock) -> None:
    client = client_for(store, clock)
    login(client, store, clock, OTHER_STAFF)
    assert client.get("/leads").status_code == 200
    cookie = client.cookies[COOKIE]
    restarted = client_for(store, clock, staff=frozenset({STAFF}))  # the env changed
    restarted.cookies.set(COOKIE, cookie)
    assert restarted.get("/leads").status_code == 303
    rows = store.db.execute("select count(*) from console_sessions where user_id = ?", [902])
    assert rows.fetchone()[0] == 0, "the session row is gone, not just refused"


# ---------------------------------------------------------------------- pages
def test_what_a_person_typed_is_escaped_everywhere(
    client: TestClient, store: Store, clock: Clock
) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    add_lead(store, 1, said=attack, first_name=attack, description=attack, contact=attack)
    login(client, store, clock)
    for path in ("/leads", "/leads/1", f"/leads?q={attack}"):
        page = client.get(path)
        assert page.status_code == 200
        assert "<script>" not in page.text and "<img src=x" not in page.text, path
    lead = client.get("/leads/1").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in lead
    assert "Voici le résultat &amp; la suite" in lead, "the bot's own HTML shown as words"
    assert "content-security-policy" in client.get("/leads/1").headers


def test_lead_page_shows_transcript_verdict_and_status_buttons(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1, said="on veut un potager", contact="06 12 34 56 78")
    login(client, store, clock)
    page = client.get("/leads/1").text
    assert "on veut un potager" in page and "la personne" in page and "le bot" in page
    assert "Verdict : une règle n&#39;est pas respectée (cofinancement)" in page
    assert "cofinancement : non respecté" in page and "plancher : respecté" in page
    assert "06 12 34 56 78" in page
    assert "Passer à « contacté »" in page and "Passer à « clos »" in page
    assert ("staff:901", "console:lead", 1) in [
        (a["actor"], a["action"], a["lead"]) for a in audit(store)
    ]


def test_status_and_notes_need_the_sessions_csrf_token(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    login(client, store, clock)
    token = csrf_of(client.get("/leads/1").text)
    desk = Desk(store)
    for data in ({"status": "clos"}, {"status": "clos", "csrf": "forged"}):
        assert client.post("/leads/1/status", data=data).status_code == 403
    refused = client.post(
        "/leads/1/status",
        data={"status": "clos", "csrf": token},
        headers={"origin": "https://evil.example"},
    )
    assert refused.status_code == 403
    assert client.post("/leads/1/note", data={"note": "x"}).status_code == 403
    assert desk.lead(1)["status"] == "nouveau" and not desk.lead(1)["note"]
    done = client.post("/leads/1/status", data={"status": "contacté", "csrf": token})
    assert done.status_code == 303 and done.headers["location"] == "/leads/1?done=status"
    assert desk.lead(1)["status"] == "contacté"
    noted = client.post("/leads/1/note", data={"note": "Rappeler lundi", "csrf": token})
    assert noted.status_code == 303 and "Rappeler lundi" in desk.lead(1)["note"]
    assert "Statut enregistré" in client.get("/leads/1?done=status").text
    rows = [(a["action"], a["lead"]) for a in audit(store)]
    assert ("status", 1) in rows and ("note", 1) in rows
    assert ("console:csrf-refused", None) in rows


def test_leads_list_filters_searches_and_pages_newest_first(
    client: TestClient, store: Store, clock: Clock
) -> None:
    start = dt.datetime(2014, 10, 1, 9, tzinfo=dt.UTC)
    for n in range(1, 61):
        add_lead(
            store,
            n,
            territory="littoral" if n % 2 else "artois",
            fiche=1 + n % 4,
            said=f"projet numéro {n}",
            description="une épicerie solidaire" if n == 7 else "un jardin",
        )
        set_created(store, n, start + dt.timedelta(days=n % 30, minutes=n))
    Desk(store).set_status(3, "clos", STAFF)
    login(client, store, clock)
    first = client.get("/leads").text
    numbers = [int(n) for n in re.findall(r'href="/leads/(\d+)"', first)]
    assert len(numbers) == 50 and "Page 1 sur 2" in first
    created = {n: Desk(store).lead(n)["created_at"] for n in numbers}
    assert [created[n] for n in numbers] == sorted(created.values(), reverse=True)
    second = client.get("/leads?page=2").text
    assert len(re.findall(r'href="/leads/(\d+)"', second)) == 10

    def shown(query: str) -> set[int]:
        return {int(n) for n in re.findall(r'href="/leads/(\d+)"', client.get(query).text)}

    assert shown("/leads?territory=artois") == {n for n in range(1, 61) if n % 2 == 0}
    assert shown("/leads?fiche=2") == {n for n in range(1, 61) if 1 + n % 4 == 2}
    assert shown("/leads?status=clos") == {3}
    assert shown("/leads?q=epicerie") == {7}, "accents do not matter"
    assert shown("/leads?q=numéro 42") == {42}, "the transcript is searched too"
    assert shown("/leads?since=2014-10-30&until=2014-10-30") == {29, 59}
    assert shown("/leads?territory=nowhere&fiche=9&status=x&since=bad") == set(numbers)


def test_export_is_the_staff_export_with_formulas_neutralised(
    client: TestClient, store: Store, clock: Clock, knowledge: Knowledge
) -> None:
    add_lead(store, 1, first_name='=HYPERLINK("http://x")', contact="+33 6 12 34 56 78")
    login(client, store, clock)
    response = client.get("/export.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert (
        response.content
        == Desk(store, export_columns(knowledge), knowledge.region.time_zone).export_document()[1]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Prénom"] == '\'=HYPERLINK("http://x")'
    assert row["Coordonnées"] == "'+33 6 12 34 56 78"
    assert ("console:export", "1 demandes") in [(a["action"], a["detail"]) for a in audit(store)]


def test_stats_draw_where_people_stop_and_leads_per_week_without_javascript(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    store.record_turn(
        chat_id=77,
        user_id=77,
        update_id=1,
        first_name="Léa",
        kind="text",
        text="Arras",
        step_before="place",
        state_json="{}",
        step_after="audience",
        language="fr",
        replies=[],
        consent_now=True,
        notice_version="1",
        lead=None,
    )
    set_created(store, 1, clock.now - dt.timedelta(days=1))
    login(client, store, clock)
    page = client.get("/stats").text
    assert "<script" not in page
    stopped = re.search(
        r'<th scope="row">Public</th>\s*<td class="n"[^>]*>(\d+)</td>\s*<td class="n"[^>]*>(\d+)',
        page,
    )
    assert stopped and stopped.group(2) == "1", "answered the commune, stopped at the audience"
    assert ">place<" not in page and ">audience<" not in page, "steps in words"
    assert re.search(r'class="week"[^>]*width="100.0"', page), "this week's bar is the longest"


def test_an_erased_lead_is_gone_and_its_number_says_so(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    add_lead(store, 2, said="mon secret")
    login(client, store, clock)
    store.erase_person(2, 2)
    page = client.get("/leads/2")
    assert page.status_code == 410 and "effacée" in page.text and "exports" in page.text
    assert "mon secret" not in client.get("/leads?q=secret").text
    assert 'href="/leads/2"' not in client.get("/leads").text
    token = csrf_of(client.get("/leads/1").text)
    gone = client.post("/leads/2/status", data={"status": "clos", "csrf": token})
    assert gone.status_code == 410
    add_lead(store, 3)
    desk = Desk(store)
    assert desk.lead(2) is None and desk.lead(3)["chat_id"] == 3, "number 2 is never reused"
    assert client.get("/leads/99").status_code == 404


def test_pages_are_in_english_through_the_catalog(
    client: TestClient, store: Store, clock: Clock
) -> None:
    add_lead(store, 1)
    login(client, store, clock)
    page = client.get("/leads?lang=en")
    assert "Requests" in page.text and "Filter" in page.text and "Demandes" not in page.text
    assert "Add a note" in client.get("/leads/1").text, "the choice is remembered"
    assert "Où les personnes" not in client.get("/stats").text


def test_template_strings_are_all_translated() -> None:
    from babel.messages.extract import extract_from_dir

    from tests.test_i18n import _catalog

    root = Path(__file__).resolve().parent.parent / "bot" / "console" / "templates"
    ids = {
        message
        for _f, _l, message, _c, _x in extract_from_dir(
            root, method_map=[("**.html", "jinja2")], keywords={"_": None}
        )
    }
    assert len(ids) > 40
    english = {m.id: m.string for m in _catalog("en") if m.id}
    missing = sorted(i for i in ids if not english.get(i))
    assert not missing, missing[:5]
