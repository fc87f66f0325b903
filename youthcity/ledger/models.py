"""The plan ledger: imported drafts, published plans, the work ledger, progress reports.

Plan → Project → Measure → Target, with Responsibility rows linking measures to units.
Progress is append-only: a ProgressReport is never edited; the coordinator's decision is a
separate ReportReview row. See docs/ledger.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from youthcity.core.models import TimeStampedModel


class Schedule(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("at least")
    MORE_THAN = ">", _("more than")
    EQUAL = "=", _("exactly")
    AT_MOST = "<=", _("at most")


class LivePeriod(models.TextChoices):
    """Which of a live measure's yearly figures a bound target reads."""

    YEAR = "year", _("this year's figure")
    TOTAL = "total", _("sum of the years since the plan began")


class FourList(models.TextChoices):
    """The four lists (四张清单) a measure can be tagged with."""

    OUTCOMES = "outcomes", _("Expected outcomes list (预期成果清单)")
    POLICIES = "policies", _("Policy measures list (政策举措清单)")
    PRACTICAL = "practical", _("Practical projects list (实事项目清单)")
    TASKS = "tasks", _("Task implementation list (任务落实清单)")


#: Labels of the supervision statuses computed by :mod:`youthcity.ledger.supervision`.
STATUS_LABELS = {
    "overdue": _("Overdue"),
    "at_risk": _("At risk"),
    "not_started": _("Not started"),
    "on_track": _("On track"),
    "done": _("Done"),
}


class PlanImport(TimeStampedModel):
    """A parsed plan document under review. The ledger is untouched until it is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft under review")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="plan_imports",
                               verbose_name=_("region"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    filename = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    text_hash = models.CharField(_("normalised text SHA-256"), max_length=64, db_index=True)
    document_index = models.PositiveSmallIntegerField(_("plan number in the file"), default=0)
    data = models.JSONField(_("parsed plan (editable)"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        constraints = [
            models.UniqueConstraint(fields=["region", "text_hash", "document_index"],
                                    condition=~Q(status="discarded"), name="ledger_import_once_per_region"),
        ]

    def __str__(self) -> str:
        return self.data.get("title") or self.filename


class Plan(TimeStampedModel):
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="plans",
                               verbose_name=_("region"))
    source = models.OneToOneField(PlanImport, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="plan", verbose_name=_("imported from"))
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    schedule = models.CharField(_("reporting schedule"), max_length=12, choices=Schedule.choices,
                                default=Schedule.QUARTERLY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1,
                                               help_text=_("1 as published; each amendment adds one"))

    class Meta:
        ordering = ["region__path", "-starts_on", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")),
                                              name="ledger_plan_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """An amendment of a published plan: what changed (before → after) and why. Version 1 is the
    plan as published; reports and evaluations name the version they were made under."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for the amendment"), max_length=2000)
    changes = models.JSONField(_("changes"), default=list,
                               help_text=_("List of {object, field, before, after}, in the words people read"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("amended by"))
    created_at = models.DateTimeField(_("amended at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="ledger_plan_version_once"),
                       models.CheckConstraint(condition=Q(number__gte=2), name="ledger_plan_version_amends")]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.number}"


class Project(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    lead_units = models.ManyToManyField("organizations.Unit", blank=True, related_name="led_projects",
                                        verbose_name=_("lead units"))

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="ledger_project_position")]

    def __str__(self) -> str:
        return self.title or str(_("(untitled project)"))


