"""Jobs, internships and employers (issue 13).

An :class:`Employer` is an enterprise unit with a credit code, verified by the human-resources
department through the shared application workflow (:class:`EmployerVerification`). Verified
employers post :class:`Position` s; internship positions are published only after the
department approves them (:class:`PositionReview`). Young people apply (:class:`JobApplication`,
decided by the employer, never by the applicant); an accepted offer is a placement. The host base
claims a monthly living allowance for each intern (:class:`AllowanceClaim`), approved by the
department.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.accounts.models import EducationLevel
from youthcity.applications.models import Application, ApplicationDecision, ApplicationDocument
from youthcity.core.models import TimeStampedModel


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    INFORMATION = "information", _("Information technology")
    RESEARCH = "research", _("Research and engineering services")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    FINANCE = "finance", _("Finance")
    TRADE = "trade", _("Trade and logistics")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE = "agriculture", _("Agriculture")
    PUBLIC = "public", _("Public services")
    OTHER = "other", _("Other")


class Employer(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")
        SUSPENDED = "suspended", _("Suspended")

    unit = models.OneToOneField("organizations.Unit", on_delete=models.PROTECT, related_name="employer",
                                verbose_name=_("organisation unit"))
    name = models.CharField(_("employer name"), max_length=150)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_internship_base = models.BooleanField(_("internship base (见习基地)"), default=False)
    base_quota = models.PositiveIntegerField(_("internship places a year"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class EmployerVerification(Application):
    """An employer's request to be verified, sent by its first HR staff member."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="verifications",
                                 verbose_name=_("employer"))

    class Meta:
        verbose_name = _("employer verification")
        verbose_name_plural = _("employer verifications")
        constraints = [models.UniqueConstraint(fields=["employer"], condition=Q(status__in=["submitted", "more_documents"]),
                                               name="careers_one_open_verification")]


class EmployerVerificationDocument(ApplicationDocument):
    application = models.ForeignKey(EmployerVerification, on_delete=models.CASCADE, related_name="documents")

    class Meta(ApplicationDocument.Meta):
        verbose_name = _("employer verification document")
        verbose_name_plural = _("employer verification documents")


class EmployerVerificationDecision(ApplicationDecision):
    application = models.ForeignKey(EmployerVerification, on_delete=models.CASCADE, related_name="decisions")

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("employer verification decision")
        verbose_name_plural = _("employer verification decisions")


