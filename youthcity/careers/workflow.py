"""The department's three reviews on the shared application workflow
(:mod:`youthcity.applications`): an employer's verification, an internship position's approval
before publication, and a host base's monthly allowance claim. In each the applicant is the
employer's HR staff member, so "nobody decides their own case" holds as in every domain."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts import permissions
from youthcity.accounts.selectors import unit_members
from youthcity.applications.workflow import APPROVE, REJECT, ApplicationWorkflow
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit

from . import live
from .models import (
    AllowanceClaim,
    AllowanceClaimDecision,
    AllowanceClaimDocument,
    Employer,
    EmployerSubsidy,
    EmployerSubsidyDecision,
    EmployerSubsidyDocument,
    EmployerVerification,
    EmployerVerificationDecision,
    EmployerVerificationDocument,
    Position,
    PositionReview,
    PositionReviewDecision,
    PositionReviewDocument,
)

TWO_OUTCOMES = (APPROVE, REJECT)
HR_LINE_SUFFIX = "人社局"  # the short name of every human-resources department (市人社局, 洛龙区人社局 …)


def hr_line():
    """Every human-resources department of the city: the city's and each district's."""

    return Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, short_name__endswith=HR_LINE_SUFFIX)


class DistrictRouted:
    """A review sent to the human-resources department of the employer's district: its reviewers
    and staff decide it, and so does the city's department above it (its region subtree holds
    every district: :func:`accounts.permissions.line_scope`); another district's never does."""

    def queue(self, user):
        line = permissions.line_scope(user, hr_line())
        return (self.application_model.objects.filter(Q(unit__in=permissions.scope_units(user)) | Q(unit_id__in=line))
                .exclude(applicant=user).select_related("applicant", "unit").order_by("created_at", "id"))

    def reviewers(self, application) -> list:
        """The district department's reviewers and staff; the city's when the district's has nobody."""
        people = super().reviewers(application)
        if people:
            return people

        from .services import hr_department

        return [u for u in unit_members(hr_department(), *self.reviewer_roles) if u.pk != application.applicant_id]

    def can_decide(self, user, application) -> bool:
        return permissions.can_decide_in_line(user, applicant=application.applicant_id, unit=application.unit,
                                              line=hr_line())


class EmployerVerificationWorkflow(DistrictRouted, ApplicationWorkflow):
    domain = "careers.employer"
    application_model = EmployerVerification
    document_model = EmployerVerificationDocument
    decision_model = EmployerVerificationDecision
    subject_fields = ("employer",)
    outcomes = TWO_OUTCOMES
    review_url_name = "careers:verification-review"
    applicant_url_name = "careers:employer-verification"

    def subject_label(self, application) -> str:
        return _("Employer verification: %(name)s") % {"name": application.employer.name}

    def before_decision(self, *, application, outcome, reason, extra, on=None):
        employer = Employer.objects.select_for_update().get(pk=application.employer_id)
        if outcome.code == "approve":
            employer.status, employer.verified_at = Employer.Status.VERIFIED, timezone.now()
            employer.unit.is_active = True
            employer.unit.save(update_fields=["is_active"])
        else:
            employer.status = Employer.Status.REJECTED
        employer.save(update_fields=["status", "verified_at", "updated_at"])
        return {}, {}

    def decision_message(self, application, decision) -> str:
        if decision.outcome == "approve":
            return _("Your organisation is verified: you can now post positions.")
        return super().decision_message(application, decision)


class PositionReviewWorkflow(DistrictRouted, ApplicationWorkflow):
    domain = "careers.position"
    application_model = PositionReview
    document_model = PositionReviewDocument
    decision_model = PositionReviewDecision
    subject_fields = ("position",)
    outcomes = TWO_OUTCOMES
    review_url_name = "careers:position-review"
    applicant_url_name = "careers:employer-review"

    def subject_label(self, application) -> str:
        return _("Internship position: %(title)s") % {"title": application.position.title}

    def before_decision(self, *, application, outcome, reason, extra, on=None):
        position = Position.objects.select_for_update().select_related("employer").get(pk=application.position_id)
        if outcome.code == "approve":
            if not position.employer.is_verified:
                raise ServiceError(409, "employer_not_verified",
                                   _("The employer is not verified; its position cannot be published."))
            position.status, position.published_at = Position.Status.PUBLISHED, timezone.now()
            live.invalidate()
        else:
            position.status = Position.Status.REJECTED
        position.save(update_fields=["status", "published_at", "updated_at"])
        if position.status == Position.Status.PUBLISHED:
            from .services import push_new_position

            push_new_position(position)
        return {}, {}

    def decision_message(self, application, decision) -> str:
        if decision.outcome == "approve":
            return _("The position is approved and published in the catalogue.")
        return super().decision_message(application, decision)


