"""The city's YAML policy tests, the CLI, and coverage of the seed benefits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from youthcity.engines.rules import PolicySet, run_policy_tests
from youthcity.engines.rules.cli import PACK_ENV, main

from .conftest import DEMO_POLICY, LUOYANG_PACK, LUOYANG_POLICIES


@pytest.fixture(autouse=True)
def luoyang_pack_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PACK_ENV, str(LUOYANG_PACK))


def test_luoyang_policy_yaml_tests_pass() -> None:
    report = run_policy_tests(LUOYANG_POLICIES)
    assert report.cases >= 40
    assert report.ok, "\n".join(str(f) for f in report.failures)


def test_every_policy_has_eligible_not_eligible_and_undetermined_cases(luoyang: PolicySet) -> None:
    import yaml

    seen: dict[str, set[str]] = {pid: set() for pid in luoyang.ids}
    for path in (LUOYANG_POLICIES / "tests").glob("*.yaml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            for pid, expected in case["expect"].items():
                status = expected if isinstance(expected, str) else expected["status"]
                # meeting every condition while the city confirms the policy counts as "eligible"
                seen[pid].add("eligible" if status == "awaiting_confirmation" else status)
    missing = {pid: {"eligible", "not_eligible", "undetermined"} - s for pid, s in seen.items()}
    assert all(not m for m in missing.values()), missing


def test_every_policy_cites_a_clause_and_quotes_it(luoyang: PolicySet) -> None:
    assert len(luoyang.policies) >= 15
    for policy in luoyang.policies.values():
        assert policy.sources and all(s.clause and s.text for s in policy.sources)
        assert all(c.clause for c in policy.conditions)
        assert policy.responsible_unit


def test_failing_expectation_is_reported(policy_dir: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    directory = policy_dir(demo=DEMO_POLICY)
    (directory / "tests").mkdir()
    (directory / "tests" / "demo.yaml").write_text(
        "- name: bachelor\n  on: 2024-01-01\n  facts: {education_level: bachelor}\n"
        "  expect:\n    demo: {status: eligible, amount: 150}\n"
        "- name: wrong on purpose\n  on: 2024-01-01\n  facts: {education_level: associate}\n"
        "  expect:\n    demo: eligible\n",
        encoding="utf-8",
    )
    report = run_policy_tests(directory)
    assert report.cases == 2 and len(report.failures) == 1
    failure = report.failures[0]
    assert failure.policy_id == "demo" and failure.line == 10 and "status is not_eligible" in failure.message
    assert main(["test", str(directory)]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_cli_test_default_dir(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test"]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_cli_simulate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--population", "2000", "--seed", "3", "--set", "interview_subsidy.amount=400", "--by-district"]) == 0
    out = capsys.readouterr().out
    assert "youth_station_stay" in out and "what-if: interview_subsidy.amount=400.0" in out
    assert "eligible persons by district" in out and "luolong" in out
    assert main(["simulate", "--population", "10", "--set", "nope=1"]) == 1


def test_cli_check_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    payload = {
        "facts": {"hukou_city": "xian", "home_city": "xian", "education_level": "bachelor", "is_job_seeking": True},
        "on": "2024-06-01",
    }
    assert main(["check", "--facts", json.dumps(payload), "--json", "--lang", "en"]) == 0
    results = {r["policy"]: r for r in json.loads(capsys.readouterr().out)}
    station = results["youth_station_stay"]
    assert station["status"] == "eligible" and station["amount"] == "15.00"
    assert station["sources"][0]["clause"] == "二、（二）4"
    assert results["interview_travel_subsidy"]["missing_facts"] == ["has_interview_invitation"]
    assert main(["check", "--facts", json.dumps(payload)]) == 0
    out = capsys.readouterr().out
    assert "青年驿站免费住宿" in out and "next question:" in out


def test_cli_check_bad_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--facts", '{"education_level": "phd"}', "--on", "2024-01-01", "--lang", "en"]) == 1
    assert "education_level" in capsys.readouterr().err
    assert main(["check", "--facts", "{not json"]) == 1


def test_cli_reports_policy_errors(policy_dir: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    directory = policy_dir(demo=DEMO_POLICY.replace("kind: cash", "kind: money"))
    assert main(["test", str(directory)]) == 1
    assert "demo.yaml:" in capsys.readouterr().err


def test_describe_lists_policies_with_parameters(luoyang: PolicySet) -> None:
    from datetime import date

    described = {d["id"]: d for d in luoyang.describe(date(2024, 6, 1), "en")}
    assert set(described) == set(luoyang.ids)
    interview = described["interview_travel_subsidy"]
    amount_param = next(p for p in interview["parameters"] if p["name"] == "interview_subsidy.amount")
    assert amount_param == {
        "name": "interview_subsidy.amount",
        "description": amount_param["description"],
        "value": None,
        "unit": "CNY",
        "to_be_set_by_city": True,
    }
    allowance = described["internship_living_allowance"]
    wage = next(p for p in allowance["parameters"] if p["name"] == "minimum_wage.monthly.tier1")
    assert wage["value"] == 2000
    assert described["talent_apartment_shared_ownership"]["depends_on"] == ["talent_apartment_city"]
    json.dumps(list(described.values()), ensure_ascii=False)
