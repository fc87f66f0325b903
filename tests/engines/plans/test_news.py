"""News reports of a plan: the plan's own title, lead paragraphs apart, 万 kept."""

from __future__ import annotations

import functools

import pytest

from youthcity.engines.plans import Plan, parse_text
from youthcity.engines.plans.news import is_aside, reported_plan

from .helpers import fixture_text


@functools.cache
def parsed(name: str) -> Plan:
    return parse_text(fixture_text(name))


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("news_portal_zh.txt", "青城市青年发展型城市建设实施方案"),  # not 《中长期青年发展规划（2016—2025年）》
        ("news_daily_zh.txt", "南州市建设青年友好城市三年行动计划（2023—2025年）"),  # not the headline
        ("news_brief_zh.txt", "东阳区建设青年发展型城区先行区实施方案"),
        ("blind_news_zh.txt", "湖州市青年友好城市建设行动计划（2024—2026年）"),
    ],
)
def test_title_is_the_reported_plan(name: str, title: str) -> None:
    assert parsed(name).title == title


def test_period_of_the_reported_plan() -> None:
    period = parsed("news_daily_zh.txt").period
    assert period is not None and (period.start, period.end) == ("2023-01-01", "2025-12-31")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("为贯彻落实《中长期青年发展规划（2016—2025年）》，某市近日印发《某市青年发展型城市建设实施方案》。",
         "某市青年发展型城市建设实施方案"),
        ("《某区青年友好城区行动计划》正式发布，该计划依据《某省青年发展规划》制定。", "某区青年友好城区行动计划"),
        ("根据《中长期青年发展规划》，全市将继续推进相关工作。", None),
    ],
)
def test_reported_plan_scoring(text: str, expected: str | None) -> None:
    assert reported_plan(text) == expected


def test_lead_remark_background_and_closing_paragraphs_are_not_measures() -> None:
    texts = [m.text for m in parsed("news_portal_zh.txt").measures()]
    assert len(texts) == 4 and all(t.startswith("在") for t in texts)
    joined = "".join(texts)
    for aside in ("近日", "记者从团市委获悉", "负责人表示", "陈思远"):
        assert aside not in joined
    daily = "".join(m.text for m in parsed("news_daily_zh.txt").measures())
    assert "发布会" not in daily and "此前已出台" not in daily


@pytest.mark.parametrize(
    "paragraph",
    [
        "本报讯（记者 周凯）6月12日，南州市召开新闻发布会。",
        "据了解，此前湖州已连续三年实施“青年人才集聚计划”，累计引进大学生13.6万名。",
        "“让青年留得下。”市委主要负责同志在会上表示。",
        "下一步，团市委将会同各成员单位抓好落实。",
        "该计划共包括青年就业促进、青年安居等6个方面18项具体任务。",
    ],
)
def test_asides(paragraph: str) -> None:
    assert is_aside(paragraph)


def test_measure_paragraphs_of_a_report_are_not_asides() -> None:
    assert not is_aside("在促进青年就业创业方面，《方案》提出，每年开发就业岗位不少于2万个。")


def test_wan_keeps_its_magnitude_and_the_written_number() -> None:
    employment = parsed("news_portal_zh.txt").projects[0].measures[0]
    [graduates] = [t for t in employment.targets if t.written == "2.75万名"]
    assert (graduates.value, graduates.unit, graduates.to_dict()["value"]) == (27500, "名", 27500)
    assert graduates.deadline == "2025-12-31"
    assert graduates.subject == "高校毕业生留青就业创业"


def test_aspect_paragraphs_and_bracket_headings_group_measures() -> None:
    assert [p.title for p in parsed("news_portal_zh.txt").projects] == ["促进青年就业创业", "青年安居", "青年成长", "城市文化"]
    daily = parsed("news_daily_zh.txt")
    assert [p.title for p in daily.projects] == ["就业创业", "安居保障", "婚恋服务", "文体生活"]
    assert not any(m.text.startswith("【") for m in daily.measures())


def test_enumerated_items_of_aspect_paragraphs_are_measures() -> None:
    brief = parsed("news_brief_zh.txt")
    assert [(p.title, [m.number for m in p.measures]) for p in brief.projects] == [
        ("就业", ["1", "2", "3"]), ("安居", ["1", "2"]), ("成长", ["1", "2", "3"]),
    ]
    rent = brief.projects[1].measures[1]
    assert rent.targets == ()
    assert [(b.kind, b.high, b.unit) for b in rent.benefits] == [("subsidy", 800, "元"), ("subsidy", 24, "个月")]
