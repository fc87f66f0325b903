"""``youthcity match run|verify``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from youthcity.cli import ENGINE_CLIS
from youthcity.engines.matching.cli import main

ROUND = {
    "round_id": "2025 summer internships",
    "categories": ["out_of_town"],
    "applicants": [
        {"id": "A", "ranking": ["P1", "P2"]},
        {"id": "B", "ranking": ["P1"], "categories": ["out_of_town"]},
        {"id": "C", "ranking": ["P1", "P3"], "categories": ["out_of_town"]},
        {"id": "D", "ranking": ["P1", "P3"]},
        {"id": "E", "ranking": ["P3", "P2"]},
    ],
    "positions": [
        {"id": "P1", "capacity": 2, "reserved": {"out_of_town": 1}, "ranking": ["B", "A", "C", "D"]},
        {"id": "P2", "capacity": 1, "ranking": ["E", "A"]},
        {"id": "P3", "capacity": 2, "reserved": {"out_of_town": 1}, "ranking": ["D", "E"]},
    ],
}


def write(tmp_path: Path, data: object, name: str = "round.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_run_writes_an_audit_that_verifies(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    audit = tmp_path / "audit.json"
    assert main(["run", str(write(tmp_path, ROUND)), "-o", str(audit)]) == 0
    out = capsys.readouterr().out
    assert "matched: 5 / 5" in out and "reverted 1/1" in out and "SHA-256" in out
    doc = json.loads(audit.read_bytes())
    assert {a["applicant"]: a["position"] for a in doc["result"]["assignments"]} == {
        "A": "P2", "B": "P1", "C": "P1", "D": "P3", "E": "P3"}
    assert main(["verify", str(audit)]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_verify_reports_an_edit_with_exit_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    audit = tmp_path / "audit.json"
    main(["run", str(write(tmp_path, ROUND)), "-o", str(audit)])
    capsys.readouterr()
    audit.write_bytes(audit.read_bytes().replace(b'"applicant":"C","choice":1,"position":"P1"',
                                                 b'"applicant":"C","choice":1,"position":"P3"'))
    assert main(["verify", str(audit)]) == 1
    err = capsys.readouterr().err
    assert "NOT VERIFIED [result]" in err and "result.assignments[2].position" in err


def test_bad_round_lists_every_problem_and_writes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = json.loads(json.dumps(ROUND))
    bad["applicants"][0]["ranking"] = ["P1", "P9", "P1"]
    bad["positions"][1]["capacity"] = -1
    bad["positions"][2]["ranking"].append("A")
    audit = tmp_path / "audit.json"
    assert main(["run", str(write(tmp_path, bad)), "-o", str(audit)]) == 2
    err = capsys.readouterr().err
    assert "5 个问题" in err and "5 problem(s)" in err  # A left P2 off the list, and P2 still ranks A
    for code in ("unknown_position", "duplicate_choice", "negative_capacity", "ranked_non_applicant"):
        assert f"[{code}]" in err
    assert not audit.exists()


def test_unreadable_inputs_exit_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["run", str(tmp_path / "missing.json"), "-o", str(tmp_path / "a.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "x.json").write_text("{nope", encoding="utf-8")
    assert main(["run", str(tmp_path / "x.json"), "-o", str(tmp_path / "a.json")]) == 2
    assert "not a valid UTF-8 JSON file" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "missing.json")]) == 2
    assert main(["frobnicate"]) == 2


def test_registered_as_youthcity_match() -> None:
    assert ENGINE_CLIS["match"] == "youthcity.engines.matching.cli"
    result = subprocess.run([sys.executable, "-m", "youthcity.cli", "match", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "verify" in result.stdout
