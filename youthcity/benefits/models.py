"""Benefit applications, their documents, decisions and disbursements.

The workflow (statuses, documents, decisions) is the shared one of :mod:`youthcity.applications`.
The policies themselves live as code in the city pack (``cities/<city>/policies/*.yaml``),
overlaid by the versions published in the app (`PolicyVersion`), and are held in memory by
:mod:`.registry`. An application
keeps the policy's id and a snapshot of its name, so a record stays readable after a policy
changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.applications.models import Application, ApplicationDecision, document_path
from youthcity.applications.models import ApplicationDocument as BaseDocument


class BenefitApplication(Application):
    """A young person's application for one benefit, routed to the policy's responsible unit."""

    policy_id = models.SlugField(_("policy"), max_length=80, db_index=True)
    policy_name = models.CharField(_("benefit"), max_length=200)
    stated_facts = models.JSONField(
        _("facts stated by the applicant"), default=dict, blank=True,
        help_text=_("The answers given in the policy finder when applying (the profile is read at decision time)."),
    )
    approved_amount = models.DecimalField(
        _("approved amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_unit = models.CharField(_("amount unit"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("benefit application")
        verbose_name_plural = _("benefit applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "policy_id"],
                condition=Q(status__in=["submitted", "more_documents"]),
                name="benefit_one_open_application_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="benefit_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="benefit_approved_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="benefit_app_queue_idx"),
            # The review queue (open applications of a unit, oldest first, 50 a page): an ordered
            # index scan instead of sorting every open application of the unit (at 500,000
            # applications, 16,600 open in 市人社局: 319 ms → 15 ms). The applicant is carried in
            # the index (PostgreSQL's INCLUDE) so the queue's count — never one's own case — is an
            # index-only scan: 20.5 → 3.5 ms.
            models.Index(fields=["unit", "created_at", "id"], name="benefit_app_open_queue_cover",
                         include=["applicant"], condition=Q(status__in=["submitted", "more_documents"])),
        ]

    def __str__(self) -> str:
        return f"{self.policy_name} · {self.applicant}"


_document_path = document_path  # referenced by migration 0001


class ApplicationDocument(BaseDocument):
    application = models.ForeignKey(
        BenefitApplication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )

    class Meta(BaseDocument.Meta):
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")


class Decision(ApplicationDecision):
    """One step of the review, with the engine's eligibility check at that moment."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        REQUEST_DOCUMENTS = "request_documents", _("Request more documents")

    class RulesSaid(models.TextChoices):
        ELIGIBLE = "eligible", pgettext_lazy("rules verdict", "eligible")
        AWAITING_CONFIRMATION = "awaiting_confirmation", pgettext_lazy("rules verdict", "awaiting the city's confirmation")
        NOT_ELIGIBLE = "not_eligible", pgettext_lazy("rules verdict", "not eligible")
        UNDETERMINED = "undetermined", pgettext_lazy("rules verdict", "more information needed")
        UNKNOWN = "unknown", pgettext_lazy("rules verdict", "not checked")

    application = models.ForeignKey(
        BenefitApplication, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("application")
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    eligibility_status = models.CharField(_("eligibility found by the rules"), max_length=24, choices=RulesSaid.choices)
    eligibility = models.JSONField(_("explanation"), default=dict)
    # The policy version the decision was made under: a published version's number, or "file"
    # (the city pack's file), with the hash of its text.
    policy_version = models.CharField(_("policy version"), max_length=12, default="file")
    policy_hash = models.CharField(_("hash of the policy text"), max_length=64, blank=True)

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="approve") | ~Q(reason=""), name="benefit_decision_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.application}"

    @property
    def policy_version_text(self) -> str:
        """"Decided under version 2 of the policy" (or under the city pack's file)."""
        from django.utils.translation import gettext

        if self.policy_version == "file":
            return gettext("Decided under the policy file as issued")
        return gettext("Decided under version %(number)s of the policy") % {"number": self.policy_version}


