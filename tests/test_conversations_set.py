"""The conversation sets of issue 22 are well formed, and their scorer scores as documented
(through the real dialog): right, asked back, wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import conversations as c
from dialogs.flow import Guide

SETS = sorted(c.SETS_DIR.glob("conversations_*.toml"))


def test_the_tuning_sets_exist_and_cover_every_kind() -> None:
    assert len(c.load(c.SETS_DIR / "conversations_tune.toml")) >= 40
    tuning = [case for path in SETS if "_tune" in path.name for case in c.load(path)]
    assert {case["kind"] for case in tuning} == set(c.KINDS)


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_set_is_well_formed(path: Path) -> None:
    assert not c.problems(c.load(path))


def test_problems_are_found() -> None:
    found = c.problems([{"id": "a", "kind": "nope", "turns": [], "expect": {}, "x": 1}])
    assert len(found) == 4


START = ["/start", "tap:accepte", "tap:association"]


def test_right_asked_back_and_wrong_through_the_dialog(guide: Guide) -> None:
    right = {
        "id": "r",
        "kind": "extra-words",
        "turns": [*START, "Lens"],
        "expect": {"place": "Lens"},
    }
    assert c.score(right, c.play(guide, right["turns"]))[0] == c.RIGHT
    unset = {**right, "expect": {"place": "62498", "audience": "youth"}}
    assert c.score(unset, c.play(guide, unset["turns"]))[0] == c.ASKED
    wrong = {**right, "expect": {"place": "62041"}}
    assert c.score(wrong, c.play(guide, wrong["turns"]))[0] == c.WRONG
    must_be_empty = {**right, "expect": {"role": ""}}
    assert c.score(must_be_empty, c.play(guide, must_be_empty["turns"]))[0] == c.WRONG
    reply = {**right, "expect": {"place": "62498", "reply_contains": ["zzz"]}}
    assert c.score(reply, c.play(guide, reply["turns"]))[0] == c.ASKED


def test_a_missing_button_stops_the_case_and_amounts_compare_as_numbers(guide: Guide) -> None:
    played = c.play(guide, ["/start", "tap:nothing-like-this", "tap:accepte"])
    assert "no button" in played.stopped and not played.state.consent
    turns = [*START, "Lens", "tap:quartier", "tap:(1)", "12 000"]
    case: dict[str, Any] = {
        "id": "t",
        "kind": "correction",
        "turns": turns,
        "expect": {"total": "12000"},
    }
    assert c.score(case, c.play(guide, turns))[0] == c.RIGHT


def test_the_report_has_a_line_per_kind(tmp_path: Path) -> None:
    path = tmp_path / "conversations_x.toml"
    path.write_text(
        '[[case]]\nid = "a"\nkind = "abroad"\nturns = ["/start"]\n[case.expect]\nplace = ""\n',
        encoding="utf-8",
    )
    lines = c.run([path], latency=True)
    assert lines[0].startswith("conversations_x.toml: 1 cases — right 1")
    assert any(line.strip().startswith("abroad") for line in lines)
    assert "median" in lines[-1]


def test_a_verbose_run_lists_a_held_out_sets_cases_only_when_asked(tmp_path: Path) -> None:
    """Reading a held-out set's failing cases ends its use as a measure: `--verbose` lists them
    for tuning sets, and for a held-out set only with `--show-held-out`."""
    from benchmarks import passages

    wrong = (
        '[[case]]\nid = "never-reached"\nkind = "abroad"\nturns = ["/start"]\n'
        '[case.expect]\ntotal = "12000"\n'
    )
    question = (
        '[[case]]\ntext = "quel est le plancher de la fiche 3 ?"\nlang = "fr"\n'
        'kind = "short"\nexpect = "answered"\nfacts = ["une somme jamais dite 987 654"]\n'
    )
    for scorer, prefix, text in ((c, "conversations", wrong), (passages, "passages", question)):
        tune, held = tmp_path / f"{prefix}_tune99.toml", tmp_path / f"{prefix}_heldout99.toml"
        for path in (tune, held):
            path.write_text(text, encoding="utf-8")
        for show, held_listed in ((False, False), (True, True)):
            lines = [str(line) for line in scorer.run([tune, held], True, show_held_out=show)]
            at = next(i for i, line in enumerate(lines) if "heldout99" in line)
            tune_part, held_part = " ".join(lines[:at]), " ".join(lines[at:])
            assert "987 654" in tune_part or "never-reached" in tune_part, lines
            listed = "987 654" in held_part or "never-reached" in held_part
            assert listed is held_listed, lines
            assert ("not listed" in held_part) is not held_listed
