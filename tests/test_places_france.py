"""Place lookup beyond the region's communes: the generated files for all of France, a
department or a region typed instead of a commune, and `python -m knowledge locate`'s JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from knowledge import load_knowledge
from knowledge.build_communes import build_department_rows, build_france_rows
from knowledge.cli import main as cli_main
from knowledge.france import load_france
from knowledge.loader import DATA_DIR
from knowledge.places import Gazetteer
from knowledge.text import normalize


# ------------------------------------------------------------------ the generated France files
def test_france_file_covers_france_outside_the_region() -> None:
    france = load_france(DATA_DIR)
    assert france is not None
    assert len(france.communes) > 33_000
    departments = {row[2] for row in france.communes.values()}
    assert not departments & set(load_knowledge().region.departments)
    assert departments <= set(france.departments)
    assert {"2A", "2B", "974"} <= departments


def test_france_keys_are_what_normalize_gives() -> None:
    """The generator precomputes the matching keys; a change to knowledge.text.normalize must
    be followed by `python -m knowledge.build_communes --retag`."""
    with (DATA_DIR / "france.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    stale = [r["name"] for r in rows if normalize(r["name"]) != r["key"]]
    assert not stale, "run: python -m knowledge.build_communes --retag"


def test_build_france_rows_from_the_package_shape() -> None:
    communes = [
        {"code": "59350", "nom": "Lille", "type": "commune-actuelle", "departement": "59"},
        {
            "code": "60057",
            "nom": "Beauvais",
            "type": "commune-actuelle",
            "departement": "60",
            "codesPostaux": ["60000"],
            "population": 55550,
        },
        {"code": "60057", "nom": "Beauvais", "type": "commune-deleguee", "chefLieu": "60057"},
        {"code": "60999", "nom": "Vieux-Bourg", "type": "commune-associee", "chefLieu": "60057"},
        {
            "code": "13201",
            "nom": "Marseille 1er Arrondissement",
            "type": "arrondissement-municipal",
            "commune": "13055",
            "departement": "13",
        },
        {"code": "13055", "nom": "Marseille", "type": "commune-actuelle", "departement": "13"},
    ]
    rows = build_france_rows(communes, ("59", "62"))
    assert [(r["insee"], r["current_insee"]) for r in rows] == [
        ("13055", ""),
        ("60057", ""),
        ("13201", "13055"),
        ("60999", "60057"),
    ]
    assert rows[1]["postcodes"] == "60000" and rows[1]["key"] == "beauvais"
    assert build_department_rows([{"code": "60", "nom": "Oise"}]) == [
        {"code": "60", "name": "Oise"}
    ]


# ------------------------------------------------------------------ command line
def _locate(query: str) -> dict[str, object]:
    out = io.StringIO()
    assert cli_main(["locate", query], stdout=out) == 0
    data: dict[str, object] = json.loads(out.getvalue())
    return data


def test_cli_locate_prints_outside_with_the_department() -> None:
    data = _locate("Beauvais 60000")
    assert data["status"] == "outside" and data["matches"] == []
    assert data["elsewhere"] == [
        {
            "name": "Beauvais",
            "insee": "60057",
            "department": {"code": "60", "name": "Oise"},
            "postcodes": ["60000"],
            "score": 100.0,
        }
    ]


def test_cli_locate_prints_the_shared_postcode_as_one_place() -> None:
    data = _locate("59111")
    assert data["status"] == "found" and data["reason"] == "same_epci"
    place = data["place"]
    assert isinstance(place, dict)
    assert place["epci"] == {"code": "200042190", "name": "CA de la Porte du Hainaut"}
    assert "Bouchain" in place["communes"]


@pytest.mark.parametrize(
    ("query", "status", "department"),
    [
        pytest.param("Nord", "not_found", "59", id="nord"),
        pytest.param("le Nord", "not_found", "59", id="le-nord"),
        pytest.param("dans le Pas-de-Calais", "not_found", "62", id="pas-de-calais"),
        pytest.param("la Somme", "outside", "80", id="somme"),
        pytest.param("Oise", "outside", "60", id="oise"),
        pytest.param("Hauts-de-France", "not_found", "", id="region"),
        pytest.param("Nord-Pas de Calais", "not_found", "", id="old-region"),
    ],
)
def test_a_department_or_region_instead_of_a_commune(
    gazetteer: Gazetteer, query: str, status: str, department: str
) -> None:
    located = gazetteer.locate(query)
    assert (located.status, located.reason, located.department) == (
        status,
        "department",
        department,
    )
    assert not located.matches and not located.elsewhere


@pytest.mark.parametrize(
    ("query", "name"),
    [
        pytest.param("Nordausques", "Nordausques", id="commune-starting-like-nord"),
        pytest.param("Paris", "Paris", id="commune-and-department"),
        pytest.param("Vienne", "Vienne", id="commune-named-like-a-department"),
    ],
)
def test_a_commune_named_like_a_department_is_a_commune(
    gazetteer: Gazetteer, query: str, name: str
) -> None:
    located = gazetteer.locate(query)
    assert located.reason != "department"
    named = [m.commune.name for m in located.matches] + [e.name for e in located.elsewhere]
    assert name in named


def test_cli_locate_prints_a_department() -> None:
    data = _locate("la Somme")
    assert data["status"] == "outside" and data["reason"] == "department"
    assert data["department"] == {"code": "80", "name": "Somme"}
