"""REST API: the published plans in the parser's JSON shape, plus ids, progress and status; progress
reports written by units and reviewed by the coordinating office."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Form, Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.core.edge import NAME_LENGTH, NARRATIVE_LENGTH, Id, Name, Note
from youthcity.core.errors import ServiceError

from . import selectors, services
from .adapters import decimal_json
from .models import ProgressReport

router = Router(tags=["ledger"], auth=auth_any)


def _plan_summary(plan) -> dict:
    return {"id": plan.pk, "title": plan.title, "issuer": plan.issuer or None,
            "date": plan.issued_on.isoformat() if plan.issued_on else None,
            "region": {"code": plan.region.code, "name": plan.region.name},
            "schedule": plan.schedule, "starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat()}


def _unit(u) -> dict:
    return {"id": u.pk, "code": u.code, "name": u.short_name or u.name}


@router.get("/plans", summary="Published plans the caller may see")
def list_plans(request):
    plans = list(selectors.visible_plans(request.user))
    result = []
    for plan in plans:
        states = selectors.measure_states(selectors.visible_measures(request.user, plan))
        progress = sum((s.assessment.progress for s in states), 0) / len(states) if states else 0
        result.append({**_plan_summary(plan), "measures": len(states),
                       "progress": round(float(progress), 4), "status_counts": selectors.status_counts(states)})
    return {"plans": result}


@router.get("/plans/{plan_id}", summary="One plan: projects, measures, targets, progress and status")
def get_plan(request, plan_id: Id):
    plan = get_object_or_404(selectors.visible_plans(request.user), pk=plan_id)
    states = selectors.measure_states(selectors.visible_measures(request.user, plan).order_by(
        "project__position", "position"))
    by_project: dict[int, list] = {}
    for s in states:
        by_project.setdefault(s.measure.project_id, []).append(s)
    projects = []
    for project in plan.projects.all().order_by("position").prefetch_related("lead_units"):
        if project.pk not in by_project:
            continue
        projects.append({
            "id": project.pk, "title": project.title or None,
            "lead_units": [u.short_name or u.name for u in project.lead_units.all()],
            "measures": [{
                "id": s.measure.pk, "number": s.measure.number or None, "title": s.measure.title or None,
                "text": s.measure.text,
                "responsible_units": [u.short_name or u.name for u in s.lead_units + s.co_units],
                "lead_units": [_unit(u) for u in s.lead_units], "co_units": [_unit(u) for u in s.co_units],
                "lists": s.measure.lists, "status": s.status, "progress": round(float(s.assessment.progress), 4),
                "percent_complete": s.percent,
                "targets": [{
                    "id": t.target.pk, "text": t.target.text, "subject": t.target.subject,
                    "value": decimal_json(t.target.value), "unit": t.target.unit, "comparator": t.target.comparator,
                    "per": "year" if t.target.per_year else None,
                    "deadline": t.target.deadline.isoformat() if t.target.deadline else None,
                    "baseline": decimal_json(t.target.baseline), "achieved": decimal_json(t.achieved),
                    "status": t.assessment.status, "progress": round(float(t.assessment.progress), 4),
                    # A target bound to a live measure: "achieved" is the platform's figure, read now.
                    "live": {"measure": t.target.live_measure, "region": t.target.live_region.code,
                             "period": t.target.live_period, "as_of": t.reading.as_of.isoformat()}
                    if t.reading is not None else None,
                } for t in s.targets],
            } for s in by_project[project.pk]],
        })
    return {**_plan_summary(plan), "projects": projects, "status_counts": selectors.status_counts(states)}


# --- Progress reports (units) and their review (the coordinating office) ----------------------


def _report_out(report) -> dict:
    review = getattr(report, "review", None)
    return {
        "id": report.pk, "measure": report.measure_id, "unit": _unit(report.unit),
        "period": {"starts_on": report.period.starts_on.isoformat(), "ends_on": report.period.ends_on.isoformat(),
                   "due_on": report.period.due_on.isoformat()},
        "submitted_at": report.submitted_at.isoformat(), "narrative": report.narrative,
        "percent_complete": report.percent_complete,
        "values": [{"target": v.target_id, "achieved": decimal_json(v.achieved), "unit": v.target.unit}
                   for v in report.values.all()],
        "evidence": [{"name": e.original_name, "size": e.size, "sha256": e.sha256} for e in report.evidence.all()],
        "review": None if review is None else {
            "decision": review.decision, "comment": review.comment, "quality": review.quality,
            "reviewed_at": review.reviewed_at.isoformat()},
    }


def _measure(request, measure_id: Id):
    return get_object_or_404(selectors.visible_measures(request.user), pk=measure_id)


@router.get("/measures/{measure_id}/reports", summary="A measure's progress reports, newest first, with reviews")
def list_reports(request, measure_id: Id):
    measure = _measure(request, measure_id)  # not in the caller's ledger: 404
    return {"measure": measure.pk, "reports": [_report_out(r) for r in selectors.report_history(measure)]}


@router.post("/measures/{measure_id}/reports", response={201: dict},
             summary="Report progress (multipart: `unit` code, `narrative`, optional `percent_complete`, "
                     "`target_<id>` values such as `1.2万` or `350套`, `evidence` files)")
def submit_report(request, measure_id: Id, unit: str = Form(..., max_length=NAME_LENGTH),
                  narrative: str = Form("", max_length=NARRATIVE_LENGTH),
                  percent_complete: int | None = Form(None)):
    measure = _measure(request, measure_id)
    reporting_unit = selectors.reportable_units(request.user, measure).filter(code=unit).first()
    if reporting_unit is None:
        raise ServiceError(403, "forbidden", _("You cannot report for this unit on this measure."))
    values = {key.removeprefix("target_"): value for key, value in request.POST.items() if key.startswith("target_")}
    bad = [key for key in values if not (key.isascii() and key.isdigit() and len(key) < 19)]
    if bad:
        raise ServiceError(422, "invalid", _("Some fields are invalid."),
                       {f"target_{key}": [_("That target does not belong to this measure.")] for key in bad})
    report = services.progress_report_submit(
        user=request.user, measure=measure, unit=reporting_unit, narrative=narrative,
        values={int(k): v for k, v in values.items()}, percent_complete=percent_complete,
        files=request.FILES.getlist("evidence"))
    return Status(201, _report_out(selectors.report_history(measure).get(pk=report.pk)))


class ReportReviewIn(Schema):
    decision: Name  # accepted | returned
    comment: Note = ""
    quality: int | None = Field(None, ge=1, le=5)


@router.post("/reports/{report_id}/review", summary="Coordinating office: accept (quality 1–5) or return a report")
def review_report(request, report_id: Id, payload: ReportReviewIn):
    report = get_object_or_404(ProgressReport.objects.filter(measure__in=selectors.visible_measures(request.user)),
                               pk=report_id)
    services.report_review(user=request.user, report=report, decision=payload.decision,
                           comment=payload.comment, quality=payload.quality)
    return _report_out(selectors.report_history(report.measure).get(pk=report.pk))
