"""Policies drafted from a plan's own words (youthcity.engines.drafting): amounts, clauses,
conditions, the policy files they make, and the `to_be_set_by_city` marker in the rules engine."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from youthcity.engines.drafting import check_drafts_load, draft_plan, find_amounts, known_parameters
from youthcity.engines.drafting.drafter import Draft, draft_measure
from youthcity.engines.plans import Measure, parse_all_file
from youthcity.engines.plans.cli import main as plan_cli
from youthcity.engines.rules import PolicyError, Status, load_policy_set

ROOT = Path(__file__).resolve().parents[3]
PACK = ROOT / "youthcity" / "cities" / "luoyang" / "policies"
SEEDS = ROOT.parent.parent / "shared" / "seeds"
ZH_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if "\u4e00" <= p.read_text(encoding="utf-8")[:200].strip()[0] <= "\u9fff")
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*_zh.txt")) + sorted(
    (ROOT / "youthcity" / "cities" / "luoyang" / "plans").glob("*.txt"))
ALL_SEEDS = sorted(SEEDS.glob("*.txt"))
KNOWN = known_parameters(PACK)


def one(text: str) -> list[Draft]:
    return draft_measure(Measure(number="1", title=None, text=text), label="（一）1", document="《测试方案》",
                         id_prefix="draft_t", known_params=KNOWN)


# --- amounts ---------------------------------------------------------------------------------

@given(st.integers(1, 99_999), st.integers(0, 99_999), st.sampled_from(["~", "～", "至", "到", "-"]))
def test_any_yuan_range_is_read_as_that_range(n: int, extra: int, sep: str) -> None:
    m = n + extra
    [a] = find_amounts(f"给予{n}元{sep}{m}元补贴")
    assert (a.kind, a.unit, a.bound, a.low, a.high) == ("money", "CNY", "range", n, m)


@given(st.integers(1, 999), st.integers(0, 999))
def test_wan_range_with_magnitude_on_the_second_only(n: int, extra: int) -> None:
    [a] = find_amounts(f"视效益给予{n}~{n + extra}万元补贴")
    assert (a.low, a.high) == (n * 10_000, (n + extra) * 10_000)


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("99.9"), places=1))
def test_decimal_wan(value: Decimal) -> None:
    [a] = find_amounts(f"一次性给予{value}万元奖励")
    assert a.low == a.high == value * 10_000


@pytest.mark.parametrize(("written", "value"), [
    ("十万元", 100_000), ("二十万元", 200_000), ("三千元", 3000), ("一百五十元", 150), ("两千元", 2000),
    ("1.5万元", 15_000), ("5千元", 5000), ("一万五千元", 15_000),
])
def test_chinese_numerals(written: str, value: int) -> None:
    [a] = find_amounts(f"给予{written}补贴")
    assert a.low == a.high == value


@pytest.mark.parametrize(("text", "kind", "unit", "low", "high", "bound", "basis"), [
    ("给予不低于本地最低工资标准80%的生活补贴", "percent", "percent", 80, None, "min", "本地最低工资标准"),
    ("提供最高3年租金减免", "duration", "months", None, 36, "max", None),
    ("享受1个月到3个月的免租期", "duration", "months", 1, 3, "range", None),
    ("视规模和效益给予10万元~20万元补贴", "money", "CNY", 100_000, 200_000, "range", None),
    ("提供15天以内免费住宿", "duration", "days", None, 15, "max", None),
    ("每人每月最高800元", "money", "CNY", None, 800, "max", None),
])
def test_the_issue_examples(text: str, kind: str, unit: str, low: int | None, high: int | None, bound: str,
                            basis: str | None) -> None:
    [a] = find_amounts(text)
    assert (a.kind, a.unit, a.low, a.high, a.bound, a.basis) == (kind, unit, low, high, bound, basis)


def test_years_are_not_amounts() -> None:
    assert find_amounts("2021年起实施") == []


# --- clauses → drafts ------------------------------------------------------------------------

def test_four_issue_clauses_draft() -> None:
    [allowance] = one("吸引省内外优秀大学生来洛实习(见习)。见习期内给予不低于本地最低工资标准80%的生活补贴")
    assert allowance.audience == "youth" and allowance.period == "month"
    assert {c.id for c in allowance.conditions} == {"education", "interning"}
    assert "param.minimum_wage.monthly" in allowance.yaml_text
    assert allowance.clause.startswith("吸引省内外优秀大学生")  # whom it means comes with the quote
    [rent] = one("为青年大学生创新创业提供孵化场所，提供最高3年租金减免。")
    assert (rent.kind, rent.amount.high, rent.amount.unit) == ("waiver", 36, "months")
    assert {"founder", "in_incubator", "education", "youth_age"} <= {c.id for c in rent.conditions}
    [free] = one("外地来洛就业创业青年大学生，可优先承租保障性租赁住房，享受1个月到3个月的免租期。")
    assert {"out_of_town", "works_in_city", "education", "youth_age"} <= {c.id for c in free.conditions}
    assert "founder" not in {c.id for c in free.conditions}  # 就业创业 is where they work, not a start-up
    [base] = one("支持在洛企业与国内知名高校(院系)设立产学研基地，视规模和效益给予10万元~20万元补贴。")
    assert base.audience == "employer"
    assert {c.id for c in base.conditions} == {"in_city", "university_base"}
    assert any("规模和效益" in p.zh for p in base.open_parts)
    assert "max: param.draft_t_1_subsidy.max" in base.yaml_text


@pytest.mark.parametrize(("text", "audience", "low", "high", "conditions"), [
    # Held out: other cities' phrasing (兰州, 郑州, …), none of it in the seeds.
    ("对来兰就业的高校毕业生，毕业3年内、35周岁以下的，每人每月给予1000元租房补贴。", "youth", 1000, 1000,
     {"education", "works_in_city", "graduation_window", "age"}),
    ("在郑州创业的青年大学生，可申请最高50万元创业担保贷款。", "youth", None, 500_000, {"founder", "education", "youth_age"}),
    ("对企业吸纳离校2年内未就业高校毕业生并签订1年以上劳动合同的，按每人1500元给予一次性吸纳就业补贴。", "employer",
     1500, 1500, {"hired_graduates"}),
    ("新引进的全日制博士研究生，给予每人一次性安家费二十万元。", "youth", 200_000, 200_000, {"education"}),
    ("为来我市求职的外地高校毕业生提供最长7天免费住宿。", "youth", None, 7, {"out_of_town", "education", "job_seeking"}),
    ("硕士研究生及以上学历人才，每人每月发放生活补贴3000元至5000元。", "youth", 3000, 5000, {"education"}),
])
def test_held_out_sentences(text: str, audience: str, low: int | None, high: int | None, conditions: set[str]) -> None:
    draft = one(text)[0]
    assert draft.audience == audience
    assert (draft.amount.low, draft.amount.high) == (low, high)
    assert conditions <= {c.id for c in draft.conditions}
    check_drafts_load([draft], PACK)


def test_window_and_age_values() -> None:
    [d] = one("对来兰就业的高校毕业生，毕业3年内、35周岁以下的，每人每月给予1000元租房补贴。")
    values = {p.name: p.value for c in d.conditions for p in c.params}
    assert values == {"months_since_graduation": 36, "max_age": 35}


@pytest.mark.parametrize("text", [
    "全市累计发放创业担保贷款不少于1.5亿元。",  # a sum the city commits
    "通过项目获赠、政府补贴等方式开展人才交流。",  # a means, not a promise
    "5年内新筹建70平方米以下的保障性租赁住房5万套。",  # a target
    "为参加招聘活动的企业免费提供宣传。",  # free, but nothing to quantify
])
def test_not_benefit_clauses(text: str) -> None:
    assert one(text) == []


def test_an_amount_the_clause_leaves_open() -> None:
    [d] = one("支持民营企业招聘高校毕业生，并给予一定补贴。")
    assert d.amount is None and d.audience == "employer"
    assert any("金额" in p.zh for p in d.open_parts)
    assert "to_be_set_by_city: true" in d.yaml_text


def test_every_field_says_why() -> None:
    [d] = one("为青年大学生创新创业提供孵化场所，提供最高3年租金减免。")
    fields = {w.field for w in d.why}
    assert {"kind", "audience", "amount"} <= fields
    assert all(f"eligibility.{c.id}" in fields for c in d.conditions)
    assert "# kind：“租金减免”" in d.yaml_text and "# audience：“青年”" in d.yaml_text


# --- seeds and fixtures ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_SEEDS, ids=lambda p: p.name)
def test_every_seed_plan_drafts_something(path: Path) -> None:
    plans = parse_all_file(path)
    assert all(draft_plan(plan, known_params=KNOWN) for plan in plans)


def test_a_translation_drafts_the_same_figures() -> None:
    [base] = one("Support the establishment of research bases by local enterprises and famous universities, "
                 "depending on the scale and effectiveness of 100,000 yuan to 200,000 yuan subsidies.")
    assert (base.audience, base.amount.low, base.amount.high) == ("employer", 100_000, 200_000)
    [allowance] = one("During the internship period give no less than 80% of the local minimum wage living allowance.")
    assert (allowance.amount.kind, allowance.amount.low, allowance.period) == ("percent", 80, "month")
    [rent] = one("Young college students are given a rent-free period of one to three months.")
    assert (rent.amount.low, rent.amount.high, rent.amount.unit) == (1, 3, "months")
    assert one("Issue guaranteed start-up loans of 50 million yuan by 2025 and build 12 incubators within 3 years.") == []
    check_drafts_load([base, allowance, rent], PACK)


def test_every_draft_loads_with_the_pack_and_alone() -> None:
    drafts: list[Draft] = []
    for path in [*ALL_SEEDS, *FIXTURES, *sorted((ROOT / "tests" / "fixtures" / "plans").glob("*_en.txt"))]:
        for i, plan in enumerate(parse_all_file(path)):
            drafts += draft_plan(plan, known_params=KNOWN, plan_tag=f"{path.stem}_{i}")
    assert len(drafts) > 40
    loaded = check_drafts_load(drafts, PACK)
    assert all(d.id in loaded.policies for d in drafts)
    alone = [d for path in ALL_SEEDS for plan in parse_all_file(path) for d in draft_plan(plan, plan_tag=path.stem[:3])]
    check_drafts_load(alone, None)  # without a pack: every parameter the draft needs is its own


# --- the marker in the rules engine ----------------------------------------------------------

def test_to_be_set_by_city_loads_but_is_never_granted(tmp_path: Path) -> None:
    [d] = one("在郑州创业的青年大学生，可申请最高50万元创业担保贷款。")
    (tmp_path / f"{d.id}.yaml").write_text(d.yaml_text, encoding="utf-8")
    for path in PACK.glob("parameters.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    ps = load_policy_set(tmp_path)
    facts = {"education_level": "bachelor", "is_startup_founder": True, "age": 25}
    [result] = [r for r in ps.evaluate(facts, date(2024, 6, 1)) if r.policy.id == d.id]
    assert result.status is Status.AWAITING_CONFIRMATION
    assert "to_be_set_by_city" in result.confirmation
    assert "待市里确定" in result.reason.zh and "待市里确认后方可享受" in result.reason.zh
    failing = [r for r in ps.evaluate({**facts, "is_startup_founder": False}, date(2024, 6, 1)) if r.policy.id == d.id]
    assert failing[0].status is Status.NOT_ELIGIBLE


def test_an_empty_to_be_set_list_is_an_error(tmp_path: Path) -> None:
    [d] = one("在郑州创业的青年大学生，可申请最高50万元创业担保贷款。")
    head, _, tail = d.yaml_text.partition("to_be_set_by_city:\n")
    rest = tail.split("parameters:", 1)[1]
    (tmp_path / f"{d.id}.yaml").write_text(head + "to_be_set_by_city: []\nparameters:" + rest, encoding="utf-8")
    (tmp_path / "parameters.yaml").write_text((PACK / "parameters.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(PolicyError, match="to_be_set_by_city"):
        load_policy_set(tmp_path)


# --- command line ----------------------------------------------------------------------------

def test_cli_writes_drafts(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    seed = next(p for p in ZH_SEEDS if p.name.startswith("001"))
    status = plan_cli(["draft-policies", str(seed), "--out", str(tmp_path), "--policies", str(PACK)], out, err)
    assert status == 0
    files = sorted(tmp_path.glob("draft_*.yaml"))
    assert len(files) >= 8
    assert "待市里确定" in out.getvalue()


def test_cli_refuses_a_missing_file(tmp_path: Path) -> None:
    err = io.StringIO()
    assert plan_cli(["draft-policies", str(tmp_path / "none.txt")], io.StringIO(), err) == 2
    assert "cannot read" in err.getvalue()


def test_a_heading_naming_the_benefit_is_not_another_draft() -> None:
    drafts = one("发放租房补贴。对来洛就业的高校毕业生，每人每月给予800元租房补贴。")
    assert [(d.amount.low if d.amount else None) for d in drafts] == [800]
