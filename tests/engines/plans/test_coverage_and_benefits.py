"""Coverage and ratio targets, and policy amounts kept apart as benefit clauses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.plans.targets import extract_commitments, extract_targets

PLAN_DATE = date(2023, 5, 12)


class TestCoverage:
    @pytest.mark.parametrize(
        ("text", "subject", "scope"),
        [
            ("实现“青年之家”乡(镇、街道)全覆盖。", "青年之家", "乡(镇、街道)"),
            ("到2025年,实现县(市、区)青年驿站全覆盖。", "青年驿站", "县(市、区)"),
            ("青年志愿服务站点覆盖所有社区。", "青年志愿服务站点", "社区"),
            ("所有乡镇(街道)均建有青年之家。", "青年之家", "乡镇(街道)"),
            ("推动“青春驿站”在全市高校全覆盖。", "青春驿站", "高校"),
        ],
    )
    def test_full_coverage_is_100_percent_of_the_scope(self, text: str, subject: str, scope: str) -> None:
        [target] = extract_targets(text, PLAN_DATE)
        assert (target.kind, target.value, target.unit, target.comparator) == ("coverage", 100, "%", ">=")
        assert target.scope == scope
        assert target.subject == f"{scope}{subject}覆盖率"

    def test_subject_borrowed_from_the_count_before(self) -> None:
        count, coverage = extract_targets("建成“青年之家”20个,实现乡镇全覆盖。")
        assert (count.value, count.unit, count.kind) == (20, "个", "quantity")
        assert (coverage.kind, coverage.subject, coverage.text) == ("coverage", "乡镇青年之家覆盖率", "实现乡镇全覆盖")

    def test_coverage_takes_the_sentence_deadline(self) -> None:
        [target] = extract_targets("到2025年底,实现“青年之家”乡镇(街道)全覆盖。", PLAN_DATE)
        assert target.deadline == "2025-12-31"

    def test_numeric_full_coverage_is_marked_as_coverage(self) -> None:
        [target] = extract_targets("青年之家乡镇覆盖率达到100%。")
        assert (target.kind, target.value) == ("coverage", 100)

    def test_names_in_quotes_are_not_coverage(self) -> None:
        assert extract_targets("开展“全覆盖”宣传月活动。") == []


class TestRatio:
    @pytest.mark.parametrize(
        ("text", "value", "unit", "scope", "subject"),
        [
            ("每个社区至少配备1名社会工作者。", 1, "名", "社区", "每个社区社会工作者"),
            ("每个社区至少配备一名青年社工。", 1, "名", "社区", "每个社区青年社工"),
            ("每所高校至少建立2支青年志愿服务队。", 2, "支", "高校", "每所高校青年志愿服务队"),
            ("每个乡镇(街道)建成1个以上青年之家。", 1, "个", "乡镇(街道)", "每个乡镇(街道)青年之家"),
        ],
    )
    def test_each_scope_gets_a_ratio(self, text: str, value: int, unit: str, scope: str, subject: str) -> None:
        [target] = extract_targets(text)
        assert (target.kind, target.value, target.unit, target.scope) == ("ratio", value, unit, scope)
        assert target.subject == subject

    @pytest.mark.parametrize("text", ["每年新建青年驿站10家。", "每月举办招聘会2场。"])
    def test_time_is_a_rate_not_a_scope(self, text: str) -> None:
        assert all(t.kind == "quantity" for t in extract_targets(text))

    def test_small_numbers_outside_a_ratio_stay_idioms(self) -> None:
        assert extract_targets("建设一批青年公寓,打造两个品牌。") == []


class TestBenefits:
    def test_percentage_of_a_standard(self) -> None:
        targets, [benefit] = extract_commitments("见习期内给予不低于本地最低工资标准80%的生活补贴。")
        assert targets == []
        assert (benefit.kind, benefit.unit, benefit.low, benefit.high) == ("subsidy", "%", 80, None)
        assert (benefit.basis, benefit.written) == ("本地最低工资标准", "80%")

    def test_amount_range(self) -> None:
        targets, [benefit] = extract_commitments("视规模和效益给予10万元~20万元补贴。")
        assert targets == []
        assert (benefit.low, benefit.high, benefit.unit, benefit.written) == (100000, 200000, "元", "10万元~20万元")

    @pytest.mark.parametrize(
        ("text", "kind", "low", "high"),
        [
            ("单笔贷款额度最高30万元。", "loan", None, 300000),
            ("对落户的博士给予一次性安家补贴20万元。", "subsidy", 200000, 200000),
            ("对新认定的国家级众创空间给予50万元奖励。", "reward", 500000, 500000),
            ("按每人每月1500元标准发放租房补贴。", "subsidy", 1500, 1500),
            ("提供最高3年租金减免。", "rent", None, 3),
            ("在青年驿站提供15天以内免费住宿。", "stay", None, 15),
        ],
    )
    def test_benefit_kinds(self, text: str, kind: str, low: int | None, high: int | None) -> None:
        targets, benefits = extract_commitments(text)
        assert targets == []
        assert [(b.kind, b.low, b.high) for b in benefits] == [(kind, low, high)]

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("发放创业担保贷款不少于1.5亿元。", 150_000_000),
            ("每年安排青年发展专项资金不低于5000万元。", 50_000_000),
            ("累计发放就业见习补贴1200万元。", 12_000_000),
            ("以总量不低于40%的比例,优先供应青年大学生。", 40),
        ],
    )
    def test_money_the_city_commits_stays_a_target(self, text: str, value: int) -> None:
        targets, benefits = extract_commitments(text)
        assert [t.value for t in targets] == [Decimal(value)]
        assert benefits == []

    def test_english_allowance(self) -> None:
        targets, [benefit] = extract_commitments(
            "Give a living allowance of no less than 80% of the local minimum wage during the internship."
        )
        assert targets == []
        assert (benefit.kind, benefit.low, benefit.unit) == ("subsidy", 80, "%")


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["补贴", "奖励", "安家费"]))
def test_granted_amounts_are_never_targets(amount: int, noun: str) -> None:
    targets, benefits = extract_commitments(f"对符合条件的青年给予{amount}万元{noun}。")
    assert targets == []
    assert [(b.low, b.unit) for b in benefits] == [(Decimal(amount) * 10000, "元")]


@settings(deadline=None)  # timing is not what these check; shared CI machines are slow
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2))
def test_wan_keeps_its_magnitude_and_written_text(n: Decimal) -> None:
    [target] = extract_targets(f"累计吸引{n}万名高校毕业生来洛就业。")
    assert (target.value, target.unit, target.written) == (n * 10000, "名", f"{n}万名")
