"""A new plain question is one entry of `dialogs/table.py` (and its English in the catalog):
a copy of `dialogs/` whose only change is one more entry in the table runs, in a separate
Python, a whole conversation that asks the new question with its buttons, shows its answer on
the summary card, keeps it in the lead and prints it on the fiche synthétique. No other file
of the copy is touched, so a question that needed a second file would fail here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENTRY = """    Question(
        "volunteers",
        "volunteers",
        N_("Bénévoles"),
        "yes_no",
        choices=TRISTATE,
        action="vol",
        validate=v.yes_no,
        prompt=N_("Des bénévoles participent-ils au projet ?"),
        columns=3,
        lead="volunteers",
        sheet=N_("Des bénévoles participent au projet"),
    ),
)
BY_KEY = """

RUN = """
import json
import dialogs
from dialogs.flow import Guide
from dialogs.sheet import build, snapshot
from tests.dialog_driver import OPEN, Chat

chat = Chat(Guide(), OPEN)
chat.start()
chat.tap("association")
chat.text("Roubaix")
chat.tap("quartier")
chat.tap("(1)")
chat.text("10000")
chat.text("3000")
chat.text("3000")
chat.tap("Non")  # the activity question, the table's last before the new one
asked = chat.said
buttons = [label for label, _ in chat.buttons()]
chat.tap("Oui")
summary = chat.said
chat.tap("Voir le résultat")
sheet = build(chat.guide.knowledge, snapshot(chat.state, OPEN))
print(json.dumps({
    "dialogs": dialogs.__file__,
    "asked": asked,
    "buttons": buttons,
    "summary": summary,
    "lead": chat.state.lead.get("volunteers"),
    "sheet": sheet.text(),
}))
"""


def test_a_new_question_is_one_entry_of_the_table(tmp_path: Path) -> None:
    copy = tmp_path / "dialogs"
    shutil.copytree(ROOT / "dialogs", copy, ignore=shutil.ignore_patterns("__pycache__"))
    table = copy / "table.py"
    source = table.read_text(encoding="utf-8")
    assert source.count("\n)\nBY_KEY = ") == 1
    table.write_text(source.replace("\n)\nBY_KEY = ", "\n" + ENTRY, 1), encoding="utf-8")
    changed = [
        p.name
        for p in copy.rglob("*.py")
        if p.read_bytes() != (ROOT / "dialogs" / p.relative_to(copy)).read_bytes()
    ]
    assert changed == ["table.py"]
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-c", RUN],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["dialogs"] == str(copy / "__init__.py")  # the copy ran, not the repository
    assert "Des bénévoles participent-ils au projet ?" in seen["asked"]
    assert any("Oui" in b for b in seen["buttons"]) and any("Non" in b for b in seen["buttons"])
    assert "Bénévoles" in seen["summary"]
    assert seen["lead"] == "yes"
    assert "Des bénévoles participent au projet : Oui" in seen["sheet"]


def test_the_sheets_own_layout_names_real_questions() -> None:
    """What the sheet lays out itself is questions with a line on it; every other such question
    goes under the project (so none is printed twice or forgotten)."""
    from dialogs.sheet import LAID_OUT
    from dialogs.table import QUESTIONS

    assert {q.key for q in QUESTIONS if q.sheet} >= LAID_OUT
