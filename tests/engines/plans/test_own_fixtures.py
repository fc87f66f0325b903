"""Plans written in other styles than the seeds (fixtures written for these tests)."""

from __future__ import annotations

import functools

import pytest

from youthcity.engines.plans import Plan, parse_all, parse_text, split_documents

from .helpers import find_target, fixture_text, measures, values


@functools.cache
def parsed(name: str) -> Plan:
    """Parse each fixture once per session (plans are immutable)."""
    return parse_text(fixture_text(name))


class TestQingchengFullWidthParentheses:
    """Covering notice first, （一）/（1） numbering, inline （牵头单位：…；责任单位：…）."""

    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("qingcheng_zh.txt")

    def test_metadata(self, plan: Plan) -> None:
        assert plan.title == "青城市青年发展型城市建设三年行动方案(2023—2025年)"
        assert plan.issuer == "青城市人民政府办公室"
        assert plan.date == "2023-03-15"

    def test_structure(self, plan: Plan) -> None:
        assert [p.title for p in plan.projects] == ["青年就业促进行动", "青年安居保障行动", "青年文体活力行动"]
        assert [[m.number for m in p.measures] for p in plan.projects] == [["1", "2", "3"], ["1", "2"], ["1", "2"]]
        assert measures(plan)[0].title == "扩大青年就业规模"

    def test_inline_units_lead_first_and_removed_from_text(self, plan: Plan) -> None:
        first = measures(plan)[0]
        assert first.responsible_units == ("市人社局", "市财政局", "团市委")
        assert "牵头单位" not in first.text
        assert first.text.endswith("到2025年累计提供就业见习岗位6000个以上。")

    def test_goals_and_safeguards_yield_no_measures(self, plan: Plan) -> None:
        assert len(measures(plan)) == 7
        assert all("领导小组" not in m.text for m in plan.measures())

    def test_targets(self, plan: Plan) -> None:
        ms = measures(plan)
        assert values(ms[0]) == [(25000, "人"), (200, "场"), (6000, "个")]
        # 每年 carries over only to clauses counting the same unit (人 ≠ 场)
        assert [t.per for t in ms[0].targets] == ["year", None, None]
        assert ms[0].targets[2].deadline == "2025-12-31"
        loans = find_target(ms[1], 150_000_000, "元")
        assert loans.comparator == ">="
        # 单笔贷款额度最高30万元 is what one borrower may get: a benefit clause, not a target
        assert [(b.kind, b.low, b.high) for b in ms[1].benefits] == [("loan", None, 300_000)]
        assert find_target(ms[1], 15, "个").subject == "青年创业孵化基地"  # 十五个
        assert find_target(ms[2], 30, "%").subject == "高技能人才占技能人才比例"  # 百分之三十
        housing = find_target(ms[3], 12000, "套")
        assert housing.deadline == "2026-03-15"  # 三年内 from the notice date
        assert all(t.unit != "平方米" for t in ms[3].targets)
        assert values(ms[4]) == [(20, "家")]  # 不超过7天的免费住宿 is a benefit limit
        assert values(ms[5]) == [(100, "公里"), (50, "片")]  # 15分钟健身圈 is not a target
        assert len(list(plan.targets())) == 14


def test_gbk_copy_parses_identically() -> None:
    from youthcity.engines.plans import parse_file

    from .helpers import FIXTURES

    assert parse_file(FIXTURES / "qingcheng_gbk.txt") == parse_text(fixture_text("qingcheng_zh.txt"))


class TestNewsUnnumbered:
    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("news_unnumbered_zh.txt")

    def test_one_untitled_project_one_measure_per_paragraph(self, plan: Plan) -> None:
        assert plan.title == "江滨区发布青年友好措施"
        assert len(plan.projects) == 1
        assert plan.projects[0].title is None
        assert [m.number for m in plan.measures()] == [None] * 4

    def test_introduction_and_byline_excluded(self, plan: Plan) -> None:
        texts = [m.text for m in plan.measures()]
        assert texts[0].startswith("全区将新建人才公寓800套")
        assert not any("本报讯" in t or "记者" in t for t in texts)

    def test_targets(self, plan: Plan) -> None:
        ms = measures(plan)
        assert values(ms[0]) == [(800, "套")]  # not 40岁以下, not 满3年
        assert values(ms[1]) == [(50_000_000, "元")]
        assert [t.per for t in ms[1].targets] == ["year"]
        # 给予一次性安家补贴20万元: paid to each doctor who settles, a benefit clause
        assert [(b.kind, b.low, b.high, b.text) for b in ms[1].benefits] == [
            ("subsidy", 200_000, 200_000, "对落户江滨的博士给予一次性安家补贴20万元")
        ]
        assert [t.deadline for t in ms[2].targets] == ["2024-12-31", "2024-12-31"]
        assert values(ms[2]) == [(10, "个"), (200, "个")]  # 两百个以上
        assert values(ms[3]) == [(300, "门"), (30000, "人次")]


