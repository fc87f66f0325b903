"""Reads for monitoring: who may do what, scoped lists, and the view models of published runs."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet

from youthcity.accounts.models import Role
from youthcity.accounts.permissions import (
    covers_region,
    member_unit_ids,
    regions_where,
    scope_regions,
    scope_units,
)
from youthcity.core.translations import english
from youthcity.engines.index import compute
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .adapters import (
    SnapshotRow,
    dataset_from_snapshot,
    decimal_text,
    dimensions,
    engine_framework,
    snapshot_hash,
    top_dimension,
)
from .models import DataValue, FrameworkVersion, IndexRun, Indicator, Submission

# --- Permissions -----------------------------------------------------------------------------

def is_statistics_office(user, framework: FrameworkVersion) -> bool:
    """Staff of the framework's approving statistics office, or an administrator over its city."""
    if covers_region(user, framework.city, Role.ADMIN):
        return True
    return framework.approver_unit_id is not None and framework.approver_unit_id in member_unit_ids(user)


def can_submit_indicator(user, indicator: Indicator) -> bool:
    """Only the supplying department submits an indicator; indicators whose supplier is not a
    unit of the platform are compiled by the statistics office."""
    if covers_region(user, indicator.framework.city, Role.ADMIN):
        return True
    units = member_unit_ids(user)
    if indicator.supplier_id is not None:
        return indicator.supplier_id in units
    return indicator.framework.approver_unit_id in units


def submitter_unit(indicator: Indicator) -> Unit | None:
    return indicator.supplier or indicator.framework.approver_unit


def can_run_index(user, framework: FrameworkVersion) -> bool:
    """Coordinators and administrators whose region covers the framework's city."""
    return covers_region(user, framework.city, Role.COORDINATOR, Role.ADMIN)


def can_view_runs(user, framework: FrameworkVersion) -> bool:
    return (can_run_index(user, framework) or is_statistics_office(user, framework)
            or covers_region(user, framework.city, Role.LEADER))


# --- Registry and collection -------------------------------------------------------------------

def current_framework(code: str | None = None) -> FrameworkVersion | None:
    qs = FrameworkVersion.objects.select_related("city", "approver_unit")
    if code:
        qs = qs.filter(code=code)
    return qs.order_by("-created_at", "-id").first()


def registry(framework: FrameworkVersion) -> QuerySet[Indicator]:
    return framework.indicators.select_related("supplier").order_by("sort_order")


def submittable_indicators(user, framework: FrameworkVersion) -> list[Indicator]:
    return [i for i in registry(framework) if can_submit_indicator(user, i)]


def districts_of(framework: FrameworkVersion) -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.DISTRICT, path__startswith=framework.city.path).order_by(
        "sort_order", "code")


def visible_submissions(user) -> QuerySet[Submission]:
    """Submissions of the user's own units (and units below), of units in a coordinator's or
    leader's region, and everything awaiting the user's statistics office."""
    units = member_unit_ids(user)
    q = Q(unit__in=scope_units(user)) | Q(framework__approver_unit__in=units)
    return Submission.objects.filter(q).select_related("unit", "framework", "submitted_by", "reviewed_by").distinct()


def pending_reviews(user) -> QuerySet[Submission]:
    """Submissions awaiting the user's statistics office, or any framework of a city the user administers."""
    qs = Submission.objects.filter(status=Submission.Status.PENDING).select_related("unit", "submitted_by", "framework")
    return qs.filter(Q(framework__approver_unit__in=member_unit_ids(user))
                     | Q(framework__city__in=regions_where(user, Role.ADMIN)))


def submission_values(submission: Submission) -> QuerySet[DataValue]:
    return submission.values.select_related("indicator", "region", "supersedes__submission").order_by(
        "period", "region__sort_order", "indicator__sort_order")


def value_history(value: DataValue) -> list[DataValue]:
    """Every revision of the value's cell, oldest first."""
    return list(DataValue.objects.filter(indicator__framework__code=value.indicator.framework.code,
                                         indicator__code=value.indicator.code, region=value.region,
                                         period=value.period)
                .select_related("submission").order_by("revision"))


def synthetic_share(run: IndexRun, period: str | None = None) -> float:
    """Share (0…1) of the run's data values (of ``period``, or all) that are the city pack's invented
    demonstration data rather than values a unit submitted and the statistics office approved."""
    ids = [row["value_id"] for row in run.snapshot if period is None or row.get("period") == period]
    if not ids:
        return 0.0
    invented = DataValue.objects.filter(pk__in=ids, submission__source=Submission.Source.CITY_PACK).count()
    return invented / len(ids)


def approved_snapshot(framework: FrameworkVersion) -> list[dict]:
    """For every (indicator, district, period): the latest approved revision. Values collected
    under earlier versions of the same framework count when the indicator code still exists."""
    codes = set(framework.indicators.values_list("code", flat=True))
    rows = (DataValue.objects.filter(
        indicator__framework__code=framework.code, indicator__framework__city=framework.city,
        indicator__code__in=codes, submission__status=Submission.Status.APPROVED)
        .values_list("id", "indicator__code", "region__name", "region__code", "period", "value", "revision")
        .order_by("indicator__code", "region__code", "period", "-revision"))

    out: dict[tuple[str, str, str], dict] = {}
    for vid, code, name, rcode, period, value, rev in rows:
        key = (code, rcode, period)
        if key not in out:
            out[key] = SnapshotRow(district=name, region_code=rcode, period=period, indicator=code,
                                   value=decimal_text(value), value_id=vid, revision=rev).as_dict()
    return sorted(out.values(), key=lambda r: (r["period"], r["region_code"], r["indicator"]))


