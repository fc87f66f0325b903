"""REST API: the published plans in the parser's JSON shape, plus ids, progress and status."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router

from youthcity.core.api import auth_any

from . import selectors
from .adapters import decimal_json

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
def get_plan(request, plan_id: int):
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
                } for t in s.targets],
            } for s in by_project[project.pk]],
        })
    return {**_plan_summary(plan), "projects": projects, "status_counts": selectors.status_counts(states)}
