"""The granted subsidies as open data (SCDL « subventions » 2.1.1): decisions recorded through
the console over HTTP, the file downloaded from the console and written by the command line,
then validated against the vendored schema by frictionless, the reference Table Schema
validator; and broken rows fed to the same validation to see them rejected."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from frictionless import Checklist, Resource, Schema, checks
from starlette.testclient import TestClient

from bot.desk import main as desk_cli
from dialogs.model import State
from dialogs.open_data import FIELDS, OBJECT_LIMIT, SCHEMA, SCHEMA_PATH
from dialogs.sheet import snapshot
from storage import Store
from tests.console_fixtures import add_lead
from tests.test_console import Clock, audit, client, clock, csrf_of, login, store

__all__ = ["client", "clock", "store"]  # pytest fixtures, imported

# The schema's own example SIRETs (valid keys), standing for the Region's and a structure's.
REGION_SIRET = next(f["example"] for f in SCHEMA["fields"] if f["name"] == "idAttribuant")
STRUCTURE_SIRET = next(f["example"] for f in SCHEMA["fields"] if f["name"] == "idBeneficiaire")
# A grant with everything its publication needs (each test changes what it looks at).
GRANT = {
    "decision": "granted",
    "granted": "3000",
    "decided_on": "2015-03-12",
    "convention_on": "2015-04-09",
    "payment": "unique",
    "paid_from": "2015-05-04",
}
LONG_TITLE = "Un jardin partagé au pied des immeubles, " * 10  # over 256 characters


def validate(text: str) -> list[tuple[Any, str, str]]:
    """frictionless' errors on a CSV text, against the vendored schema: the Table Schema's
    types and constraints, plus the schema's « one-of-required » custom check (a SIRET or an
    RNA number on each row) as frictionless' own row constraint."""
    resource = Resource(
        data=text.encode("utf-8"),
        format="csv",
        encoding="utf-8",
        schema=Schema.from_descriptor(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))),
    )
    one_of = checks.row_constraint(formula="idBeneficiaire or rnaBeneficiaire")
    report = resource.validate(Checklist(checks=[one_of]))
    return [tuple(e) for e in report.flatten(["rowNumber", "fieldName", "type"])]


def give_sheet(store: Store, number: int, **identity: str) -> None:
    """The fiche synthétique's answers kept with a lead, in the dialog's snapshot format."""
    state = State(step="verdict", answers={"sheet": identity})
    store.db.execute(
        "update leads set sheet = ? where number = ?",
        [json.dumps(snapshot(state, dt.date(2014, 11, 20))), number],
    )


def decide(client: TestClient, number: int, **form: str) -> None:
    """The jury's decision posted from the lead page's form, with its CSRF token."""
    token = csrf_of(client.get(f"/leads/{number}").text)
    done = client.post(f"/leads/{number}/decision", data={**form, "csrf": token})
    assert done.headers["location"] == f"/leads/{number}?done=decision"


def seed(client: TestClient, store: Store) -> None:
    """Four leads: two granted with everything the file needs (a SIRET, an RNA number), one
    granted with no fiche synthétique (no structure, no number), one refused."""
    for chat in (1, 2, 3, 4):
        add_lead(store, chat)
    give_sheet(
        store,
        1,
        structure="Association Les Jardins de Liévin",
        title="Jardin partagé",
        registration="380 475 558 00058",
    )
    give_sheet(
        store, 2, structure="=Collectif, « Quartier »", title=LONG_TITLE, registration="W623001234"
    )
    grant = {**GRANT, "granted": "12 000,50", "convention_on": "2015-04-02"}
    decide(client, 1, **grant, decision_ref="CP 2015-03-103")
    decide(client, 2, **{**GRANT, "payment": "échelonné", "paid_until": "2016-05-04"})
    decide(client, 3, **GRANT)
    decide(client, 4, decision="refused", decided_on="2015-03-12")


