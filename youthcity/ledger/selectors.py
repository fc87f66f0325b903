"""Reads over the ledger, always scoped by the caller's units and regions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from youthcity.accounts.models import Role
from youthcity.accounts.permissions import member_unit_ids, regions_where, scope_units
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import bindings, scoring, supervision
from .models import (
    Measure,
    Plan,
    PlanImport,
    ProgressReport,
    ReportingPeriod,
    ReportReview,
    Responsibility,
    Target,
)

COORDINATING_ROLES = (Role.COORDINATOR, Role.ADMIN)
READING_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.LEADER)


def today() -> dt.date:
    return timezone.localdate()


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "LEDGER_TOLERANCE", supervision.DEFAULT_TOLERANCE)))


def coordinated_regions(user) -> QuerySet[Region]:
    """Regions whose plans the user may import, edit and review (coordinators, admins)."""
    if not getattr(user, "is_authenticated", False):
        return Region.objects.none()
    return regions_where(user, *COORDINATING_ROLES)


def overseen_regions(user) -> QuerySet[Region]:
    """Regions whose plans the user may read as a whole (coordinators, leaders, admins)."""
    if not getattr(user, "is_authenticated", False):
        return Region.objects.none()
    return regions_where(user, *READING_ROLES)


def can_coordinate(user, region: Region) -> bool:
    return coordinated_regions(user).filter(pk=region.pk).exists()


def can_oversee(user, region: Region) -> bool:
    return overseen_regions(user).filter(pk=region.pk).exists()


def is_coordinator(user) -> bool:
    return coordinated_regions(user).exists()


def imports_for(user) -> QuerySet[PlanImport]:
    return PlanImport.objects.filter(region__in=coordinated_regions(user)).select_related("region", "uploaded_by")


def visible_plans(user) -> QuerySet[Plan]:
    """Whole plans for overseers; plans where one of the user's units is responsible for unit staff."""
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    units = scope_units(user)
    return Plan.objects.filter(
        Q(region__in=overseen_regions(user)) | Q(projects__measures__responsibilities__unit__in=units)
    ).distinct().select_related("region")


def visible_measures(user, plan: Plan | None = None) -> QuerySet[Measure]:
    """All measures of overseen plans; otherwise only measures of the user's units (their ledger)."""
    qs = Measure.objects.select_related("project__plan__region")
    if plan is not None:
        qs = qs.filter(project__plan=plan)
    if plan is not None and can_oversee(user, plan.region):
        return qs
    q = Q(responsibilities__unit__in=scope_units(user))
    if plan is None:
        q |= Q(project__plan__region__in=overseen_regions(user))
    return qs.filter(q).distinct()


def unit_measures(user) -> QuerySet[Measure]:
    """The user's own ledger: measures one of the units the user works in is responsible for."""
    return Measure.objects.filter(responsibilities__unit__in=member_unit_ids(user)).distinct() \
        .select_related("project__plan__region")


def reportable_units(user, measure: Measure):
    """Units the user may report for on this measure: units where the user works (staff or reviewer,
    including their sub-units). Coordinators review reports; they do not write them for the units."""
    return Unit.objects.filter(pk__in=member_unit_ids(user), ledger_responsibilities__measure=measure).distinct()


