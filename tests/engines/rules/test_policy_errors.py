"""Policy file errors: file, line and column for every kind; loading is all-or-nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from youthcity.engines.rules import PolicyError, load_policy_set

from .conftest import DEMO_POLICY


def position(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based (line, column) of `needle` (+ offset characters) in `text`."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def load_error(directory: Path) -> PolicyError:
    with pytest.raises(PolicyError) as exc:
        load_policy_set(directory)
    return exc.value


def expect_error(
    policy_dir: Callable[..., Path], text: str, needle: str, message: str, offset: int = 0
) -> None:
    err = load_error(policy_dir(demo=text))
    assert err.file.endswith("demo.yaml")
    assert (err.line, err.column) == position(text, needle, offset), err
    assert message in err.message, err.message


def test_demo_policy_loads(policy_dir: Callable[..., Path]) -> None:
    assert load_policy_set(policy_dir(demo=DEMO_POLICY)).ids == ["demo"]


def test_unknown_fact(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("expression: education_level in", "expression: education_levl in")
    expect_error(policy_dir, text, "education_levl", "unknown fact 'education_levl'")


def test_unknown_parameter(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("expression: param.demo.amount", "expression: 2 * param.demo.amont")
    expect_error(policy_dir, text, "param.demo.amont", "unknown parameter 'demo.amont'")


def test_type_mismatch_date_vs_number(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace(
        "expression: education_level in ['bachelor', 'master']", "expression: graduation_date > 2020"
    )
    expect_error(policy_dir, text, "graduation_date > 2020", "cannot order-compare date with number", offset=16)


def test_condition_must_be_boolean(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("expression: education_level in ['bachelor', 'master']", "expression: internship_months + 1")
    expect_error(policy_dir, text, "internship_months + 1", "must be bool")


def test_unknown_enum_value(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("'master'", "'phd'")
    expect_error(policy_dir, text, "'phd'", "'phd' is not a value of education_level")


def test_block_scalar_expression_positions(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace(
        "expression: education_level in ['bachelor', 'master']",
        "expression: |\n      is_intern and\n      bogus_fact",
    )
    expect_error(policy_dir, text, "bogus_fact", "unknown fact 'bogus_fact'")


def test_invalid_parameter_date(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("2023-01-01: 150", "2023-02-30: 150")
    expect_error(policy_dir, text, "2023-02-30", "invalid date")


def test_invalid_effective_date(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("from: 2020-01-01", "from: 2020-13-01")
    expect_error(policy_dir, text, "2020-13-01", "invalid date for effective.from")


def test_invalid_date_literal_in_expression(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace(
        "expression: education_level in ['bachelor', 'master']",
        "expression: graduation_date > date('2021-02-29')",
    )
    expect_error(policy_dir, text, "'2021-02-29'", "invalid date")


def test_unknown_keys_are_errors(policy_dir: Callable[..., Path]) -> None:
    expect_error(policy_dir, DEMO_POLICY + "colour: blue\n", "colour", "unknown key 'colour' in policy")
    text = DEMO_POLICY.replace("    clause: \"1\"\n    reason:", "    clause: \"1\"\n    claus: \"2\"\n    reason:")
    expect_error(policy_dir, text, "claus:", "unknown key 'claus' in condition")
    text = DEMO_POLICY.replace("    type: number\n", "    type: number\n    unti: CNY\n")
    expect_error(policy_dir, text, "unti", "unknown key 'unti' in parameter demo.amount")


def test_missing_required_key(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("kind: cash\n", "")
    err = load_error(policy_dir(demo=text))
    assert "missing the required key 'kind'" in err.message
    assert (err.line, err.column) == (1, 1)


def test_yaml_syntax_error(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("name: {zh: 示例, en: Demo}", "name: {zh: 示例, en: Demo")
    err = load_error(policy_dir(demo=text))
    assert "YAML syntax error" in err.message and err.line >= 2


def test_null_value_needs_to_be_set_flag(policy_dir: Callable[..., Path]) -> None:
    text = DEMO_POLICY.replace("2023-01-01: 150", "2023-01-01: null")
    expect_error(policy_dir, text, "null", "to_be_set_by_city")


def test_duplicate_parameter_across_files(policy_dir: Callable[..., Path]) -> None:
    other = DEMO_POLICY.replace("id: demo", "id: other")
    err = load_error(policy_dir(demo=DEMO_POLICY, other=other))
    assert "already declared" in err.message and err.file.endswith("other.yaml")


def test_id_must_match_file_name(policy_dir: Callable[..., Path]) -> None:
    expect_error(policy_dir, DEMO_POLICY.replace("id: demo", "id: demo2"), "demo2", "must match the file name")


def _with_condition(policy_id: str, expression: str) -> str:
    return DEMO_POLICY.replace("id: demo", f"id: {policy_id}").replace(
        "expression: education_level in ['bachelor', 'master']", f"expression: {expression}"
    ).replace("demo.amount", f"{policy_id}.amount")


def test_cycle_between_policies(policy_dir: Callable[..., Path]) -> None:
    a = _with_condition("alpha", "policy.beta.eligible")
    b = _with_condition("beta", "is_intern and policy.gamma.eligible")
    c = _with_condition("gamma", "policy.alpha.eligible")
    err = load_error(policy_dir(alpha=a, beta=b, gamma=c))
    assert "cycle between policies" in err.message
    assert all(p in err.message for p in ("alpha", "beta", "gamma"))
    source = {"alpha.yaml": a, "beta.yaml": b, "gamma.yaml": c}[Path(err.file).name]
    assert (err.line, err.column) == position(source, "policy.", 0)


def test_self_reference_is_a_cycle(policy_dir: Callable[..., Path]) -> None:
    a = _with_condition("alpha", "is_intern or policy.alpha.eligible")
    err = load_error(policy_dir(alpha=a))
    assert "cycle" in err.message
    assert (err.line, err.column) == position(a, "policy.alpha")


def test_unknown_policy_reference(policy_dir: Callable[..., Path]) -> None:
    a = _with_condition("alpha", "policy.nobody.eligible")
    err = load_error(policy_dir(alpha=a))
    assert "unknown policy 'nobody'" in err.message


def test_loading_is_all_or_nothing(policy_dir: Callable[..., Path]) -> None:
    good = _with_condition("alpha", "is_intern")
    directory = policy_dir(alpha=good)
    previous = load_policy_set(directory)
    bad = _with_condition("beta", "is_intern and nonsense_fact")
    (directory / "beta.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError):
        load_policy_set(directory)
    # The caller keeps the previous set, which is untouched and still works.
    assert previous.ids == ["alpha"]
    assert previous.evaluate({"is_intern": True}, previous.parameters["alpha.amount"].values[0][0])[0].eligible


def test_facts_file_errors(policy_dir: Callable[..., Path], tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text(
        "facts:\n  age:\n    type: integer\n    label: {zh: 年龄, en: Age}\n    question: {zh: 几岁, en: Age}\n",
        encoding="utf-8",
    )
    directory = policy_dir(demo=DEMO_POLICY)
    with pytest.raises(PolicyError) as exc:
        load_policy_set(directory, facts_file=facts)
    assert exc.value.file == str(facts)
    assert (exc.value.line, exc.value.column) == (3, 11)
    assert "unknown fact type 'integer'" in exc.value.message


def test_audience_defaults_to_youth_and_rejects_unknown_values(policy_dir: Callable[..., Path]) -> None:
    assert load_policy_set(policy_dir(demo=DEMO_POLICY)).policies["demo"].audience == "youth"
    employer = DEMO_POLICY.replace("kind: cash\n", "kind: cash\naudience: employer\n")
    ps = load_policy_set(policy_dir(demo=employer))
    assert ps.policies["demo"].audience == "employer" and ps.policies["demo"].to_dict()["audience"] == "employer"
    text = DEMO_POLICY.replace("kind: cash\n", "kind: cash\naudience: enterprise\n")
    expect_error(policy_dir, text, "enterprise", "unknown audience 'enterprise' (allowed: youth, employer)")


DERIVED_FACTS = """\
facts:
  birth_date:
    type: date
    label: {zh: 出生日期, en: Date of birth}
    question: {zh: 出生日期, en: Date of birth}
  education_level:
    type: enum
    label: {zh: 学历, en: Education}
    question: {zh: 学历, en: Education}
    values: {bachelor: {zh: 本科, en: Bachelor}, master: {zh: 硕士, en: Master}}
  age:
    type: int
    label: {zh: 年龄, en: Age}
    question: {zh: 几岁, en: Age}
    derived: years_between(birth_date, today)
