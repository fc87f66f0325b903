"""ORM ↔ rules engine: the city's youth-station policy gives eligibility (with its explanation)
and the booking limits. Both come from the one policy registry every app shares
(:mod:`youthcity.benefits.registry`), so "Policies reloaded" changes what stations enforce, and
from the one profile → facts translation (:func:`youthcity.benefits.adapters.profile_facts`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from youthcity.accounts.selectors import youth_profile_of
from youthcity.benefits.adapters import lang, profile_facts
from youthcity.benefits.registry import policy_set
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import FactsError, Status

from .rules import YOUTH_STATION_POLICY, StationRules, youth_station_rules


@dataclass(frozen=True)
class Eligibility:
    eligible: bool | None  # None: the profile lacks facts the policy needs
    reason: str
    conditions: list[dict]  # [{"id", "outcome", "reason"}] in the user's language
    missing_facts: list[str]


def rules_on(day: dt.date) -> StationRules:
    """The limits in force on ``day`` — parameters of the city's ``youth_station_stay`` policy.

    A day the policy does not cover (before it took effect, far ahead) is refused with 422."""
    try:
        return youth_station_rules(policy_set(), day)
    except ValueError:
        raise ServiceError(422, "not_in_force", _("No youth-station policy is in force on %(day)s.")
                           % {"day": day.isoformat()}, {"check_in": [_("Choose another date.")]}) from None


def eligibility(user, day: dt.date) -> Eligibility:
    """Evaluate the youth-station policy for ``user`` with the engine's scalar evaluator."""
    ps = policy_set()
    language = lang()
    facts = profile_facts(youth_profile_of(user))
    try:
        results = ps.evaluate(facts, day)
    except FactsError as exc:
        return Eligibility(False, "；".join(e.message(language) for e in exc.errors), [], [])
    result = next(r for r in results if r.policy_id == YOUTH_STATION_POLICY)
    conditions = [{"id": c.id, "outcome": c.outcome, "reason": c.reason.get(language)} for c in result.conditions]
    failed = [c["reason"] for c in conditions if c["outcome"] == "fail"]
    reason = " ".join(failed) if failed else result.reason.get(language)
    # A stay awaiting the city's confirmation (the plan's period has ended) is still booked: the
    # stations run; the reason shown says the policy awaits confirmation.
    eligible = None if result.status is Status.UNDETERMINED else result.meets_conditions
    return Eligibility(eligible, reason, conditions, list(result.missing_facts))
