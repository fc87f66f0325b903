"""Shared fixtures for the rules-engine tests (no Django)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import youthcity
from youthcity.engines.rules import CityProfile, PolicySet, load_city_profile, load_policy_set

# The Luoyang city pack is the engine tests' real-world data (the engine itself knows no city).
LUOYANG_PACK = Path(youthcity.__file__).resolve().parent / "cities" / "luoyang"
LUOYANG_POLICIES = LUOYANG_PACK / "policies"
LUOYANG: CityProfile = load_city_profile(LUOYANG_PACK)

DEMO_POLICY = """\
id: demo
name: {zh: 示例, en: Demo}
source:
  document: Demo document
  clause: "1"
  text: Demo text
responsible_unit: 市人社局
effective:
  from: 2020-01-01
kind: cash
eligibility:
  - id: graduate
    expression: education_level in ['bachelor', 'master']
    clause: "1"
    reason:
      pass: {zh: 是, en: yes}
      fail: {zh: 否, en: no}
amount:
  expression: param.demo.amount
  unit: CNY
  period: once
application:
  required: false
  how_to_apply: {zh: 无, en: none}
parameters:
  demo.amount:
    description: {zh: 金额, en: amount}
    type: number
    values:
      2020-01-01: 100
      2023-01-01: 150
"""


@pytest.fixture(scope="session")
def luoyang() -> PolicySet:
    return load_policy_set(LUOYANG_POLICIES)


@pytest.fixture
def policy_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write policy files into a fresh directory: make(demo=text, other=text, ...)."""

    def make(**files: str) -> Path:
        d = tmp_path / "policies"
        d.mkdir(exist_ok=True)
        for name, text in files.items():
            (d / f"{name}.yaml").write_text(text, encoding="utf-8")
        return d

    return make
