"""Youth stations (青年驿站): stations, rooms, beds, bookings and the night ledger.

The night ledger is the canonical guarantee against double-booking: every active booking owns
one :class:`BedNight` row per night (unique per bed and night) and one :class:`PersonNight` row
per night (unique per person and night), written in the same transaction as the booking. On
PostgreSQL migration 0002 adds an exclusion constraint on the booking itself as a second line
(see docs/bookings.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from youthcity.core.models import TimeStampedModel


class Station(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="stations", verbose_name=_("operator unit")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="stations", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    house_rules = models.TextField(_("house rules"), blank=True)
    # Bookings not checked in by this local hour of the arrival day are released (no-show).
    no_show_release_hour = models.PositiveSmallIntegerField(
        _("no-show release hour"), default=20,
        help_text=_("Bookings not checked in by this hour (0–23) on the arrival day are released."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a waitlist offer"), default=12,
    )
    is_active = models.BooleanField(_("open for bookings"), default=True)

    class Meta:
        ordering = ["region__path", "name"]
        verbose_name = _("youth station")
        verbose_name_plural = _("youth stations")
        constraints = [
            models.CheckConstraint(condition=Q(no_show_release_hour__lte=23), name="station_release_hour_valid"),
            models.CheckConstraint(condition=Q(offer_hours__gte=1), name="station_offer_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class GenderArrangement(models.TextChoices):
    FEMALE = "female", _("Women only")
    MALE = "male", _("Men only")
    MIXED = "mixed", _("Mixed")


class Room(models.Model):
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("station"))
    name = models.CharField(_("room"), max_length=40)
    gender = models.CharField(_("gender arrangement"), max_length=10, choices=GenderArrangement.choices)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["station", "name"], name="room_unique_name_in_station")]

    def __str__(self) -> str:
        return f"{self.station} {self.name}"


class Bed(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="beds", verbose_name=_("room"))
    # Denormalised from the room so "any bed at station S" is one indexed query.
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="beds", verbose_name=_("station"))
    label = models.CharField(_("bed"), max_length=20)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["station", "room__name", "label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="bed_unique_label_in_room")]

    def __str__(self) -> str:
        return f"{self.room.name}-{self.label}"


class BookingStatus(models.TextChoices):
    OFFERED = "offered", _("Offered from the waitlist")
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("Released (no-show)")
    EXPIRED = "expired", _("Offer expired")


# Statuses whose nights are held in the ledger (and covered by the PostgreSQL exclusion constraint).
ACTIVE_STATUSES = (BookingStatus.OFFERED, BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


class Booking(TimeStampedModel):
    """One stay [check_in, check_out) of one person in one bed."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("station"))
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("bed"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="station_bookings", verbose_name=_("guest")
    )
    check_in = models.DateField(_("check-in date"))
    check_out = models.DateField(_("check-out date"))
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    # NULL, not "": many bookings have no key, and NULLs never clash in the unique constraint.
    idempotency_key = models.CharField(_("idempotency key"), max_length=80, null=True, blank=True)  # noqa: DJ001
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("checked in by"),
    )
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-check_in", "-id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(condition=Q(check_out__gt=F("check_in")), name="booking_check_out_after_check_in"),
            models.UniqueConstraint(
                fields=["person", "idempotency_key"], condition=Q(idempotency_key__isnull=False),
                name="booking_idempotency_key_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False), name="booking_offer_has_expiry"
            ),
        ]
        indexes = [models.Index(fields=["station", "status", "check_in"], name="booking_station_status_in")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.station} {self.check_in}–{self.check_out}"

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class BedNight(models.Model):
    """One bed, one night, one booking: the primary key of the no-double-booking rule."""

    bed = models.ForeignKey(Bed, on_delete=models.CASCADE, related_name="nights")
    night = models.DateField()
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="bed_nights")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bed", "night"], name="bednight_unique_bed_night")]
        indexes = [models.Index(fields=["night"], name="bednight_night")]

    def __str__(self) -> str:
        return f"{self.bed_id}@{self.night}"


class PersonNight(models.Model):
    """One person, one night: nobody holds two stays at once; the cumulative cap counts these."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    night = models.DateField()
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="person_nights")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "night"], name="personnight_unique_person_night")]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.night}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", pgettext_lazy("waitlist offer", "Accepted")
    EXPIRED = "expired", _("Offer expired")
    CANCELLED = "cancelled", _("Cancelled")


class WaitlistEntry(TimeStampedModel):
    """A request for a bed at a full station; the oldest matching entry gets the next freed bed."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("station"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="station_waitlist", verbose_name=_("person")
    )
    check_in = models.DateField(_("check-in date"))
    check_out = models.DateField(_("check-out date"))
    status = models.CharField(_("status"), max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="waitlist_entry",
        verbose_name=_("offered booking"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        constraints = [
            models.CheckConstraint(condition=Q(check_out__gt=F("check_in")), name="waitlist_check_out_after_check_in"),
            models.UniqueConstraint(
                fields=["station", "person"], condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_one_open_entry_per_station",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.station} {self.check_in}"


class IdentityCheck(models.Model):
    """Each time station staff see a guest's unmasked ID number at check-in (the access log)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="identity_checks")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")

    def __str__(self) -> str:
        return f"{self.staff_id} → booking {self.booking_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"


class JobNotice(TimeStampedModel):
    class Kind(models.TextChoices):
        JOB = "job", _("Job")
        INTERNSHIP = "internship", _("Internship")
        FAIR = "fair", _("Job fair")

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="job_notices", verbose_name=_("station"),
        help_text=_("Reaches the guests of this station."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.JOB)
    title = models.CharField(_("title"), max_length=120)
    employer = models.CharField(_("employer"), max_length=120)
    body = models.TextField(_("details"), blank=True, max_length=2000)
    url = models.URLField(_("link"), blank=True)
    valid_until = models.DateField(_("valid until"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job notice")
        verbose_name_plural = _("job notices")

    def __str__(self) -> str:
        return self.title


class FollowUp(TimeStampedModel):
    """A scheduled visit after check-out (跟踪回访): found work? where? staying in the city?"""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        DONE = "done", _("Recorded")
        UNREACHABLE = "unreachable", _("Could not reach")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("stay"))
    days_after = models.PositiveSmallIntegerField(_("days after check-out"))
    due_on = models.DateField(pgettext_lazy("follow-up call", "due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DUE)
    found_work = models.BooleanField(_("found work"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=120, blank=True)
    staying_in_city = models.BooleanField(_("staying in the city"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        constraints = [
            models.UniqueConstraint(fields=["booking", "days_after"], name="followup_unique_per_offset"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(staying_in_city__isnull=False, found_work__isnull=False),
                name="followup_done_has_answers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} +{self.days_after}"
