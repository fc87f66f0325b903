"""City-pack step (demo city): import, review and publish the pack's plan documents, plus a few
progress reports, as the demo coordinating office would.

Reads ``<pack>/plans/plans.yaml``. A real city's coordinating office imports its plan documents
itself (the import review is where it checks what the parser found). Idempotent: a plan already imported for its region (same
normalised text) is skipped, and a demo report is only added when that unit has not reported
on that measure yet — so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

import yaml

from youthcity.accounts.models import User
from youthcity.core.city_pack import CityPack, LoadReport
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from . import adapters, drafts, selectors, services, supervision
from .models import (
    Comparator,
    Measure,
    Plan,
    PlanImport,
    ProgressReport,
    ReportReview,
    Responsibility,
    TargetValue,
)


def _publish_one(pack: CityPack, spec: dict, report: LoadReport) -> Plan | None:
    region = Region.objects.get(code=str(spec["region"]))
    user = User.objects.get(username=pack.operator or spec["by"])
    data = (pack.path / "plans" / spec["file"]).read_bytes()
    if spec.get("replace"):
        # A template document (XX区 in place of the district's name): the demo reads it as its district would.
        text = data.decode("utf-8")
        for old, new in spec["replace"].items():
            text = text.replace(str(old), str(new))
        data = text.encode("utf-8")
    parsed = adapters.parse_upload(data, spec["file"])
    index = int(spec.get("document", 0))
    existing = PlanImport.objects.filter(region=region, text_hash=parsed.text_hash, document_index=index) \
        .exclude(status=PlanImport.Status.DISCARDED).first()
    if existing is not None:
        return getattr(existing, "plan", None)
    [plan_import] = services.plan_import_create(user=user, region=region, filename=spec["file"], data=data,
                                                documents={index})
    codes = spec.get("units") or {}
    if codes:
        units = {u.code: u.pk for u in Unit.objects.filter(code__in=[c for c in codes.values() if c])}
        choices = {name: ({"unit": units[code]} if code else {"not_unit": True}) for name, code in codes.items()}
        plan_import = services.plan_import_map_units(user=user, plan_import=plan_import, choices=choices)
    lead = Unit.objects.get(code=spec["default_lead"]) if spec.get("default_lead") else None
    lists = {str(k): v for k, v in (spec.get("lists") or {}).items()}
    for p, project in enumerate(plan_import.data["projects"]):
        for m, measure in enumerate(project["measures"]):
            needs_lead = lead is not None and not measure["responsible_units"] and not project["lead_units"]
            tags = lists.get(str(measure.get("number")))
            if needs_lead or tags:
                plan_import = services.plan_import_edit_measure(
                    user=user, plan_import=plan_import, project_index=p, measure_index=m,
                    number=measure.get("number") or "", title=measure.get("title") or "", text=measure["text"],
                    responsible_units=[lead.short_name] if needs_lead else measure["responsible_units"],
                    lists=tags or measure.get("lists", []), targets=measure["targets"])
    settings_ = plan_import.data["settings"]
    wanted = {"schedule": spec.get("schedule") or settings_["schedule"],
              "starts_on": str(spec.get("starts_on") or settings_["starts_on"]),
              "ends_on": str(spec.get("ends_on") or settings_["ends_on"])}
    if wanted != settings_:
        plan_import = services.plan_import_update_settings(
            user=user, plan_import=plan_import, title=plan_import.data.get("title") or "",
            issuer=plan_import.data.get("issuer") or "", region=region, schedule=wanted["schedule"],
            starts_on=dt.date.fromisoformat(wanted["starts_on"]), ends_on=dt.date.fromisoformat(wanted["ends_on"]))
    missing = drafts.unmapped_names(plan_import.data)
    if missing:
        report.notes.append(f"plan {spec['key']}: unmapped unit names {missing}; left as a draft")
        return None
    plan = services.plan_import_publish(user=user, plan_import=plan_import)
    report.count("plan", True)
    return plan


def _demo_report(plans: dict[str, Plan], spec: dict, report: LoadReport) -> None:
    plan = plans.get(spec["plan"])
    if plan is None:
        return
    measure = Measure.objects.filter(project__plan=plan, number=str(spec["measure"])).first()
    unit = Unit.objects.get(code=spec["unit"])
    if measure is None or ProgressReport.objects.filter(measure=measure, unit=unit).exists():
        return
    by_subject = {t.subject: t for t in measure.targets.all()}
    values = {by_subject[s].pk: str(Decimal(str(v))) for s, v in (spec.get("values") or {}).items() if s in by_subject}
    progress = services.progress_report_submit(
        user=User.objects.get(username=spec["by"]), measure=measure, unit=unit, narrative=spec["narrative"],
        values=values, percent_complete=spec.get("percent"))
    report.count("progress_report", True)
    review = spec.get("review")
    if review:
        services.report_review(user=User.objects.get(username=review["by"]), report=progress,
                               decision=review["decision"], comment=review.get("comment", ""),
                               quality=review.get("quality"), notify_unit=False)


#: The demo's synthetic progress: how the measures nobody reported on by hand are spread. Shares of
#: measures; "silent" ones get no report. Drawn per measure from a seed of its plan and position, so a
#: second load draws the same.
DEMO_MIX = (("done", 0.15), ("on_track", 0.45), ("at_risk", 0.22), ("silent", 0.18))
DEMO_NARRATIVE = {
    "done": "【演示数据，虚构】本项任务已按方案要求完成，相关材料已归档。",
    "on_track": "【演示数据，虚构】本期按计划推进，阶段性工作已落实。",
    "at_risk": "【演示数据，虚构】受项目审批和资金到位影响，进度滞后，正在加紧推进。",
}


def _draw(rng: random.Random) -> str:
    x, total = rng.random(), 0.0
    for kind, share in DEMO_MIX:
        total += share
        if x < total:
            return kind
    return DEMO_MIX[-1][0]


def _fraction(kind: str, expected: Decimal, rng: random.Random) -> Decimal:
    """Share of the way from baseline to target a synthetic report claims."""
    if kind == "done":
        return Decimal(1)
    r = Decimal(str(round(rng.random(), 3)))
    if kind == "on_track":
        return min(Decimal("0.97"), expected + Decimal("0.02") + r * Decimal("0.15"))
    return max(Decimal(0), expected - Decimal("0.25") - r * Decimal("0.2"))


def _demo_progress(plan: Plan, report: LoadReport, day: dt.date, skip_units: set[int]) -> None:
    """Synthetic accepted reports for a plan's measures (labelled 演示数据 in their narrative), so the
    demo ledger shows a plausible mix of statuses instead of everything 滞后. Measures with a report,
    and measures led by ``skip_units`` (left for people trying the report form), are skipped."""
    period = selectors.current_period(plan, day)
    if period is None:
        return
    reviewer = plan.published_by
    left = Responsibility.objects.filter(unit__in=skip_units, role=Responsibility.Role.LEAD)
    measures = Measure.objects.filter(project__plan=plan).exclude(reports__isnull=False).exclude(
        responsibilities__in=left).prefetch_related("targets", "responsibilities__unit").distinct()
    for measure in measures.order_by("project__position", "position"):
        lead = next((r.unit for r in measure.responsibilities.all() if r.role == Responsibility.Role.LEAD), None)
        if lead is None:
            continue
        rng = random.Random(f"{plan.title}:{measure.project.position}:{measure.position}")
        kind = _draw(rng)
        if kind == "silent":
            continue
        values = []
        for t in measure.targets.all():
            deadline = t.deadline or plan.ends_on
            start = max(plan.starts_on, dt.date(day.year, 1, 1)) if t.per_year else plan.starts_on
            if t.per_year:
                deadline = min(deadline, dt.date(day.year, 12, 31))
            share = _fraction(kind, supervision.elapsed_share(start, deadline, day), rng)
            if t.comparator == Comparator.AT_MOST:
                achieved = t.baseline - share * (t.baseline - t.value) if t.baseline > t.value else t.value
            else:
                achieved = t.baseline + share * (t.value - t.baseline)
            values.append(TargetValue(target=t, achieved=max(Decimal(0), achieved).quantize(Decimal(1), ROUND_HALF_UP)))
        share = _fraction(kind, supervision.elapsed_share(plan.starts_on, plan.ends_on, day), rng)
        progress = ProgressReport.objects.create(measure=measure, period=period, unit=lead, submitted_by=None,
                                                 narrative=DEMO_NARRATIVE[kind], plan_version=plan.version,
                                                 percent_complete=int((share * 100).to_integral_value()))
        for v in values:
            v.report = progress
        TargetValue.objects.bulk_create(values)
        # No quality rating: the annual assessment's quality component stays that of real reviews.
        ReportReview.objects.create(report=progress, decision=ReportReview.Decision.ACCEPTED, reviewer=reviewer)
        report.count("synthetic_progress_report", True)


def load(pack: CityPack, report: LoadReport) -> None:
    path = pack.path / "plans" / "plans.yaml"
    if not path.exists():
        return
    if not pack.demo and not pack.operator:
        report.notes.append(f"ledger: plan documents are in {path.parent}; the coordinating office imports them "
                            "(or run youthcity create_admin, then load_city again to import them as the administrator)")
        return
    with open(path, encoding="utf-8") as fh:
        config = yaml.safe_load(fh) or {}
    plans: dict[str, Plan] = {}
    for spec in config.get("plans", []):
        plan = _publish_one(pack, spec, report)
        if plan is not None:
            plans[spec["key"]] = plan
    for spec in config.get("reports", []) if pack.demo else []:
        _demo_report(plans, spec, report)
    synthetic = config.get("synthetic_progress") or {}
    if pack.demo and synthetic.get("enabled", True):
        skip = set(Unit.objects.filter(code__in=synthetic.get("skip_units", [])).values_list("pk", flat=True))
        for plan in plans.values():
            _demo_progress(plan, report, selectors.today(), skip)
