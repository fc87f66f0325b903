"""REST API: the policy list and eligibility check (anyone, rate-limited), and the signed-in
young person's applications. Errors follow the house format via `ServiceError`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Form, Router, Schema, Status
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from youthcity.accounts.api_auth import auth_any
from youthcity.core.edge import NOTE_LENGTH, BoundedDate, Id, Name, money
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import FactsError

from . import adapters, selectors, services
from .models import BenefitApplication

router = Router(tags=["benefits"])

CHECK_THROTTLE = [AnonRateThrottle("30/m"), AuthRateThrottle("120/m")]


class SourceOut(Schema):
    document: str
    clause: str
    text: str


class PolicyOut(Schema):
    id: str
    name: str
    name_zh: str
    kind: str
    audience: str = Field(description="youth: a young person applies; employer: an enterprise applies")
    responsible_unit: str
    unit_code: str | None
    sources: list[SourceOut]
    amount_unit: str | None
    amount_to_be_set_by_city: list[str]
    application_required: bool
    apply_via: str | None = Field(None, description="the domain entry point that takes this policy's applications "
                                  "(e.g. stations.booking); POST /benefits/applications refuses it with 409")
    action_api: str = Field("", description="the endpoint to use instead, when apply_via is set")
    documents: list[dict[str, str]]
    how_to_apply: str


class CheckIn(Schema):
    facts: dict[str, Any] = Field(max_length=200)
    on: BoundedDate | None = None


class CheckOut(Schema):
    on: dt.date
    results: list[dict[str, Any]]
    next_question: dict[str, str] | None


class DocumentOut(Schema):
    id: int
    document_type: str
    original_name: str
    size: int


class ApplicationOut(Schema):
    id: int
    policy: str
    policy_name: str
    unit: str
    status: str
    status_label: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str
    approved_amount: Decimal | None
    documents: list[DocumentOut]


def _application_out(app: BenefitApplication) -> dict[str, Any]:
    return {
        "id": app.pk, "policy": app.policy_id, "policy_name": app.policy_name, "unit": app.unit.short_name or app.unit.name,
        "status": app.status, "status_label": str(app.get_status_display()), "created_at": app.created_at,
        "decided_at": app.decided_at, "decision_reason": app.decision_reason, "approved_amount": app.approved_amount,
        "documents": [{"id": d.pk, "document_type": d.document_type, "original_name": d.original_name, "size": d.size}
                      for d in app.documents.all()],
    }


@router.get("/benefits/policies", response=list[PolicyOut], auth=None, summary="The city's benefits as code")
def policies(request):
    rows = selectors.policy_list()
    return [
        {**row, "unit_code": row["unit"].code if row["unit"] else None, "amount_to_be_set_by_city": row["to_be_set"]}
        for row in rows
    ]


@router.post("/benefits/check", response=CheckOut, auth=None, throttle=CHECK_THROTTLE,
             summary="Which benefits apply to these facts, and why (missing facts stay unknown)")
def check(request, payload: CheckIn):
    language = adapters.lang()
    on = payload.on or selectors.today()
    ps = selectors.policy_set()
    try:
        results = ps.evaluate(payload.facts, on)
    except FactsError as exc:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(f"facts.{err.field}", []).append(err.message(language))
        raise ServiceError(422, "invalid_facts", _("Some facts are invalid."), fields) from None
    question = selectors.next_question(payload.facts, on=on)
    spec = ps.facts.get(question) if question else None
    return {
        "on": on,
        "results": [r.to_dict(language) for r in results],
        "next_question": {"fact": spec.name, "question": spec.question.get(language), "type": spec.type}
        if spec else None,
    }


@router.get("/benefits/applications", response=list[ApplicationOut], auth=auth_any, summary="My applications")
def applications(request):
    return [_application_out(a) for a in selectors.applications_of(request.user)]


@router.get("/benefits/applications/{pk}", response=ApplicationOut, auth=auth_any, summary="One of my applications")
def application(request, pk: Id):
    return _application_out(selectors.application_of(request.user, pk))


@router.post("/benefits/applications", response={201: ApplicationOut}, auth=auth_any,
             summary="Apply (multipart: `policy`, optional `facts` as JSON, one file per required document id); "
                     "a policy with `apply_via` is refused with 409 naming its own endpoint")
def application_create(request, policy: str = Form(..., max_length=100), facts: str = Form("{}", max_length=20000),
                       note: str = Form("", max_length=NOTE_LENGTH)):
    try:
        stated = json.loads(facts or "{}")
    except json.JSONDecodeError:
        raise ServiceError(422, "invalid", _("Some fields are invalid."), {"facts": [_("Send the facts as a JSON object.")]}) from None
    if not isinstance(stated, dict):
        raise ServiceError(422, "invalid", _("Some fields are invalid."), {"facts": [_("Send the facts as a JSON object.")]})
    documents = {key: request.FILES[key] for key in request.FILES}
    app = services.application_submit(applicant=request.user, policy_id=policy, documents=documents,
                                      stated_facts=stated, note=note)
    return Status(201, _application_out(app))


@router.post("/benefits/applications/{pk}/withdraw", response=ApplicationOut, auth=auth_any,
             summary="Withdraw one of my open applications")
def application_withdraw(request, pk: Id):
    app = selectors.application_of(request.user, pk)  # someone else's: 404
    services.application_withdraw(applicant=request.user, application=app)
    return _application_out(selectors.application_of(request.user, pk))


class DecisionIn(Schema):
    outcome: Name
    reason: str = Field("", max_length=1000)  # as the web form
    amount: money(12, 2) | None = None  # BenefitApplication.approved_amount: 12 digits, 2 decimals


class DecisionOut(Schema):
    application: int
    outcome: str
    status: str
    eligibility_status: str
    policy_version: str = Field(description='the policy version decided under: a published number, or "file"')


@router.post("/benefits/review/{pk}/decision", response=DecisionOut, auth=auth_any,
             summary="Reviewers: approve / reject / request documents (scoped to your unit)")
def decide(request, pk: Id, payload: DecisionIn):
    app = selectors.reviewable_application(request.user, pk)
    decision = services.application_decide(reviewer=request.user, application=app, outcome=payload.outcome,
                                           reason=payload.reason, amount=payload.amount)
    app.refresh_from_db()
    return {"application": app.pk, "outcome": decision.outcome, "status": app.status,
            "eligibility_status": decision.eligibility_status, "policy_version": decision.policy_version}


# -- policy versions (staff): the same services as the pages --------------------------------------


class PolicyDraftIn(Schema):
    yaml_text: str = Field(max_length=200_000)
    source_note: str = Field("", max_length=300, description="Where the draft comes from (a plan clause …)")


class PolicyVersionOut(Schema):
    id: int
    policy_id: str
    number: int | None
    status: str
    author: str
    reviewer: str | None
    reason: str
    source_note: str
    yaml_hash: str
    base_hash: str
    base_number: int | None
    tests_passed: bool
    tests: dict[str, Any]
    changes: list[dict[str, str]]


class RejectIn(Schema):
    reason: str = Field(max_length=NOTE_LENGTH)


def _version_out(version) -> dict[str, Any]:
    from .versioning import field_changes, text_in_force

    current = text_in_force(version.policy_id)
    return {
        "id": version.pk, "policy_id": version.policy_id, "number": version.number, "status": version.status,
        "author": str(version.author), "reviewer": str(version.reviewer) if version.reviewer_id else None,
        "reason": version.reason, "source_note": version.source_note, "yaml_hash": version.yaml_hash,
        "base_hash": version.base_hash, "base_number": version.base_number, "tests_passed": version.tests_passed,
        "tests": version.tests, "changes": field_changes(current.text if current else "", version.yaml_text),
    }


def _version(request, pk: int):
    version = selectors.policy_versions_for(request.user).filter(pk=pk).first()
    if version is None:
        raise ServiceError(404, "not_found", _("There is no such policy version."))
    return version


@router.post("/benefits/policies/{policy_id}/drafts", response={201: PolicyVersionOut}, auth=auth_any,
             summary="Staff: a draft of a policy from its YAML (checked by the engine and the policy's tests)")
def policy_draft(request, policy_id: Name, payload: PolicyDraftIn):
    version = services.policy_draft_create(staff=request.user, policy_id=policy_id, yaml_text=payload.yaml_text,
                                           source_note=payload.source_note)
    return Status(201, _version_out(version))


@router.get("/benefits/policy-versions/{pk}", response=PolicyVersionOut, auth=auth_any,
            summary="Staff: a policy version with its changes against the text in force and its tests")
def policy_version(request, pk: Id):
    return _version_out(_version(request, pk))


@router.post("/benefits/policy-versions/{pk}/submit", response=PolicyVersionOut, auth=auth_any,
             summary="Staff: the author submits a draft for review")
def policy_version_submit(request, pk: Id):
    return _version_out(services.policy_version_submit(staff=request.user, version=_version(request, pk)))


@router.post("/benefits/policy-versions/{pk}/publish", response=PolicyVersionOut, auth=auth_any,
             summary="Staff: another person publishes a submitted version (all or nothing)")
def policy_version_publish(request, pk: Id):
    return _version_out(services.policy_version_publish(reviewer=request.user, version=_version(request, pk)))


@router.post("/benefits/policy-versions/{pk}/reject", response=PolicyVersionOut, auth=auth_any,
             summary="Staff: another person rejects a submitted version, with a reason")
def policy_version_reject(request, pk: Id, payload: RejectIn):
    return _version_out(services.policy_version_reject(reviewer=request.user, version=_version(request, pk),
                                                       reason=payload.reason))
