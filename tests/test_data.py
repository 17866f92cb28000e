"""The call's data files: every fact sourced, communes complete, clear errors on bad files."""

from __future__ import annotations

import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from knowledge import DataError, Knowledge, load_knowledge
from knowledge.build_communes import read_csv
from knowledge.loader import DATA_DIR, unsourced_facts


@pytest.mark.parametrize("name", ["call", "fiches", "contacts", "territories"])
def test_every_fact_has_a_source(name: str) -> None:
    documents = tomllib.loads((DATA_DIR / "call.toml").read_text("utf-8"))["documents"]
    data = tomllib.loads((DATA_DIR / f"{name}.toml").read_text("utf-8"))
    assert unsourced_facts(data, documents) == []


def test_a_fact_without_source_is_caught() -> None:
    documents = {"cadre": {}}
    data = {
        "fiches": [
            {
                "number": 1,
                "floor": [{"amount": "2000"}],
                "source": {"doc": "cadre", "section": "x"},
            }
        ],
        "orphan": {"amount": "5"},
        "bad": {"x": 1, "source": {"doc": "nope", "section": "s"}},
    }
    problems = unsourced_facts(data, documents)
    assert any(p.startswith("orphan") for p in problems)
    assert any(p.startswith("bad") and "nope" in p for p in problems)
    assert not any(p.startswith("fiches") for p in problems)  # nested: covered by its parent


def test_financial_rules_exactly_as_written(knowledge: Knowledge) -> None:
    floors = {n: f.floor[0].value for n, f in knowledge.fiches.items()}
    assert floors == {1: 2000, 2: 2000, 3: 5000, 4: 5000}
    rates = {n: [e.value for e in f.cofunding_min_rate] for n, f in knowledge.fiches.items()}
    assert rates == {1: [Decimal("0.30")], 2: [Decimal("0.30")], 3: [Decimal("0.30")], 4: []}
    ceilings = knowledge.fiches[4].ceilings
    assert ceilings["investment"][0].value == 150000
    assert ceilings["operating"][0].value == 20000
    assert len(knowledge.fiches[4].eligible_actions) == 8
    assert len(knowledge.fiches[4].eligible_actions_en) == 8
    assert str(knowledge.calendar["short_form"].deadline) == "2014-12-01"
    assert str(knowledge.calendar["full_file"].deadline) == "2015-01-23"
    assert len(knowledge.call["selection"]["criteria"]) == 5


def test_email_domain_discrepancy_recorded(knowledge: Knowledge) -> None:
    for person in knowledge.people.values():
        assert person.email.endswith("@nordpasdecalais.fr")
    assert knowledge.people["dolez"].email_as_written.endswith("@nordpasdecals.fr")
    assert (
        "nordpasdecals.fr"
        in knowledge.raw["contacts"]["discrepancies"]["email_domain"]["also_written"]
    )


def test_communes_counts_and_completeness(knowledge: Knowledge) -> None:
    current = [c for c in knowledge.communes if c.is_current]
    former = [c for c in knowledge.communes if not c.is_current]
    assert len(current) == 1534
    assert len(former) == 23
    assert len({c.epci_code for c in current}) == 36
    assert {c.department for c in current} == {"59", "62"}
    current_codes = {c.insee for c in current}
    for c in current:
        assert c.epci_code and c.epci_name and c.postcodes and c.arrondissement
        assert c.territory in knowledge.territories
    for c in former:
        assert c.current_insee in current_codes and c.territory


def test_csv_territories_match_the_editable_table(knowledge: Knowledge) -> None:
    note, rows = read_csv(DATA_DIR / "communes.csv")
    assert "@etalab/decoupage-administratif@6.0.0" in note
    runtime = {(c.insee, c.kind): c.territory for c in knowledge.communes}
    stale = [r["insee"] for r in rows if runtime[(r["insee"], r["kind"])] != r["territory"]]
    assert not stale, "run: python -m knowledge.build_communes --retag"


def test_overrides_win_over_arrondissement(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "territories.toml"
    text = (
        path.read_text("utf-8")
        .replace("communes = {}", 'communes = { "59350" = "hainaut" }')
        .replace("epci = {}", 'epci = { "200041960" = "metropole" }')
    )
    path.write_text(text, "utf-8")
    k = load_knowledge(data)
    by_name = {c.name: c for c in k.communes if c.is_current}
    assert by_name["Lille"].territory == "hainaut"
    assert by_name["Orchies"].territory == "metropole"


@pytest.mark.parametrize(
    ("file", "corrupt", "expected"),
    [
        pytest.param(
            "fiches.toml",
            lambda s: s.replace("number = 2", "number = = 2"),
            "fiches.toml",
            id="toml-syntax",
        ),
        pytest.param(
            "communes.csv",
            lambda s: s.replace(",59001,59,59268,441,", ",59001,59,59268,many,"),
            "communes.csv:3",
            id="csv-bad-number",
        ),
        pytest.param(
            "call.toml",
            lambda s: s.replace(
                'source = { doc = "cadre", section = "Modalités de mise en œuvre — Jurys',
                'nosource = { doc = "cadre", section = "',
            ),
            "juries",
            id="unsourced-value",
        ),
    ],
)
def test_malformed_data_file_error_names_file_and_line(
    tmp_path: Path,
    file: str,
    corrupt,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / file
    path.write_text(corrupt(path.read_text("utf-8")), "utf-8")
    with pytest.raises(DataError, match=expected.replace(".", r"\.")) as info:
        load_knowledge(data)
    if file.endswith(".toml") and "syntax" in expected:
        assert "line" in str(info.value)


def test_toml_syntax_error_gives_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "contacts.toml"
    path.write_text(path.read_text("utf-8") + "\n[broken\n", "utf-8")
    with pytest.raises(DataError, match=r"contacts\.toml.*line \d+"):
        load_knowledge(data)


def test_missing_data_file_is_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "territories.toml").unlink()
    with pytest.raises(DataError, match=r"territories\.toml.*missing"):
        load_knowledge(data)
