"""The crediting rule: worked examples, monotonicity, caps, and scalar == vector."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.volunteering import (
    LedgerError,
    OutsideShift,
    RoundingMode,
    RoundingRule,
    credit_minutes,
    credit_minutes_array,
)

from .helpers import rules

H = 3600
M = 60


def credit(minutes_attended: float, rule: RoundingRule, shift_minutes: int = 600) -> int:
    return credit_minutes(0, int(minutes_attended * 60), 0, shift_minutes * 60, rule)


@pytest.mark.parametrize(
    ("attended", "expected"),
    [(0, 0), (15, 0), (15.5, 30), (44, 30), (45, 30), (46, 60), (60, 60), (75, 60), (76, 90)],
)
def test_zhiyuan_shancheng_published_table(attended, expected):
    # ≤15 min → 0 h; ≤45 min → 0.5 h; ≤60 min → 1 h (research/platforms.md)
    rule = RoundingRule(increment_minutes=30, mode=RoundingMode.NEAREST_HALF_DOWN)
    assert credit(attended, rule) == expected


@pytest.mark.parametrize(
    ("mode", "attended", "expected"),
    [
        (RoundingMode.DOWN, 29, 15),
        (RoundingMode.UP, 16, 30),
        (RoundingMode.NEAREST, 22.5, 30),
        (RoundingMode.NEAREST, 22.4, 15),
        (RoundingMode.NEAREST_HALF_DOWN, 22.5, 15),
    ],
)
def test_rounding_modes(mode, attended, expected):
    assert credit(attended, RoundingRule(increment_minutes=15, mode=mode)) == expected


def test_minimum_credits_zero_below_and_counts_from_it():
    rule = RoundingRule(increment_minutes=1, minimum_minutes=30)
    assert credit(29.9, rule) == 0
    assert credit(30, rule) == 30


def test_trim_counts_only_time_inside_the_shift():
    rule = RoundingRule(increment_minutes=1, outside_shift=OutsideShift.TRIM)
    # shift 09:00–12:00 (as seconds from midnight); attended 08:30–12:45
    assert credit_minutes(8 * H + 30 * M, 12 * H + 45 * M, 9 * H, 12 * H, rule) == 180
    # entirely before the shift: nothing inside it
    assert credit_minutes(7 * H, 8 * H, 9 * H, 12 * H, rule) == 0


def test_count_keeps_outside_time_but_cap_limits_to_the_shift_length():
    capped = RoundingRule(increment_minutes=1, outside_shift=OutsideShift.COUNT, cap_at_shift=True)
    uncapped = RoundingRule(increment_minutes=1, outside_shift=OutsideShift.COUNT, cap_at_shift=False)
    args = (8 * H + 30 * M, 12 * H + 45 * M, 9 * H, 12 * H)
    assert credit_minutes(*args, capped) == 180
    assert credit_minutes(*args, uncapped) == 255


def test_rounding_up_never_passes_a_capped_shift_length():
    rule = RoundingRule(increment_minutes=60, mode=RoundingMode.UP, cap_at_shift=True)
    assert credit(125, rule, shift_minutes=127) == 127


@pytest.mark.parametrize(
    "kwargs",
    [
        {"increment_minutes": 0},
        {"minimum_minutes": -1},
        {"max_minutes_per_day": 0},
        {"timezone": "Mars/Base"},
    ],
)
def test_invalid_rules_are_refused_with_a_code(kwargs):
    with pytest.raises(LedgerError) as e:
        RoundingRule(**kwargs)
    assert e.value.codes == {"bad_rule"}
    zh = e.value.issues[0].message_zh
    assert zh.startswith("计时规则无效：") and zh.endswith("。") and "_" not in zh  # no internal names


times = st.integers(0, 48 * H)


@settings(max_examples=300, deadline=None)
@given(
    rule=rules,
    ss=times,
    length=st.integers(60, 12 * H),
    ci=times,
    dur=st.integers(0, 20 * H),
    more_before=st.integers(0, 5 * H),
    more_after=st.integers(0, 5 * H),
)
def test_more_time_never_gives_fewer_minutes(rule, ss, length, ci, dur, more_before, more_after):
    base = credit_minutes(ci, ci + dur, ss, ss + length, rule)
    longer = credit_minutes(ci - more_before, ci + dur + more_after, ss, ss + length, rule)
    assert longer >= base


@settings(max_examples=300, deadline=None)
@given(rule=rules, ss=times, length=st.integers(60, 12 * H), ci=times, dur=st.integers(0, 20 * H))
def test_credit_is_a_multiple_of_the_increment_or_the_cap_and_never_above_it(rule, ss, length, ci, dur):
    got = credit_minutes(ci, ci + dur, ss, ss + length, rule)
    assert got >= 0
    if rule.cap_at_shift:
        assert got * 60 <= length
        assert got % rule.increment_minutes == 0 or got == length // 60
    else:
        assert got % rule.increment_minutes == 0


@settings(max_examples=150, deadline=None)
@given(
    rule=rules,
    rows=st.lists(
        st.tuples(times, st.integers(60, 12 * H), times, st.integers(0, 20 * H)), min_size=1, max_size=40
    ),
)
def test_vector_kernel_equals_the_scalar_reference(rule, rows):
    ss = np.array([r[0] for r in rows], dtype=np.int64)
    se = ss + np.array([r[1] for r in rows], dtype=np.int64)
    ci = np.array([r[2] for r in rows], dtype=np.int64)
    co = ci + np.array([r[3] for r in rows], dtype=np.int64)
    vec = credit_minutes_array(ci, co, ss, se, rule)
    ref = [
        credit_minutes(int(a), int(b), int(c), int(d), rule)
        for a, b, c, d in zip(ci, co, ss, se, strict=True)
    ]
    assert vec.tolist() == ref
