"""Smaller inline plans in styles the seeds do not show."""

from __future__ import annotations

from youthcity.engines.plans import parse_text

from .helpers import values

SUBHEADING_MEASURES = """某市青年发展型城市建设实施方案
一、总体要求
到2025年,基本建成青年发展型城市。
二、重点任务
(一)促进青年就业。每年新增青年就业1万人。(牵头单位:市人社局)
(二)保障青年住房。筹集保障性租赁住房5000套。责任单位:市住建局、市财政局
(三)丰富青年生活。建设青年之家30个。
三、保障措施
(一)加强组织领导。市人社局牵头负责促进青年就业。
"""

TOP_LEVEL_PROJECTS = """某县青年工作方案
一、青年就业工程
1.扩大就业。新增就业岗位800个。责任单位:县人社局
2.支持创业。发放贷款500万元。
二、青年安居工程
1.建设公寓。建设人才公寓200套。
三、组织保障
县人社局牵头负责青年就业工程,县住建局牵头负责青年安居工程。
"""

ENGLISH_PARENTHESES = """Riverton Youth Plan

Key tasks

Youth employment initiative

(1) Create jobs. Create at least 2,000 jobs for young people by 2025.

(2) Training. Train 5,000 people annually.

Youth housing initiative

(3) Build homes. Build 1,500 units of youth housing.
"""

CHAPTERS = """某区青年发展规划
第一章 发展目标
到2030年,青年发展环境明显改善。
第二章 主要任务
第一节 就业创业行动
1.新增青年就业岗位3000个。
2.建设创业孵化基地5个。
第二节 文化活力行动
3.举办青年文化活动不少于100场。
"""


def test_subheadings_with_inline_text_are_measures_when_nothing_is_numbered() -> None:
    plan = parse_text(SUBHEADING_MEASURES)
    assert len(plan.projects) == 1 and plan.projects[0].title is None  # 重点任务 is generic
    assert [(m.number, m.title) for m in plan.measures()] == [
        ("1", "促进青年就业"),
        ("2", "保障青年住房"),
        ("3", "丰富青年生活"),
    ]
    assert [m.responsible_units for m in plan.measures()] == [("市人社局",), ("市住建局", "市财政局"), ()]
    assert all("单位" not in m.text for m in plan.measures())
    assert [t.value for t in plan.targets()] == [10000, 5000, 30]


def test_top_level_headings_as_projects_and_trailing_units() -> None:
    plan = parse_text(TOP_LEVEL_PROJECTS)
    assert [p.title for p in plan.projects] == ["青年就业工程", "青年安居工程"]
    assert [p.lead_units for p in plan.projects] == [("县人社局",), ("县住建局",)]
    first = plan.projects[0].measures[0]
    assert first.responsible_units == ("县人社局",)
    assert first.text == "扩大就业。新增就业岗位800个。"
    assert values(plan.projects[0].measures[1]) == [(5_000_000, "元")]


def test_english_parenthesised_numbers_and_initiatives() -> None:
    plan = parse_text(ENGLISH_PARENTHESES)
    assert [p.title for p in plan.projects] == ["Youth employment initiative", "Youth housing initiative"]
    assert [m.number for m in plan.measures()] == ["1", "2", "3"]
    jobs, people, homes = plan.targets()
    assert (jobs.value, jobs.comparator, jobs.deadline) == (2000, ">=", "2025-12-31")
    assert (people.value, people.per) == (5000, "year")
    assert (homes.value, homes.unit, homes.subject) == (1500, "units", "youth housing")


def test_chapters_and_sections() -> None:
    plan = parse_text(CHAPTERS)
    assert [p.title for p in plan.projects] == ["就业创业行动", "文化活力行动"]
    assert [len(p.measures) for p in plan.projects] == [2, 1]


SIGNED_AT_THE_END = """测试市青年发展行动方案

一、主要任务
(一)青年安居工程
1. 加快保障性租赁住房建设。5年内新筹建保障性租赁住房5万套。
责任单位:市住建局
二、组织保障
市住建局牵头负责青年安居。

测试市人民政府办公室
2021年12月2日
"""


def test_signature_at_the_end_gives_issuer_and_date() -> None:
    plan = parse_text(SIGNED_AT_THE_END)
    assert (plan.issuer, plan.date) == ("测试市人民政府办公室", "2021-12-02")
    assert plan.projects[0].lead_units == ("市住建局",)
    assert next(plan.targets()).deadline == "2026-12-02"


MIXED_PROJECTS = """某市青年发展行动方案
一、重点任务
(一)青年就业工程。围绕产业需求促进青年就业。
牵头单位:市人社局
1.扩大就业。新增岗位1000个。
2.支持创业。建设孵化基地5个。
(二)青年文化工程。每年举办青年文化活动不少于50场。
责任单位:市文旅局
(三)青年健康工程
加强青年心理健康服务,建设心理服务站10个。
二、保障措施
(一)加强领导。建立联席会议制度。
"""


def test_projects_without_numbered_measures_keep_their_text_as_one_measure() -> None:
    plan = parse_text(MIXED_PROJECTS)
    assert [p.title for p in plan.projects] == ["青年就业工程", "青年文化工程", "青年健康工程"]
    employment, culture, health = plan.projects
    # The introduction of a project with numbered measures is not a measure; its unit line is the lead.
    assert [m.number for m in employment.measures] == ["1", "2"]
    assert employment.lead_units == ("市人社局",)
    assert [(m.number, m.text, m.responsible_units) for m in culture.measures] == [
        (None, "每年举办青年文化活动不少于50场。", ("市文旅局",))
    ]
    assert culture.measures[0].targets[0].per == "year"
    assert [m.text for m in health.measures] == ["加强青年心理健康服务,建设心理服务站10个。"]


def test_passive_lead_statement() -> None:
    text = TOP_LEVEL_PROJECTS.replace(
        "县人社局牵头负责青年就业工程,县住建局牵头负责青年安居工程。",
        "青年就业工程由县人社局牵头,青年安居工程由县住建局牵头负责,县委组织部负责统筹协调。",
    )
    assert [p.lead_units for p in parse_text(text).projects] == [("县人社局",), ("县住建局",)]


UNLABELLED_UNITS = """某市青年发展型城市建设实施方案
一、重点任务
1.扩大青年就业。每年新增青年就业岗位1万个。（市人社局、市财政局按职责分工负责）
2.支持青年创业。建设青年创业孵化基地5个。（市人社局牵头，市财政局、团市委配合）
3.加强宣传引导。营造关心青年发展的浓厚氛围。（各县（市、区）人民政府负责）
4.出台配套政策。制定青年人才安居实施细则（2024—2026年）。
"""


def test_unlabelled_unit_annotations() -> None:
    plan = parse_text(UNLABELLED_UNITS)
    assert [m.responsible_units for m in plan.measures()] == [
        ("市人社局", "市财政局"), ("市人社局", "市财政局", "团市委"), ("各县（市、区）人民政府",), (),
    ]
    assert plan.projects[0].measures[1].text == "支持青年创业。建设青年创业孵化基地5个。"
    assert plan.projects[0].measures[3].text.endswith("（2024—2026年）。")  # an aside, not units


def test_goal_section_figures_are_plan_goals_not_measure_targets() -> None:
    from .helpers import fixture_text

    plan = parse_text(fixture_text("qingcheng_zh.txt"))
    assert [(g.value, g.unit, g.subject, g.deadline) for g in plan.goals] == [(30, "%", "青年人口占比", "2025-12-31")]
    assert all(t.text != plan.goals[0].text for t in plan.targets())
