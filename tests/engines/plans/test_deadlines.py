"""Measure deadlines (完成时限, 到2025年底, 年内, 每年12月底前, 长期坚持) and plan periods."""

from __future__ import annotations

import pytest

from youthcity.engines.plans import parse_text
from youthcity.engines.plans.deadlines import deadline_in_text, parse_deadline, plan_period
from youthcity.engines.plans.units import parse_field_line


@pytest.mark.parametrize(
    ("value", "kind", "date", "every", "month"),
    [
        ("每年12月底前", "recurring", None, "year", 12),
        ("每年6月底", "recurring", None, "year", 6),
        ("每季度", "recurring", None, "quarter", None),
        ("2025年底前", "date", "2025-12-31", None, None),
        ("2024年6月底前", "date", "2024-06-30", None, None),
        ("2024年上半年", "date", "2024-06-30", None, None),
        ("2023—2025年", "date", "2025-12-31", None, None),
        ("2025-12-31", "date", "2025-12-31", None, None),
        ("年内", "date", "2023-12-31", None, None),
        ("长期坚持", "ongoing", None, None, None),
        ("2023年起长期坚持", "ongoing", None, None, None),
        ("按计划推进", "other", None, None, None),
    ],
)
def test_completion_field_values(value: str, kind: str, date: str | None, every: str | None,
                                 month: int | None) -> None:
    deadline = parse_deadline(value, 2023)
    assert deadline is not None
    assert (deadline.kind, deadline.date, deadline.every, deadline.month, deadline.text) == (
        kind, date, every, month, value
    )


def test_this_year_needs_the_plan_year() -> None:
    deadline = parse_deadline("年内", None)
    assert deadline is not None and (deadline.kind, deadline.date) == ("date", None)


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("到2025年底,建成青年驿站20家。", "date", "2025-12-31"),
        ("2024年建成10家,到2026年实现全覆盖。", "date", "2026-12-31"),
        ("2024年6月底前出台实施办法。", "date", "2024-06-30"),
        ("年内出台青年人才公寓管理办法。", "date", "2023-12-31"),
        ("每年12月底前报送工作台账。", "recurring", None),
        ("常态化开展青年联谊活动,长期坚持。", "ongoing", None),
    ],
)
def test_deadline_in_a_measure_text(text: str, kind: str, date: str | None) -> None:
    deadline = deadline_in_text(text, 2023)
    assert deadline is not None and (deadline.kind, deadline.date) == (kind, date)


@pytest.mark.parametrize("text", ["贯彻《中长期青年发展规划(2016—2025年)》。", "持续推进科技产业社区建设。", "2022年全面启动。"])
def test_no_deadline(text: str) -> None:
    assert deadline_in_text(text, 2023) is None


def test_completion_time_is_a_deadline_never_a_unit() -> None:
    fields = parse_field_line("责任单位：市人社局 完成时限：每年12月底前")
    assert fields is not None
    assert (fields.units, fields.deadline) == (["市人社局"], "每年12月底前")


@pytest.mark.parametrize(
    ("title", "start", "end"),
    [
        ("某市青年发展型城市建设行动方案(2025—2027年)", "2025-01-01", "2027-12-31"),
        ("某市青年发展型城市建设三年行动计划（2023-2025年）", "2023-01-01", "2025-12-31"),
        ("南湖县2024年青年发展工作要点", "2024-01-01", "2024-12-31"),
        ("某市“十四五”青年发展规划", "2021-01-01", "2025-12-31"),
    ],
)
def test_plan_period_from_the_title(title: str, start: str, end: str) -> None:
    period = plan_period(title)
    assert period is not None and (period.start, period.end) == (start, end)


PLAN = """青岩县建设青年发展友好型县城三年行动计划(2025—2027年)

一、重点任务
1.建设青年驿站。新建青年驿站5家,年内投入运营。
责任单位:县人社局、团县委
完成时限:2025年底前
2.报送工作台账。各成员单位按季度报送工作进展。
责任单位:县委组织部 完成时限:每年12月底前
3.开展青年联谊。常态化开展青年联谊交友活动,长期坚持。(牵头单位:团县委;完成时限:长期坚持)
4.完善青年公寓。年内出台青年人才公寓管理办法。
"""


def test_deadlines_in_a_plan() -> None:
    plan = parse_text(PLAN)
    assert plan.period is not None and (plan.period.start, plan.period.end) == ("2025-01-01", "2027-12-31")
    first, second, third, fourth = plan.measures()
    assert first.responsible_units == ("县人社局", "团县委")
    assert first.deadline is not None and (first.deadline.kind, first.deadline.date) == ("date", "2025-12-31")
    assert second.responsible_units == ("县委组织部",)
    assert second.deadline is not None and (second.deadline.every, second.deadline.month) == ("year", 12)
    assert third.responsible_units == ("团县委",) and "完成时限" not in third.text
    assert third.deadline is not None and third.deadline.kind == "ongoing"
    # 年内 with no plan date: the first year of the title's period
    assert fourth.deadline is not None and fourth.deadline.date == "2025-12-31"
    assert [t.deadline for t in first.targets] == [None]  # 新建…5家 is not itself dated
