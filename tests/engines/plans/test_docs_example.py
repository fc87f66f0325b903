"""docs/plan-format.md stays true: its worked example is what the parser produces."""

from __future__ import annotations

import json
import re
from pathlib import Path

from youthcity.engines.plans import parse_text
from youthcity.engines.plans.cli import format_text

DOC = Path(__file__).resolve().parents[3] / "docs" / "plan-format.md"


def _blocks() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## 6. Worked example", 1)[1].split("## 7.", 1)[0]
    return re.findall(r"```(?:json)?\n(.*?)```", section, flags=re.S)


def test_worked_example_json() -> None:
    source, expected_json, _ = _blocks()
    assert parse_text(source).to_dict() == json.loads(expected_json)


def test_worked_example_text_outline() -> None:
    source, _, expected_text = _blocks()
    assert format_text(parse_text(source)) == expected_text.rstrip("\n")


def test_second_example_text_outline() -> None:
    section = DOC.read_text(encoding="utf-8").split("## 7. A second example", 1)[1].split("## 8.", 1)[0]
    source, expected_text = re.findall(r"```\n(.*?)```", section, flags=re.S)
    assert format_text(parse_text(source)) == expected_text.rstrip("\n")
