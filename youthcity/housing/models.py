"""Talent apartments and guaranteed rental housing: stock (projects, buildings, homes),
applications on the shared workflow, allocation rounds drawn by the verifiable lottery engine
(:mod:`youthcity.engines.lottery`), offers passing down the order, and leases.

The rules that matter are constraints in the database as well as checks in services: a home is
in at most one open round, has at most one pending offer and at most one active lease; a person
has at most one live (open or approved) application per project; a round's audit file is
written once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from youthcity.applications.models import Application, ApplicationDecision
from youthcity.applications.models import ApplicationDocument as BaseDocument
from youthcity.core.models import TimeStampedModel


class ProjectKind(models.TextChoices):
    TALENT_APARTMENT = "talent_apartment", _("Talent apartment")
    GUARANTEED_RENTAL = "guaranteed_rental", _("Guaranteed rental housing")
    YOUTH_APARTMENT = "youth_apartment", _("Youth apartment")


class Category(models.TextChoices):
    """Priority categories, from the applicant's profile facts (see services.priority_category)."""

    YOUNG_GRADUATE = "young_graduate", _("Young graduate newly arrived")
    BACHELOR_PLUS = "bachelor_plus", _("Bachelor's degree and above")
    TECHNICIAN = "technician", _("Skilled technician")
    OTHER = "other", _("Other young person")


class HousingProject(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=ProjectKind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible unit")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    eligible_categories = models.JSONField(
        _("who may apply"), default=list, blank=True, help_text=_("Empty: every category.")
    )
    max_rent_free_months = models.PositiveSmallIntegerField(_("rent-free months at most"), default=3)
    accepting_applications = models.BooleanField(_("accepting applications"), default=True)
    multiple_categories = models.BooleanField(
        _("an applicant may count in several categories"),
        default=False,
        help_text=_("Off: each applicant counts in one priority category; claiming two is refused."),
    )
    required_documents = models.JSONField(
        _("documents asked for"), default=list, blank=True, help_text=_("Document types an application must carry.")
    )
    shared_ownership = models.BooleanField(
        _("shared-ownership purchase offered"), default=False
    )
    synthetic = models.BooleanField(_("example data"), default=False)

    class Meta:
        verbose_name = _("housing project")
        verbose_name_plural = _("housing projects")
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    project = models.ForeignKey(
        HousingProject, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("housing project")
    )
    name = models.CharField(_("building"), max_length=40)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="housing_building_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.name}"


class HomeStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    IN_ROUND = "in_round", _("In an allocation round")
    OFFERED = "offered", _("Offered to an applicant")
    LET = "let", _("Let")
    UNAVAILABLE = "unavailable", _("Not available")


