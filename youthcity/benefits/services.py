"""Writes: applications (on the shared workflow), decisions, disbursements. Every function is
keyword-only, atomic, and checks who may do it; the audit log records the actor of every row."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from youthcity.accounts.models import Role
from youthcity.accounts.permissions import has_role, holds_city_role, is_superuser, member_unit_ids
from youthcity.accounts.selectors import youth_profile_of
from youthcity.applications.models import ApplicationStatus
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import FactsError, Status

from . import adapters, selectors, versioning
from .models import BenefitApplication, Decision, Disbursement, ParameterValue, PolicyVersion
from .registry import registry, text_hash
from .workflow import workflow


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
    if policy.apply_via:
        raise applied_elsewhere(policy)
    on = on or selectors.today()
    if not policy.application_required:
        raise ServiceError(400, "no_application", _("This benefit needs no application."))
    if not policy.in_force(on):
        raise ServiceError(400, "not_in_force", _("This benefit is not in force."))
    resolution = adapters.resolve_policy_unit(policy.responsible_unit)
    if resolution.unit is None:
        raise ServiceError(400, "no_unit", _("Online applications are not open for this benefit yet: apply at %(unit)s.")
                           % {"unit": policy.responsible_unit})
    stated = {k: v for k, v in dict(stated_facts or {}).items() if v is not None}
    facts = dict(stated)
    facts.update(adapters.profile_facts(youth_profile_of(applicant)))
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
    document_ids = [d.id for d in policy.documents]
    return workflow.submit(
        applicant=applicant, unit=resolution.unit, subject={"policy_id": policy_id}, documents=documents,
        required=document_ids, known=document_ids, note=note, notify_reviewers=notify_unit,
        fields={"policy_name": policy.name.zh, "stated_facts": stated,
                "amount_unit": policy.amount.unit if policy.amount else ""},
    )


def applied_elsewhere(policy) -> ServiceError:
    """The refusal of a benefits application for a policy whose application is another domain's
    flow (``apply_via``): 409, naming the page and the API endpoint to use instead."""
    action = adapters.apply_action(policy)
    message = _("%(policy)s is not applied for here: %(action)s at %(url)s (API: %(api)s).") % {
        "policy": policy.name.get(adapters.lang()), "action": action["action_label"],
        "url": action["action_url"], "api": action["action_api"]}
    return ServiceError(409, "apply_via", message, {"policy": [message]})


def application_withdraw(*, applicant, application: BenefitApplication) -> BenefitApplication:
    return workflow.withdraw(applicant=applicant, application=application)


def application_add_documents(
    *, applicant, application: BenefitApplication, documents: Mapping[str, UploadedFile], note: str = ""
) -> BenefitApplication:
    """The applicant sends the documents a reviewer asked for; the application goes back to review."""
    policy = selectors.policy_or_none(application.policy_id)
    known = [d.id for d in policy.documents] if policy else []
    return workflow.add_documents(applicant=applicant, application=application, documents=documents, known=known,
                                  note=note)


def can_decide(user, application: BenefitApplication) -> bool:
    """Reviewers and staff of the responsible unit (or coordinators over its region) decide —
    never on their own application."""
    return workflow.can_decide(user, application)


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
    does not qualify; its amount is the rules' unless the reviewer gives another with a reason,
    within the policy's ceiling (:func:`approved_amount`).
    """
    return workflow.decide(reviewer=reviewer, application=application, outcome=outcome, reason=reason, on=on,
                           amount=amount)


@transaction.atomic
def disbursement_record(
    *, staff, application: BenefitApplication, amount: Decimal, paid_on: date, reference: str
) -> Disbursement:
    """Record a payment (or delivery) on an approved application."""
    application = BenefitApplication.objects.select_for_update().select_related("unit").get(pk=application.pk)
    if not workflow.can_decide(staff, application):
        raise PermissionDenied(_("You may not record payments for this application."))
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


# -- parameters the city sets in the app ------------------------------------------------------


def parameter_units(name: str) -> set[int]:
    """Ids of the units responsible for the policies that read parameter `name` (a regional
    group counts as its parameter): their staff and reviewers may set it."""
    ps = selectors.policy_set()
    units: set[int] = set()
    for policy in ps.policies.values():
        reads = set(policy.parameters)
        for cond in policy.conditions:
            reads |= cond.params
        if policy.amount is not None:
            reads |= policy.amount.params
        if name in reads:
            unit = adapters.resolve_policy_unit(policy.responsible_unit).unit
            if unit is not None:
                units.add(unit.pk)
    return units


