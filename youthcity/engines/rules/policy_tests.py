"""Policy tests in YAML beside the policies (``<policy dir>/tests/*.yaml``).

Each file is a list of cases.  A case is the API payload (``facts`` and ``on``) plus a name and
the expected results::

    - name: out-of-town bachelor looking for work
      on: 2024-06-01
      facts: {hukou_city: zhengzhou, home_city: zhengzhou, education_level: bachelor}
      overrides: {youth_station.max_nights_per_stay: 7}      # optional what-if
      expect:
        youth_station_stay: eligible                        # status only, or:
        interview_travel_subsidy:
          status: undetermined
          missing_facts: [has_interview_invitation]          # exact list (order ignored)
          amount: null                                       # number or null
          amount_to_be_set: true

Cases are checked with the scalar evaluator and, one row at a time, with the vectorized one, so a
test also guards their agreement.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import FactsError
from .loader import load_policy_set
from .model import ParamValue, Status
from .policyset import PolicySet
from .vector import table_from_records
from .yamlnodes import YamlFile

# The vectorized evaluator counts a result awaiting the city's confirmation as eligible (1).
_STATUS_CODES = {"eligible": 1, "not_eligible": 0, "undetermined": -1, "awaiting_confirmation": 1}


@dataclass(frozen=True, slots=True)
class PolicyTestFailure:
    """One failed expectation (or a case that could not run)."""

    file: str
    line: int
    case: str
    policy_id: str | None
    message: str

    def __str__(self) -> str:
        where = f" [{self.policy_id}]" if self.policy_id else ""
        return f"{self.file}:{self.line}: {self.case}{where}: {self.message}"


@dataclass(slots=True)
class PolicyTestReport:
    """Outcome of running the policy tests of a directory."""

    cases: int = 0
    checks: int = 0
    failures: list[PolicyTestFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and self.cases > 0


def _construct(node: yaml.Node) -> Any:
    return SafeConstructor().construct_object(node, deep=True)


def run_policy_tests(
    directory: Path | str, policy_set: PolicySet | None = None, only: Collection[str] | None = None
) -> PolicyTestReport:
    """Run every ``tests/*.yaml`` case of a policy directory; never raises for a failing case.

    `only`: check the expectations about these policies alone (a case expecting nothing of them
    is skipped) — the tests of one policy, e.g. against a draft of it.

    A malformed test file raises `PolicyError` (file, line, column) like a malformed policy.
    """
    root = Path(directory)
    ps = policy_set if policy_set is not None else load_policy_set(root)
    report = PolicyTestReport()
    for path in sorted((root / "tests").glob("*.yaml")):
        f = YamlFile(path)
        for case_node in f.sequence(f.root, "policy test file"):
            _run_case(f, case_node, ps, report, frozenset(only) if only is not None else None)
    if report.cases == 0:
        report.failures.append(PolicyTestFailure(str(root / "tests"), 1, "-", None, "no policy tests found"))
    return report


def _run_case(
    f: YamlFile, case_node: yaml.Node, ps: PolicySet, report: PolicyTestReport, only: frozenset[str] | None = None
) -> None:
    m = f.mapping(case_node, "test case", required=("name", "on", "facts", "expect"), optional=("overrides",))
    name = f.string(m["name"][1], "name")
    line = case_node.start_mark.line + 1
    on = f.date_value(m["on"][1], "on")
    facts = _construct(m["facts"][1]) or {}
    if not isinstance(facts, dict):
        raise f.error(m["facts"][1], "facts must be a mapping")
    overrides = _case_overrides(f, m["overrides"][1], ps) if "overrides" in m else {}
    expects = f.mapping(m["expect"][1], "expect")
    for pid, (kn, _) in expects.items():
        if pid not in ps.policies:
            raise f.error(kn, f"unknown policy {pid!r}")
    if only is not None:
        expects = {pid: nodes for pid, nodes in expects.items() if pid in only}
        if not expects:
            return
    report.cases += 1
    try:
        results = {r.policy_id: r for r in ps.evaluate(facts, on, overrides or None)}
        clean = ps.validate_facts(facts, on)
    except FactsError as exc:
        report.failures.append(PolicyTestFailure(f.name, line, name, None, f"invalid facts: {exc}"))
        return
    vector = ps.evaluate_population(table_from_records(ps.facts, [clean]), on, overrides or None)
    for pid, (kn, vn) in expects.items():
        report.checks += 1
        result = results[pid]
        expected = _expectation(f, pid, vn)
        problems = _compare(result.status, result.amount, result.amount_max, result.amount_to_be_set,
                            result.missing_facts, expected)
        if not problems:
            problems = _vector_problems(int(vector[pid].status[0]), float(vector[pid].amount[0]), result.status, expected)
        for p in problems:
            report.failures.append(PolicyTestFailure(f.name, kn.start_mark.line + 1, name, pid, p))


def _case_overrides(f: YamlFile, node: yaml.Node, ps: PolicySet) -> dict[str, ParamValue | None]:
    overrides: dict[str, ParamValue | None] = {}
    for key, (kn, vn) in f.mapping(node, "overrides").items():
        if key not in ps.parameters:
            raise f.error(kn, f"unknown parameter {key!r}")
        overrides[key] = _construct(vn)
    return overrides


def _expectation(f: YamlFile, pid: str, vn: yaml.Node) -> dict[str, Any]:
    """An expectation: a status alone, or a mapping with the status and more."""
    if isinstance(vn, yaml.ScalarNode):
        expected: dict[str, Any] = {"status": f.string(vn, "expected status")}
    else:
        em = f.mapping(
            vn, f"expectation for {pid}", required=("status",),
            optional=("amount", "amount_max", "amount_to_be_set", "missing_facts"),
        )
        expected = {k: _construct(v) for k, (_, v) in em.items()}
    if expected["status"] not in _STATUS_CODES:
        raise f.error(vn, f"status must be one of {', '.join(_STATUS_CODES)}")
    return expected


def _vector_problems(vstatus: int, vamount: float, status: Status, expected: dict[str, Any]) -> list[str]:
    """Where the vectorized evaluator disagrees with an expectation the scalar one met."""
    if vstatus != _STATUS_CODES[expected["status"]]:
        return [f"vectorized status {vstatus} disagrees with expected {expected['status']}"]
    problems: list[str] = []
    if "amount" in expected:
        want = expected["amount"]
        if want is None and status in (Status.ELIGIBLE, Status.AWAITING_CONFIRMATION) and not math.isnan(vamount):
            problems.append(f"vectorized amount {vamount} but expected none")
        if want is not None and abs(vamount - float(want)) > 0.005:
            problems.append(f"vectorized amount {vamount} != {want}")
    return problems


def _compare(
    status: Status,
    amount: Any,
    amount_max: Any,
    to_be_set: bool,
    missing: tuple[str, ...],
    expected: dict[str, Any],
) -> list[str]:
    problems: list[str] = []
    if status.value != expected["status"]:
        problems.append(f"status is {status.value}, expected {expected['status']}")
    for key, actual in (("amount", amount), ("amount_max", amount_max)):
        if key in expected:
            want = expected[key]
            if want is None and actual is not None:
                problems.append(f"{key} is {actual}, expected none")
            elif want is not None and (actual is None or abs(float(actual) - float(want)) > 0.005):
                problems.append(f"{key} is {actual}, expected {want}")
    if "amount_to_be_set" in expected and bool(expected["amount_to_be_set"]) != to_be_set:
        problems.append(f"amount_to_be_set is {to_be_set}, expected {expected['amount_to_be_set']}")
    if "missing_facts" in expected:
        want_missing = sorted(expected["missing_facts"] or [])
        if sorted(missing) != want_missing:
            problems.append(f"missing_facts are {sorted(missing)}, expected {want_missing}")
    return problems
