"""Reads: the policy list, the finder's answers, applications and review queues, simulations.

Staff reads are always scoped by `accounts.permissions.scope_units`: another unit's application
is simply not found.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from youthcity.accounts.permissions import scope_units
from youthcity.engines.rules import (
    PolicyResult,
    PolicySet,
    SimulationSummary,
    simulate,
    synthetic_population,
)

from . import adapters
from .models import BenefitApplication
from .registry import city_profile, policy_set, registry


def today() -> date:
    return timezone.localdate()


# -- policies ----------------------------------------------------------------------------------


def policy_list(language: str | None = None) -> list[dict[str, Any]]:
    """Every policy in force in the registry, with its responsible unit resolved."""
    language = language or adapters.lang()
    ps = policy_set()
    rows = []
    for policy in ps.policies.values():
        view = adapters.policy_view(policy, ps, language)
        resolution = adapters.resolve_policy_unit(policy.responsible_unit)
        view["unit"] = resolution.unit
        view["unit_candidates"] = resolution.candidates
        rows.append(view)
    return rows


def policy_or_none(policy_id: str):
    return policy_set().policies.get(policy_id)


# -- the finder --------------------------------------------------------------------------------


def evaluate_facts(facts: Mapping[str, Any], on: date | None = None) -> list[PolicyResult]:
    """Scalar evaluation with explanations; raises `FactsError` for malformed facts."""
    return policy_set().evaluate(facts, on or today())


def asks_about(policy, facts: Mapping[str, Any]) -> bool:
    """Whether the youth finder asks about `policy` for these facts: every benefit a young person
    applies for, and an employer's benefit (`audience: employer`) once the person says they run a
    business: a founder is an employer."""
    return policy.audience == "youth" or facts.get("is_startup_founder") is True


def grouped_results(facts: Mapping[str, Any], on: date | None = None, language: str | None = None) -> dict[str, list]:
    """The finder's three groups: qualifies / may qualify (missing facts named) / does not qualify,
    and, apart, the employers' benefits it does not ask about (`for_employers`)."""
    language = language or adapters.lang()
    ps = policy_set()
    groups: dict[str, list] = {"eligible": [], "undetermined": [], "not_eligible": [], "for_employers": []}
    for result in ps.evaluate(facts, on or today()):
        if not result.in_force:
            continue
        view = adapters.result_view(result, ps, language)
        view["unit"] = adapters.resolve_policy_unit(result.policy.responsible_unit).unit
        group = result.status.value if asks_about(result.policy, facts) else "for_employers"
        groups[group].append(view)
    return groups


def next_question(facts: Mapping[str, Any], skipped: Iterable[str] = (), on: date | None = None) -> str | None:
    """The engine's next most useful question for the benefits the finder asks about, never one
    the person chose to skip."""
    ps = policy_set()
    only = [p.id for p in ps.policies.values() if asks_about(p, facts)]
    return ps.next_question(facts, on or today(), only=only, skip=skipped)


def profile_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    from youthcity.accounts.models import YouthProfile

    return YouthProfile.objects.filter(user=user).first()


# -- applications ------------------------------------------------------------------------------


def applications_of(user) -> QuerySet[BenefitApplication]:
    return BenefitApplication.objects.filter(applicant=user).select_related("unit").prefetch_related("documents")


def application_of(user, pk: int) -> BenefitApplication:
    """The signed-in person's own application (404 for anyone else's)."""
    return get_object_or_404(applications_of(user), pk=pk)


def review_queue(user, *, status: str | None = None) -> QuerySet[BenefitApplication]:
    qs = (
        BenefitApplication.objects.filter(unit__in=scope_units(user))
        .select_related("applicant", "unit")
        .order_by("created_at", "id")
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def reviewable_application(user, pk: int) -> BenefitApplication:
    """An application in the user's units (404 otherwise: no leak of its existence)."""
    return get_object_or_404(review_queue(user).prefetch_related("documents", "decisions", "disbursements"), pk=pk)


def applicant_facts(application: BenefitApplication) -> dict[str, Any]:
    """The applicant's current facts: what they stated when applying, updated by the profile now."""
    facts = dict(application.stated_facts or {})
    facts.update(adapters.profile_facts(profile_of(application.applicant)))
    return facts


def eligibility_now(application: BenefitApplication, on: date | None = None) -> PolicyResult | None:
    """The engine's answer for this application's policy on the applicant's current facts."""
    from youthcity.engines.rules import FactsError

    ps = policy_set()
    if application.policy_id not in ps.policies:
        return None
    try:
        results = ps.evaluate(applicant_facts(application), on or today())
    except FactsError:
        return None
    return next((r for r in results if r.policy_id == application.policy_id), None)


# -- microsimulation ---------------------------------------------------------------------------

SIMULATION_SIZES = (1_000, 10_000, 100_000, 1_000_000)
_POPULATIONS: OrderedDict[tuple, Any] = OrderedDict()
_POPULATIONS_LOCK = threading.Lock()
_BASELINES: OrderedDict[tuple, SimulationSummary] = OrderedDict()
_MAX_POPULATIONS = 2  # a 1,000,000-person table is about 40 MB


def city_districts() -> list[tuple[str, str]]:
    """(engine code, display name) of the city's districts, from the region tree."""
    from django.conf import settings

    from youthcity.core.city_pack import open_pack
    from youthcity.regions.models import Region

    city_code = str(open_pack(settings.YOUTHCITY_CITY_PACK).data["city"]["code"])
    regions = Region.objects.filter(level=Region.Level.DISTRICT, path__startswith=f"/{city_code}/").order_by(
        "sort_order"
    )
    return [(adapters.district_code(r), r.name) for r in regions]


def population(n: int, seed: int, districts: tuple[str, ...], on: date):
    """The synthetic population for (N, seed), cached (a few of them) per process."""
    city = dataclasses.replace(city_profile(), districts=districts, district_regions=())
    key = (n, seed, city, on)
    with _POPULATIONS_LOCK:
        if key in _POPULATIONS:
            _POPULATIONS.move_to_end(key)
            return _POPULATIONS[key]
    table = synthetic_population(n, seed, city, on=on, facts=policy_set().facts)
    with _POPULATIONS_LOCK:
        _POPULATIONS[key] = table
        while len(_POPULATIONS) > _MAX_POPULATIONS:
            _POPULATIONS.popitem(last=False)
    return table


def simulation(
    *, n: int, seed: int, overrides: Mapping[str, Any] | None = None, on: date | None = None
) -> tuple[SimulationSummary, SimulationSummary | None]:
    """Baseline and (with overrides) what-if figures on the same population."""
    on = on or today()
    ps: PolicySet = policy_set()
    districts = tuple(code for code, _ in city_districts())
    table = population(n, seed, districts, on)
    key = (n, seed, districts, on, registry.generation)
    with _POPULATIONS_LOCK:
        base = _BASELINES.get(key)
    if base is None:
        base = simulate(ps, table, on)
        with _POPULATIONS_LOCK:
            _BASELINES[key] = base
            while len(_BASELINES) > 8:
                _BASELINES.popitem(last=False)
    what_if = simulate(ps, table, on, overrides) if overrides else None
    return base, what_if
