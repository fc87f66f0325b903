"""Volunteering: projects with shifts, shift sign-ups, an append-only hours ledger and
certificates with verification codes.

The ledger is append-only: an ``HoursEntry`` is an original attendance record (check-in, then
its check-out once) or a correction that supersedes exactly one earlier entry (unique in the
database). The effective entries are those nobody superseded; totals are one SQL SUM of their
``credited_minutes``, computed by the volunteering engine under the project's rounding rule."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.core.models import TimeStampedModel


class RoundingModeChoice(models.TextChoices):
    DOWN = "down", _("Round down")
    UP = "up", _("Round up")
    NEAREST = "nearest", _("Nearest (half rounds up)")
    NEAREST_HALF_DOWN = "nearest_half_down", _("Nearest (half rounds down)")


class OutsideShiftChoice(models.TextChoices):
    COUNT = "count", _("Count all attended time")
    TRIM = "trim", _("Count only the time inside the shift")
    REFUSE = "refuse", _("Refuse time outside the shift (after the grace)")


class Pairing(TimeStampedModel):
    """A standing service pairing under a service brand: a university paired with a community /
    township (校地结对), or a university or organisation serving a scenic spot (景区服务).
    Projects run under a pairing; their hours count for the pairing's university."""

    class Kind(models.TextChoices):
        UNIVERSITY_COMMUNITY = "university_community", _("University–community pairing")
        SCENIC_SPOT = "scenic_spot", _("Scenic spot service")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    brand = models.CharField(_("service brand"), max_length=80)
    university = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="volunteer_pairings",
        verbose_name=_("university"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="volunteer_pairings",
        verbose_name=_("paired community / township"),
    )
    place = models.CharField(_("scenic spot"), max_length=120, blank=True)
    since = models.DateField(_("paired since"), null=True, blank=True)

    class Meta:
        ordering = ["brand", "code"]
        verbose_name = _("service pairing")
        verbose_name_plural = _("service pairings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="scenic_spot") | ~Q(place=""), name="pairing_scenic_spot_named"
            ),
        ]

    def __str__(self) -> str:
        return self.brand


class Team(TimeStampedModel):
    """A volunteer team (志愿服务队) hosted by a unit (a university, a league committee, a youth
    home's operator, a community's organisation), with a leader who is a volunteer. Volunteers
    ask to join; the leader or the host's staff approve. The hours of the projects a team runs
    (``Project.team``) count for the team (the team that registered the activity is credited, as
    in 志愿汇 / i志愿)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("team name"), max_length=100)
    host = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="volunteer_teams", verbose_name=_("host")
    )
    district = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("district / county"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_volunteer_teams",
        verbose_name=_("team leader"),
    )
    brand = models.CharField(_("service brand"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("open for members"), default=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")

    def __str__(self) -> str:
        return self.name


class TeamMembership(TimeStampedModel):
    """A volunteer's membership of a team: asked for, then approved (or refused) by the team
    leader or the host's staff; left by the volunteer. Audited like every model."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Member")
        REFUSED = "refused", _("Refused")
        LEFT = "left", _("Left")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_team_memberships",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["team", "created_at", "pk"]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=Q(status__in=["requested", "active"]),
                name="team_membership_one_open",
            ),
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(reason=""), name="team_refusal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Project(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=150)
    brand = models.CharField(_("service brand"), max_length=80, blank=True)
    description = models.TextField(_("description"), blank=True)
    requirements = models.CharField(pgettext_lazy("volunteering", "requirements"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="volunteer_projects",
        verbose_name=_("organising unit"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="volunteer_projects",
        verbose_name=_("district / township"),
    )
    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("service pairing"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("organising volunteer team"),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("project lead"),
    )
    # The rounding rule (engine RoundingRule), chosen per project.
    increment_minutes = models.PositiveSmallIntegerField(_("rounding increment (minutes)"), default=15)
    rounding_mode = models.CharField(
        _("rounding"), max_length=20, choices=RoundingModeChoice.choices, default=RoundingModeChoice.DOWN
    )
    minimum_minutes = models.PositiveSmallIntegerField(_("minimum credited (minutes)"), default=0)
    outside_shift = models.CharField(
        _("time outside the shift"),
        max_length=10,
        choices=OutsideShiftChoice.choices,
        default=OutsideShiftChoice.TRIM,
    )
    grace_minutes = models.PositiveSmallIntegerField(_("grace around the shift (minutes)"), default=0)
    is_active = models.BooleanField(_("open for sign-up"), default=True)

    class Meta:
        ordering = ["region__path", "title"]
        verbose_name = _("volunteering project")
        verbose_name_plural = _("volunteering projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(increment_minutes__gte=1, increment_minutes__lte=1440),
                name="project_increment_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Shift(models.Model):
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="shifts",
        verbose_name=pgettext_lazy("volunteering", "project"),
    )
    role = models.CharField(pgettext_lazy("volunteering", "role"), max_length=80)
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(pgettext_lazy("capacity", "places"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shift_capacity_positive"),
        ]

    def __str__(self) -> str:  # no related rows: the audit page names many shifts at once
        return f"{self.role} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class ShiftSignUp(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, related_name="signups", verbose_name=_("shift")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shift_signups",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)

    class Meta:
        ordering = ["shift", "created_at"]
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status="confirmed"),
                name="shift_signup_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class HoursEntry(models.Model):
    """One item of the append-only hours ledger: an attendance record or a correction."""

    class Kind(models.TextChoices):
        RECORD = "record", _("Attendance record")
        CORRECTION = "correction", _("Correction")

    class Source(models.TextChoices):
        LEAD = "lead", _("By the project lead")
        QR = "qr", _("QR scan")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hours_entries",
        verbose_name=_("volunteer"),
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, related_name="hours_entries", verbose_name=_("shift")
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.LEAD)
    check_in = models.DateTimeField(_("check-in"))
    check_out = models.DateTimeField(_("check-out"), null=True, blank=True)
    void = models.BooleanField(_("void"), default=False)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=pgettext_lazy("hours entry", "supersedes"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    credited_minutes = models.PositiveIntegerField(_("credited minutes"), default=0)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["check_in", "pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("hours entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="record", supersedes__isnull=True)
                | Q(kind="correction", supersedes__isnull=False),
                name="hours_correction_supersedes",
            ),
            models.CheckConstraint(
                condition=Q(kind="record") | ~Q(reason=""), name="hours_correction_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(check_out__isnull=True) | Q(check_out__gte=models.F("check_in")),
                name="hours_checkout_after_checkin",
            ),
        ]
        indexes = [models.Index(fields=["person", "check_in"], name="hours_person_checkin")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Certificate(models.Model):
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("volunteer"),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing organisation"),
    )
    organisation = models.CharField(_("organisation (as printed)"), max_length=150)
    volunteer_masked_id = models.CharField(_("volunteer (masked)"), max_length=40)
    volunteer_name = models.CharField(_("volunteer's name"), max_length=60)
    period_start = models.DateField(_("service from"))
    period_end = models.DateField(_("service to"))
    credited_minutes = models.PositiveIntegerField(_("credited minutes"))
    issue_date = models.DateField(pgettext_lazy("volunteering", "issued on"))
    code = models.CharField(_("verification code"), max_length=24)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-issue_date", "-pk"]
        verbose_name = _("volunteering certificate")
        verbose_name_plural = _("volunteering certificates")

    def __str__(self) -> str:
        return self.serial