def can_set_parameter(user, name: str) -> bool:
    """City-level coordinators and administrators, and the staff and reviewers of a unit
    responsible for a policy that reads the parameter (the 市人社局 for the minimum wage)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_superuser(user):
        return True
    if holds_city_role(user, Role.COORDINATOR, Role.ADMIN):
        return True
    return bool(member_unit_ids(user) & parameter_units(name))


def settable_parameters(user) -> list[str]:
    """Numeric parameters `user` may set (regional groups included), in the registry's order."""
    ps = selectors.policy_set()
    names = [n for n, spec in ps.parameters.items()
             if spec.type in ("number", "int") and spec.group != "unassigned"]
    return [n for n in names if can_set_parameter(user, n)]


@transaction.atomic
def parameter_value_set(*, staff, parameter: str, effective_from: date, value: Decimal, notice: str) -> ParameterValue:
    """Record a dated parameter value with the notice that set it; the policies are reloaded once
    the transaction commits (this process at once; other processes on their next reload)."""
    ps = selectors.policy_set()
    spec = ps.parameters.get(parameter)
    if spec is None or spec.type not in ("number", "int") or spec.group == "unassigned":
        raise ServiceError(422, "invalid", _("Choose a parameter from the list."),
                           {"parameter": [_("Choose a parameter from the list.")]})
    if not can_set_parameter(staff, parameter):
        raise PermissionDenied
    fields: dict[str, list[str]] = {}
    notice = (notice or "").strip()
    if not notice:
        fields["notice"] = [_("Name the notice that sets this value (document and number).")]
    if value is None or value < 0:
        fields["value"] = [_("Enter a value of zero or more.")]
    elif spec.type == "int" and value != value.to_integral_value():
        fields["value"] = [_("This parameter takes a whole number.")]
    if ParameterValue.objects.filter(parameter=parameter, effective_from=effective_from).exists():
        fields["effective_from"] = [_("A value from this date has already been entered.")]
    if fields:
        raise ServiceError(422, "invalid", next(iter(fields.values()))[0], fields)
    row = ParameterValue.objects.create(parameter=parameter, effective_from=effective_from, value=value,
                                        notice=notice, set_by=staff)
    transaction.on_commit(registry.reload)
    return row


# -- policy versions written in the app ------------------------------------------------------


def can_edit_policy(user, policy_id: str) -> bool:
    """City-level coordinators and administrators, and the staff and reviewers of the policy's
    responsible unit, may write drafts of it; a policy not in the set yet (a new one) only the
    city level."""
    if not getattr(user, "is_authenticated", False):
        return False
    return holds_city_role(user, Role.COORDINATOR, Role.ADMIN) or policy_id in selectors.policy_ids_in_reach(user)


def can_publish_policy(user, version: PolicyVersion, reach: list[str] | None = None) -> bool:
    """City-level coordinators and administrators, and the reviewers of the policy's responsible
    unit, publish or reject a submitted version — never their own. `reach`: the user's
    `selectors.policy_ids_in_reach(user, Role.REVIEWER)` when already known (a list page)."""
    if not getattr(user, "is_authenticated", False) or version.author_id == user.pk:
        return False
    if holds_city_role(user, Role.COORDINATOR, Role.ADMIN):
        return True
    reach = reach if reach is not None else selectors.policy_ids_in_reach(user, Role.REVIEWER)
    return version.policy_id in reach


def _locked(version: PolicyVersion) -> PolicyVersion:
    return PolicyVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def policy_draft_create(*, staff, policy_id: str, yaml_text: str, source_note: str = "") -> PolicyVersion:
    """A draft of `policy_id` from `yaml_text` (edited in the app, uploaded, or written by the
    drafting engine, which says where it comes from in `source_note`, e.g. a plan clause).

    The text is loaded with the engine over the policies in force and the policy's tests are run
    on it; an invalid text is refused (422, the error's line in the message) and nothing is
    written. A draft whose tests fail is kept (it shows the failures) but cannot be published."""
    policy_id = (policy_id or "").strip()
    if not policy_id.isidentifier():
        raise ServiceError(404, "unknown_policy", _("There is no such policy."))
    if not can_edit_policy(staff, policy_id):
        raise PermissionDenied(_("You may not write drafts of this policy."))
    yaml_text = (yaml_text or "").replace("\r\n", "\n")
    checked = versioning.check(policy_id, yaml_text)
    base = versioning.text_in_force(policy_id)
    return PolicyVersion.objects.create(
        policy_id=policy_id, yaml_text=yaml_text, yaml_hash=text_hash(yaml_text),
        base_hash=base.hash if base else "", base_number=base.number if base else None,
        author=staff, source_note=(source_note or "").strip()[:300], tests=checked.tests,
        tests_passed=checked.passed,
    )