class Disbursement(models.Model):
    """A payment (or in-kind delivery) made on an approved application."""

    application = models.ForeignKey(
        BenefitApplication, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("application")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("date paid"))
    reference = models.CharField(_("payment reference"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="benefit_disbursement_positive"),
            models.UniqueConstraint(fields=["application", "reference"], name="benefit_disbursement_unique_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} · {self.reference}"


class ParameterValue(models.Model):
    """A dated value of a policy parameter the city entered in the app (a county's minimum wage
    from a provincial notice, an amount the plan left open), with the notice that set it.

    Applied over the policy files each time the registry loads them
    (`PolicySet.with_values`); a value dated like one in the files replaces it.  Audited like
    every model (who, when, what)."""

    parameter = models.CharField(_("parameter"), max_length=120)
    effective_from = models.DateField(_("in force from"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    notice = models.CharField(_("notice that sets it"), max_length=300)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("parameter value")
        verbose_name_plural = _("parameter values")
        ordering = ["parameter", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["parameter", "effective_from"], name="benefit_parameter_value_unique_date"),
            models.CheckConstraint(condition=Q(value__gte=0), name="benefit_parameter_value_not_negative"),
            models.CheckConstraint(condition=~Q(notice=""), name="benefit_parameter_value_notice_required"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter} {self.effective_from}: {self.value}"


class PolicyVersion(models.Model):
    """A version of one policy's YAML written in the app: a draft, submitted for review, then
    published (it replaces the city pack's file from then on) or rejected with a reason.

    The registry's policies are the pack's files overlaid by the latest published version of each
    policy (:func:`.registry.published_versions`). `number` is given on publishing (1, 2, …; the
    pack's file is version "file"); `base_hash` is the hash of the text the draft started from
    (the file's or a published version's), so a draft that started from an older text is not
    published over a newer one."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("policy version", "draft")
        SUBMITTED = "submitted", pgettext_lazy("policy version", "submitted for review")
        PUBLISHED = "published", pgettext_lazy("policy version", "published")
        REJECTED = "rejected", pgettext_lazy("policy version", "rejected")

    policy_id = models.SlugField(_("policy"), max_length=80)
    number = models.PositiveIntegerField(_("version number"), null=True, blank=True)
    yaml_text = models.TextField(_("policy text (YAML)"))
    yaml_hash = models.CharField(_("hash of the text"), max_length=64)
    base_hash = models.CharField(_("hash of the text it started from"), max_length=64)
    base_number = models.PositiveIntegerField(_("version it started from"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True, verbose_name=_("reviewer"))
    reason = models.TextField(_("reason"), blank=True)
    source_note = models.CharField(_("where the draft comes from"), max_length=300, blank=True)
    tests = models.JSONField(_("policy tests' results"), default=dict, blank=True)
    tests_passed = models.BooleanField(_("policy tests passed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(pgettext_lazy("policy version", "submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("published or rejected at"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy_id", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["policy_id", "number"], name="benefit_policy_version_unique_number"),
            models.CheckConstraint(condition=Q(status="published", number__isnull=False)
                                   | (~Q(status="published") & Q(number__isnull=True)),
                                   name="benefit_policy_version_number_when_published"),
            models.CheckConstraint(condition=~Q(status="rejected") | ~Q(reason=""),
                                   name="benefit_policy_version_rejection_has_reason"),
            models.CheckConstraint(condition=~Q(status__in=["published", "rejected"]) | Q(reviewer__isnull=False),
                                   name="benefit_policy_version_decided_by_reviewer"),
            models.CheckConstraint(condition=Q(reviewer__isnull=True) | ~Q(reviewer=models.F("author")),
                                   name="benefit_policy_version_not_own_review"),
        ]
        indexes = [models.Index(fields=["policy_id", "status"], name="benefit_policy_version_idx")]

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.number or '-'} ({self.status})"
