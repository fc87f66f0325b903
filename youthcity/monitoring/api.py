"""REST API: the published index (public) and data submission/review (staff, bearer or session)."""

from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from youthcity.accounts.api_auth import auth_any
from youthcity.core.edge import Id, Name, Note
from youthcity.core.errors import ServiceError

from . import presenters, selectors, services
from .models import Submission

router = Router(tags=["monitoring"])


@router.get("/index/{framework}/{period}", auth=None, summary="Published index: scores, ranks, rank intervals")
def index_period(request, framework: str, period: str) -> dict[str, Any]:
    run = selectors.published_run(framework, period)
    if run is None:
        raise ServiceError(404, "not_published", _("No published index for this framework and period."))
    r = presenters.run_report(run, period)
    return {
        "framework": run.framework.code, "framework_version": run.framework.version,
        "name": run.framework.display_name, "period": period,
        "run": {"id": run.pk, "published_at": run.published_at, "framework_hash": run.framework_hash,
                "data_hash": run.data_hash, "engine_version": run.engine_version, "input_hash": run.input_hash,
                "base_period": run.base_period or None, "replications": run.replications, "seed": run.seed},
        "dimensions": r["dimensions"],
        "districts": [{
            "district": d["label"], "code": d["code"], "score": d["score"], "rank": d["rank"],
            "median_rank": d["median_rank"], "rank_interval": [d["rank_p05"], d["rank_p95"]],
            "dimensions": {dim["code"]: v for dim, v in zip(r["dimensions"], d["dims"], strict=True)},
            "imputed": d["imputed"], "excluded": [{"node": e["node"], "reason": e["reason"]} for e in d["excluded"]],
        } for d in r["districts"]],
        "warnings": r["warnings"],
    }


@router.get("/monitoring/indicators", auth=auth_any, summary="Indicator registry of the current framework")
def indicators(request, framework: str | None = None) -> dict[str, Any]:
    fw = selectors.current_framework(framework)
    if fw is None:
        raise ServiceError(404, "not_found", _("Unknown framework."))
    return {"framework": fw.code, "version": fw.version, "content_hash": fw.content_hash, "indicators": [{
        "code": i.code, "name_zh": i.name_zh, "name_en": i.name_en, "unit": i.measure_unit, "polarity": i.polarity,
        "kind": i.kind, "dimension": i.dimension_code, "valid_range": [i.valid_min, i.valid_max],
        "supplier": i.supplier.code if i.supplier else None, "supplier_name": i.source_unit_name,
        "you_supply": selectors.can_submit_indicator(request.user, i)} for i in selectors.registry(fw)]}


class ValueIn(Schema):
    indicator: Name
    district: Name
    period: Name
    value: float | Annotated[str, Field(max_length=64)] | None


class SubmissionIn(Schema):
    framework: Name | None = None
    values: list[ValueIn] = Field(max_length=5000)
    note: Note = ""


class SubmissionOut(Schema):
    id: int
    unit: str
    status: str
    values: int


class SubmissionReviewIn(Schema):
    note: Note = ""


def _out(sub: Submission) -> dict:
    return {"id": sub.pk, "unit": sub.unit.code, "status": sub.status, "values": sub.values.count()}


@router.post("/monitoring/submissions", response={201: list[SubmissionOut]}, auth=auth_any,
             summary="Submit indicator values (supplying department)")
def submission_create(request, payload: SubmissionIn):
    fw = selectors.current_framework(payload.framework)
    if fw is None:
        raise ServiceError(404, "not_found", _("Unknown framework."))
    rows = [services.ValueRow(indicator=v.indicator, district=v.district, period=v.period, value=v.value,
                              where=_("values[%(i)s]") % {"i": i}) for i, v in enumerate(payload.values)]
    subs = services.submission_create(user=request.user, framework=fw, rows=rows,
                                      source=Submission.Source.API, note=payload.note)
    return Status(201, [_out(s) for s in subs])


def _review(request, pk: Id, approve: bool, note: str) -> dict:
    sub = selectors.visible_submissions(request.user).filter(pk=pk).first()
    if sub is None:
        raise ServiceError(404, "not_found", _("Not found."))
    if approve:
        sub = services.submission_approve(user=request.user, submission=sub, note=note)
    else:
        sub = services.submission_return(user=request.user, submission=sub, note=note)
    return _out(sub)


@router.post("/monitoring/submissions/{pk}/approve", response=SubmissionOut, auth=auth_any,
             summary="Approve a submission (statistics office)")
def submission_approve(request, pk: Id, payload: SubmissionReviewIn):
    return _review(request, pk, True, payload.note)


@router.post("/monitoring/submissions/{pk}/return", response=SubmissionOut, auth=auth_any,
             summary="Return a submission for correction (statistics office)")
def submission_return(request, pk: Id, payload: SubmissionReviewIn):
    return _review(request, pk, False, payload.note)