class Measure(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures",
                                verbose_name=_("project"))
    position = models.PositiveSmallIntegerField(_("position"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), max_length=20000)
    lists = models.JSONField(_("four lists"), default=list, blank=True,
                             help_text=_("Codes of the four lists this measure belongs to"))
    units = models.ManyToManyField("organizations.Unit", through="Responsibility", related_name="ledger_measures",
                                   verbose_name=_("responsible units"))

    class Meta:
        ordering = ["project__plan", "project__position", "position"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [models.UniqueConstraint(fields=["project", "position"], name="ledger_measure_position")]

    def __str__(self) -> str:
        label = self.title or self.text[:40]
        return f"{self.number}. {label}" if self.number else label


class Responsibility(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit (牵头单位)")
        CO = "co", _("Co-responsible unit (责任单位)")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities",
                                verbose_name=_("measure"))
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="ledger_responsibilities",
                             verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)

    class Meta:
        ordering = ["measure", "role", "id"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [models.UniqueConstraint(fields=["measure", "unit"], name="ledger_responsibility_once")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


class Target(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets", verbose_name=_("measure"))
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text in the plan"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4, default=0)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("unit of measure"), max_length=20)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST)
    per_year = models.BooleanField(_("per year"), default=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # A target bound to a live measure of the platform (core.measures) reads its achieved value
    # from the platform instead of the units' reports (see ledger/bindings.py, docs/ledger.md).
    live_measure = models.CharField(_("live measure"), max_length=64, blank=True)
    live_region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("region of the live measure"))
    live_period = models.CharField(_("period rule"), max_length=8, choices=LivePeriod.choices, blank=True)
    live_bound_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("bound by"))
    live_bound_at = models.DateTimeField(_("bound at"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["measure", "position"], name="ledger_target_position"),
            models.CheckConstraint(condition=Q(value__gte=0) & Q(baseline__gte=0), name="ledger_target_nonnegative"),
            models.CheckConstraint(condition=Q(comparator__in=[">=", ">", "=", "<="]), name="ledger_target_comparator"),
            models.CheckConstraint(condition=Q(live_measure="") | (Q(live_region__isnull=False) & ~Q(live_period="")),
                                   name="ledger_target_binding_complete"),
        ]

    def __str__(self) -> str:
        return self.text or f"{self.subject} {self.comparator} {self.value} {self.unit}"


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones",
                                verbose_name=_("measure"))
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("report due on"))

    class Meta:
        ordering = ["plan", "starts_on"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["plan", "starts_on"], name="ledger_period_once"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")) & Q(due_on__gte=models.F("ends_on")),
                                   name="ledger_period_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"


class ProgressReport(models.Model):
    """One unit's report on one measure for one period. Never edited: a correction is a new report."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports", verbose_name=_("measure"))
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports",
                               verbose_name=_("reporting period"))
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="ledger_reports",
                             verbose_name=_("reporting unit"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    narrative = models.TextField(_("progress narrative"), max_length=20000)
    percent_complete = models.PositiveSmallIntegerField(
        _("self-assessed completion (%)"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    plan_version = models.PositiveSmallIntegerField(_("plan version"), default=1,
                                                    help_text=_("The version of the plan the report was made under"))

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [models.CheckConstraint(condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                                              name="ledger_report_percent_range")]

    def __str__(self) -> str:
        return f"{self.measure} · {self.period} · {self.unit}"


class TargetValue(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values",
                               verbose_name=_("report"))
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reported_values",
                               verbose_name=_("target"))
    achieved = models.DecimalField(_("achieved value"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("achieved value")
        verbose_name_plural = _("achieved values")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="ledger_value_once_per_report"),
            models.CheckConstraint(condition=Q(achieved__gte=0), name="ledger_value_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.achieved}"


def evidence_path(instance, filename: str) -> str:
    return f"ledger/evidence/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence",
                               verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class ReportReview(models.Model):
    """The coordinator's decision on a report (one per report; a returned report is answered by a new report)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")

    report = models.OneToOneField(ProgressReport, on_delete=models.CASCADE, related_name="review",
                                  verbose_name=_("report"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    quality = models.PositiveSmallIntegerField(_("quality rating (1–5)"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(5)])
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("reviewer"))
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        constraints = [
            models.CheckConstraint(condition=Q(quality__isnull=True) | (Q(quality__gte=1) & Q(quality__lte=5)),
                                   name="ledger_review_quality_range"),
            models.CheckConstraint(condition=Q(decision="accepted") | ~Q(comment=""),
                                   name="ledger_review_return_needs_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_decision_display()}"


class LiveSnapshot(models.Model):
    """A bound target's platform value on one day (history; taken by the daily snapshot run,
    never on a page view)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("target"))
    measure_code = models.CharField(_("live measure"), max_length=64)
    taken_on = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    measured_at = models.DateTimeField(_("measured at"))

    class Meta:
        ordering = ["target", "taken_on"]
        verbose_name = _("live value snapshot")
        verbose_name_plural = _("live value snapshots")
        constraints = [models.UniqueConstraint(fields=["target", "measure_code", "taken_on"],
                                               name="ledger_snapshot_once_a_day")]

    def __str__(self) -> str:
        return f"{self.target} · {self.taken_on:%Y-%m-%d}: {self.value}"


class PolicyDraft(models.Model):
    """A policy file drafted from a benefit clause of a published plan (youthcity.engines.drafting):
    the quoted clause, the YAML and what the clause leaves to the city. The coordinator downloads
    it, edits, tests and publishes it as a policy version; the draft itself grants nothing."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="policy_drafts", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("position"))
    policy_id = models.CharField(_("policy id"), max_length=100)
    label = models.CharField(_("clause number"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("audience"), max_length=12)
    clause = models.TextField(_("quoted clause"))
    yaml_text = models.TextField(_("drafted policy file"))
    open_parts = models.JSONField(_("left to the city"), default=list)
    why = models.JSONField(_("why each field"), default=list)
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("policy draft")
        verbose_name_plural = _("policy drafts")
        constraints = [models.UniqueConstraint(fields=["plan", "policy_id"], name="ledger_policy_draft_once")]

    def __str__(self) -> str:
        return f"{self.plan} · {self.label} {self.name}"
