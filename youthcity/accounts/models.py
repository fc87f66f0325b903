"""Accounts, roles and the young person's profile.

One account per person. A young person has a :class:`YouthProfile`; staff hold
:class:`Membership` rows that give a role scoped to a unit (staff, reviewers) or a region
(coordinators, leaders). Administrators are Django superusers or hold the admin role.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter a valid 11-digit mainland mobile number."))
id_number_validator = RegexValidator(
    r"^\d{17}[\dXx]$", _("Enter a valid 18-character resident identity card number.")
)


class User(AbstractUser):
    phone = models.CharField(
        _("mobile phone"), max_length=11, null=True, blank=True, unique=True, validators=[phone_validator]
    )
    id_number = models.CharField(
        _("ID card number"), max_length=18, blank=True, validators=[id_number_validator],
        help_text=_("Only collected when a service needs identity verification."),
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    YOUTH = "youth", _("Young person")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    REVIEWER = "reviewer", _("Reviewer")
    COORDINATOR = "coordinator", _("Programme coordinator (leading-group office)")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    # HR staff of an employer (an enterprise unit): acts for its own organisation only, in the
    # portal's employer pages; never a programme role (no workbench, no review, no scope).
    EMPLOYER = "employer", _("Employer HR staff")


UNIT_ROLES = {Role.UNIT_STAFF, Role.REVIEWER}
REGION_ROLES = {Role.COORDINATOR, Role.LEADER, Role.ADMIN}


class Membership(models.Model):
    """A staff role held by a user, scoped to a unit or to a region subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=[c for c in Role.choices if c[0] != Role.YOUTH])
    unit = models.ForeignKey(
        "organizations.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("unit"),
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("region"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=["unit_staff", "reviewer", "employer"], unit__isnull=False))
                | (Q(role__in=["coordinator", "leader", "admin"], region__isnull=False)),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "region"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.region
        return f"{self.user} · {self.get_role_display()} · {scope}"


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal schooling")
    JUNIOR_HIGH = "junior_high", _("Junior high school")
    SENIOR_HIGH = "senior_high", _("Senior high school")
    VOCATIONAL = "vocational", _("Secondary vocational school")
    PREPARATORY_TECHNICIAN = "preparatory_technician", _("Technical school: preparatory technician")
    TECHNICIAN = "technician", _("Technical school: technician")
    ASSOCIATE = "associate", _("Junior college (大专)")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class EmploymentStatus(models.TextChoices):
    STUDENT = "student", _("Student")
    JOB_SEEKING = "job_seeking", _("Looking for work")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Running a business")
    INTERN = "intern", _("Intern")
    NOT_WORKING = "not_working", _("Not working, not looking")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class YouthProfile(models.Model):
    """The facts the services need, and no more. Every field is optional: a missing fact
    stays unknown (the benefits engine never reads it as zero)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="youth_profile", verbose_name=_("user"))
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    education_level = models.CharField(_("education level"), max_length=32, choices=EducationLevel.choices, blank=True)
    is_full_time = models.BooleanField(_("full-time study"), null=True, blank=True)
    graduation_date = models.DateField(_("graduation date"), null=True, blank=True)
    school = models.CharField(_("school / university"), max_length=100, blank=True)
    hukou_city = models.CharField(_("household registration (hukou) city"), max_length=60, blank=True)
    home_city = models.CharField(_("home city"), max_length=60, blank=True)
    current_city = models.CharField(_("current city"), max_length=60, blank=True)
    current_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="youths",
        verbose_name=_("district of residence"),
    )
    employment_status = models.CharField(
        _("employment status"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("youth profile")
        verbose_name_plural = _("youth profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__gte=dt.date(1900, 1, 1)),
                name="profile_birth_date_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}"

    def age_on(self, day: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        day = day or timezone.localdate()
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a SHA-256 hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
