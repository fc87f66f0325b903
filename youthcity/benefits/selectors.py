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

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from youthcity.accounts.models import Role
from youthcity.accounts.permissions import holds_city_role, member_unit_ids
from youthcity.core import entry_points
from youthcity.core.city_pack import current_pack
from youthcity.core.entry_points import MyItem
from youthcity.engines.rules import (
    PolicySet,
    SimulationSummary,
    simulate,
    synthetic_population,
)
from youthcity.organizations.models import Unit

from . import adapters
from .models import BenefitApplication, PolicyVersion
from .registry import pack_city_profile, policy_set, registry
from .workflow import workflow


def today() -> date:
    return timezone.localdate()


# -- policies ----------------------------------------------------------------------------------


def policy_list(language: str | None = None) -> list[dict[str, Any]]:
    """Every policy in force in the registry, with its responsible unit resolved."""
    language = language or adapters.lang()
    ps = policy_set()
    rows = []
    on = today()
    for policy in ps.policies.values():
        view = adapters.policy_view(policy, ps, language)
        view["amount_words"] = adapters.amount_words(policy, ps, on, language)
        view["awaiting_confirmation"] = bool(policy.needs_confirmation(on))
        view["provisional"] = [c.provisional.get(language) for c in policy.conditions if c.provisional]
        resolution = adapters.resolve_policy_unit(policy.responsible_unit)
        view["unit"] = resolution.unit
        view["unit_candidates"] = resolution.candidates
        rows.append(view)
    return rows


def policy_or_none(policy_id: str):
    return policy_set().policies.get(policy_id)


# -- the finder --------------------------------------------------------------------------------


def asks_about(policy, facts: Mapping[str, Any]) -> bool:
    """Whether the youth finder asks about `policy` for these facts: every benefit a young person
    applies for, and an employer's benefit (`audience: employer`) once the person says they run a
    business: a founder is an employer."""
    return policy.audience == "youth" or facts.get("is_startup_founder") is True


def grouped_results(facts: Mapping[str, Any], on: date | None = None, language: str | None = None) -> dict[str, list]:
    """The finder's groups: qualifies / meets the conditions but awaits the city's confirmation
    (the policy's period or review date has passed, or a condition is provisional) / may qualify
    (missing facts named) / does not qualify, and, apart, the employers' benefits it does not ask about (`for_employers`)."""
    language = language or adapters.lang()
    ps = policy_set()
    groups: dict[str, list] = {
        "eligible": [], "awaiting_confirmation": [], "undetermined": [], "not_eligible": [], "for_employers": [],
    }
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


def applications_of(user) -> QuerySet[BenefitApplication]:
    return workflow.owned_by(user).prefetch_related("documents")


_APPLICATION_TONES = {"approved": "success", "rejected": "danger", "more_documents": "warning"}


def my_applications(user) -> list[MyItem]:
    """The person's "my applications": benefit applications and the items of every flow that is a
    policy's application (``apply_via``: station bookings …), newest first, in one list. A fixed
    number of queries: one for the applications, one per entry point."""

    rows = [
        MyItem(kind="benefits.application", title=a.policy_name, status=a.status,
               status_label=str(a.get_status_display()), tone=_APPLICATION_TONES.get(a.status, "secondary"),
               detail=a.unit.short_name or a.unit.name, url=reverse("benefits:application", args=[a.pk]),
               created_at=a.created_at)
        for a in workflow.owned_by(user).order_by("-created_at")[:200]
    ]
    for entry in entry_points.all_entry_points():
        if entry.mine is not None:
            rows.extend(entry.mine(user))
    return sorted(rows, key=lambda r: r.created_at, reverse=True)


def application_of(user, pk: int) -> BenefitApplication:
    """The signed-in person's own application (404 for anyone else's)."""
    return workflow.own(user, pk)


def review_queue(user, *, status: str | None = None) -> QuerySet[BenefitApplication]:
    """Applications of the user's units, never their own (the shared workflow's queue)."""
    qs = workflow.queue(user)
    if status:
        qs = qs.filter(status=status)
    return qs


def reviewable_application(user, pk: int) -> BenefitApplication:
    """An application in the user's queue (404 otherwise: no leak of its existence)."""
    return get_object_or_404(review_queue(user).prefetch_related("documents", "decisions", "disbursements"), pk=pk)


# -- microsimulation ---------------------------------------------------------------------------

SIMULATION_SIZES = (1_000, 10_000, 100_000, 1_000_000)
_POPULATIONS: OrderedDict[tuple, Any] = OrderedDict()
_POPULATIONS_LOCK = threading.Lock()
_BASELINES: OrderedDict[tuple, SimulationSummary] = OrderedDict()
_MAX_POPULATIONS = 2  # a 1,000,000-person table is about 40 MB


def city_districts() -> list[tuple[str, str]]:
    """(engine code, display name) of the city's districts, in the city pack's order."""
    return [(str(d.get("key") or d["code"]), d["name"]) for d in current_pack().districts]


def population(n: int, seed: int, districts: tuple[str, ...], on: date):
    """The synthetic population for (N, seed) over `districts`, cached (a few of them) per process."""
    city = pack_city_profile()
    if districts != city.districts:  # another set of districts than the pack's: drawn alike
        city = dataclasses.replace(city, districts=districts, district_weights=(), district_regions=())
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


# -- policy versions ---------------------------------------------------------------------------


def policy_ids_in_reach(user, *roles: str) -> list[str]:
    """Policies `user` may write drafts of or review, in the registry's order: city-level
    coordinators and administrators every policy; unit staff and reviewers (or only ``roles``)
    the policies of their units (each policy's responsible unit resolved once)."""

    if not getattr(user, "is_authenticated", False):
        return []
    ps = policy_set()
    if holds_city_role(user, Role.COORDINATOR, Role.ADMIN):
        return list(ps.policies)
    units = member_unit_ids(user, *roles)
    if not units:
        return []
    return [pid for pid, unit_id in policy_unit_ids().items() if unit_id in units]


_policy_units: dict[tuple, dict[str, int | None]] = {}


def policy_unit_ids() -> dict[str, int | None]:
    """{policy id: its responsible unit's id (None if unresolved)}, resolved once per loaded
    policy set and state of the unit table (one query to tell)."""

    ps = policy_set()
    state = Unit.objects.aggregate(n=Count("pk"), last=Max("pk"))
    key = (registry.generation, id(ps), state["n"], state["last"])
    if key not in _policy_units:
        _policy_units.clear()
        _policy_units[key] = {}
        for pid, policy in ps.policies.items():
            unit = adapters.resolve_policy_unit(policy.responsible_unit).unit
            _policy_units[key][pid] = unit.pk if unit is not None else None
    return _policy_units[key]


def policy_versions_for(user):
    """Versions of the policies in `user`'s reach (drafts of others stay with their author until
    submitted)."""

    ids = policy_ids_in_reach(user)
    return (PolicyVersion.objects.filter(policy_id__in=ids)
            .filter(~Q(status=PolicyVersion.Status.DRAFT) | Q(author=user))
            .select_related("author", "reviewer"))
