"""`python -m bot.desk` (the staff desk for scripts) and `python -m storage purge`, on a database
filled by real conversations."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.desk import main
from dialogs.fields import export_columns
from dialogs.table import QUESTIONS
from knowledge import load_knowledge
from storage.__main__ import main as storage_main
from storage.staff import export_columns as desk_columns
from tests.test_bot_app import Harness, run_to_verdict


@pytest.fixture
async def database(tmp_path: Path) -> Path:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    await run_to_verdict(h, 50)
    await run_to_verdict(h, 51, place="Calais")
    await h.stop()
    return h.db


def test_leads_lead_stats(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(database), "leads"]) == 0
    out = capsys.readouterr().out
    assert "n° 2" in out and "Calais" in out and "n° 1" in out and out.strip().endswith("2 / 2")
    assert main(["--db", str(database), "leads", "littoral"]) == 0
    assert "Liévin" not in capsys.readouterr().out
    assert main(["--db", str(database), "lead", "1"]) == 0
    out = capsys.readouterr().out
    assert "Demande n° 1" in out and "← un jardin partagé au pied des immeubles" in out
    assert main(["--db", str(database), "lead", "99"]) == 1
    assert main(["--db", str(database), "stats"]) == 0
    assert "Verdicts rendus : 2" in capsys.readouterr().out
    assert main(["--db", str(database), "search", "Liévin"]) == 0
    assert "n° 1" in capsys.readouterr().out


def test_export_to_a_file(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "leads.csv"
    assert main(["--db", str(database), "export", "--output", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["Numéro"] for r in rows] == ["1", "2"]
    assert list(rows[0]) == [
        h for h, _, _ in desk_columns(export_columns(load_knowledge()), "Europe/Paris")
    ]
    assert (
        main(["--db", str(database), "export", "--since", "2999-01-01", "--output", str(target)])
        == 0
    )
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle, delimiter=";")) == []


def test_purge_and_audit(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert storage_main(["--db", str(database), "purge"]) == 0
    assert "0 lignes effacées" in capsys.readouterr().out
    assert storage_main(["--db", str(database), "purge", "--days", "-1"]) == 0
    assert main(["--db", str(database), "leads"]) == 0
    assert capsys.readouterr().out.strip().endswith("0 / 0")


def test_bad_arguments_exit_2_and_unusable_db_exits_3(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "bot.desk", "--db", str(tmp_path / "x.sqlite3")]
    bad = subprocess.run([*run, "leads", "mars"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "filtre inconnu" in bad.stderr
    date = subprocess.run(
        [*run, "export", "--since", "hier"], capture_output=True, text=True, check=False
    )
    assert date.returncode == 2 and "AAAA-MM-JJ" in date.stderr
    (tmp_path / "dir.sqlite3").mkdir()
    for command in (["bot.desk", "stats"], ["storage", "purge"]):
        unusable = subprocess.run(
            [sys.executable, "-m", command[0], "--db", str(tmp_path / "dir.sqlite3"), command[1]],
            capture_output=True,
            text=True,
            check=False,
        )
        assert unusable.returncode == 3 and "dir.sqlite3" in unusable.stderr
        assert "Traceback" not in unusable.stderr


def test_storage_keeps_only_the_databases_upkeep(tmp_path: Path) -> None:
    """The desk's commands moved to `python -m bot.desk`: storage's own CLI refuses them (2)."""
    moved = subprocess.run(
        [sys.executable, "-m", "storage", "--db", str(tmp_path / "x.sqlite3"), "leads"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert moved.returncode == 2 and "invalid choice" in moved.stderr


def test_staff_erase_a_person_asked_by_another_channel(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person asks the Region by phone or e-mail to erase everything (they no longer use
    Telegram): staff had no way to do it but SQL. `erase N` says whose lead it is and what
    would go; with `--yes` it erases the person behind lead N as /effacer does (their other
    leads, messages, state, consent), the lead number kept as erased, the audit told."""
    conn = sqlite3.connect(database)
    try:
        kept = conn.execute("select count(*) from messages where chat_id = 50").fetchone()[0]
    finally:
        conn.close()
    assert main(["--db", str(database), "erase", "1"]) == 0
    out = capsys.readouterr().out
    assert "n° 1" in out and "--yes" in out
    assert kept and f"{kept} messages" in out, "the messages counted (it said 0)"
    assert main(["--db", str(database), "lead", "1"]) == 0  # nothing erased without --yes
    capsys.readouterr()
    assert main(["--db", str(database), "erase", "1", "--yes"]) == 0
    assert "effacé" in capsys.readouterr().out
    assert main(["--db", str(database), "lead", "1"]) == 1
    assert main(["--db", str(database), "lead", "2"]) == 0  # the other person's lead stays
    capsys.readouterr()
    assert main(["--db", str(database), "erase", "1", "--yes"]) == 1  # already gone
    conn = sqlite3.connect(database)
    try:
        left = conn.execute("select count(*) from messages where chat_id = 50").fetchone()[0]
        audit = [r[0] for r in conn.execute("select action from audit")]
    finally:
        conn.close()
    assert left == 0 and "erasure" in audit and "erase" in audit


def test_the_export_says_answers_in_words_not_codes(database: Path, tmp_path: Path) -> None:
    """Staff open the export in a spreadsheet: its cells were the stored codes (« youth »,
    « operating », « yes », « artois », the checks as JSON), where the console shows « Des
    jeunes », « Fonctionnement… », « Oui », « Artois et Bassin Minier… », « plancher :
    respecté »."""
    target = tmp_path / "leads.csv"
    assert main(["--db", str(database), "export", "--output", str(target)]) == 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    territories = {t.name for t in load_knowledge().territories.values()}
    for row in rows:
        assert row["Territoire"] in territories, row["Territoire"]
        assert "plancher : respecté" in row["Vérifications"], row["Vérifications"]
        assert not any(code in row["Vérifications"] for code in ('"', "floor", "unknown"))
        for q in QUESTIONS:
            if q.choices is None:
                continue
            for header, _column in q.export:
                assert row[header] in {*q.choices.values(), "à préciser", ""}, (header, row)


def test_the_desks_lead_is_in_words_as_in_telegram_never_codes(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lead N` printed the stored codes staff cannot read (« Public : neighbourhood »,
    « kind : operating », « priority_area : yes ») and the consent tap as « un bouton qui
    n'est plus affiché », where the bot's /lead and the console say them in words."""
    assert main(["--db", str(database), "lead", "1"]) == 0
    out = capsys.readouterr().out
    for code in ("neighbourhood", "kind :", "priority_area", "activity_funding", "investment"):
        assert code not in out, (code, out)
    assert "Public : Les habitants d'un quartier" in out
    assert "n'est plus affiché" not in out and "← [✅ J'accepte]" in out


def test_a_reader_that_stops_early_gets_no_traceback(database: Path) -> None:
    """`python -m bot.desk leads | head -1`: the reader closes the pipe before the desk is
    done; it printed a BrokenPipeError traceback on the operator's terminal."""
    run = subprocess.Popen(
        [sys.executable, "-m", "bot.desk", "--db", str(database), "lead", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # gone before the desk writes a line
    errors = run.stderr.read().decode()
    run.stderr.close()
    run.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
