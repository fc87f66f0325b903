"""The supervision rule and the assessment formula (pure functions), with hypothesis properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.ledger import drafts, scoring
from youthcity.ledger import supervision as sv

START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def status(achieved, today, *, target=100, baseline=0, comparator=">="):
    return sv.target_status(achieved=None if achieved is None else Decimal(achieved), baseline=Decimal(baseline),
                            target=Decimal(target), comparator=comparator, start=START, deadline=DEADLINE,
                            today=today).status


@pytest.mark.parametrize("achieved,today,expected", [
    (None, dt.date(2026, 1, 10), sv.NOT_STARTED),
    (None, dt.date(2026, 7, 1), sv.AT_RISK),        # half the time gone, nothing reported
    (45, dt.date(2026, 7, 1), sv.ON_TRACK),         # 45% done at ~50% elapsed, within the 10-point tolerance
    (30, dt.date(2026, 7, 1), sv.AT_RISK),
    (100, dt.date(2026, 3, 1), sv.DONE),
    (99, dt.date(2027, 1, 1), sv.OVERDUE),
    (100, dt.date(2027, 1, 1), sv.DONE),
])
def test_status_rule(achieved, today, expected):
    assert status(achieved, today) == expected


def test_at_most_targets_count_a_fall_from_the_baseline():
    # "新开办企业时间压缩至2小时" from a baseline of 10 hours.
    assert status(2, dt.date(2026, 6, 1), target=2, baseline=10, comparator="<=") == sv.DONE
    assert status(9, dt.date(2026, 9, 1), target=2, baseline=10, comparator="<=") == sv.AT_RISK
    assert status(5, dt.date(2026, 6, 1), target=2, baseline=10, comparator="<=") == sv.ON_TRACK


def test_more_than_needs_strictly_more():
    assert status(100, dt.date(2026, 6, 1), comparator=">") != sv.DONE
    assert status(101, dt.date(2026, 6, 1), comparator=">") == sv.DONE


days = st.integers(min_value=-30, max_value=420).map(lambda n: START + dt.timedelta(days=n))
values = st.integers(min_value=0, max_value=100_000).map(lambda n: Decimal(n) / 100)


@settings(deadline=None)
@given(a=values, b=values, today=days, target=st.integers(min_value=10, max_value=5000).map(lambda n: Decimal(n) / 10),
       comparator=st.sampled_from([">=", ">", "=", "<="]))
def test_status_is_monotone_in_the_achieved_value(a, b, today, target, comparator):
    low, high = min(a, b), max(a, b)
    baseline = Decimal(0) if comparator != "<=" else target * 3
    if comparator == "<=":  # for "at most" targets a lower value is better
        low, high = high, low
    ranks = [sv.SEVERITY[sv.target_status(achieved=v, baseline=baseline, target=target, comparator=comparator,
                                          start=START, deadline=DEADLINE, today=today).status] for v in (low, high)]
    assert ranks[0] <= ranks[1]


@settings(deadline=None)
@given(achieved=values, today=days)
def test_progress_is_a_share(achieved, today):
    a = sv.target_status(achieved=achieved, baseline=Decimal(0), target=Decimal(100), comparator=">=",
                         start=START, deadline=DEADLINE, today=today)
    assert 0 <= a.progress <= 1 and 0 <= a.expected <= 1


def test_measure_takes_the_worst_status():
    on = sv.classify(progress=Decimal(1), done=True, reported=True, start=START, deadline=DEADLINE,
                     today=dt.date(2026, 6, 1))
    late = sv.classify(progress=Decimal(0), done=False, reported=True, start=START, deadline=DEADLINE,
                       today=dt.date(2027, 6, 1))
    combined = sv.combine([on, late])
    assert combined.status == sv.OVERDUE and combined.progress == Decimal("0.5")


def test_score_formula_and_missing_components():
    s = scoring.score(completion=Decimal("0.5"), timeliness=Decimal(1), quality=Decimal("0.8"))
    assert s.total == Decimal("71.0")  # (50×0.5 + 30×1 + 20×0.8) / 100 × 100
    s = scoring.score(completion=Decimal("0.5"), timeliness=None, quality=None)
    assert s.total == Decimal("50.0")  # only completion has data
    assert scoring.score(completion=None, timeliness=None, quality=None).total is None
    weights = scoring.weights_from({"quality": 0})
    assert scoring.score(completion=Decimal(1), timeliness=Decimal(0), quality=Decimal(1), weights=weights).total \
        == Decimal("62.5")
    with pytest.raises(ValueError):
        scoring.weights_from({"speed": 1})


shares = st.integers(0, 1000).map(lambda n: Decimal(n) / 1000)


@settings(deadline=None)
@given(c=shares, t=shares, q=shares, d=shares)
def test_score_is_bounded_and_monotone_in_completion(c, t, q, d):
    lo = scoring.score(completion=min(c, d), timeliness=t, quality=q).total
    hi = scoring.score(completion=max(c, d), timeliness=t, quality=q).total
    assert 0 <= lo <= hi <= 100


def _draft():
    return {"title": "t", "projects": [{"title": "p", "lead_units": ["A"], "measures": [
        {"number": "1", "title": None, "text": "建设100套。\n培训200人。", "responsible_units": ["B"],
         "targets": [{"text": "建设100套", "value": 100, "unit": "套"}, {"text": "培训200人", "value": 200, "unit": "人"}]},
        {"number": "2", "title": None, "text": "其他", "responsible_units": ["C", "B"], "targets": []}]}]}


def test_split_sends_each_target_to_its_part_and_merge_undoes_it():
    d = _draft()
    split = drafts.split_measure(d, 0, 0, "建设100套。\n---\n培训200人。")
    parts = split["projects"][0]["measures"]
    assert [m["number"] for m in parts[:2]] == ["1a", "1b"]
    assert [t["unit"] for t in parts[0]["targets"]] == ["套"] and [t["unit"] for t in parts[1]["targets"]] == ["人"]
    merged = drafts.merge_with_next(split, 0, 0)
    assert drafts.counts(merged) == drafts.counts(d)
    assert d == _draft()  # inputs are never mutated
    with pytest.raises(ValueError):
        drafts.split_measure(d, 0, 0, "no marker")


def test_unit_names_are_all_listed_and_unmapped_until_decided():
    d = _draft()
    assert drafts.unit_names(d) == ["A", "B", "C"]
    d = drafts.set_unit_choices(d, {"A": {"unit": 1}, "B": {"not_unit": True}})
    assert drafts.unmapped_names(d) == ["C"]


sentences = st.lists(st.text(alphabet="建设培训青年人才公寓岗位", min_size=1, max_size=8), min_size=2, max_size=6)


@settings(deadline=None)
@given(parts=sentences, cut=st.integers(min_value=1, max_value=5))
def test_split_then_merge_keeps_every_target_and_unit(parts, cut):
    cut = min(cut, len(parts) - 1)
    text = "。".join(parts)
    targets = [{"text": p, "value": i, "unit": "个"} for i, p in enumerate(parts)]
    d = {"projects": [{"title": None, "lead_units": [], "measures": [
        {"number": "1", "title": None, "text": text, "responsible_units": ["甲", "乙"], "targets": targets}]}]}
    marked = "。".join(parts[:cut]) + "\n---\n" + "。".join(parts[cut:])
    split = drafts.split_measure(d, 0, 0, marked)
    assert drafts.counts(split) == {"projects": 1, "measures": 2, "targets": len(parts)}
    assert all(m["responsible_units"] == ["甲", "乙"] for m in split["projects"][0]["measures"])
    merged = drafts.merge_with_next(split, 0, 0)["projects"][0]["measures"][0]
    assert sorted(t["value"] for t in merged["targets"]) == list(range(len(parts)))
