"""Target extraction rules, one behaviour per test (Chinese and English)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from youthcity.engines.plans.targets import (
    add_years,
    extract_commitments,
    extract_targets,
    extract_targets_en,
    extract_targets_zh,
)

PLAN_DATE = date(2021, 12, 2)


def one(text: str, plan_date: date | None = PLAN_DATE) -> tuple[object, ...]:
    targets = extract_targets(text, plan_date)
    assert len(targets) == 1, [(t.value, t.unit) for t in targets]
    t = targets[0]
    return (t.to_dict()["value"], t.unit, t.comparator, t.per, t.deadline)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("新筹建保障性租赁住房5万套。", 50000, "套"),
        ("提供就业岗位1.3万个。", 13000, "个"),
        ("设立引导基金1000万元。", 10000000, "元"),
        ("安排专项资金1亿元。", 100000000, "元"),
        ("开展培训10万人次。", 100000, "人次"),
        ("覆盖率达到50%以上。", 50, "%"),
        ("建设孵化场所一百二十个。", 120, "个"),
        ("引进青年人才两千名。", 2000, "名"),
        ("投资2.5亿元建设青年公园。", 250000000, "元"),
        ("建成健身步道100公里。", 100, "公里"),
        ("新增绿地面积3万平方米。", 30000, "平方米"),
        ("高技能人才比例达到百分之三十。", 30, "%"),
        ("提供岗位10,000个。", 10000, "个"),
        ("吸引3000余名大学生。", 3000, "名"),
    ],
)
def test_magnitudes_and_units(text: str, value: int, unit: str) -> None:
    got = one(text)
    assert got[:2] == (value, unit)


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("打造孵化场所不少于120个。", ">="),
        ("每年2000名以上高校毕业生留洛。", ">="),
        ("培训人数至少500人。", ">="),
        ("服务青年超过1万人次。", ">="),
        ("服务青年超1万人次。", ">="),
        ("参与人数达到1000人。", ">="),
        ("力争建成20个青年之家。", ">="),
        ("毕业生就业率不低于80%。", ">="),
        ("单个项目投资最高30万元。", "<="),
        ("办理时限压缩至3个工作日。", "<="),
        ("筹建5000套左右保障房。", "="),
        ("新建青年驿站10家。", ">="),
        ("吸引3000余名大学生。", ">"),
    ],
)
def test_comparators(text: str, comparator: str) -> None:
    assert one(text)[2] == comparator


@pytest.mark.parametrize(
    "text",
    [
        "打造15分钟生活圈。",
        "面向40岁以下青年人才。",
        "举办第12届青年论坛。",
        "“十四五”期间实施五大工程。",
        "2022年全面启动。",
        "新筹建70平方米以下的住房。",
        "提供最高3年租金减免。",
        "在青年驿站提供15天以内免费住宿。",
        "享受1个月到3个月的免租期。",
        "实施“千名大学生留洛计划”。",
        "出台《2023年青年发展10条措施》。",
        "提供一站式服务,推动一次办好。",
        "对1000万元以上的项目给予支持。",
        "发展5G网络和4A级景区。",
        "为离校2年内未就业高校毕业生搭建平台。",
    ],
)
def test_qualifiers_names_and_durations_are_not_targets(text: str) -> None:
    assert extract_targets(text, PLAN_DATE) == []


def test_size_limit_sentence_keeps_the_count() -> None:
    targets = extract_targets_zh("5年内新筹建70平方米以下的保障性租赁住房5万套。", PLAN_DATE)
    assert [(t.value, t.unit, t.subject) for t in targets] == [(Decimal(50000), "套", "保障性租赁住房")]


def test_time_compression_is_a_target() -> None:
    assert one("新开办企业时间压缩至2小时。") == (2, "小时", "<=", None, None)


def test_range_gives_two_targets() -> None:
    targets = extract_targets_zh("新增就业见习岗位1000个~2000个。")
    assert [(t.value, t.comparator) for t in targets] == [(Decimal(1000), ">="), (Decimal(2000), "<=")]
    assert {t.subject for t in targets} == {"就业见习岗位"}
    assert {t.written for t in targets} == {"1000个~2000个"}


def test_range_with_magnitude_only_on_upper_bound() -> None:
    targets = extract_targets_zh("带动社会投资10—20亿元。")
    assert [t.value for t in targets] == [Decimal(1_000_000_000), Decimal(2_000_000_000)]
    assert [t.unit for t in targets] == ["元", "元"]


def test_benefit_ranges_keep_magnitude_only_on_upper_bound() -> None:
    _, benefits = extract_commitments("给予10—20万元奖励。")
    assert [(b.kind, b.low, b.high, b.unit) for b in benefits] == [("reward", 100000, 200000, "元")]


class TestPerYear:
    def test_meinian_before(self) -> None:
        assert one("每年招录2000名以上高校毕业生。")[3] == "year"

    def test_meinian_carries_to_next_clause(self) -> None:
        targets = extract_targets_zh("每年招录2000名以上高校毕业生进入机关,招聘2000名以上高校毕业生进入国企。")
        assert [t.per for t in targets] == ["year", "year"]

    def test_cumulative_clause_is_not_per_year(self) -> None:
        targets = extract_targets_zh("每年新增就业2.5万人,到2025年累计提供见习岗位6000个以上。")
        assert [t.per for t in targets] == ["year", None]

    def test_one_off_clause_is_not_per_year(self) -> None:
        targets = extract_targets_zh("每年安排资金5000万元,一次性建设青年公寓200套。")
        assert [t.per for t in targets] == ["year", None]

    def test_no_marker(self) -> None:
        assert one("新建青年驿站10家。")[3] is None


class TestDeadlines:
    def test_relative_years_from_plan_date(self) -> None:
        assert one("5年内新建青年公寓1000套。")[4] == "2026-12-02"

    def test_relative_years_chinese_numeral(self) -> None:
        assert one("三年内新建青年公寓1000套。")[4] == "2024-12-02"

    def test_relative_without_plan_date_is_null(self) -> None:
        assert one("5年内新建青年公寓1000套。", plan_date=None)[4] is None

    def test_dao_year(self) -> None:
        assert one("到2026年建成青年之家50个。")[4] == "2026-12-31"

    def test_year_month(self) -> None:
        assert one("到2025年6月建成青年之家50个。")[4] == "2025-06-30"

    def test_year_then_verb(self) -> None:
        targets = extract_targets_zh("33个重点项目2022年完成投资200亿元。")
        assert [t.deadline for t in targets] == ["2022-12-31", "2022-12-31"]

    def test_fourteenth_five_year_plan(self) -> None:
        assert one("“十四五”期间新建青年公寓1000套。")[4] == "2025-12-31"

    def test_leap_day(self) -> None:
        assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


class TestSubjects:
    @pytest.mark.parametrize(
        ("text", "subject"),
        [
            ("全市打造孵化场所不少于120个。", "孵化场所"),
            ("发布各类实践岗位1万个。", "实践岗位"),
            ("力争每年万名以上高校毕业生留洛就业创业。", "高校毕业生留洛就业创业"),
            ("开展职业技能培训5万人次。", "职业技能培训"),
            ("新建“青年之家”20个。", "青年之家"),
        ],
    )
    def test_subject(self, text: str, subject: str) -> None:
        assert extract_targets_zh(text)[0].subject == subject


class TestEnglish:
    def test_thousands_separator_and_comparator(self) -> None:
        targets = extract_targets_en("Strive to retain more than 10,000 college graduates each year.")
        assert [(t.value, t.unit, t.comparator, t.per) for t in targets] == [
            (Decimal(10000), "graduates", ">=", "year")
        ]

    def test_percent(self) -> None:
        target = extract_targets_en("Give no less than 80% of the local minimum wage.")[0]
        assert (target.value, target.unit, target.comparator) == (Decimal(80), "%", ">=")

    def test_sets_and_size_qualifier(self) -> None:
        targets = extract_targets_en("Build 50,000 sets of rental housing of less than 70 square meters within 5 years.",
                                     date(2021, 12, 2))
        assert [(t.value, t.unit, t.subject, t.deadline) for t in targets] == [
            (Decimal(50000), "sets", "rental housing", "2026-12-02")
        ]

    def test_money_million_yuan(self) -> None:
        target = extract_targets_en("Issue loans of 50 million yuan by 2025.")[0]
        assert (target.value, target.unit, target.deadline) == (Decimal(50_000_000), "元", "2025-12-31")

    def test_yuan_range(self) -> None:
        targets = extract_targets_en("Subsidies of 100,000 yuan to 200,000 yuan.")
        assert [(t.value, t.comparator) for t in targets] == [(Decimal(100000), ">="), (Decimal(200000), "<=")]

    def test_durations_and_circles(self) -> None:
        assert extract_targets_en("Free accommodation for 15 days or less, rent relief for up to 3 years.") == []
        assert extract_targets_en("Build a 15-minute living circle in the old town.") == []
        [coverage] = extract_targets_en("The 15-minute living circle will cover every township.")
        assert (coverage.kind, coverage.value, coverage.unit, coverage.scope) == ("coverage", 100, "%", "township")

    def test_time_compression(self) -> None:
        target = extract_targets_en("Business registration time is reduced to 2 hours.")[0]
        assert (target.value, target.unit, target.comparator) == (Decimal(2), "hours", "<=")

    def test_years_are_not_targets(self) -> None:
        assert extract_targets_en("In 2022 the city launched the program.") == []
