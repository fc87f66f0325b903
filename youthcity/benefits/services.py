"""Writes: applications, documents, decisions, disbursements. Every function is keyword-only,
atomic, and checks who may do it; the audit log records the actor of every row it touches."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from youthcity.accounts.models import Membership, Role
from youthcity.accounts.permissions import can_manage_unit, has_role
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify
from youthcity.engines.rules import FactsError, Status

from . import adapters, selectors
from .models import ApplicationDocument, ApplicationStatus, BenefitApplication, Decision, Disbursement

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# Extension → (content type, magic bytes at the start of the file).
ALLOWED_DOCUMENTS: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


# -- documents ---------------------------------------------------------------------------------


def document_problem(upload: UploadedFile) -> str | None:
    """Why an upload is not acceptable (type or size), or None."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_DOCUMENTS:
        return _("Upload a PDF, JPG or PNG file.")
    if upload.size is None or upload.size == 0:
        return _("The file is empty.")
    if upload.size > MAX_DOCUMENT_BYTES:
        return _("The file is larger than 5 MB.")
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_DOCUMENTS[suffix][1]):
        return _("The file's content does not match its type (PDF, JPG or PNG).")
    return None


def _check_documents(documents: Mapping[str, UploadedFile], required: list[str], known: set[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for doc_id in required:
        if doc_id not in documents:
            errors.setdefault(doc_id, []).append(_("This document is required."))
    for doc_id, upload in documents.items():
        if doc_id not in known:
            errors.setdefault(doc_id, []).append(_("This benefit does not ask for this document."))
            continue
        problem = document_problem(upload)
        if problem:
            errors.setdefault(doc_id, []).append(problem)
    return errors


def _store_documents(application: BenefitApplication, documents: Mapping[str, UploadedFile]) -> None:
    for doc_id, upload in documents.items():
        suffix = PurePath(upload.name).suffix.lower()
        ApplicationDocument.objects.create(
            application=application,
            document_type=doc_id,
            file=upload,
            original_name=PurePath(upload.name).name[:255],
            content_type=ALLOWED_DOCUMENTS[suffix][0],
            size=upload.size,
        )


# -- applications ------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    applicant,
    policy_id: str,
    documents: Mapping[str, UploadedFile],
    stated_facts: Mapping[str, Any] | None = None,
    note: str = "",
    on: date | None = None,
    notify_unit: bool = True,
) -> BenefitApplication:
    """A young person applies for a benefit with the documents it asks for.

    Refused when the benefit takes no application, its responsible unit is unknown, the rules
    say the person does not qualify, a document is missing or unacceptable, or an application
    for the same benefit is still open (also a database constraint).
    """
    if not getattr(applicant, "is_authenticated", False) or not has_role(applicant, Role.YOUTH):
        raise PermissionDenied(_("Only a signed-in young person with a profile can apply."))
    ps = selectors.policy_set()
    policy = ps.policies.get(policy_id)
    if policy is None:
        raise ServiceError(404, "unknown_policy", _("There is no such benefit."))
    on = on or selectors.today()
    if not policy.application_required:
        raise ServiceError(400, "no_application", _("This benefit needs no application."))
    if not policy.in_force(on):
        raise ServiceError(400, "not_in_force", _("This benefit is not in force."))
    resolution = adapters.resolve_policy_unit(policy.responsible_unit)
    if resolution.unit is None:
        raise ServiceError(400, "no_unit", _("Online applications are not open for this benefit yet: apply at %(unit)s.") % {"unit": policy.responsible_unit})
    stated = {k: v for k, v in dict(stated_facts or {}).items() if v is not None}
    facts = dict(stated)
    facts.update(adapters.profile_facts(selectors.profile_of(applicant)))
    language = adapters.lang()
    try:
        results = ps.evaluate(facts, on)
    except FactsError as exc:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(err.field, []).append(err.message(language))
        raise ServiceError(422, "invalid_facts", _("Some of your answers are invalid."), fields) from None
    result = next(r for r in results if r.policy_id == policy_id)
    if result.status is Status.NOT_ELIGIBLE:
        reasons = "；".join(c.reason.get(language) for c in result.conditions if c.outcome == "fail")
        raise ServiceError(400, "not_eligible", _("The rules say you do not qualify: %(reasons)s") % {"reasons": reasons})
    errors = _check_documents(documents, [d.id for d in policy.documents], {d.id for d in policy.documents})
    if errors:
        raise ServiceError(422, "invalid_documents", _("Some documents are missing or cannot be accepted."), errors)
    if BenefitApplication.objects.filter(applicant=applicant, policy_id=policy_id,
                                         status__in=[s.value for s in (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_DOCUMENTS)]).exists():
        raise ServiceError(409, "already_open", _("You already have an open application for this benefit."))
    try:
        with transaction.atomic():
            application = BenefitApplication.objects.create(
                applicant=applicant,
                policy_id=policy_id,
                policy_name=policy.name.zh,
                unit=resolution.unit,
                stated_facts=stated,
                note=note[:1000],
                amount_unit=(policy.amount.unit if policy.amount else ""),
            )
    except IntegrityError:
        raise ServiceError(409, "already_open", _("You already have an open application for this benefit.")) from None
    _store_documents(application, documents)
    if notify_unit:
        _notify_reviewers(application)
    return application


def _notify_reviewers(application: BenefitApplication) -> None:
    reviewers = {
        m.user for m in Membership.objects.filter(
            unit=application.unit, role__in=[Role.REVIEWER, Role.UNIT_STAFF], is_active=True
        ).select_related("user")
    }
    for user in reviewers:
        with override(user.preferred_language or "zh-hans"):
            notify(
                recipient=user,
                kind="benefits.application_submitted",
                title=_("New application: %(benefit)s") % {"benefit": application.policy_name},
                body=_("%(person)s applied. Review it in the queue.") % {"person": application.applicant},
                url=reverse("benefits:review", args=[application.pk]),
                dedupe_key=f"benefits.app.{application.pk}.{application.status}.{application.updated_at.timestamp()}",
            )


@transaction.atomic
def application_withdraw(*, applicant, application: BenefitApplication) -> BenefitApplication:
    application = BenefitApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your application."))
    if not application.is_open:
        raise ServiceError(409, "not_open", _("Only an open application can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def application_add_documents(
    *, applicant, application: BenefitApplication, documents: Mapping[str, UploadedFile], note: str = ""
) -> BenefitApplication:
    """The applicant sends the documents a reviewer asked for; the application goes back to review."""
    application = BenefitApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != applicant.pk:
        raise PermissionDenied(_("This is not your application."))
    if application.status != ApplicationStatus.MORE_DOCUMENTS:
        raise ServiceError(409, "not_requested", _("No documents were requested for this application."))
    policy = selectors.policy_or_none(application.policy_id)
    known = {d.id for d in policy.documents} if policy else set()
    if not documents:
        raise ServiceError(422, "invalid_documents", _("Choose at least one file."), {"__all__": [_("Choose at least one file.")]})
    errors = _check_documents(documents, [], known)
    if errors:
        raise ServiceError(422, "invalid_documents", _("Some documents are missing or cannot be accepted."), errors)
    _store_documents(application, documents)
    application.status = ApplicationStatus.SUBMITTED
    if note:
        application.note = (application.note + "\n" + note).strip()[:1000]
    application.save(update_fields=["status", "note", "updated_at"])
    _notify_reviewers(application)
    return application


def can_decide(user, application: BenefitApplication) -> bool:
    """Reviewers and staff of the responsible unit (or coordinators over its region) decide."""
    return has_role(user, Role.REVIEWER, Role.UNIT_STAFF, Role.COORDINATOR, Role.ADMIN) and can_manage_unit(
        user, application.unit
    )


def _require_reviewer(user, application: BenefitApplication) -> None:
    if not can_decide(user, application):
        raise PermissionDenied(_("You may not review applications of this unit."))


@transaction.atomic
def application_decide(
    *,
    reviewer,
    application: BenefitApplication,
    outcome: str,
    reason: str = "",
    amount: Decimal | None = None,
    on: date | None = None,
) -> Decision:
    """Approve, reject (with a reason) or request more documents (saying which).

    The rules re-check eligibility on the applicant's current facts; the check and its
    explanation are stored with the decision. Approval is refused when the rules say the person
    does not qualify.
    """
    application = BenefitApplication.objects.select_for_update().select_related("unit", "applicant").get(
        pk=application.pk
    )
    _require_reviewer(reviewer, application)
    if outcome not in Decision.Outcome.values:
        raise ServiceError(422, "invalid", _("Unknown decision."), {"outcome": [_("Unknown decision.")]})
    if not application.is_open:
        raise ServiceError(409, "not_open", _("This application has already been decided."))
    reason = (reason or "").strip()
    if outcome != Decision.Outcome.APPROVE and not reason:
        raise ServiceError(422, "reason_required", _("Give a reason."), {"reason": [_("Give a reason.")]})
    if amount is not None and amount < 0:
        raise ServiceError(422, "invalid", _("The amount cannot be negative."), {"amount": [_("The amount cannot be negative.")]})
    result = selectors.eligibility_now(application, on)
    status = result.status.value if result else "unknown"
    if outcome == Decision.Outcome.APPROVE and result is not None and result.status is Status.NOT_ELIGIBLE:
        raise ServiceError(409, "not_eligible", _("The rules say the applicant does not qualify now; it cannot be approved."))
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        reason=reason,
        decided_by=reviewer,
        eligibility_status=status,
        eligibility=adapters.eligibility_record(result) if result else {},
    )
    if outcome == Decision.Outcome.REQUEST_DOCUMENTS:
        application.status = ApplicationStatus.MORE_DOCUMENTS
    else:
        application.status = ApplicationStatus.APPROVED if outcome == Decision.Outcome.APPROVE else ApplicationStatus.REJECTED
        application.decided_at = timezone.now()
        application.decided_by = reviewer
        application.decision_reason = reason
        if outcome == Decision.Outcome.APPROVE:
            application.approved_amount = amount if amount is not None else (result.amount if result else None)
    application.save()
    _notify_applicant(application, decision)
    return decision


def _notify_applicant(application: BenefitApplication, decision: Decision) -> None:
    user = application.applicant
    with override(user.preferred_language or "zh-hans"):
        titles = {
            Decision.Outcome.APPROVE: _("Approved: %(benefit)s"),
            Decision.Outcome.REJECT: _("Not approved: %(benefit)s"),
            Decision.Outcome.REQUEST_DOCUMENTS: _("More documents needed: %(benefit)s"),
        }
        title = titles[decision.outcome] % {"benefit": application.policy_name}
        body = decision.reason or _("Your application has been approved.")
        notify(
            recipient=user,
            kind=f"benefits.{decision.outcome}",
            title=title,
            body=body,
            url=reverse("benefits:application", args=[application.pk]),
            channels=["inbox", "sms"],
            dedupe_key=f"benefits.decision.{decision.pk}",
        )


@transaction.atomic
def disbursement_record(
    *, staff, application: BenefitApplication, amount: Decimal, paid_on: date, reference: str
) -> Disbursement:
    """Record a payment (or delivery) on an approved application."""
    application = BenefitApplication.objects.select_for_update().select_related("unit").get(pk=application.pk)
    _require_reviewer(staff, application)
    if application.status != ApplicationStatus.APPROVED:
        raise ServiceError(409, "not_approved", _("Only an approved application can be paid."))
    fields: dict[str, list[str]] = {}
    if amount is None or amount <= 0:
        fields["amount"] = [_("Enter an amount above zero.")]
    if paid_on > timezone.localdate():
        fields["paid_on"] = [_("The payment date cannot be in the future.")]
    reference = (reference or "").strip()
    if not reference:
        fields["reference"] = [_("Enter the payment reference.")]
    if fields:
        raise ServiceError(422, "invalid", _("Some fields are invalid."), fields)
    if application.disbursements.filter(reference=reference).exists():
        raise ServiceError(409, "duplicate_reference", _("This payment reference is already recorded."), {"reference": [_("This payment reference is already recorded.")]})
    return Disbursement.objects.create(
        application=application, amount=amount, paid_on=paid_on, reference=reference, recorded_by=staff
    )
