"""The anonymised district pilot plan: 3 actions, 11 measures with 责任单位 after each."""

from __future__ import annotations

import pytest

from youthcity.engines.plans import Plan, parse_all, parse_text

from .helpers import find_target, fixture_text, measures


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_text(fixture_text("district_pilot_zh.txt"))


UNITS = [
    ["区委组织部", "团区委", "区人社局", "区财政局"],
    ["区人社局", "区财政局", "团区委"],
    ["区委组织部", "区委编办", "区文旅局", "区人社局", "区教体局", "团区委", "两乡四办"],
    ["区政府办", "区发改委", "区工商联", "团区委", "区行政服务保障中心", "两乡四办"],
    ["区委组织部", "区行政服务保障中心", "区人社局", "区教育局", "区财政局", "区科技局", "区工信局", "团区委"],
    ["区委组织部", "团区委", "区住建局", "区财政局", "区人社局", "两乡四办"],
    ["区工会", "区委宣传部", "团区委", "区妇联", "区公安分局", "区民政局", "两乡四办"],
    ["区委宣传部", "区文旅局", "团区委", "两乡四办"],
    ["区委宣传部", "区委网信办", "区发改委", "区商务局", "区城管局", "团区委", "两乡四办"],
    ["区委组织部", "区商务局", "区科技局", "区工信局", "区农业农村局", "团区委", "XX乡"],
    ["区疾控中心", "区教体局", "区政法委", "团区委", "区卫健委", "两乡四办"],
]


def test_single_document_and_title(plan: Plan) -> None:
    assert len(parse_all(fixture_text("district_pilot_zh.txt"))) == 1
    assert plan.title == "XX区青年发展型城市建设试点实施方案"
    assert (plan.issuer, plan.date) == (None, None)


def test_three_actions_eleven_measures(plan: Plan) -> None:
    assert [p.title for p in plan.projects] == [
        "开展引才聚才行动,打造青年活力XX",
        "开展宜居安居行动,打造青年幸福XX",
        "优化育才成才行动,打造文化XX",
    ]
    assert [[m.number for m in p.measures] for p in plan.projects] == [
        ["1", "2", "3", "4", "5"],
        ["1", "2"],
        ["1", "2", "2", "3"],  # the duplicated "2" of the source is kept: two measures
    ]


def test_number_split_from_its_mark(plan: Plan) -> None:
    # "1\n、健全人才保障体系。" in the source
    assert measures(plan)[0].title == "健全人才保障体系"
    assert measures(plan)[9].title == "创新乡村振兴形式"


def test_responsible_units_per_measure(plan: Plan) -> None:
    assert [list(m.responsible_units) for m in plan.measures()] == UNITS


def test_unit_lines_are_not_in_measure_text(plan: Plan) -> None:
    assert all("责任单位" not in m.text for m in plan.measures())


def test_continuation_paragraph_stays_with_its_measure(plan: Plan) -> None:
    assert measures(plan)[7].text.endswith("传递青春正能量。\n大力宣传推荐XX青年发展。")


def test_sections_without_tasks_yield_nothing(plan: Plan) -> None:
    texts = "\n".join(m.text for m in plan.measures())
    assert "四张清单" not in texts and "以习近平新时代" not in texts


def test_targets(plan: Plan) -> None:
    ms = measures(plan)
    graduates = find_target(ms[1], 1000, "名")  # 力争每年千名以上 (the quoted 百名 is a name)
    assert (graduates.comparator, graduates.per) == (">=", "year")
    hours = find_target(ms[3], 2, "小时")  # 新开办企业时间压缩至2小时
    assert hours.comparator == "<="
    assert hours.subject == "新开办企业时间"
    assert ms[5].targets == ()  # 15分钟青年生活圈
    assert len(list(plan.targets())) == 2
