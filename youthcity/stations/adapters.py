"""ORM ↔ rules engine: the city's youth-station policy gives eligibility (with its explanation)
and the booking limits. This is the one place that knows where they come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

from youthcity.core.city_pack import CITIES_DIR, open_pack
from youthcity.engines.rules import (
    YOUTH_STATION_POLICY,
    FactsError,
    PolicySet,
    StationRules,
    Status,
    load_policy_set,
    youth_station_rules,
)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool | None  # None: the profile lacks facts the policy needs
    reason: str
    conditions: list[dict]  # [{"id", "outcome", "reason"}] in the user's language
    missing_facts: list[str]


@lru_cache(maxsize=4)
def _policy_set(city: str) -> tuple[PolicySet, str, str]:
    pack = open_pack(city)
    directory = Path(CITIES_DIR) / city / "policies"
    return load_policy_set(directory), str(pack.data["city"]["name"]), str(pack.data["city"].get("name_en", ""))


def policy_set() -> PolicySet:
    return _policy_set(settings.YOUTHCITY_CITY_PACK)[0]


def rules_on(day: dt.date) -> StationRules:
    """The limits in force on ``day`` — parameters of the city's ``youth_station_stay`` policy."""
    return youth_station_rules(policy_set(), day)


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def _city_fact(value: str, ps: PolicySet, day: dt.date, names: tuple[str, str]) -> str | None:
    """Profiles store city names (洛阳市); the policy compares with the city code parameter."""
    value = (value or "").strip()
    if not value:
        return None
    code = ps.parameter_value("city.code", day)
    zh, en = names
    local = {zh, zh.removesuffix("市"), en.lower(), str(code).lower()}
    return str(code) if value.lower() in local or value.removesuffix("市") in local else value


def profile_facts(user, day: dt.date) -> dict:
    """The facts the youth-station policy reads, from the person's profile (unknowns stay None)."""
    ps, zh, en = _policy_set(settings.YOUTHCITY_CITY_PACK)
    profile = getattr(user, "youth_profile", None)
    if profile is None:
        return {}
    grad = profile.graduation_date if profile.graduation_date and profile.graduation_date <= day else None
    status = profile.employment_status
    return {
        "hukou_city": _city_fact(profile.hukou_city, ps, day, (zh, en)),
        "home_city": _city_fact(profile.home_city or profile.hukou_city, ps, day, (zh, en)),
        "education_level": profile.education_level or None,
        "is_job_seeking": None if not status else status in ("job_seeking", "student"),
        "graduation_date": grad,
    }


def eligibility(user, day: dt.date) -> Eligibility:
    """Evaluate the youth-station policy for ``user`` with the engine's scalar evaluator."""
    ps = policy_set()
    lang = _lang()
    facts = {k: v for k, v in profile_facts(user, day).items() if v is not None}
    try:
        results = ps.evaluate(facts, day)
    except FactsError as exc:
        return Eligibility(False, "; ".join(e.message(lang) for e in exc.errors), [], [])
    result = next(r for r in results if r.policy_id == YOUTH_STATION_POLICY)
    conditions = [{"id": c.id, "outcome": c.outcome, "reason": c.reason.get(lang)} for c in result.conditions]
    failed = [c["reason"] for c in conditions if c["outcome"] == "fail"]
    reason = " ".join(failed) if failed else result.reason.get(lang)
    eligible = None if result.status is Status.UNDETERMINED else result.status is Status.ELIGIBLE
    return Eligibility(eligible, reason, conditions, list(result.missing_facts))