def pending_reviews(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(review__isnull=True, measure__project__plan__region__in=coordinated_regions(user)) \
        .select_related("measure__project__plan", "unit", "period", "submitted_by").order_by("submitted_at")


def current_period(plan: Plan, day: dt.date | None = None) -> ReportingPeriod | None:
    """The period a report made today belongs to: the earliest one still open (due date not passed)."""
    day = day or today()
    return plan.periods.filter(starts_on__lte=day, due_on__gte=day).order_by("starts_on").first() \
        or plan.periods.filter(starts_on__lte=day).order_by("-starts_on").first()


def report_history(measure: Measure) -> QuerySet[ProgressReport]:
    return measure.reports.select_related("unit", "period", "submitted_by", "review__reviewer") \
        .prefetch_related("values__target", "evidence")


# --- Status and progress -------------------------------------------------------------------

@dataclass
class TargetState:
    target: Target
    achieved: Decimal | None
    assessment: supervision.Assessment
    deadline: dt.date | None = None  # the deadline the status was judged against
    reading: bindings.Reading | None = None  # the platform's value, for a target bound to a live measure

    @property
    def progress_pct(self) -> int:
        return int((self.assessment.progress * 100).to_integral_value())

    @property
    def expected_pct(self) -> int:
        return int((self.assessment.expected * 100).to_integral_value())


@dataclass
class MeasureState:
    measure: Measure
    assessment: supervision.Assessment
    targets: list[TargetState] = field(default_factory=list)
    percent: int | None = None
    last_report: ProgressReport | None = None
    lead_units: list = field(default_factory=list)
    co_units: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def progress_pct(self) -> int:
        return int((self.assessment.progress * 100).to_integral_value())


def measure_states(measures, *, day: dt.date | None = None, as_of: bool = False) -> list[MeasureState]:
    """Status of each measure and its targets from accepted reports (latest accepted value wins).
    ``as_of=True`` judges as on ``day``: reports of periods starting after it are left out."""
    day = day or today()
    tol = tolerance()
    measures = list(measures)
    ids = [m.pk for m in measures]
    targets: dict[int, list[Target]] = defaultdict(list)
    for t in Target.objects.filter(measure_id__in=ids).select_related("live_region").order_by("position"):
        targets[t.measure_id].append(t)
    resp: dict[int, list[Responsibility]] = defaultdict(list)
    for r in Responsibility.objects.filter(measure_id__in=ids).select_related("unit"):
        resp[r.measure_id].append(r)
    accepted = (ProgressReport.objects.filter(measure_id__in=ids, review__decision=ReportReview.Decision.ACCEPTED)
                .order_by("submitted_at", "id").select_related("period").prefetch_related("values"))
    if as_of:
        accepted = accepted.filter(period__starts_on__lte=day)
    achieved: dict[int, Decimal] = {}
    achieved_year: dict[int, int] = {}
    percent: dict[int, int] = {}
    last: dict[int, ProgressReport] = {}
    for report in accepted:
        last[report.measure_id] = report
        if report.percent_complete is not None:
            percent[report.measure_id] = report.percent_complete
        for v in report.values.all():
            achieved[v.target_id] = v.achieved
            achieved_year[v.target_id] = report.period.ends_on.year
    reader = bindings.Reader(day)
    states = []
    for m in measures:
        plan = m.project.plan
        t_states = []
        for t in targets[m.pk]:
            start, deadline, value = plan.starts_on, t.deadline or plan.ends_on, achieved.get(t.pk)
            if t.per_year:
                # 每年 targets are judged within the current calendar year, on this year's reports.
                start = max(plan.starts_on, dt.date(day.year, 1, 1))
                deadline = min(deadline, max(dt.date(day.year, 12, 31), start))
                if achieved_year.get(t.pk) != day.year:
                    value = None
            # A target bound to a live measure reads the platform, never the units' numbers.
            reading = reader.read(t, plan)
            if reading is not None:
                value = reading.value
            a = supervision.target_status(achieved=value, baseline=t.baseline, target=t.value,
                                          comparator=t.comparator, start=start, deadline=deadline,
                                          today=day, tolerance=tol)
            t_states.append(TargetState(t, value, a, deadline, reading))
        if t_states:
            assessment = supervision.combine([s.assessment for s in t_states])
        else:
            assessment = supervision.percent_status(percent=percent.get(m.pk), start=plan.starts_on,
                                                    deadline=plan.ends_on, today=day, tolerance=tol)
        states.append(MeasureState(
            measure=m, assessment=assessment, targets=t_states, percent=percent.get(m.pk), last_report=last.get(m.pk),
            lead_units=[r.unit for r in resp[m.pk] if r.role == Responsibility.Role.LEAD],
            co_units=[r.unit for r in resp[m.pk] if r.role == Responsibility.Role.CO]))
    return states


def plan_summaries(user) -> list[dict]:
    """Each visible plan with the progress and status counts of the measures the user sees."""
    plans = list(visible_plans(user))
    states = measure_states(visible_measures(user).filter(project__plan__in=plans))
    by_plan: dict[int, list[MeasureState]] = defaultdict(list)
    for s in states:
        by_plan[s.measure.project.plan_id].append(s)
    return [{"plan": p, "measures": len(by_plan[p.pk]), "counts": status_counts(by_plan[p.pk]),
             "completion": int((_mean(s.assessment.progress for s in by_plan[p.pk]) or 0) * 100)} for p in plans]


def status_counts(states: list[MeasureState]) -> dict[str, int]:
    counts = {s: 0 for s in supervision.SEVERITY}
    for s in states:
        counts[s.status] += 1
    return counts


def _mean(values) -> Decimal | None:
    values = list(values)
    return sum(values, Decimal(0)) / len(values) if values else None


def dashboard(user, *, day: dt.date | None = None, plan_id: int | None = None) -> dict:
    """Completion by project and by lead unit, targets reached, overdue items — for overseers."""
    day = day or today()
    all_plans = list(Plan.objects.filter(region__in=overseen_regions(user)).select_related("region"))
    plans = [p for p in all_plans if p.pk == plan_id] if plan_id else all_plans
    measures = Measure.objects.filter(project__plan__in=plans).select_related("project__plan") \
        .order_by("project__plan", "project__position", "position")
    states = measure_states(measures, day=day)
    by_project: dict[int, list[MeasureState]] = defaultdict(list)
    by_unit: dict[int, list[MeasureState]] = defaultdict(list)
    units = {}
    for s in states:
        by_project[s.measure.project_id].append(s)
        for u in s.lead_units:
            by_unit[u.pk].append(s)
            units[u.pk] = u
    projects = []
    for plan in plans:
        for project in plan.projects.all().order_by("position"):
            items = by_project.get(project.pk, [])
            if items:
                projects.append({"plan": plan, "project": project, "measures": len(items),
                                 "completion": int(_mean(s.assessment.progress for s in items) * 100),
                                 "counts": status_counts(items)})
    unit_rows = sorted(({"unit": units[k], "measures": len(v),
                         "completion": int(_mean(s.assessment.progress for s in v) * 100),
                         "counts": status_counts(v)} for k, v in by_unit.items()),
                       key=lambda r: (-r["completion"], str(r["unit"])))
    target_states = [t for s in states for t in s.targets]
    return {
        "plans": all_plans,
        "plan": plans[0] if plan_id and plans else None,
        "projects": projects,
        "units": unit_rows,
        "counts": status_counts(states),
        "measures": len(states),
        "targets": len(target_states),
        "targets_reached": sum(1 for t in target_states if t.assessment.status == supervision.DONE),
        "overdue": [s for s in states if s.status == supervision.OVERDUE][:50],
        "at_risk": [s for s in states if s.status == supervision.AT_RISK][:50],
        "completion": int((_mean(s.assessment.progress for s in states) or 0) * 100),
    }


# --- Annual assessment ---------------------------------------------------------------------

def assessment_weights() -> dict[str, Decimal]:
    return scoring.weights_from(getattr(settings, "LEDGER_ASSESSMENT_WEIGHTS", None))


def assessment(user, *, year: int | None = None, day: dt.date | None = None, plan: Plan | None = None) -> list[dict]:
    """The annual score of every lead unit of the plans the user oversees (or of ``plan`` alone), best first."""
    day = day or today()
    year = year or day.year
    weights = assessment_weights()
    plans = Plan.objects.filter(region__in=overseen_regions(user))
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    measures = Measure.objects.filter(project__plan__in=plans).select_related("project__plan")
    states = measure_states(measures, day=min(day, dt.date(year, 12, 31)))
    progress: dict[int, list[Decimal]] = defaultdict(list)
    lead: dict[int, set[int]] = defaultdict(set)
    units = {}
    for s in states:
        for u in s.lead_units:
            progress[u.pk].append(s.assessment.progress)
            lead[u.pk].add(s.measure.pk)
            units[u.pk] = u
    periods = list(ReportingPeriod.objects.filter(plan__in=plans, ends_on__year=year))
    reports = list(ProgressReport.objects.filter(measure__project__plan__in=plans, period__in=periods)
                   .select_related("review", "period"))
    on_time: dict[tuple[int, int, int], bool] = {}
    for r in reports:
        returned = getattr(getattr(r, "review", None), "decision", None) == ReportReview.Decision.RETURNED
        if not returned and r.measure_id in lead.get(r.unit_id, ()):
            key = (r.unit_id, r.measure_id, r.period_id)
            on_time[key] = on_time.get(key, False) or timezone.localtime(r.submitted_at).date() <= r.period.due_on
    ratings: dict[int, list[int]] = defaultdict(list)
    for review in ReportReview.objects.filter(report__measure__project__plan__in=plans, reviewed_at__year=year,
                                              decision=ReportReview.Decision.ACCEPTED, quality__isnull=False) \
            .select_related("report"):
        ratings[review.report.unit_id].append(review.quality)
    rows = []
    for unit_id, unit in units.items():
        plan_of = {s.measure.pk: s.measure.project.plan_id for s in states}
        due = [(m, p.pk) for m in lead[unit_id] for p in periods
               if p.plan_id == plan_of[m] and (p.due_on < day or (unit_id, m, p.pk) in on_time)]
        timeliness = (Decimal(sum(1 for m, p in due if on_time.get((unit_id, m, p)))) / len(due)) if due else None
        quality = _mean(Decimal(q) / 5 for q in ratings.get(unit_id, []))
        completion = _mean(progress[unit_id])
        s = scoring.score(completion=completion, timeliness=timeliness, quality=quality, weights=weights)
        rows.append({"unit": unit, "measures": len(lead[unit_id]), "score": s,
                     "completion": _pct(completion), "timeliness": _pct(timeliness), "quality": _pct(quality)})
    rows.sort(key=lambda r: (-(r["score"].total or Decimal(-1)), str(r["unit"])))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _pct(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def live_history(target: Target, limit: int = 60) -> list:
    """The latest daily platform values of a bound target (oldest first), for its current measure."""
    if not target.live_measure:
        return []
    rows = list(target.snapshots.filter(measure_code=target.live_measure).order_by("-taken_on")[:limit])
    return rows[::-1]


def policy_drafts(plan: Plan):
    """Policy files drafted from the plan's benefit clauses, in the plan's order."""
    from .models import PolicyDraft

    return PolicyDraft.objects.filter(plan=plan).order_by("position")
