"""The Chinese Luoyang seed: a plan with an embedded notice, then a news report (two documents)."""

from __future__ import annotations

import pytest

from youthcity.engines.plans import Plan, parse_all, parse_text, split_documents

from .helpers import find_target, fixture_text, measures, values

PROJECTS = ["产业平台聚才工程", "青年就业创业工程", "青年安居保障工程", "社交消费赋能工程", "城市活力提升工程"]
#: measure numbers per project, straight from the published plan
RANGES = [range(1, 4), range(4, 11), range(11, 16), range(16, 21), range(21, 28)]


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return parse_all(fixture_text("luoyang_zh.txt"))


@pytest.fixture(scope="module")
def plan(plans: list[Plan]) -> Plan:
    return plans[0]


def test_file_holds_two_documents(plans: list[Plan]) -> None:
    assert len(plans) == 2
    assert len(split_documents(fixture_text("luoyang_zh.txt"))) == 2


def test_parse_text_returns_the_main_plan(plan: Plan) -> None:
    assert parse_text(fixture_text("luoyang_zh.txt")) == plan


def test_metadata_from_the_embedded_notice(plan: Plan) -> None:
    assert plan.title == "洛阳市建设青年友好型城市行动方案"
    assert plan.issuer == "中共洛阳市委办公室、洛阳市人民政府办公室"
    assert plan.date == "2021-12-02"


def test_five_projects_and_27_measures_in_order(plan: Plan) -> None:
    assert [p.title for p in plan.projects] == PROJECTS
    for project, numbers in zip(plan.projects, RANGES, strict=True):
        assert [m.number for m in project.measures] == [str(n) for n in numbers]
    assert len(measures(plan)) == 27


def test_measure_titles_and_text(plan: Plan) -> None:
    ms = measures(plan)
    assert ms[0].title == "壮大优势产业集群"
    assert ms[0].text.startswith("壮大优势产业集群。立足洛阳现有产业基础")
    assert ms[26].title == "加强对外形象推介"
    assert ms[8].title == "打造青年“双创”载体平台"


def test_notice_interrupting_measure_4_is_removed_and_sentence_rejoined(plan: Plan) -> None:
    measure4 = measures(plan)[3]
    assert measure4.text.endswith("并在青年驿站提供15天以内免费住宿。")
    whole = "\n".join(m.text for m in plan.measures())
    for notice_line in ("关于印发", "中共洛阳市委办公室", "2021年12月2日", "各县区党(工)委"):
        assert notice_line not in whole


def test_page_break_artefacts_are_joined(plan: Plan) -> None:
    ms = measures(plan)
    assert "自然科学和工程技术领域青年人才。" in ms[9].text
    assert "制定符合洛阳气质的宣传口号" in ms[22].text


def test_lead_units_from_the_organisation_section(plan: Plan) -> None:
    assert [p.lead_units for p in plan.projects] == [
        ("市发展改革委",),
        ("市人社局",),
        ("市住建局",),
        ("市委宣传部",),
        ("团市委",),
    ]


def test_organisation_section_yields_no_measures(plan: Plan) -> None:
    assert all("健全工作机制" not in m.text for m in plan.measures())


def test_measure_5_targets(plan: Plan) -> None:
    m5 = measures(plan)[4]
    graduates = find_target(m5, 10000, "名")
    assert (graduates.comparator, graduates.per) == (">=", "year")
    assert graduates.subject == "高校毕业生留洛就业创业"
    # the quoted 万名大学生留洛计划 is a name; the 80 % living allowance is a benefit, not a target
    assert len(m5.targets) == 1


def test_measure_5_living_allowance_is_a_benefit_clause(plan: Plan) -> None:
    [allowance] = measures(plan)[4].benefits
    assert (allowance.kind, allowance.unit, allowance.low, allowance.high) == ("subsidy", "%", 80, None)
    assert allowance.basis == "本地最低工资标准"
    assert allowance.text == "见习期内给予不低于本地最低工资标准80%的生活补贴"
    assert allowance.measure == "5"


def test_measure_6_targets(plan: Plan) -> None:
    m6 = measures(plan)[5]
    assert values(m6) == [(10000, "个"), (2000, "名"), (2000, "名")]
    positions = m6.targets[0]
    assert (positions.comparator, positions.per, positions.subject) == (">=", None, "实践岗位")
    assert [t.per for t in m6.targets[1:]] == ["year", "year"]
    assert [t.comparator for t in m6.targets[1:]] == [">=", ">="]


