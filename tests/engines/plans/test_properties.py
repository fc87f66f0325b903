"""Hypothesis properties: magnitudes round-trip, the parser never crashes, text is kept."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from youthcity.engines.plans import Plan, PlanParseError, parse_bytes, parse_number, parse_text
from youthcity.engines.plans.targets import extract_targets_zh
from youthcity.engines.plans.textprep import normalize_text

MAGNITUDES = {"万": 10_000, "亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000}


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(sorted(MAGNITUDES)))
def test_magnitude_round_trip(n: int, magnitude: str) -> None:
    assert parse_number(f"{n}{magnitude}") == Decimal(n) * MAGNITUDES[magnitude]


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999.9"), places=1))
def test_decimal_wan_round_trip(n: Decimal) -> None:
    assert parse_number(f"{n}万") == n * 10000


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.integers(min_value=1, max_value=99_999_999))
def test_thousands_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.integers(min_value=1, max_value=10**6))
def test_wan_in_a_sentence_is_a_target(n: int) -> None:
    targets = extract_targets_zh(f"新建青年公寓{n}万套。")
    assert [(t.value, t.unit) for t in targets] == [(Decimal(n) * 10000, "套")]


# Text made of the pieces plans are made of, so that structure is actually exercised.
PIECES = st.sampled_from(
    ["一、", "二、", "(一)", "（二）", "1.", "2、", "(3)", "\n", "\n\n", "责任单位:", "市人社局、", "工程", "行动",
     "。", ",", "每年", "不少于", "5万套", "10万元~20万元", "15分钟", "“", "”", "《", "》", "到2025年",
     "5年内", "以上", "的", "青年", "建设", "Project", "1. Build ", "more than 2,000 ", "graduates", " ",
     "2021年12月2日", "关于印发《方案》的通知", "中共测试市委办公室", "一是", "二是", "%", "亿元", "个", "名"]
)
PLANLIKE = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(PLANLIKE)
def test_parse_text_returns_a_plan_or_raises_plan_parse_error(text: str) -> None:
    try:
        plan = parse_text(text)
    except PlanParseError as error:
        assert error.code in {"empty", "no_structure", "too_large"}
        return
    assert isinstance(plan, Plan)
    assert sum(1 for _ in plan.measures()) >= 1
    Plan.from_dict(plan.to_dict())  # the JSON shape is always well-formed


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.pdf", "a.docx", "a", "a.doc"]))
def test_parse_bytes_never_crashes(data: bytes, name: str) -> None:
    try:
        parse_bytes(data, name)
    except PlanParseError:
        pass


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(PLANLIKE)
def test_measure_text_comes_from_the_input(text: str) -> None:
    try:
        plan = parse_text(text)
    except PlanParseError:
        return
    source = _squash(text)
    for measure in plan.measures():
        # Lines may be glued and unit annotations cut, but the opening is verbatim.
        head = _squash(measure.text)[:12]
        assert head in source


@settings(max_examples=200, deadline=None)
@given(PLANLIKE)
def test_targets_are_well_formed(text: str) -> None:
    try:
        plan = parse_text(text)
    except PlanParseError:
        return
    for target in plan.targets():
        assert target.value > 0
        assert target.comparator in {">=", ">", "=", "<="}
        assert target.per in {None, "year"}
        assert target.deadline is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", target.deadline)
        assert target.unit
