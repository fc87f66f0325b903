"""Benefit applications on the shared application workflow (:mod:`youthcity.applications`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.selectors import youth_profile_of
from youthcity.applications.workflow import ApplicationWorkflow
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import FactsError, PolicyResult, Status

from . import adapters
from .models import ApplicationDocument, BenefitApplication, Decision
from .registry import policy_set, registry


def applicant_facts(application: BenefitApplication) -> dict[str, Any]:
    """The applicant's current facts: what they stated when applying, updated by the profile now."""
    facts = dict(application.stated_facts or {})
    facts.update(adapters.profile_facts(youth_profile_of(application.applicant)))
    return facts


def eligibility_now(application: BenefitApplication, on: date | None = None) -> PolicyResult | None:
    """The engine's answer for this application's policy on the applicant's current facts."""
    ps = policy_set()
    if application.policy_id not in ps.policies:
        return None
    try:
        results = ps.evaluate(applicant_facts(application), on or timezone.localdate())
    except FactsError:
        return None
    return next((r for r in results if r.policy_id == application.policy_id), None)


class BenefitWorkflow(ApplicationWorkflow):
    """Benefit applications on the shared workflow: the subject is a policy; the rules re-check
    eligibility at decision time and give the approved amount."""

    domain = "benefits"
    application_model = BenefitApplication
    document_model = ApplicationDocument
    decision_model = Decision
    subject_fields = ("policy_id",)
    review_url_name = "benefits:review"
    applicant_url_name = "benefits:application"

    def subject_label(self, application) -> str:
        return application.policy_name

    def before_decision(self, *, application, outcome, reason, extra, on=None):
        result = eligibility_now(application, on)
        version = registry.version_of(application.policy_id)
        record = {"eligibility_status": result.status.value if result else "unknown",
                  "eligibility": adapters.eligibility_record(result) if result else {},
                  "policy_version": version.label if version else "file",
                  "policy_hash": version.hash if version else ""}
        if outcome.code != "approve":
            return {}, record
        if result is not None and result.status is Status.NOT_ELIGIBLE:
            raise ServiceError(409, "not_eligible",
                               _("The rules say the applicant does not qualify now; it cannot be approved."))
        amount = approved_amount(rule=result.amount if result else None,
                                 ceiling=result.amount_max if result and result.amount_max is not None
                                 else (result.amount if result else None),
                                 requested=extra.get("amount"), reason=reason, unit=application.amount_unit)
        return {"approved_amount": amount}, record

    def decision_message(self, application, decision) -> str:
        if decision.outcome == "approve" and application.approved_amount is not None:
            text = adapters.amount_text(application.approved_amount, None, application.amount_unit)
            return _("Your application has been approved: %(amount)s.") % {"amount": text}
        return super().decision_message(application, decision)


workflow = BenefitWorkflow()


def approved_amount(*, rule: Decimal | None, ceiling: Decimal | None, requested: Decimal | None, reason: str,
                    unit: str = "") -> Decimal | None:
    """The amount an approval records: the rule's amount, or the reviewer's, which must come with a
    reason and stay within the policy's ceiling (its range's upper bound, else the rule's amount).
    When the city has not set the amount yet, none may be entered."""
    if requested is None or (rule is not None and requested == rule):
        return rule
    if requested < 0:
        raise ServiceError(422, "invalid", _("The amount cannot be negative."),
                           {"amount": [_("The amount cannot be negative.")]})
    if ceiling is None:
        message = _("The rules give no amount for this benefit yet (the city has not set it): approve without an amount.")
        raise ServiceError(422, "no_amount_set", message, {"amount": [message]})
    if requested > ceiling:
        message = _("The amount cannot be more than %(ceiling)s, the most this policy allows.") % {
            "ceiling": adapters.amount_text(ceiling, None, unit)}
        raise ServiceError(422, "above_ceiling", message, {"amount": [message]})
    if not reason:
        if rule is None:
            message = _("Say how the amount was assessed.")
        else:
            message = _("Say why the amount differs from the rules' %(amount)s.") % {
                "amount": adapters.amount_text(rule, None, unit)}
        raise ServiceError(422, "override_reason_required", message, {"reason": [message]})
    return requested


