"""`python -m knowledge`: JSON out, batch modes, clear errors with exit code 2."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys

from knowledge.cli import main

TODAY = dt.date(2014, 11, 27)


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out, today=TODAY)
    return code, out.getvalue()


def test_locate_found_has_exactly_one_match() -> None:
    code, out = run(["locate", "Liévin"])
    data = json.loads(out)
    assert code == 0 and data["status"] == "found" and len(data["matches"]) == 1
    match = data["matches"][0]
    assert match["insee"] == "62510" and match["epci"]["name"] == "CA de Lens - Liévin"
    assert match["territory"] == "Artois et Bassin Minier du Pas de Calais"
    assert set(match) >= {
        "name",
        "insee",
        "postcodes",
        "epci",
        "arrondissement",
        "territory",
        "score",
    }


def test_locate_batch_one_line_per_query_in_order() -> None:
    _code, out = run(["locate", "-"], "Lille\nSaint-Aubin\nqwxzt\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["status"] for d in lines] == ["found", "ambiguous", "not_found"]


def test_check_json_shape_and_contacts() -> None:
    code, out = run(
        [
            "check",
            "--fiche",
            "1",
            "--place",
            "Lens",
            "--request",
            "1 999,99",
            "--total",
            "10k",
            "--cofunding",
            "trois mille",
        ]
    )
    data = json.loads(out)
    assert code == 0
    assert data["fiche"]["number"] == 1 and data["as_of"] == "2014-11-27"
    assert data["eligible"] is False
    floor = next(c for c in data["checks"] if c["id"] == "floor")
    assert floor["status"] == "fail" and floor["gap"] == "0.01"
    assert [c["name"] for c in data["contacts"]] == ["Déborah FACON"]
    assert data["place"]["name"] == "Lens" and data["next_steps"]
    assert data["amounts"] == {"request": "1999.99", "total": "10000.00", "cofunding": "3000.00"}


def test_check_echoes_the_amounts_as_understood() -> None:
    amounts = ["--request", "45 mille", "--total", "1,5 million"]
    amounts += ["--cofunding", "on n'a rien de la mairie"]
    code, out = run(["check", "--fiche", "2", "--place", "Arras", *amounts])
    assert code == 0
    assert json.loads(out)["amounts"] == {
        "request": "45000.00",
        "total": "1500000.00",
        "cofunding": "0.00",
    }


def test_check_refuses_a_range_with_both_amounts(capsys) -> None:  # type: ignore[no-untyped-def]
    amounts = ["--request", "3000 ou 4000", "--total", "10k", "--cofunding", "0"]
    code, _out = run(["check", "--fiche", "1", "--place", "Lens", *amounts])
    assert code == 2
    assert "range: 3000.00 ou 4000.00" in capsys.readouterr().err


def test_check_batch_bad_lines_do_not_stop_it() -> None:
    lines = "\n".join(
        [
            json.dumps(
                {
                    "fiche": 4,
                    "place": "Roubaix",
                    "request": "30000",
                    "total": "50000",
                    "cofunding": "0",
                    "kind": "operating",
                    "priority_area": "yes",
                    "date": "2014-11-27",
                }
            ),
            "this is not json",
            json.dumps({"fiche": 9, "place": "Lille"}),
            json.dumps(
                {
                    "fiche": 1,
                    "place": "Saint-Aubin",
                    "request": "3000",
                    "total": "9000",
                    "cofunding": "3000",
                }
            ),
            json.dumps(
                {
                    "fiche": 2,
                    "place": "Arras",
                    "request": "3000",
                    "total": "9000",
                    "cofunding": "3000",
                    "date": "2015-01-24",
                }
            ),
        ]
    )
    code, out = run(["check", "--jsonl", "-"], lines)
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(results) == 5
    ceiling = next(c for c in results[0]["checks"] if c["id"] == "ceiling")
    assert ceiling["status"] == "warn"  # the Region's funding is capped, the project not refused
    assert "error" in results[1] and "error" in results[2] and "Saint-Aubin" in results[3]["error"]
    assert results[4]["closed"] is True


def test_suggest() -> None:
    _code, out = run(["suggest", "un jardin partagé"])
    result = json.loads(out)
    assert result["ranking"][0]["fiche"] == 4 and result["sure"] is True and result["fiche"] == 4
    _code, out = run(["suggest", "un festival et un potager"])
    result = json.loads(out)
    assert result["sure"] is False and result["fiche"] is None and result["candidates"] == [2, 4]


def test_bad_arguments_exit_2_with_message_on_stderr() -> None:
    for args in (
        [
            "check",
            "--fiche",
            "1",
            "--place",
            "Lens",
            "--request",
            "beaucoup",
            "--total",
            "1",
            "--cofunding",
            "0",
        ],
        ["check", "--fiche", "7"],
        ["frobnicate"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "knowledge", *args], capture_output=True, text=True, check=False
        )
        assert proc.returncode == 2, args
        assert proc.stderr.strip() and not proc.stdout