class TestEnglishHillford:
    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("hillford_en.txt")

    def test_metadata(self, plan: Plan) -> None:
        assert plan.title == "Hillford City Youth Development Action Plan (2023-2027)"
        assert plan.issuer == "Hillford Municipal People's Government"
        assert plan.date == "2023-03-01"

    def test_projects_units_and_leads(self, plan: Plan) -> None:
        assert [p.title for p in plan.projects] == ["Youth Employment", "Youth Housing"]
        assert [p.lead_units for p in plan.projects] == [
            ("Municipal Human Resources Bureau",),
            ("Municipal Housing Bureau",),
        ]
        assert measures(plan)[1].responsible_units == ("Municipal Finance Bureau", "Youth League Committee")

    def test_targets(self, plan: Plan) -> None:
        ms = measures(plan)
        assert [(t.to_dict()["value"], t.per) for t in ms[0].targets] == [(5000, "year"), (3000, "year")]
        loans, incubators = ms[1].targets
        assert (loans.value, loans.unit, loans.deadline) == (50_000_000, "元", "2025-12-31")
        assert (incubators.value, incubators.deadline) == (12, "2026-03-01")  # within 3 years
        apartments, share = ms[2].targets
        assert (apartments.value, apartments.unit, apartments.deadline) == (20000, "sets", "2028-03-01")
        assert (share.value, share.unit, share.comparator) == (30, "%", "=")  # about 30%
        assert values(ms[3]) == [(15, "stations")]  # up to 7 days is a benefit limit


class TestWorkPointsEnumeration:
    """工作要点 with 一是…二是…三是… inside paragraphs."""

    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("workpoints_zh.txt")

    def test_structure(self, plan: Plan) -> None:
        assert plan.title == "南湖县2024年青年发展工作要点"
        assert [p.title for p in plan.projects] == ["促进青年就业创业", "优化青年成长环境"]
        assert [[m.number for m in p.measures] for p in plan.projects] == [["1", "2", "3"], ["1", "2"]]
        assert measures(plan)[1].text == "发放创业担保贷款3000万元。"

    def test_targets(self, plan: Plan) -> None:
        assert values(measures(plan)[0]) == [(30, "场"), (5000, "个")]
        assert measures(plan)[3].targets[0].subject == "青年之家"


def test_concatenated_plans_split_into_documents() -> None:
    text = fixture_text("district_pilot_zh.txt") + "\n\n" + fixture_text("qingcheng_zh.txt")
    plans = parse_all(text)
    assert [p.title for p in plans] == [
        "XX区青年发展型城市建设试点实施方案",
        "青城市青年发展型城市建设三年行动方案(2023—2025年)",
    ]
    assert [len(list(p.measures())) for p in plans] == [11, 7]
    assert len(split_documents(text)) == 2


def test_all_fixtures_concatenated_split_back_into_eight_plans() -> None:
    names = [
        "district_pilot_zh.txt", "hillford_en.txt", "luoyang_en.txt", "luoyang_zh.txt",
        "news_unnumbered_zh.txt", "qingcheng_zh.txt", "workpoints_zh.txt",
    ]
    text = "\n\n".join(fixture_text(name) for name in names)
    plans = parse_all(text)
    assert [(p.title, len(p.projects), len(list(p.measures()))) for p in plans] == [
        ("XX区青年发展型城市建设试点实施方案", 3, 11),
        ("Hillford City Youth Development Action Plan (2023-2027)", 2, 4),
        ("Luoyang City Action Program for Building Youth-Friendly Cities", 5, 27),
        ("洛阳市建设青年友好型城市行动方案", 5, 27),
        ("洛龙区建设青年友好型城市先行区行动方案", 6, 6),
        ("江滨区发布青年友好措施", 1, 4),
        ("青城市青年发展型城市建设三年行动方案(2023—2025年)", 3, 7),
        ("南湖县2024年青年发展工作要点", 2, 5),
    ]
    # Each embedded notice stays with its own plan.
    assert [p.date for p in plans] == [None, "2023-03-01", None, "2021-12-02", None, None, "2023-03-15", None]
    # Parsing each fixture alone gives the same plans.
    alone = [plan for name in names for plan in parse_all(fixture_text(name))]
    assert plans == alone
