"""Priority categories from the benefits rules engine (:mod:`youthcity.engines.rules`).

The city pack's ``housing.yaml`` names, for each category, the policy of the policy set that
defines it (``categories:``), in priority order; a category may exclude people already in
another (``unless``). An applicant is in every category whose policy the engine finds them
eligible for, from their profile facts and the answers they give on the application form;
nobody types a category. ``other`` is the category of someone in none of them.

Without a ``categories:`` section the defaults below apply (Luoyang's policies)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from youthcity.benefits.adapters import profile_facts
from youthcity.benefits.registry import policy_set
from youthcity.core.city_pack import current_pack

from .models import Category

DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    # 外地来洛就业创业的青年大学生：优先承租保障性租赁住房（行动方案二、（三）14）
    {"code": Category.YOUNG_GRADUATE, "policy": "guaranteed_rental_housing_priority"},
    # 本科及以上大学毕业生（行动方案二、（三）11，市级人才公寓）
    {"code": Category.BACHELOR_PLUS, "policy": "talent_apartment_city"},
    # 技工院校全日制预备技师（技师）（洛龙区人才公寓申请条件），本科及以上者不重复计入
    {"code": Category.TECHNICIAN, "policy": "luolong_talent_apartment", "unless": [Category.BACHELOR_PLUS]},
)
SHARED_OWNERSHIP_POLICY = "talent_apartment_shared_ownership"


@dataclass
class Finding:
    """What the engine says about one person: the categories they are in (priority order), the
    category counted when only one may be (the first), each category's reason in the reader's
    language, and the facts still missing to settle a category."""

    categories: list[str]
    reasons: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def primary(self) -> str:
        return self.categories[0] if self.categories else Category.OTHER


def rules() -> list[dict[str, Any]]:
    try:
        data = current_pack().read_yaml("housing.yaml") or {}
    except Exception:  # no pack configured (bare settings): the defaults
        data = {}
    configured = data.get("categories")
    return [dict(r) for r in (configured or DEFAULT_RULES)]


# Facts a housing application proves with its documents (在洛龙区就业或创业证明 …) rather than with the
# profile: a category does not wait for them; the reviewer checks the proof before approving.
PROVED_BY_DOCUMENTS = frozenset({"work_district"})


def facts_of(profile, answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine facts of a profile, with the applicant's answers on top (blank stays unknown)."""

    facts = profile_facts(profile)
    for name, value in (answers or {}).items():
        if value not in (None, ""):
            facts[name] = value
    return facts


def find(profile, *, answers: dict[str, Any] | None = None, on: dt.date | None = None) -> Finding:
    """Evaluate the category policies for one person."""

    on = on or timezone.localdate()
    lang = "zh" if (get_language() or "zh-hans").startswith("zh") else "en"
    results = {r.policy_id: r for r in policy_set().evaluate(facts_of(profile, answers), on)}
    found: list[str] = []
    reasons: dict[str, str] = {}
    missing: list[str] = []
    by_code: dict[str, Any] = {}
    for rule in rules():
        result = results.get(rule["policy"])
        if result is None:
            continue
        by_code[rule["code"]] = result
        reasons[rule["code"]] = _why(result, lang)
        proved_by_documents = result.eligible is None and set(result.missing_facts) <= PROVED_BY_DOCUMENTS
        if result.eligible is None and not proved_by_documents:
            missing.extend(m for m in result.missing_facts if m not in missing)
        # A policy past its period whose conditions are met still places the person in the
        # category: they may apply, and the decision records that the city has yet to confirm it.
        if (result.meets_conditions or proved_by_documents) and not set(rule.get("unless") or ()) & set(found):
            found.append(str(rule["code"]))
    return Finding(found, reasons, missing, by_code)


def _why(result, lang: str) -> str:
    """The conditions' own reasons: those that passed for someone eligible, those that failed
    (or are unknown) otherwise; the engine's summary when there are none."""
    wanted = ("pass",) if result.meets_conditions else ("fail", "unknown")
    texts = [c.reason.get(lang) for c in result.conditions if c.outcome in wanted and c.reason.get(lang)]
    return "".join(texts) or result.reason.get(lang)


def shared_ownership_eligible(profile, *, on: dt.date | None = None) -> tuple[bool | None, str]:
    """Whether the engine finds the person eligible for the shared-ownership purchase, and why."""

    on = on or timezone.localdate()
    lang = "zh" if (get_language() or "zh-hans").startswith("zh") else "en"
    for result in policy_set().evaluate(facts_of(profile), on):
        if result.policy_id == SHARED_OWNERSHIP_POLICY:
            return (None if result.eligible is None else result.meets_conditions), _why(result, lang)
    return None, ""