class AllowanceClaimWorkflow(DistrictRouted, ApplicationWorkflow):
    domain = "careers.allowance"
    application_model = AllowanceClaim
    document_model = AllowanceClaimDocument
    decision_model = AllowanceClaimDecision
    subject_fields = ("placement", "month")
    outcomes = TWO_OUTCOMES
    review_url_name = "careers:claim-review"
    applicant_url_name = "careers:employer-claim"

    def subject_label(self, application) -> str:
        return _("Living allowance %(month)s: %(intern)s") % {
            "month": application.month.strftime("%Y-%m"), "intern": application.placement.applicant}

    def before_decision(self, *, application, outcome, reason, extra, on=None):
        if outcome.code == "approve":
            return {"approved_amount": application.amount}, {}
        return {}, {}

    def decision_message(self, application, decision) -> str:
        if decision.outcome == "approve":
            return _("The allowance claim is approved: %(amount)s yuan.") % {"amount": application.approved_amount}
        return super().decision_message(application, decision)


class EmployerSubsidyWorkflow(ApplicationWorkflow):
    """An employer-audience benefit (hiring subsidy, enterprise–university base subsidy). The
    applicant is the employer's HR staff member; the approved amount is the reviewer's, within
    the rule's range when the policy sets one, and is paid to the organisation."""

    domain = "careers.subsidy"
    application_model = EmployerSubsidy
    document_model = EmployerSubsidyDocument
    decision_model = EmployerSubsidyDecision
    subject_fields = ("employer", "policy_id")
    review_url_name = "careers:subsidy-review"
    applicant_url_name = "careers:employer-subsidy"

    def subject_label(self, application) -> str:
        return _("%(benefit)s: %(name)s") % {"benefit": application.get_policy_id_display(),
                                              "name": application.employer.name}

    def open_exists(self, applicant, subject) -> bool:
        # one open application per employer and benefit, whichever of its HR staff sent it
        return EmployerSubsidy.objects.filter(status__in=["submitted", "more_documents"], **subject).exists()

    def before_decision(self, *, application, outcome, reason, extra, on=None):
        if outcome.code != "approve":
            return {}, {}
        amount = _amount(extra.get("amount"))
        low, high = application.amount_min, application.amount_max
        if amount is None or amount <= 0:
            message = _("Enter the amount to pay the organisation (yuan, above zero).")
        elif high is not None and amount > high or low is not None and high is not None and amount < low:
            message = _("The rule allows %(low)s to %(high)s yuan.") % {"low": low, "high": high}
        else:
            message = None
        if message:
            raise ServiceError(422, "invalid", message, {"amount": [message]})
        employer = application.employer
        if not employer.is_verified:
            raise ServiceError(409, "employer_not_verified", _("The employer is not verified; it cannot be paid."))
        return ({"approved_amount": amount, "payee_name": employer.name, "payee_credit_code": employer.credit_code},
                {"amount": amount})

    def decision_message(self, application, decision) -> str:
        if decision.outcome == "approve":
            return _("Approved: %(amount)s yuan, to be paid to %(name)s.") % {
                "amount": application.approved_amount, "name": application.payee_name}
        return super().decision_message(application, decision)


def _amount(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


employer_workflow = EmployerVerificationWorkflow()
position_workflow = PositionReviewWorkflow()
claim_workflow = AllowanceClaimWorkflow()
subsidy_workflow = EmployerSubsidyWorkflow()
WORKFLOWS = {"verification": employer_workflow, "position": position_workflow, "claim": claim_workflow,
             "subsidy": subsidy_workflow}