def test_measure_7_subsidy_range_is_a_benefit_not_a_target(plan: Plan) -> None:
    m7 = measures(plan)[6]
    assert m7.targets == ()
    [subsidy] = m7.benefits
    assert (subsidy.kind, subsidy.low, subsidy.high, subsidy.unit) == ("subsidy", 100000, 200000, "元")
    assert (subsidy.written, subsidy.measure) == ("10万元~20万元", "7")


def test_measure_8_benefit_duration_is_not_a_target(plan: Plan) -> None:
    m8 = measures(plan)[7]
    assert m8.targets == ()
    assert [(b.kind, b.high, b.unit) for b in m8.benefits] == [("rent", 3, "年")]  # 最高3年租金减免


def test_measure_9_incubators(plan: Plan) -> None:
    target = find_target(measures(plan)[8], 120, "个")
    assert (target.comparator, target.subject) == (">=", "孵化场所")


def test_measure_12_housing_within_five_years(plan: Plan) -> None:
    m12 = measures(plan)[11]
    assert values(m12) == [(50000, "套"), (40, "%")]
    housing = find_target(m12, 50000, "套")
    assert housing.comparator == ">="
    assert housing.deadline == "2026-12-02"  # 5年内 counted from the notice date 2021-12-02
    assert housing.subject == "保障性租赁住房"
    share = find_target(m12, 40, "%")
    assert share.comparator == ">="
    assert all(t.unit != "平方米" for t in m12.targets)  # 70平方米以下 is a size limit


def test_qualifiers_are_not_targets(plan: Plan) -> None:
    ms = measures(plan)
    for index in (3, 13, 17):  # 15天以内, 1个月到3个月, 15分钟
        assert ms[index].targets == (), ms[index].number
    units = {t.unit for t in plan.targets()}
    assert units <= {"个", "名", "%", "套"}


def test_measure_24_full_coverage_is_a_target(plan: Plan) -> None:
    [coverage] = measures(plan)[23].targets  # 15分钟“生活圈” is not one
    assert (coverage.kind, coverage.value, coverage.unit, coverage.scope) == ("coverage", 100, "%", "乡(镇、街道)")
    assert coverage.subject == "乡(镇、街道)青年之家覆盖率"
    assert coverage.text == "实现“青年之家”乡(镇、街道)全覆盖"


def test_target_totals(plan: Plan) -> None:
    assert len(list(plan.targets())) == 8
    with_targets = [m.number for m in plan.measures() if m.targets]
    assert with_targets == ["5", "6", "9", "12", "24"]
    assert [b.measure for b in plan.benefits()] == ["4", "5", "7", "8", "14"]


class TestLuolongNewsReport:
    """The second document: a news report listing six projects paragraph by paragraph."""

    def test_title_from_the_quoted_plan_name(self, plans: list[Plan]) -> None:
        assert plans[1].title == "洛龙区建设青年友好型城市先行区行动方案"
        assert plans[1].date is None

    def test_six_projects_one_measure_per_paragraph(self, plans: list[Plan]) -> None:
        news = plans[1]
        assert [p.title for p in news.projects] == [
            "产业平台聚才工程",
            "就业创业助力工程",
            "青年安居提升工程",
            "青年交流促进工程",
            "时尚消费赋能工程",
            "魅力洛龙提升工程",
        ]
        assert [len(p.measures) for p in news.projects] == [1] * 6
        assert all(m.number is None for m in news.measures())

    def test_introduction_and_byline_are_excluded(self, plans: list[Plan]) -> None:
        texts = "\n".join(m.text for m in plans[1].measures())
        assert "启动仪式" not in texts
        assert "本报记者" not in texts

    def test_split_paragraph_is_rejoined(self, plans: list[Plan]) -> None:
        housing = plans[1].projects[2].measures[0]
        assert housing.text.startswith("高标准建设洛龙青年人才公寓")

    def test_targets(self, plans: list[Plan]) -> None:
        news = plans[1]
        industry = news.projects[0].measures[0]
        investment = find_target(industry, 20_000_000_000, "元")
        assert investment.deadline == "2022-12-31"
        housing = news.projects[2].measures[0]
        about = find_target(housing, 5000, "套")
        assert about.comparator == "="  # 5000套左右
        assert all(t.unit != "平方米" for t in housing.targets)  # 面积不超70平方米的
