"""``youthcity plan parse FILE [--format json|text] [--all]``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from youthcity.engines.plans.cli import main

from .helpers import FIXTURES


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_json_output_is_the_documented_shape() -> None:
    code, out, err = run(["parse", str(FIXTURES / "luoyang_zh.txt")])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {
        "title", "issuer", "date", "projects", "period", "metadata", "notice", "unmatched_tasks", "goals",
    }
    assert len(data["projects"]) == 5
    assert "洛阳市" in out  # ensure_ascii=False
    assert out.startswith('{\n  "title"')  # indent 2
    measure = data["projects"][2]["measures"][1]
    assert set(measure) == {"number", "title", "text", "responsible_units", "targets", "deadline", "benefits"}
    assert set(measure["targets"][0]) == {
        "text", "subject", "value", "unit", "comparator", "per", "deadline", "kind", "scope", "written",
    }


def test_all_prints_a_list() -> None:
    code, out, _ = run(["parse", str(FIXTURES / "luoyang_zh.txt"), "--all"])
    assert code == 0
    data = json.loads(out)
    assert [len(p["projects"]) for p in data] == [5, 6]


def test_text_outline() -> None:
    code, out, _ = run(["parse", str(FIXTURES / "district_pilot_zh.txt"), "--format", "text"])
    assert code == 0
    assert out.splitlines()[0] == "XX区青年发展型城市建设试点实施方案"
    assert "[1] 开展引才聚才行动,打造青年活力XX" in out
    assert "units: 区委组织部、团区委、区人社局、区财政局" in out
    assert "target: 新开办企业时间: <= 2 小时" in out
    assert out.rstrip().endswith("3 projects, 11 measures, 2 targets")


def test_parse_error_goes_to_stderr_with_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(["parse", str(empty)])
    assert (code, out) == (2, "")
    assert "[empty]" in err and "文件为空" in err


def test_missing_file(tmp_path: Path) -> None:
    code, _, err = run(["parse", str(tmp_path / "nope.txt")])
    assert code == 2 and "nope.txt" in err


def test_usage_error_exit_2() -> None:
    code, _, _ = run(["parse", "x.txt", "--format", "xml"])
    assert code == 2


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "youthcity.engines.plans.cli", "parse", str(FIXTURES / "luoyang_en.txt"), "--format", "text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Industrial platform talent project" in result.stdout
