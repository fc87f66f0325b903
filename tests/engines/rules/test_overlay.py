"""`load_policy_set(overlay=…)` and `run_policy_tests(only=…)`: the engine side of policy versions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.rules.conftest import LUOYANG_POLICIES
from youthcity.engines.rules import PolicyError, load_policy_set, run_policy_tests

BASE = "enterprise_university_base_subsidy"
TEXT = (LUOYANG_POLICIES / f"{BASE}.yaml").read_text(encoding="utf-8")


def test_an_overlay_stands_in_for_the_file_and_nothing_else_changes():
    files = load_policy_set(LUOYANG_POLICIES)
    raised = TEXT.replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 100000, 2026-01-01: 150000}")
    overlaid = load_policy_set(LUOYANG_POLICIES, overlay={BASE: raised})
    assert list(overlaid.policies) == list(files.policies)
    import datetime as dt

    assert overlaid.parameter_value("university_base_subsidy.min", dt.date(2026, 6, 1)) == 150000
    assert files.parameter_value("university_base_subsidy.min", dt.date(2026, 6, 1)) == 100000
    assert (LUOYANG_POLICIES / f"{BASE}.yaml").read_text(encoding="utf-8") == TEXT  # the file is untouched


def test_an_error_in_an_overlay_names_the_file_it_stands_for():
    with pytest.raises(PolicyError) as exc:
        load_policy_set(LUOYANG_POLICIES, overlay={BASE: TEXT.replace("kind: cash", "kind: cashy")})
    assert exc.value.file.endswith(f"{BASE}.yaml") and "cashy" in exc.value.message
    assert exc.value.line == TEXT.splitlines().index("kind: cash") + 1
    with pytest.raises(PolicyError, match="must match the file name"):
        load_policy_set(LUOYANG_POLICIES, overlay={BASE: TEXT.replace(f"id: {BASE}", "id: other", 1)})
    with pytest.raises(PolicyError, match="not a policy file"):
        load_policy_set(LUOYANG_POLICIES, overlay={"parameters": TEXT})


def test_only_checks_one_policys_expectations():
    ps = load_policy_set(LUOYANG_POLICIES)
    everything = run_policy_tests(LUOYANG_POLICIES, ps)
    mine = run_policy_tests(LUOYANG_POLICIES, ps, only=[BASE])
    assert everything.ok and mine.ok and 0 < mine.cases < everything.cases and mine.checks == mine.cases
    changed = load_policy_set(LUOYANG_POLICIES, overlay={
        BASE: TEXT.replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 120000}")})
    failed = run_policy_tests(LUOYANG_POLICIES, changed, only=[BASE])
    assert not failed.ok and all(f.policy_id == BASE for f in failed.failures)
    assert run_policy_tests(LUOYANG_POLICIES, changed, only=["youth_station_stay"]).ok


@settings(max_examples=12, deadline=None)
@given(st.integers(min_value=0, max_value=len(TEXT) - 1), st.text(min_size=1, max_size=3))
def test_a_damaged_overlay_loads_or_raises_a_policy_error_never_anything_else(position, junk):
    damaged = TEXT[:position] + junk + TEXT[position:]
    try:
        load_policy_set(LUOYANG_POLICIES, overlay={BASE: damaged})
    except PolicyError as exc:
        assert exc.line >= 1 and exc.column >= 1
