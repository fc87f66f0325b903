"""``youthcity housing commit|freeze|draw|verify``."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from youthcity.cli import ENGINE_CLIS
from youthcity.engines.lottery import commit, draw, load_round
from youthcity.engines.lottery.cli import main

SECRET = "cli-test-secret-0123456789"


@pytest.fixture
def round_file(tmp_path: Path) -> Path:
    doc = {
        "round_id": "CLI-1",
        "commitment": commit(SECRET),
        "public_source": {"kind": "lottery", "name": "福彩3D 第180期"},
        "policy": {"reserves": [{"category": "graduate", "share": 0.4}]},
        "homes": [{"id": f"H{i}", "layout": "一室", "area": 45} for i in range(5)],
        "applicants": [{"id": f"P{i}", "categories": ["graduate"] if i < 3 else []} for i in range(12)],
    }
    path = tmp_path / "round.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_registered_as_youthcity_housing() -> None:
    assert ENGINE_CLIS["housing"] == "youthcity.engines.lottery.cli"


def test_commit_prints_the_commitment(tmp_path: Path) -> None:
    code, out, _ = run("commit", "--secret", SECRET)
    assert code == 0 and commit(SECRET) in out
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    assert commit(SECRET) in run("commit", "--secret-file", str(secret_file))[1]
    code, out, _ = run("commit", "--new")
    lines = out.splitlines()
    new_secret = lines[0].rsplit(" ", 1)[1]
    assert code == 0 and len(new_secret) == 64 and commit(new_secret) in lines[1]


def test_freeze_writes_the_frozen_list_and_prints_its_hash(round_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "frozen.json"
    code, out, _ = run("freeze", str(round_file), "-o", str(target))
    assert code == 0
    assert hashlib.sha256(target.read_bytes()).hexdigest() in out
    assert load_round(target.read_bytes()).canonical_bytes == target.read_bytes()


def test_draw_then_verify(round_file: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    code, out, err = run("draw", str(round_file), "--secret", SECRET, "--public-value", "3 8 5", "-o", str(audit))
    assert code == 0, err
    expected = draw(load_round(round_file.read_bytes()), SECRET, "3 8 5")
    assert audit.read_bytes() == expected.audit_bytes
    assert expected.audit_hash in out and expected.seed in out
    assert "reserve graduate: 2 of 2 homes" in out
    code, out, _ = run("verify", str(audit))
    assert code == 0 and out.startswith("OK")
    published = load_round(round_file.read_bytes()).list_hash
    assert run("verify", str(audit), "--list-hash", published, "--commitment", commit(SECRET))[0] == 0
    code, out, _ = run("verify", str(audit), "--list-hash", "0" * 64)
    assert code == 1 and "list_hash" in out


def test_draw_writes_next_to_the_round_by_default(round_file: Path) -> None:
    assert run("draw", str(round_file), "--secret", SECRET, "--public-value", "1")[0] == 0
    assert (round_file.parent / "round.audit.json").exists()


def test_verify_points_at_the_first_difference(round_file: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    run("draw", str(round_file), "--secret", SECRET, "--public-value", "3 8 5", "-o", str(audit))
    doc = json.loads(audit.read_bytes())
    doc["result"]["order"][0], doc["result"]["order"][1] = doc["result"]["order"][1], doc["result"]["order"][0]
    audit.write_bytes(json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())
    code, out, _ = run("verify", str(audit))
    assert code == 1
    assert "DIFFERENT 不一致 at result.order[0]" in out and "expected" in out and "found" in out
    assert run("verify", str(tmp_path / "missing.json"))[0] == 1


def test_a_refused_draw_writes_nothing_and_exits_2(round_file: Path, tmp_path: Path) -> None:
    audit = tmp_path / "audit.json"
    code, _, err = run("draw", str(round_file), "--secret", "a-wrong-secret-of-length", "--public-value", "1", "-o", str(audit))
    assert code == 2 and "secret_mismatch" in err and "承诺值" in err
    assert not audit.exists() and not list(tmp_path.glob(".audit.json.*"))
    bad = tmp_path / "bad.json"
    bad.write_text(round_file.read_text(encoding="utf-8").replace('"P1"', '"P0"'), encoding="utf-8")
    code, _, err = run("freeze", str(bad))
    assert code == 2 and "duplicate_applicant" in err and "applicants[1].id" in err
    assert run("freeze", str(tmp_path / "missing.json"))[0] == 2
    assert run("draw", str(round_file))[0] == 2  # usage: --secret and --public-value are required