"""


@pytest.mark.parametrize(
    ("derived", "needle", "message"),
    [
        ("years_between(birth_dat, today)", "birth_dat,", "unknown fact 'birth_dat'"),
        ("birth_date", "derived: birth_date", "must be number, not date"),
        ("years_between(birth_date, today) + param.demo.amount", "param.demo.amount", "unknown parameter"),
        ("age + 1", "derived: age", "cannot read derived fact age"),
    ],
)
def test_derived_fact_errors(policy_dir: Callable[..., Path], tmp_path: Path, derived: str, needle: str, message: str) -> None:
    text = DERIVED_FACTS.replace("derived: years_between(birth_date, today)", f"derived: {derived}")
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_policy_set(policy_dir(demo=DEMO_POLICY), facts_file=facts)
    offset = len("derived: ") if needle.startswith("derived: ") else 0
    assert (exc.value.line, exc.value.column) == position(text, needle, offset), exc.value
    assert message in exc.value.message, exc.value.message


def test_a_string_fact_cannot_be_derived(policy_dir: Callable[..., Path], tmp_path: Path) -> None:
    text = DERIVED_FACTS + "  city:\n    type: string\n    label: {zh: 城市, en: City}\n    question: {zh: 城市, en: City}\n    derived: today\n"
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        load_policy_set(policy_dir(demo=DEMO_POLICY), facts_file=facts)
    assert "only bool, int, number and date facts can be derived" in exc.value.message
