"""Which live measure a plan target probably is: the matching rules behind suggested bindings.

Pure (no Django). A rule belongs to a live measure code (:mod:`youthcity.core.measures`); a target
matches when

1. its **unit of measure** is one of the rule's units (a target in 元 is never a count of beds),
2. **every word group** of the rule has one of its words in the target's subject or its text in
   the plan (驿站 *and* 床位 for station beds; 毕业生 *and* 留 for graduates staying),
3. when the rule has **context** words, one of them is in the target or its measure's text (a
   graduates' *share* is only the housing share when the measure talks about housing),
4. none of the rule's **excluded** words is in the subject or text.

Suggestions are ordered by how specific the matching rule is (more word groups first). A measure
with no rule can still be bound by hand. ``additive`` says that the measure's yearly figures add
up across years (stays, homes allocated, positions published), so a target over the whole plan
period may read their sum; stocks and shares (beds now, coverage, a percentage) may not.
The rules and the seed plans they were checked on are listed in docs/ledger.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PERSONS = ("人", "名", "位")


@dataclass(frozen=True)
class Rule:
    all_of: tuple[tuple[str, ...], ...]
    units: tuple[str, ...]
    context: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    additive: bool = False

    @property
    def specificity(self) -> int:
        return len(self.all_of) + (1 if self.context else 0)


RULES: dict[str, Rule] = {
    # stations
    "station_beds": Rule((("驿站",), ("床位", "床")), ("张", "个", "间")),
    "station_stays": Rule((("驿站",), ("入住", "接待", "住宿")), ("人次", *PERSONS), additive=True),
    "station_retention": Rule((("驿站",), ("留",)), ("%",)),
    # benefits
    "benefits_paid": Rule((("补贴", "补助", "资助", "奖补"), ("发放", "兑现", "资金")), ("元",), additive=True),
    "benefit_approvals": Rule((("补贴", "补助", "资助"), ("享受", "申领", "审核", "审批")), (*PERSONS, "人次"),
                              additive=True),
    # housing
    "housing_homes_allocated": Rule((("住房", "公寓", "房源"), ("保障性", "人才", "租赁", "配租", "分配")), ("套", "间"),
                                    additive=True),
    "housing_graduate_share": Rule((("大学生", "毕业生"), ("比例", "占比", "比重")), ("%",),
                                   context=("住房", "公寓", "配租", "租赁")),
    # careers
    "careers_positions": Rule((("岗位",),), ("个",), none_of=("公益性",), additive=True),
    "careers_placements": Rule((("见习", "实习"),), (*PERSONS, "人次"), none_of=("岗位",), additive=True),
    "careers_graduates_staying": Rule((("毕业生", "大学生"), ("留",)), PERSONS, additive=True),
    # community
    "youth_home_coverage": Rule((("青年之家",), ("覆盖",)), ("%",)),
    "events_held": Rule((("活动",),), ("场", "次"), additive=True),
    "event_participants": Rule((("活动",),), ("人次",), additive=True),
    # volunteering
    "registered_volunteers": Rule((("志愿者",),), PERSONS, none_of=("活跃", "时长")),
    "active_volunteers": Rule((("活跃志愿者",),), PERSONS),
    "volunteer_hours": Rule((("志愿服务", "志愿"), ("时长", "小时")), ("小时",), additive=True),
    # accounts
    "registered_youths": Rule((("注册",), ("青年",)), PERSONS, none_of=("志愿者",)),
}


def matches(rule: Rule, *, subject: str, text: str, unit: str, context: str = "") -> bool:
    """Whether a target (subject, its text in the plan, unit of measure, its measure's text) fits ``rule``."""
    if unit.strip() not in rule.units:
        return False
    words = f"{subject} {text}"
    if any(w in words for w in rule.none_of):
        return False
    if not all(any(w in words for w in group) for group in rule.all_of):
        return False
    return not rule.context or any(w in f"{words} {context}" for w in rule.context)


def suggest(*, subject: str, text: str, unit: str, context: str = "", known: set[str] | None = None,
            rules: Mapping[str, Rule] = RULES) -> list[str]:
    """Codes of the live measures the target probably is, most specific first (``known``: only
    these codes, e.g. the measures registered in this installation)."""
    found = [(code, rule) for code, rule in rules.items()
             if (known is None or code in known) and matches(rule, subject=subject, text=text, unit=unit,
                                                             context=context)]
    found.sort(key=lambda item: (-item[1].specificity, item[0]))
    return [code for code, _rule in found]


def additive(code: str, rules: Mapping[str, Rule] = RULES) -> bool:
    """Whether the yearly figures of measure ``code`` may be summed over several years."""
    rule = rules.get(code)
    return bool(rule and rule.additive)
