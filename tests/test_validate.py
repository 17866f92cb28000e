"""`python -m knowledge validate [DIR]`: every problem of a data package with its file and line,
exit 1 on any; the shipped call passes (make test runs it first)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import DATA_DIR
from knowledge.validate import validate


def line_of(path: Path, text: str, after: int = 0) -> int:
    """The 1-based line where `text` first appears (after line `after`)."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if number > after and text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_shipped_call_is_valid() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "knowledge", "validate"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("OK")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "call"
    shutil.copytree(DATA_DIR, copy, ignore=shutil.ignore_patterns("france.csv"))
    return copy


def test_every_problem_is_named_with_its_file_and_line(data: Path) -> None:
    contacts, call, faq = data / "contacts.toml", data / "call.toml", data / "faq.toml"
    edit(contacts, "fiches = [4]", "fiches = [4, 7]")  # a route to a fiche that does not exist
    edit(contacts, 'phone = "03 28 82 79 52"\n', "")  # the first person loses their phone
    edit(call, "deadline = 2015-01-23", 'deadline = "23 janvier 2015"')
    first_faq = line_of(faq, "[[faq]]")
    source = line_of(faq, "source = ", after=first_faq)
    lines = faq.read_text("utf-8").splitlines()
    del lines[source - 1]  # the first FAQ entry loses its source
    faq.write_text("\n".join(lines) + "\n", "utf-8")

    problems = {(p.path.name, p.line): p.message for p in validate(data)}

    person = line_of(contacts, "[people.", after=line_of(contacts, "[offices.dad]"))
    assert "fiche inconnue" in problems[("contacts.toml", line_of(contacts, "fiches = [4, 7]"))]
    assert "7" in problems[("contacts.toml", line_of(contacts, "fiches = [4, 7]"))]
    assert "sans téléphone" in problems[("contacts.toml", person)]
    assert "date illisible" in problems[("call.toml", line_of(call, '"23 janvier 2015"'))]
    assert "source" in problems[("faq.toml", first_faq)]
    assert len(problems) == 4


def test_bad_toml_gives_its_line_and_exit_code_1(data: Path) -> None:
    fiches = data / "fiches.toml"
    edit(fiches, "short_title = ", "short_title = = ")
    proc = subprocess.run(
        [sys.executable, "-m", "knowledge", "validate", str(data)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert f"fiches.toml:{line_of(fiches, 'short_title = = ')}: TOML invalide" in proc.stdout


def test_a_missing_file_and_an_unknown_route_person(data: Path) -> None:
    (data / "territories.toml").unlink()
    edit(data / "contacts.toml", 'people = ["dolez"]', 'people = ["nobody"]')
    messages = [str(p) for p in validate(data)]
    assert any("territories.toml:1: fichier manquant" in m for m in messages)
    assert any("personne inconnue" in m and "'nobody'" in m for m in messages)


def test_an_answer_speaking_for_several_fiches_is_checked_against_their_values(
    data: Path,
) -> None:
    """« fiches 3 et 4 : {floor_3} » and « La fiche 4 ne fixe pas de taux » hold for the 2014
    call; another year's data where fiche 4's floor differs, or where it gains a rate, makes
    them false while every placeholder still fills: validate names the entry's line."""
    fiches, faq = data / "fiches.toml", data / "faq.toml"
    edit(
        fiches,
        'amount = "5000"\napplies_from = 2014-11-26\nsource = { doc = "cadre", section = "Fiche 4',
        'amount = "6000"\napplies_from = 2014-11-26\nsource = { doc = "cadre", section = "Fiche 4',
    )
    fiche_4 = fiches.read_text("utf-8").index('amount = "6000"')
    text = fiches.read_text("utf-8")
    fiches.write_text(
        text[:fiche_4]
        + text[fiche_4:].replace(
            "[[fiches.ceiling]]",
            '[[fiches.cofunding_min_rate]]\nrate = "0.10"\napplies_from = 2014-11-26\n'
            'source = { doc = "cadre", section = "Fiche 4" }\n\n[[fiches.ceiling]]',
            1,
        ),
        "utf-8",
    )

    problems = {(p.path.name, p.line): p.message for p in validate(data)}

    speaks = line_of(faq, "speaks_for = { floor_1")
    assert "fiche 4" in problems[("faq.toml", speaks)]
    assert "floor_3" in problems[("faq.toml", speaks)]
    none = line_of(faq, 'states_none = ["cofunding_4"]')
    assert "fiche 4" in problems[("faq.toml", none)]
    # the ceilings' answer says the floors too when no fiche is named (faq9 pass)
    ceiling = line_of(faq, "speaks_for = { floor_1 = [1, 2], floor_3 = [3, 4], cofunding_1")
    assert "floor_3" in problems[("faq.toml", ceiling)]
    assert len(problems) == 3


def test_the_shipped_groups_are_declared_and_hold() -> None:
    """The entries quoting one fiche's value for others declare it (else nothing is checked)."""
    from knowledge.loader import load_knowledge

    raw = load_knowledge().raw["faq"]["faq"]
    declared = {e["id"]: e.get("speaks_for", {}) for e in raw}
    assert declared["floor"] == {"floor_1": [1, 2], "floor_3": [3, 4]}
    assert declared["cofunding"] == {"cofunding_1": [1, 2, 3]}
    assert validate(DATA_DIR) == []