@transaction.atomic
def policy_draft_update(*, staff, version: PolicyVersion, yaml_text: str) -> PolicyVersion:
    """The author saves a new text of their draft (checked like a new draft; nothing written if invalid)."""
    version = _locked(version)
    if version.author_id != staff.pk or not can_edit_policy(staff, version.policy_id):
        raise PermissionDenied(_("Only the author edits a draft."))
    if version.status != PolicyVersion.Status.DRAFT:
        raise ServiceError(409, "not_draft", _("Only a draft can be edited."))
    yaml_text = (yaml_text or "").replace("\r\n", "\n")
    checked = versioning.check(version.policy_id, yaml_text)
    version.yaml_text, version.yaml_hash = yaml_text, text_hash(yaml_text)
    version.tests, version.tests_passed = checked.tests, checked.passed
    version.save(update_fields=["yaml_text", "yaml_hash", "tests", "tests_passed", "updated_at"])
    return version


@transaction.atomic
def policy_version_submit(*, staff, version: PolicyVersion) -> PolicyVersion:
    """The author sends the draft for review (its tests must pass)."""
    version = _locked(version)
    if version.author_id != staff.pk:
        raise PermissionDenied(_("Only the author submits a draft."))
    if version.status != PolicyVersion.Status.DRAFT:
        raise ServiceError(409, "not_draft", _("Only a draft can be submitted."))
    if not version.tests_passed:
        raise ServiceError(409, "tests_failed", _("The policy's tests fail on this draft: fix it before submitting."))
    version.status, version.submitted_at = PolicyVersion.Status.SUBMITTED, timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


@transaction.atomic
def policy_version_publish(*, reviewer, version: PolicyVersion) -> PolicyVersion:
    """Publish a submitted version: all or nothing. The text is checked again over the policies in
    force and the policy's tests run again; it must have started from the text in force (else a
    newer version would be overwritten). The policies are reloaded once the transaction commits
    (this process at once; other processes on their next reload, like parameter values)."""
    version = _locked(version)
    if version.author_id == getattr(reviewer, "pk", None):
        raise PermissionDenied(_("Nobody publishes their own draft: another person reviews it."))
    if not can_publish_policy(reviewer, version):
        raise PermissionDenied(_("You may not publish this policy."))
    if version.status != PolicyVersion.Status.SUBMITTED:
        raise ServiceError(409, "not_submitted", _("Only a version submitted for review can be published."))
    # Versions of this policy are published one at a time (the row lock above is per version).
    list(PolicyVersion.objects.select_for_update().filter(policy_id=version.policy_id,
                                                          status=PolicyVersion.Status.PUBLISHED))
    base = versioning.text_in_force(version.policy_id)
    if (base.hash if base else "") != version.base_hash:
        raise ServiceError(409, "stale_draft", _("The policy has changed since this draft was started: "
                                                 "start a new draft from the version in force."))
    checked = versioning.check(version.policy_id, version.yaml_text)
    version.tests, version.tests_passed = checked.tests, checked.passed
    if not checked.passed:
        version.save(update_fields=["tests", "tests_passed", "updated_at"])
        raise ServiceError(409, "tests_failed", _("The policy's tests fail on this version: it cannot be published."))
    last = (PolicyVersion.objects.filter(policy_id=version.policy_id, number__isnull=False)
            .order_by("-number").values_list("number", flat=True).first())
    version.number = (last or 0) + 1
    version.status, version.reviewer, version.decided_at = PolicyVersion.Status.PUBLISHED, reviewer, timezone.now()
    try:
        with transaction.atomic():  # two first versions of a policy published at once: the number is unique
            version.save(update_fields=["number", "status", "reviewer", "decided_at", "tests", "tests_passed",
                                        "updated_at"])
    except IntegrityError:
        raise ServiceError(409, "stale_draft", _("The policy has changed since this draft was started: "
                                                 "start a new draft from the version in force.")) from None
    transaction.on_commit(registry.reload)
    return version


@transaction.atomic
def policy_version_reject(*, reviewer, version: PolicyVersion, reason: str) -> PolicyVersion:
    """Send a submitted version back with a reason (it stays in the history)."""
    version = _locked(version)
    if version.author_id == getattr(reviewer, "pk", None):
        raise PermissionDenied(_("Nobody reviews their own draft."))
    if not can_publish_policy(reviewer, version):
        raise PermissionDenied(_("You may not review this policy."))
    if version.status != PolicyVersion.Status.SUBMITTED:
        raise ServiceError(409, "not_submitted", _("Only a version submitted for review can be rejected."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(422, "invalid", _("Say why the version is rejected."), {"reason": [_("Say why the version is rejected.")]})
    version.status, version.reviewer, version.reason = PolicyVersion.Status.REJECTED, reviewer, reason
    version.decided_at = timezone.now()
    version.save(update_fields=["status", "reviewer", "reason", "decided_at", "updated_at"])
    return version
