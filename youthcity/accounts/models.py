"""Accounts, roles and the young person's profile.

One account per person. A young person has a :class:`YouthProfile`; staff hold
:class:`Membership` rows that give a role scoped to a unit (staff, reviewers) or a region
(coordinators, leaders). Administrators are Django superusers or hold the admin role.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcity.core.crypto import EncryptedTextField, blind_index

phone_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter a valid 11-digit mainland mobile number."))

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number_check_digit(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_is_valid(value: str) -> bool:
    """18 characters, a plausible birth date, and the GB 11643 check character."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > dt.date.today():
        return False
    return id_number_check_digit(value[:17]) == value[17]


def id_number_validator(value: str) -> None:
    if not id_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid 18-character resident identity card number (the last character is a check digit)."),
            code="invalid_id_number",
        )


def id_number_normalise(value: str | None) -> str:
    return (value or "").strip().upper()


def id_number_blind_index(value: str | None) -> str:
    """The keyed index of an ID number ('' when there is none)."""
    return blind_index(value, normalise=id_number_normalise)


class User(AbstractUser):
    phone = models.CharField(
        _("mobile phone"), max_length=11, null=True, blank=True, unique=True, validators=[phone_validator]
    )
    # Encrypted at rest (youthcity.core.crypto); id_number_index finds a number already on file.
    id_number = EncryptedTextField(
        _("ID card number"), max_length=18, blank=True, validators=[id_number_validator],
        help_text=_("Only collected when a service needs identity verification."),
    )
    id_number_index = models.CharField(
        _("ID card number index"), max_length=64, blank=True, db_index=True, editable=False,
        help_text=_("Keyed HMAC-SHA256 of the ID card number: finds a number already on file without decrypting."),
    )
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    phone_verified_at = models.DateTimeField(_("phone verified at"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("Set for accounts created by staff: the person chooses their own password at first sign-in."),
    )
    closed_at = models.DateTimeField(_("account closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        # The blind index always follows the number (also when only id_number is in update_fields).
        self.id_number_index = id_number_blind_index(self.id_number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_index"}
        super().save(*args, **kwargs)


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
    # Being a student, beside the highest *completed* education: a final-year student is an
    # "应聘大学生" for the interview subsidy and the youth station (a 学生证 is accepted).
    is_student = models.BooleanField(_("currently a student"), null=True, blank=True)
    study_level = models.CharField(
        _("studying for"), max_length=32, choices=EducationLevel.choices, blank=True
    )
    expected_graduation_date = models.DateField(_("expected graduation date"), null=True, blank=True)
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


# --- Account security: one-time codes ----------------------------------------------------------


class OneTimeCode(models.Model):
    """A six-digit code sent by SMS or e-mail (password reset, phone verification). Only a keyed
    hash is stored; a code works once, for ``ONE_TIME_CODE_MINUTES`` minutes, with a few tries."""

    class Purpose(models.TextChoices):
        PASSWORD_RESET = "password_reset", _("Password reset")
        PHONE_VERIFY = "phone_verify", _("Phone verification")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes", verbose_name=_("user"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    destination_hash = models.CharField(max_length=64)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["destination_hash", "purpose"], name="otc_destination")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.user}"


# --- Personal information (PIPL) --------------------------------------------------------------


class PrivacyNotice(models.Model):
    """A published version of the privacy notice (from the city pack; a built-in default otherwise).
    A new version asks every person who consented to an older one again at their next sign-in."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"


class Consent(models.Model):
    """A person's consent to one version of the privacy notice, with the purposes they agreed to."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user"))
    notice_version = models.CharField(_("notice version"), max_length=20)
    purposes = models.JSONField(_("purposes"), default=list)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.notice_version}"


class AccessLog(models.Model):
    """A staff member looked at or revealed a person's personal data (shown to the person on
    "who looked at my data"). Every domain records through ``services.personal_data_access_record``."""

    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_accesses",
                                verbose_name=_("person concerned"))
    viewer = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("viewed by"))
    viewer_label = models.CharField(_("viewer"), max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=40)
    purpose = models.CharField(_("purpose"), max_length=200)
    fields = models.JSONField(_("data shown"), default=list)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.viewer_label} → {self.subject} ({self.action})"