class Home(TimeStampedModel):
    project = models.ForeignKey(
        HousingProject, on_delete=models.PROTECT, related_name="homes", verbose_name=_("housing project")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="homes", verbose_name=_("building")
    )
    number = models.CharField(_("home number"), max_length=20)
    code = models.CharField(
        _("public id"), max_length=64, help_text=_("Building and number, as the draw names it.")
    )
    area = models.DecimalField(_("area (m²)"), max_digits=6, decimal_places=2)
    layout = models.CharField(_("layout"), max_length=40)
    monthly_rent = models.DecimalField(_("monthly rent (元)"), max_digits=9, decimal_places=2)
    furnished = models.BooleanField(_("furnished"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=HomeStatus.choices, default=HomeStatus.AVAILABLE
    )
    unavailable_reason = models.CharField(_("why not available"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("home")
        verbose_name_plural = _("homes")
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="housing_home_unique_code"),
            models.CheckConstraint(condition=Q(area__gt=0), name="housing_home_area_positive"),
            models.CheckConstraint(condition=Q(monthly_rent__gte=0), name="housing_home_rent_not_negative"),
        ]
        indexes = [models.Index(fields=["project", "status"], name="housing_home_stock_idx")]

    def __str__(self) -> str:
        return f"{self.project} {self.code}"


class HousingApplicationStatus(models.TextChoices):
    """The shared workflow's statuses and one more: *housed*, the case closed by a signed lease."""

    SUBMITTED = "submitted", _("Submitted, awaiting review")
    MORE_DOCUMENTS = "more_documents", _("More documents requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HOUSED = "housed", _("Closed: lease signed")


class Purpose(models.TextChoices):
    RENT = "rent", _("Rent a home")
    PURCHASE = "purchase", _("Buy a share (shared ownership)")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    OTHER = "other", _("Divorced or widowed")


class DocumentType(models.TextChoices):
    """What a housing application can carry (a project asks for some of them)."""

    ID_CARD = "id_card", _("Resident identity card")
    DEGREE = "degree_certificate", _("Graduation certificate")
    EMPLOYMENT = "employment_proof", _("Labour contract or business licence")
    HOUSEHOLD = "household_register", _("Household register or marriage certificate")
    NO_HOME = "no_home_proof", _("Proof of owning no home in the city")


class HousingApplication(Application):
    """A young person's application for a home in one project (shared workflow). The priority
    categories come from the rules engine (:mod:`youthcity.housing.categories`), never from staff."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=HousingApplicationStatus.choices,
        default=HousingApplicationStatus.SUBMITTED,
    )

    project = models.ForeignKey(
        HousingProject,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("housing project"),
    )
    category = models.CharField(_("priority category"), max_length=20, choices=Category.choices)
    categories = models.JSONField(
        _("priority categories"), default=list, blank=True, help_text=_("Every category the rules engine found.")
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.RENT)
    household_size = models.PositiveSmallIntegerField(_("household size"), default=1)
    marital_status = models.CharField(
        _("marital status"), max_length=10, choices=MaritalStatus.choices, default=MaritalStatus.SINGLE
    )
    children = models.PositiveSmallIntegerField(_("children living with the applicant"), default=0)
    owns_home_in_city = models.BooleanField(_("owns a home in the city"), default=False)
    layouts = models.JSONField(
        _("layouts wanted"), default=list, blank=True, help_text=_("Empty: any layout.")
    )
    score = models.DecimalField(_("points (积分)"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_detail = models.JSONField(_("how the points were counted"), default=list, blank=True)

    class Meta:
        verbose_name = _("housing application")
        verbose_name_plural = _("housing applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # one live application per person and project: open or approved (waiting for a draw)
            models.UniqueConstraint(
                fields=["applicant", "project"],
                condition=Q(status__in=["submitted", "more_documents", "approved"]),
                name="housing_one_live_application",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="housing_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(household_size__gte=1) & Q(household_size__lte=12),
                name="housing_household_size_range",
            ),
            models.CheckConstraint(condition=Q(children__lte=10), name="housing_children_range"),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="housing_app_queue_idx")]

    def __str__(self) -> str:
        return f"{self.project} · {self.public_id}"

    @property
    def public_id(self) -> str:
        """The id the draw and the public results use (no name, no ID number)."""
        return f"H{self.pk:07d}"


class HousingDocument(BaseDocument):
    application = models.ForeignKey(
        HousingApplication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )

    class Meta(BaseDocument.Meta):
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")


class HousingDecision(ApplicationDecision):
    application = models.ForeignKey(
        HousingApplication, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("application")
    )

    class Meta(ApplicationDecision.Meta):
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open: commitment published")
    FROZEN = "frozen", _("Frozen: applicant list published")
    DRAWN = "drawn", _("Drawn")
    VOIDED = "voided", _("Voided")


class SourceKind(models.TextChoices):
    LOTTERY = "lottery", _("Public lottery result")
    ON_SITE = "on_site", _("On-site draw")
    BEACON = "beacon", _("Randomness beacon")
    TEXT = "text", _("Other public text")


class PoolOrder(models.TextChoices):
    RESERVE_FIRST = "reserve_first", _("Reserve first: the reserved share is a floor")
    OPEN_FIRST = "open_first", _("Open pool first: the reserve comes on top of a fair share")


class Ranking(models.TextChoices):
    LOTTERY = "lottery", _("Lottery: the seeded order")
    SCORE = "score", _("Points (积分): highest first, ties by the seeded order")


class AllocationRound(TimeStampedModel):
    """One draw: the homes offered, the reserve, the commitment, and once drawn the audit file."""

    project = models.ForeignKey(
        HousingProject, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("housing project")
    )
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    reserve_category = models.CharField(
        _("reserved for"), max_length=20, choices=Category.choices, default=Category.YOUNG_GRADUATE
    )
    reserved_share = models.DecimalField(
        _("reserved share"), max_digits=4, decimal_places=3, null=True, blank=True
    )
    reserved_count = models.PositiveIntegerField(_("reserved homes"), null=True, blank=True)
    pool_order = models.CharField(
        _("order of the pools"), max_length=16, choices=PoolOrder.choices, default=PoolOrder.RESERVE_FIRST
    )
    offer_days = models.PositiveSmallIntegerField(_("days to answer an offer"), default=7)
    ranking = models.CharField(
        _("ranking"), max_length=10, choices=Ranking.choices, default=Ranking.LOTTERY
    )
    multiple_categories = models.BooleanField(_("an applicant may count in several categories"), default=False)
    commitment = models.CharField(_("commitment (SHA-256 of the secret)"), max_length=64)
    secret = models.CharField(max_length=128, editable=False)  # revealed only at the draw
    revealed_secret = models.CharField(_("revealed secret"), max_length=128, blank=True)
    public_source_kind = models.CharField(
        _("kind of public value"), max_length=10, choices=SourceKind.choices, default=SourceKind.LOTTERY
    )
    public_source_name = models.CharField(_("public value source"), max_length=500)
    public_value = models.CharField(_("public value"), max_length=500, blank=True)
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    list_hash = models.CharField(_("applicant list hash"), max_length=64, blank=True)
    frozen_list = models.TextField(_("frozen list (JSON)"), blank=True)
    audit = models.TextField(_("audit file (JSON)"), blank=True)
    audit_hash = models.CharField(_("audit file hash"), max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="voided") | ~Q(void_reason=""), name="housing_void_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="drawn") | ~Q(audit=""), name="housing_drawn_has_audit"
            ),
            models.CheckConstraint(
                condition=Q(reserved_share__isnull=True) | Q(reserved_count__isnull=True),
                name="housing_reserve_share_or_count",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reserved_percent(self) -> str | None:
        """The reserved share as a percentage without trailing zeros (0.400 → "40")."""
        if self.reserved_share is None:
            return None
        return format((self.reserved_share * 100).normalize(), "f")

    @property
    def round_code(self) -> str:
        return f"{self.project.code}-R{self.pk}"


class RoundHome(models.Model):
    """A home offered in a round; ``active`` while the round is open or frozen (a home is in at
    most one active round: a database constraint)."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="round_homes", verbose_name=_("round")
    )
    home = models.ForeignKey(
        Home, on_delete=models.PROTECT, related_name="round_entries", verbose_name=_("home")
    )
    active = models.BooleanField(_("in an open round"), default=True)

    class Meta:
        verbose_name = _("home in a round")
        verbose_name_plural = _("homes in rounds")
        constraints = [
            models.UniqueConstraint(fields=["round", "home"], name="housing_round_home_once"),
            models.UniqueConstraint(
                fields=["home"], condition=Q(active=True), name="housing_home_one_active_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.home}"


class RoundEntry(models.Model):
    """An application in a frozen round: its public id, category, and after the draw its turn."""

    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("round")
    )
    application = models.ForeignKey(
        HousingApplication,
        on_delete=models.PROTECT,
        related_name="round_entries",
        verbose_name=_("application"),
    )
    public_id = models.CharField(_("public id"), max_length=20)
    category = models.CharField(_("priority category"), max_length=20, choices=Category.choices)
    turn = models.PositiveIntegerField(_("turn"), null=True, blank=True)
    home = models.ForeignKey(
        Home,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home allocated"),
    )

    class Meta:
        verbose_name = _("application in a round")
        verbose_name_plural = _("applications in rounds")
        ordering = ["round", "turn", "public_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="housing_entry_once"),
            models.UniqueConstraint(fields=["round", "public_id"], name="housing_entry_public_id_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.public_id}"


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Offer accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Offer(TimeStampedModel):
    round = models.ForeignKey(
        AllocationRound, on_delete=models.PROTECT, related_name="offers", verbose_name=_("round")
    )
    application = models.ForeignKey(
        HousingApplication, on_delete=models.PROTECT, related_name="offers", verbose_name=_("application")
    )
    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="offers", verbose_name=_("home"))
    turn = models.PositiveIntegerField(_("turn"))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    deadline = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["round", "turn", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["home"], condition=Q(status__in=["pending"]), name="housing_home_one_pending_offer"
            ),
            models.UniqueConstraint(fields=["round", "application"], name="housing_one_offer_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.home} → {self.application.public_id}"


class LeaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Lease(TimeStampedModel):
    """A signed lease. Rent and subsidy are recorded separately (租补分离): the tenant's rent is
    ``monthly_rent``; ``monthly_subsidy`` is what the city pays towards it, never netted off."""

    home = models.ForeignKey(Home, on_delete=models.PROTECT, related_name="leases", verbose_name=_("home"))
    offer = models.OneToOneField(
        Offer, on_delete=models.PROTECT, related_name="lease", verbose_name=_("offer")
    )
    tenant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant")
    )
    category = models.CharField(_("priority category"), max_length=20, choices=Category.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("planned end"))
    rent_free_months = models.PositiveSmallIntegerField(_("rent-free months"), default=0)
    monthly_rent = models.DecimalField(_("monthly rent (元)"), max_digits=9, decimal_places=2)
    monthly_subsidy = models.DecimalField(
        _("monthly subsidy (元)"), max_digits=9, decimal_places=2, default=0
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LeaseStatus.choices, default=LeaseStatus.ACTIVE
    )
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["home"], condition=Q(status="active"), name="housing_home_one_active_lease"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="housing_lease_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(rent_free_months__lte=36), name="housing_rent_free_at_most_36"
            ),
            models.CheckConstraint(
                condition=Q(monthly_rent__gte=0) & Q(monthly_subsidy__gte=0),
                name="housing_lease_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.home} · {self.start}"


class EntryKind(models.TextChoices):
    RENT = "rent", _("Rent due")
    SUBSIDY = "subsidy", _("Subsidy paid by the city")


class LeaseEntry(TimeStampedModel):
    """One month of a lease in the rent and subsidy ledger (租补分离): the tenant's rent charge and
    the city's subsidy are two entries, never netted. A rent-free month is a rent entry of 0 marked
    ``rent_free``. ``settled_on``: the rent paid, or the subsidy paid out."""

    lease = models.ForeignKey(Lease, on_delete=models.PROTECT, related_name="entries", verbose_name=_("lease"))
    month = models.DateField(_("month"), help_text=_("The first day of this month of the lease."))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount (元)"), max_digits=9, decimal_places=2)
    rent_free = models.BooleanField(_("rent-free month"), default=False)
    due = models.DateField(_("due on"))
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("rent or subsidy entry")
        verbose_name_plural = _("rent and subsidy entries")
        ordering = ["lease", "month", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "month", "kind"], name="housing_entry_month_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="housing_entry_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["kind", "settled_on", "due"], name="housing_entry_arrears_idx")]

    def __str__(self) -> str:
        return f"{self.lease} · {self.month:%Y-%m} · {self.kind}"