def runs_for(user, framework: FrameworkVersion) -> QuerySet[IndexRun]:
    if not can_view_runs(user, framework):
        return IndexRun.objects.none()
    return IndexRun.objects.filter(framework__code=framework.code, framework__city=framework.city).select_related(
        "framework", "created_by", "published_by")


# --- Publication -------------------------------------------------------------------------------

def published_run(framework_code: str, period: str) -> IndexRun | None:
    """The latest published run that covers ``period`` (runs are few; JSON lookups differ by database)."""
    for run in (IndexRun.objects.filter(framework__code=framework_code, status=IndexRun.Status.PUBLISHED)
                .select_related("framework", "framework__city").order_by("-published_at", "-id")):
        if period in run.periods:
            return run
    return None


def published_periods(framework_code: str) -> list[str]:
    periods: set[str] = set()
    for ps in IndexRun.objects.filter(framework__code=framework_code, status=IndexRun.Status.PUBLISHED).values_list(
            "periods", flat=True):
        periods.update(ps)
    return sorted(periods)


def latest_published() -> tuple[str, str] | None:
    run = IndexRun.objects.filter(status=IndexRun.Status.PUBLISHED).select_related("framework").order_by(
        "-published_at", "-id").first()
    if run is None or not run.periods:
        return None
    return run.framework.code, max(published_periods(run.framework.code))


def district_results(run: IndexRun, period: str) -> list[dict]:
    """One row per district of a run for ``period``: score, rank, dimension scores, rank
    interval, and which values were estimated or excluded (numbers only: presenters shape them)."""
    res = run.result
    root = res["root"]
    dims = dimensions(engine_framework(run.framework))
    scores = res["scores"].get(period, {})
    ranks = res["ranks"].get(period, {})
    ua = {u["unit"]: u for u in run.uncertainty.get(period, {}).get("units", [])}
    regions = {r.name: r for r in Region.objects.filter(name__in=res["units"], level=Region.Level.DISTRICT,
                                                       path__startswith=run.framework.city.path)}
    imputed = res.get("imputed", {}).get(period, {})
    excluded = [e for e in res.get("excluded", []) if e["period"] == period]
    rows = []
    for unit in res["units"]:
        region = regions.get(unit)
        u = ua.get(unit, {})
        rows.append({
            "name": region.display_name if region else unit, "label": unit, "code": region.code if region else "",
            "score": scores.get(root, {}).get(unit), "rank": ranks.get(root, {}).get(unit),
            "dims": [scores.get(d["code"], {}).get(unit) for d in dims],
            "median_rank": u.get("median_rank"), "rank_p05": u.get("rank_p05"), "rank_p95": u.get("rank_p95"),
            "imputed": sorted(code for code, units in imputed.items() if unit in units),
            "excluded": [e for e in excluded if e["unit"] == unit],
        })
    return rows


def district_detail(run: IndexRun, period: str, region: Region) -> dict:
    """Drill-down: each indicator of one district with its value, score, flags and supplier."""
    res = run.result
    fw = engine_framework(run.framework)
    values = {(r["indicator"]): r for r in run.snapshot if r["region_code"] == region.code and r["period"] == period}
    scores = res["scores"].get(period, {})
    ranks = res["ranks"].get(period, {})
    imputed = res.get("imputed", {}).get(period, {})
    cells = {c["indicator"]: c for c in res.get("imputed_cells", [])
             if c["period"] == period and c["unit"] == region.name}
    dims = {d["code"]: d for d in dimensions(fw)}
    registry_rows = {i.code: i for i in run.framework.indicators.select_related("supplier")}
    groups: dict[str, dict] = {}
    for code in fw.indicator_codes:
        ind = registry_rows.get(code)
        dim = top_dimension(fw, code) or ""
        d = dims.get(dim, {"code": dim, "name_zh": dim, "name_en": dim})
        g = groups.setdefault(dim, {"code": dim, "name": d["name_en"] if english() and d["name_en"] else d["name_zh"],
                                    "score": scores.get(dim, {}).get(region.name),
                                    "rank": ranks.get(dim, {}).get(region.name), "indicators": []})
        raw = values.get(code)
        g["indicators"].append({
            "code": code, "indicator": ind,
            "value": Decimal(raw["value"]).normalize() if raw else None,
            "revision": raw["revision"] if raw else None,
            "score": scores.get(code, {}).get(region.name),
            "rank": ranks.get(code, {}).get(region.name),
            "imputed": region.name in imputed.get(code, []),
            "imputed_method": cells.get(code, {}).get("method", ""),
            "supplier": (ind.supplier.display_name if ind and ind.supplier else (ind.source_unit_name if ind else "")),
        })
    return {"run": run, "period": period, "region": region, "synthetic": synthetic_share(run, period),
            "score": scores.get(res["root"], {}).get(region.name), "rank": ranks.get(res["root"], {}).get(region.name),
            "groups": list(groups.values()),
            "excluded": [e for e in res.get("excluded", []) if e["period"] == period and e["unit"] == region.name]}


def run_reproduces(run: IndexRun) -> bool:
    """Re-compute the run from its stored snapshot: the same engine input hash and the same scores.
    False when the engine changed its results (or the stored data were tampered with)."""


    if snapshot_hash(run.snapshot) != run.data_hash:
        return False
    fw = engine_framework(run.framework)
    order = list(districts_of(run.framework).values_list("name", flat=True))
    again = compute(fw, dataset_from_snapshot(fw, run.snapshot, order), base_period=run.base_period or None)
    return again.input_hash == run.input_hash and again.to_dict()["scores"] == run.result["scores"]


def drill_regions(user) -> QuerySet[Region]:
    """Districts whose indicator values the user may open on the dashboard."""
    return scope_regions(user).filter(level=Region.Level.DISTRICT)