def test_the_granted_subsidies_file_follows_the_schema(
    client: TestClient, store: Store, clock: Clock
) -> None:
    login(client, store, clock)
    seed(client, store)
    page = client.get("/leads").text
    assert "2 subventions accordées prêtes à publier" in page
    assert "n° 3</a> : nom de la structure bénéficiaire (fiche synthétique), SIRET ou RNA" in page
    assert 'action="/subventions.csv"' in page and "version 2.1.1" in page

    # The Region's SIRET and the European notification are in no document: asked, not guessed.
    refused = client.get("/subventions.csv")
    assert refused.status_code == 400 and "SIRET de l" in refused.text
    assert "Commission européenne" in refused.text
    bad_key = client.get(
        "/subventions.csv", params={"siret": REGION_SIRET[:-1] + "1", "ue": "non"}
    )
    assert bad_key.status_code == 400, "a SIRET whose key fails is refused"

    response = client.get("/subventions.csv", params={"siret": REGION_SIRET, "ue": "non"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="subventions-')
    assert not response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 without BOM"
    text = response.content.decode("utf-8")
    assert validate(text) == [], "valid against SCDL subventions 2.1.1"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == FIELDS
    assert [r["nomBeneficiaire"] for r in rows] == [
        "Association Les Jardins de Liévin",
        "'=Collectif, « Quartier »",  # a formula neutralised, the comma quoted
    ]
    first, second = rows
    assert first["nomAttribuant"] == "Région Nord-Pas de Calais"  # from the call's data
    assert (first["idAttribuant"], first["idBeneficiaire"], first["rnaBeneficiaire"]) == (
        REGION_SIRET,
        STRUCTURE_SIRET,
        "",
    )
    assert (first["montant"], first["dateConvention"], first["referenceDecision"]) == (
        "12000.50",
        "2015-04-02",
        "CP 2015-03-103",
    )
    assert (first["conditionsVersement"], first["datesPeriodeVersement"]) == (
        "unique",
        "2015-05-04",
    )
    assert (first["nature"], first["notificationUE"], first["pourcentageSubvention"]) == (
        "aide en numéraire",
        "non",
        "1.00",
    )
    assert (second["idBeneficiaire"], second["rnaBeneficiaire"]) == ("", "W623001234")
    assert second["datesPeriodeVersement"] == "2015-05-04/2016-05-04"
    assert len(second["objet"]) <= OBJECT_LIMIT and second["objet"].endswith("…")
    assert "Zoé" not in text, "a person's own name is never published"
    assert ("console:open-data", None) in [(a["action"], a["lead"]) for a in audit(store)]


def test_broken_rows_are_rejected_by_the_validation(
    client: TestClient, store: Store, clock: Clock
) -> None:
    """The validation can fail: the same file with a French decimal comma, a French date, an
    unknown payment period, no SIRET nor RNA, a missing beneficiary, is rejected cell by cell."""
    login(client, store, clock)
    seed(client, store)
    text = client.get("/subventions.csv", params={"siret": REGION_SIRET, "ue": "oui"}).text
    assert validate(text) == []
    rows = list(csv.DictReader(io.StringIO(text)))
    broken = [
        {**rows[0], "montant": "12000,50"},
        {**rows[0], "dateConvention": "02/04/2015"},
        {**rows[0], "datesPeriodeVersement": "2015-05-04_2016-05-04"},
        {**rows[1], "rnaBeneficiaire": ""},
        {**rows[0], "nomBeneficiaire": ""},
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(broken)
    errors = validate(buffer.getvalue())
    assert (2, "montant", "type-error") in errors
    assert (3, "dateConvention", "type-error") in errors
    assert (4, "datesPeriodeVersement", "constraint-error") in errors
    assert (5, None, "row-constraint") in errors
    assert (6, "nomBeneficiaire", "constraint-error") in errors


def test_staff_only_and_decisions_cleared(client: TestClient, store: Store, clock: Clock) -> None:
    add_lead(store, 1)
    stranger = client.get("/subventions.csv", follow_redirects=False)
    assert stranger.status_code == 303 and "/login" in stranger.headers["location"]
    login(client, store, clock)
    give_sheet(store, 1, structure="Association", title="Jardin", registration="W623001234")
    decide(client, 1, **GRANT)
    params = {"siret": REGION_SIRET, "ue": "non"}
    assert len(client.get("/subventions.csv", params=params).text.splitlines()) == 2
    decide(client, 1, decision="refused", decided_on="2015-06-01")
    lead = store.db.execute("select convention_on, payment, paid_from from leads").fetchone()
    assert lead == (None, None, None), "a refusal clears what only a grant publishes"
    assert client.get("/subventions.csv", params=params).text.splitlines() == [",".join(FIELDS)]


def test_the_command_line_writes_the_same_file(
    client: TestClient,
    store: Store,
    clock: Clock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    login(client, store, clock)
    seed(client, store)
    database = store.db.execute("pragma database_list").fetchone()[2]
    output = tmp_path / "subventions.csv"
    assert desk_cli(["--db", database, "subventions", "--output", str(output)]) == 2
    assert "SIRET" in capsys.readouterr().err
    args = ["--db", database, "subventions", "--siret", REGION_SIRET, "--ue", "non"]
    assert desk_cli([*args, "--output", str(output)]) == 0
    said = capsys.readouterr().err
    assert "n° 3 non publiée, il manque : nom de la structure bénéficiaire" in said
    assert "2 subventions" in said
    written = output.read_bytes()
    assert validate(written.decode("utf-8")) == []
    web = client.get("/subventions.csv", params={"siret": REGION_SIRET, "ue": "non"}).content
    assert written == web


def test_a_payment_period_must_run_forward(client: TestClient, store: Store, clock: Clock) -> None:
    add_lead(store, 1)
    login(client, store, clock)
    token = csrf_of(client.get("/leads/1").text)
    for until in ("2015-05-04", "2015-05-01"):
        form = {**GRANT, "paid_until": until, "csrf": token}
        done = client.post("/leads/1/decision", data=form)
        assert done.status_code == 400 and "période de versement" in done.text
        assert f'name="paid_until" value="{until}"' in done.text, "the form as typed"
    assert store.db.execute("select decision from leads").fetchone() == (None,)


def test_the_object_stays_within_256_characters_even_neutralised() -> None:
    from dialogs.open_data import Attributor, scdl_rows

    who = Attributor("Région", REGION_SIRET, "non", "aide en numéraire", "")
    sheet = {"answers": {"sheet": {"structure": "A", "registration": "W623001234"}}}
    lead = {"number": 1, "granted": "1.00", "convention_on": "2015-01-01", "payment": "unique"}
    lead |= {"paid_from": "2015-01-02", "sheet": json.dumps(sheet)}
    for title in ("=" + "x" * 255, "-" + "mot " * 80):
        sheet["answers"]["sheet"]["title"] = title
        [row] = scdl_rows([{**lead, "sheet": json.dumps(sheet)}], who).rows
        assert len(row["objet"]) <= OBJECT_LIMIT and row["objet"].startswith("'")
    sheet["answers"]["sheet"]["registration"] = STRUCTURE_SIRET[:-1] + "9"  # its key fails
    rows = scdl_rows([{**lead, "sheet": json.dumps(sheet)}], who)
    assert rows.rows == [] and rows.left_out == [(1, ["identifiant"])]