class TotalScope(models.TextChoices):
    PERSON = "person", _("Volunteer")
    DISTRICT = "district", _("District / county")
    UNIT = "unit", pgettext_lazy("volunteering", "Organisation")
    UNIVERSITY = "university", _("University")
    TEAM = "team", _("Volunteer team")


class HoursTotal(models.Model):
    """A summary of the ledger: credited minutes per (scope, key, year), e.g. one volunteer's, one
    district's or one organisation's hours in a year, with the number of volunteers behind them.

    Maintained in the same transaction as every ledger write that changes credited minutes
    (``totals.apply``), rebuilt from the ledger by ``totals.rebuild`` and compared by
    ``totals.check``. It never replaces the ledger: the record page and certificates still read
    the entries."""

    scope = models.CharField(_("scope"), max_length=12, choices=TotalScope.choices)
    key = models.BigIntegerField(_("key"))
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.BigIntegerField(_("credited minutes"), default=0)
    volunteers = models.IntegerField(_("volunteers"), default=0)
    # The district a team belongs to (scope *team* only; 0 otherwise): a district's team
    # leaderboard is one index range (``hourstotal_team_rank``). Team rows also exist with
    # year 0: the team's all-time total, kept like the yearly one.
    parent = models.BigIntegerField(_("parent group"), default=0)

    class Meta:
        verbose_name = _("hours total")
        verbose_name_plural = _("hours totals")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "year"], name="hourstotal_unique"),
        ]
        indexes = [
            models.Index(fields=["scope", "year", "-minutes", "key"], name="hourstotal_rank"),
            models.Index(
                fields=["parent", "year", "-minutes", "key"], name="hourstotal_team_rank", condition=Q(scope="team")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}:{self.year}"


class MemberTotal(models.Model):
    """One volunteer's credited minutes inside a group (district, organisation) in a year: the
    rows a group's leaderboard of volunteers reads, and what counts a group's volunteers."""

    scope = models.CharField(_("scope"), max_length=12, choices=TotalScope.choices)
    key = models.BigIntegerField(_("key"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("volunteer")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    minutes = models.BigIntegerField(_("credited minutes"), default=0)

    class Meta:
        verbose_name = _("hours total in a group")
        verbose_name_plural = _("hours totals in groups")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "year", "person"], name="membertotal_unique"),
        ]
        indexes = [models.Index(fields=["scope", "key", "year", "-minutes", "person"], name="membertotal_rank")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}:{self.year}:{self.person_id}"
