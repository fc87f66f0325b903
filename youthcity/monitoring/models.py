"""Monitoring: the indicator registry, collected data with approval, and versioned index runs.

* :class:`FrameworkVersion` — one stored version of an index framework file (YAML text + hash);
  its :class:`Indicator` rows are the city's indicator registry.
* :class:`Submission` — a batch of values sent by a supplying department (form, Excel, platform);
  the statistics office approves or returns it. :class:`DataValue` rows are never overwritten:
  a new value for the same indicator, district and period is a new revision that supersedes.
* :class:`IndexRun` — one reproducible computation (framework hash + data snapshot hash +
  engine version) with its stored results; a coordinator publishes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from youthcity.core.models import TimeStampedModel

from .units import unit_label


def _bilingual(zh: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") and en else zh


class FrameworkVersion(TimeStampedModel):
    """A version of an index framework as loaded from its YAML file."""

    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="index_frameworks",
                             verbose_name=_("city"))
    code = models.SlugField(_("framework code"), max_length=64)
    version = models.CharField(_("version"), max_length=40)
    name_zh = models.CharField(_("Chinese name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    source_text = models.TextField(_("framework file (YAML)"))
    content_hash = models.CharField(_("framework hash (SHA-256)"), max_length=64)
    approver_unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approving statistics office"),
    )

    class Meta:
        ordering = ["code", "-created_at", "-id"]
        verbose_name = _("index framework version")
        verbose_name_plural = _("index framework versions")
        constraints = [
            models.UniqueConstraint(fields=["city", "code", "content_hash"], name="framework_version_unique_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} {self.version} ({self.content_hash[:8]})"

    @property
    def display_name(self) -> str:
        return _bilingual(self.name_zh, self.name_en)


class Polarity(models.TextChoices):
    POSITIVE = "+", _("Higher is better")
    NEGATIVE = "-", _("Lower is better")
    TARGET = "target", _("Closest to a target is best")


class Indicator(models.Model):
    """One indicator of a framework version: the city's indicator registry."""

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name=_("framework version"))
    code = models.SlugField(_("indicator code"), max_length=64)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    measure_unit = models.CharField(_("unit of measure"), max_length=80, blank=True)
    polarity = models.CharField(_("polarity"), max_length=8, choices=Polarity.choices)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    dimension_code = models.SlugField(_("dimension code"), max_length=64, blank=True)
    dimension_zh = models.CharField(_("dimension"), max_length=150, blank=True)
    dimension_en = models.CharField(_("dimension (English)"), max_length=150, blank=True)
    source_unit_name = models.CharField(_("supplying department (as named in the framework)"), max_length=150)
    supplier = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="supplied_indicators",
        verbose_name=_("supplying unit"),
    )
    valid_min = models.FloatField(_("lowest plausible value"), null=True, blank=True)
    valid_max = models.FloatField(_("highest plausible value"), null=True, blank=True)
    origin = models.TextField(_("origin"), blank=True)
    rationale = models.TextField(_("goalpost rationale"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    live_measure = models.CharField(_("live measure of the platform"), max_length=64, blank=True,
                                    help_text=_("The platform figure proposed for this indicator (framework key live_measure)"))
    live_aggregation = models.TextField(_("how the platform figure is aggregated"), blank=True, max_length=500)

    class Meta:
        ordering = ["framework", "sort_order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code_in_framework"),
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True) | Q(valid_max__isnull=True) | Q(valid_min__lte=models.F("valid_max")),
                name="indicator_valid_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.display_name}"

    @property
    def live(self):
        """The live measure proposed for this indicator (core.measures), if any."""
        from youthcity.core import measures

        return measures.get(self.live_measure) if self.live_measure else None

    @property
    def display_name(self) -> str:
        return _bilingual(self.name_zh, self.name_en)

    @property
    def unit_label(self) -> str:
        return unit_label(self.measure_unit)

    @property
    def dimension_name(self) -> str:
        return _bilingual(self.dimension_zh, self.dimension_en)


class Submission(TimeStampedModel):
    """A batch of indicator values from one supplying unit, reviewed by the statistics office."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("data submission status", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("data submission status", "Approved")
        RETURNED = "returned", pgettext_lazy("data submission status", "Returned for correction")

    class Source(models.TextChoices):
        FORM = "form", _("Web form")
        EXCEL = "excel", _("Excel upload")
        API = "api", _("API")
        PLATFORM = "platform", _("Platform (live indicator)")
        CITY_PACK = "city_pack", _("City pack (demo data)")

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="submissions",
                                  verbose_name=_("framework version"))
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="index_submissions",
                             verbose_name=_("supplying unit"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.FORM)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    note = models.TextField(_("note from the department"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("data submission")
        verbose_name_plural = _("data submissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False),
                name="submission_reviewed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.unit} · {self.get_status_display()}"


class DataValue(models.Model):
    """One value of one indicator for one district and period. Immutable: a correction is a new
    revision (``revision`` + 1) that points at the value it supersedes."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values",
                                   verbose_name=_("submission"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="index_values",
                               verbose_name=_("district"))
    period = models.CharField(_("period"), max_length=16)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", verbose_name=_("supersedes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator__sort_order", "region__sort_order", "period", "revision"]
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "period", "revision"],
                                    name="datavalue_unique_revision"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="datavalue_revision_positive"),
        ]
        indexes = [models.Index(fields=["indicator", "region", "period"], name="datavalue_cell")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.region} {self.period} = {self.value} (r{self.revision})"


class IndexRun(TimeStampedModel):
    """A reproducible computation of the index over an approved-data snapshot."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("index run status", "Draft")
        PUBLISHED = "published", pgettext_lazy("index run status", "Published")
        WITHDRAWN = "withdrawn", pgettext_lazy("index run status", "Withdrawn")

    framework = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="runs",
                                  verbose_name=_("framework version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    periods = models.JSONField(_("periods"), default=list)
    base_period = models.CharField(_("base period"), max_length=16, blank=True)
    framework_hash = models.CharField(_("framework hash"), max_length=64)
    data_hash = models.CharField(_("data snapshot hash"), max_length=64)
    engine_version = models.CharField(_("engine version"), max_length=20)
    input_hash = models.CharField(_("engine input hash"), max_length=64)
    replications = models.PositiveIntegerField(_("Monte Carlo replications"), default=1000)
    seed = models.PositiveIntegerField(_("random seed"), default=1)
    snapshot = models.JSONField(_("data snapshot"), default=list)
    result = models.JSONField(_("result"), default=dict)
    uncertainty = models.JSONField(_("uncertainty analysis"), default=dict)
    sensitivity = models.JSONField(_("sensitivity analysis (latest period)"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("run by"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("index run")
        verbose_name_plural = _("index runs")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "data_hash", "engine_version", "base_period", "replications", "seed"],
                name="index_run_unique_inputs",
            ),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="index_run_published_has_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.framework.display_name} {self.get_status_display()} ({self.data_hash[:8]})"