class Position(TimeStampedModel):
    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship (见习)")
        JOB = "job", _("Job")
        CAMPUS = "campus", _("Campus recruitment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not approved")
        CLOSED = "closed", _("Closed")

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="positions",
                                 verbose_name=_("employer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    education_required = models.CharField(_("education required"), max_length=32, choices=EducationLevel.choices,
                                          blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    monthly_pay = models.DecimalField(_("monthly allowance or salary (yuan)"), max_digits=9, decimal_places=2)
    capacity = models.PositiveIntegerField(_("places"))
    requirements = models.TextField(_("requirements"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("posted by"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-published_at", "-created_at", "id"]
        verbose_name = pgettext_lazy("job", "position")
        verbose_name_plural = pgettext_lazy("job", "positions")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="careers_position_capacity_positive"),
            models.CheckConstraint(condition=Q(monthly_pay__gte=0), name="careers_position_pay_not_negative"),
            models.CheckConstraint(condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")), name="careers_position_dates_ordered"),
            models.CheckConstraint(condition=~Q(kind="internship") | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
                                   name="careers_internship_has_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_months(self) -> int | None:
        if not (self.starts_on and self.ends_on):
            return None
        return (self.ends_on.year - self.starts_on.year) * 12 + self.ends_on.month - self.starts_on.month + 1


class PositionReview(Application):
    """An internship position sent for approval before publication (the applicant is the HR
    staff member who posted it)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="reviews", verbose_name=pgettext_lazy("job", "position"))

    class Meta:
        verbose_name = _("position approval")
        verbose_name_plural = _("position approvals")
        constraints = [models.UniqueConstraint(fields=["position"], condition=Q(status__in=["submitted", "more_documents"]),
                                               name="careers_one_open_position_review")]


class PositionReviewDocument(ApplicationDocument):
    application = models.ForeignKey(PositionReview, on_delete=models.CASCADE, related_name="documents")

    class Meta(ApplicationDocument.Meta):
        verbose_name = _("position approval document")
        verbose_name_plural = _("position approval documents")


class PositionReviewDecision(ApplicationDecision):
    application = models.ForeignKey(PositionReview, on_delete=models.CASCADE, related_name="decisions")

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("position approval decision")
        verbose_name_plural = _("position approval decisions")


def cv_path(instance, filename: str) -> str:
    # never the uploaded name (privacy, path tricks); the original is kept in ``cv_name``
    import uuid
    from pathlib import PurePath

    return f"careers/cv/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class JobApplication(TimeStampedModel):
    """A young person's application to a position, decided by the employer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Sent to the employer")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        OFFERED = "offered", _("Offer made")
        ACCEPTED = "accepted", _("Offer accepted")
        DECLINED = "declined", _("Offer declined")
        REJECTED = "rejected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ACTIVE = ("submitted", "shortlisted", "offered", "accepted")

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("applicant"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="applications",
                                 verbose_name=pgettext_lazy("job", "position"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    cover_note = models.TextField(_("note to the employer"), blank=True, max_length=1000)
    profile = models.JSONField(_("profile sent"), default=dict, blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_path, max_length=255, blank=True)
    cv_name = models.CharField(_("CV file name"), max_length=255, blank=True)
    cv_size = models.PositiveIntegerField(_("CV size (bytes)"), null=True, blank=True)
    cv_content_type = models.CharField(_("CV content type"), max_length=100, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    reason = models.TextField(_("reason"), blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    fair = models.ForeignKey("JobFair", null=True, blank=True, on_delete=models.SET_NULL, related_name="applications",
                             verbose_name=_("resulting from the job fair"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        constraints = [models.UniqueConstraint(fields=["applicant", "position"],
                                               condition=Q(status__in=["submitted", "shortlisted", "offered", "accepted"]),
                                               name="careers_one_active_application")]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.position}"


class AllowanceClaim(Application):
    """A host base's monthly living-allowance claim for one intern (the applicant is the base's
    HR staff member; the department decides)."""

    placement = models.ForeignKey(JobApplication, on_delete=models.PROTECT, related_name="allowance_claims",
                                  verbose_name=_("placement"))
    month = models.DateField(_("month"))  # the first day of the month claimed
    attendance_days = models.PositiveIntegerField(_("days attended"))
    working_days = models.PositiveIntegerField(_("working days in the month"))
    minimum_wage = models.DecimalField(_("monthly minimum wage"), max_digits=9, decimal_places=2)
    wage_tier = models.PositiveSmallIntegerField(_("minimum-wage tier"))
    share = models.DecimalField(_("share of the minimum wage"), max_digits=4, decimal_places=3)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)
    approved_amount = models.DecimalField(_("approved amount (yuan)"), max_digits=9, decimal_places=2, null=True,
                                          blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-month", "id"]
        verbose_name = _("allowance claim")
        verbose_name_plural = _("allowance claims")
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"],
                                    condition=Q(status__in=["submitted", "more_documents", "approved"]),
                                    name="careers_one_claim_per_intern_month"),
            models.CheckConstraint(condition=Q(attendance_days__lte=31), name="careers_claim_days_in_month"),
        ]


class AllowanceClaimDocument(ApplicationDocument):
    application = models.ForeignKey(AllowanceClaim, on_delete=models.CASCADE, related_name="documents")

    class Meta(ApplicationDocument.Meta):
        verbose_name = _("allowance claim document")
        verbose_name_plural = _("allowance claim documents")


class AllowanceClaimDecision(ApplicationDecision):
    application = models.ForeignKey(AllowanceClaim, on_delete=models.CASCADE, related_name="decisions")

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("allowance claim decision")
        verbose_name_plural = _("allowance claim decisions")


class MatchingRound(TimeStampedModel):
    """A centralised placement round (e.g. the municipal summer internship programme): young
    people rank positions, employers rank the young people who chose them, and one run of the
    stable matching engine (``youthcity.engines.matching``) makes the offers. The audit file
    (and its SHA-256) lets anyone recompute the result."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for rankings")
        RUN = "run", _("Matched")

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("responsible unit"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    tie_break_seed = models.CharField(_("tie-break seed (published before rankings)"), max_length=100)
    max_choices = models.PositiveSmallIntegerField(_("most positions a person may rank"), default=5)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    run_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("matched by"))
    audit = models.TextField(_("audit file"), blank=True)
    audit_sha256 = models.CharField(_("audit file SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")

    def __str__(self) -> str:
        return self.name


class RoundPosition(models.Model):
    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="round_positions",
                              verbose_name=_("matching round"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=pgettext_lazy("job", "position"))
    reserved_out_of_town = models.PositiveIntegerField(_("seats reserved for out-of-town graduates"), default=0)

    class Meta:
        verbose_name = _("position in a matching round")
        verbose_name_plural = _("positions in matching rounds")
        ordering = ["position_id"]
        constraints = [models.UniqueConstraint(fields=["round", "position"], name="careers_round_position_once")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.position_id}"


class RoundChoice(models.Model):
    """A young person's ranked choice of a position in a round (1 = most wanted)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="choices")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("applicant's choice")
        verbose_name_plural = _("applicants' choices")
        ordering = ["applicant_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant", "position"], name="careers_choice_once"),
            models.UniqueConstraint(fields=["round", "applicant", "rank"], name="careers_choice_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} #{self.rank} {self.position_id}"


class RoundRanking(models.Model):
    """An employer's rank of one applicant for one position in a round (1 = best)."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="rankings")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("employer's ranking")
        verbose_name_plural = _("employers' rankings")
        ordering = ["position_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["round", "position", "applicant"], name="careers_ranking_once")]

    def __str__(self) -> str:
        return f"{self.position_id} #{self.rank} {self.applicant_id}"


class RoundAssignment(models.Model):
    """The round's result for one young person: the position, the seat category and their offer."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="assignments")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    seat = models.CharField(_("seat"), max_length=40)
    choice = models.PositiveSmallIntegerField(_("rank on their list"))
    offer = models.ForeignKey(JobApplication, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("matching result")
        verbose_name_plural = _("matching results")
        ordering = ["position_id", "applicant_id"]
        constraints = [models.UniqueConstraint(fields=["round", "applicant"], name="careers_one_assignment")]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.position_id} ({self.seat})"


# --- Employer-audience benefits (issue 13: hiring subsidy, enterprise–university base subsidy) ----------


class SubsidyPolicy(models.TextChoices):
    """The employer-audience policies of the city pack (``audience: employer``) this app takes
    applications for; the id is the policy's id in ``cities/<city>/policies/``."""

    HIRING = "private_enterprise_hiring_subsidy", _("Subsidy for private enterprises hiring college graduates")
    UNIVERSITY_BASE = "enterprise_university_base_subsidy", _("Subsidy for enterprise–university research and training bases")


class EmployerSubsidy(Application):
    """A verified employer's application for an employer-audience benefit, sent by one of its HR
    staff (the applicant), reviewed by the human-resources department of the employer's district
    and paid to the organisation (never to a person)."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="subsidies",
                                 verbose_name=_("employer"))
    policy_id = models.CharField(_("benefit"), max_length=80, choices=SubsidyPolicy.choices)
    is_private = models.BooleanField(_("privately owned (民营企业)"), default=False)
    graduates_hired = models.PositiveIntegerField(_("college graduates hired"), default=0)
    university = models.CharField(_("partner university (院系)"), max_length=150, blank=True)
    eligibility = models.JSONField(_("rules check when sent"), default=dict, blank=True)
    amount_min = models.DecimalField(_("lowest amount under the rule (yuan)"), max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    amount_max = models.DecimalField(_("highest amount under the rule (yuan)"), max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    approved_amount = models.DecimalField(_("approved amount (yuan)"), max_digits=12, decimal_places=2, null=True,
                                          blank=True)
    payee_name = models.CharField(_("paid to (organisation)"), max_length=150, blank=True)
    payee_credit_code = models.CharField(_("payee's unified social credit code"), max_length=18, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("payment recorded by"))

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("employer subsidy application")
        verbose_name_plural = _("employer subsidy applications")
        constraints = [models.UniqueConstraint(fields=["employer", "policy_id"],
                                               condition=Q(status__in=["submitted", "more_documents"]),
                                               name="careers_one_open_subsidy")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.get_policy_id_display()}"


class EmployerSubsidyDocument(ApplicationDocument):
    application = models.ForeignKey(EmployerSubsidy, on_delete=models.CASCADE, related_name="documents")

    class Meta(ApplicationDocument.Meta):
        verbose_name = _("employer subsidy document")
        verbose_name_plural = _("employer subsidy documents")


class EmployerSubsidyDecision(ApplicationDecision):
    application = models.ForeignKey(EmployerSubsidy, on_delete=models.CASCADE, related_name="decisions")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("employer subsidy decision")
        verbose_name_plural = _("employer subsidy decisions")


# --- Job fairs (招聘会, 双选会, 春风行动) ---------------------------------------------------------------


class JobFair(TimeStampedModel):
    """A fair published by a department's staff, with the employers taking part (booths) and the
    positions they bring. Young people sign up; staff record attendance."""

    class Kind(models.TextChoices):
        JOB_FAIR = "job_fair", _("Job fair (招聘会)")
        TWO_WAY = "two_way", _("Two-way selection fair (双选会)")
        SPRING_BREEZE = "spring_breeze", _("Spring Breeze campaign fair (春风行动)")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("organising unit"))
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    description = models.TextField(_("description"), blank=True, max_length=2000)
    capacity = models.PositiveIntegerField(_("places for young people (empty: no limit)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="careers_fair_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class FairBooth(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="booths", verbose_name=_("job fair"))
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="fair_booths",
                                 verbose_name=_("employer"))
    positions = models.ManyToManyField(Position, related_name="fair_booths", blank=True,
                                       verbose_name=pgettext_lazy("job", "positions"))

    class Meta:
        ordering = ["employer__name", "id"]
        verbose_name = _("fair booth")
        verbose_name_plural = _("fair booths")
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="careers_booth_once")]

    def __str__(self) -> str:
        return f"{self.fair} · {self.employer}"


class FairSignUp(TimeStampedModel):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        ATTENDED = "attended", _("Attended")
        CANCELLED = "cancelled", _("Cancelled")

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="signups", verbose_name=_("job fair"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=pgettext_lazy("sign-up", "person"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNED_UP)
    attended_at = models.DateTimeField(pgettext_lazy("fair", "checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=pgettext_lazy("fair", "checked in by"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("fair sign-up")
        verbose_name_plural = _("fair sign-ups")
        constraints = [models.UniqueConstraint(fields=["fair", "person"], condition=Q(status__in=["signed_up", "attended"]),
                                               name="careers_one_fair_signup")]


# --- One-stop youth employment and start-up service centres (预约服务) ------------------------------------


class ServiceCentre(TimeStampedModel):
    class Kind(models.TextChoices):
        STARTUP_HOME = "startup_home", _("Youth start-up home (青年创业之家)")
        EMPLOYMENT_STATION = "employment_station", _("Graduate employment and start-up service station (大学生就业创业服务工作站)")
        ONE_STOP = "one_stop", _("One-stop youth employment service centre")

    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("operating unit"))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("district"))
    address = models.CharField(_("address"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("taking bookings"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["district__code", "name"]
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")

    def __str__(self) -> str:
        return self.name


class CentreService(models.Model):
    class Kind(models.TextChoices):
        CAREER_ADVICE = "career_advice", _("Career advice")
        STARTUP_GUIDANCE = "startup_guidance", _("Start-up guidance")
        LOAN_GUIDANCE = "loan_guidance", _("Start-up loan guidance")
        POLICY_ADVICE = "policy_advice", _("Employment policy advice")

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE, related_name="services",
                               verbose_name=_("service centre"))
    kind = models.CharField(_("service"), max_length=30, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["centre_id", "kind"]
        verbose_name = _("centre service")
        verbose_name_plural = _("centre services")
        constraints = [models.UniqueConstraint(fields=["centre", "kind"], name="careers_centre_service_once")]

    def __str__(self) -> str:
        return f"{self.centre} · {self.get_kind_display()}"


class ServiceSlot(models.Model):
    service = models.ForeignKey(CentreService, on_delete=models.CASCADE, related_name="slots",
                                verbose_name=_("service"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("service time slot")
        verbose_name_plural = _("service time slots")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="careers_slot_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="careers_slot_ends_after_start"),
            models.UniqueConstraint(fields=["service", "starts_at"], name="careers_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.starts_at:%Y-%m-%d %H:%M}"


class ServiceBooking(TimeStampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    HOLDING = ("booked", "attended")  # statuses that take a place

    slot = models.ForeignKey(ServiceSlot, on_delete=models.PROTECT, related_name="bookings",
                             verbose_name=_("time slot"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=pgettext_lazy("booking", "person"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED)
    note = models.CharField(_("what you would like to discuss"), max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("marked by"))
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = _("service booking")
        verbose_name_plural = _("service bookings")
        constraints = [models.UniqueConstraint(fields=["slot", "person"], condition=Q(status__in=["booked", "attended"]),
                                               name="careers_one_booking_per_slot")]


# --- Job push (为你推荐) -----------------------------------------------------------------------------------


class JobPreferences(TimeStampedModel):
    """What a young person looks for, beside their youth profile (education, district): the rules
    are :mod:`youthcity.engines.jobpush`. ``notify``: a message when a matching position is published."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_preferences",
                                verbose_name=_("user"))
    major = models.CharField(_("major (专业)"), max_length=100, blank=True)
    districts = models.ManyToManyField("regions.Region", blank=True, related_name="+",
                                       verbose_name=_("districts I want to work in"))
    industries = models.JSONField(_("industries"), default=list, blank=True)
    kinds = models.JSONField(_("kinds of position"), default=list, blank=True)
    notify = models.BooleanField(_("tell me when a matching position is published"), default=True)

    class Meta:
        verbose_name = _("job preferences")
        verbose_name_plural = _("job preferences")

    def __str__(self) -> str:
        return str(self.user)
