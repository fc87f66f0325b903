"""Youth homes (青年之家) and events: homes registered by township/street, events published by
organiser units, sign-ups with capacity and a waitlist, check-in codes and feedback.

Capacity is guarded in the service (the event row is locked, then confirmed places are counted)
and in the database: a sign-up's place number is unique per event, so two confirmed sign-ups can
never hold the same place (see docs/community.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.core.models import TimeStampedModel


class YouthHome(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=150)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="youth_homes",
        verbose_name=_("township / street"),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="youth_homes",
        verbose_name=_("host unit"),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    facilities = models.CharField(
        _("facilities"), max_length=300, blank=True, help_text=_("Separated by commas (，).")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    youth_worker = models.CharField(_("youth worker on staff"), max_length=60, blank=True)
    youth_worker_phone = models.CharField(_("youth worker's phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["region__path", "name"]
        verbose_name = _("youth home")
        verbose_name_plural = _("youth homes")

    def __str__(self) -> str:
        return self.name

    @property
    def facility_list(self) -> list[str]:
        return [f.strip() for f in self.facilities.replace("，", ",").split(",") if f.strip()]


class CommunityPopulation(models.Model):
    """A community's point and young population, for the 15-minute reach analysis (from the pack).
    Keyed by township and name: the pack may list communities the region tree does not hold."""

    township = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="community_populations",
        verbose_name=_("township / street"),
    )
    name = models.CharField(_("community"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    young_population = models.PositiveIntegerField(_("young residents"))
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["township__path", "name"]
        verbose_name = _("community population")
        verbose_name_plural = _("community populations")
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="community_population_unique")
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum / talk")
    NIGHT_SCHOOL = "night_school", _("Night school")
    FESTIVAL = "festival", _("Festival")
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture")
    SOCIAL = "social", _("Social gathering")
    CAREER = "career", _("Careers")
    OTHER = "other", _("Other")


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(
        _("code"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Stable key of an event loaded from a city pack."),
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    home = models.ForeignKey(
        YouthHome,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("youth home"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("district / township"),
    )
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(pgettext_lazy("capacity", "places"))
    audience = models.CharField(_("audience"), max_length=120, blank=True)
    cost = models.DecimalField(_("cost (yuan)"), max_digits=8, decimal_places=2, default=0)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_valid",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="event_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.cost


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(TimeStampedModel):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="signups", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_signups",
        verbose_name=pgettext_lazy("event", "person"),
    )
    status = models.CharField(_("status"), max_length=12, choices=SignUpStatus.choices)
    # 1..capacity while confirmed; NULL otherwise. Unique per event: the database refuses an overfill.
    place = models.PositiveIntegerField(_("place"), null=True, blank=True)
    code = models.CharField(_("check-in code"), max_length=16, unique=True)
    checked_in_at = models.DateTimeField(pgettext_lazy("event", "checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("event", "checked in by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    removed_reason = models.CharField(_("removed by the organiser because"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("event sign-up")
        verbose_name_plural = _("event sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled"),
                name="signup_one_active_per_person",
            ),
            models.UniqueConstraint(fields=["event", "place"], name="signup_unique_place"),
            models.CheckConstraint(
                condition=Q(status="confirmed", place__isnull=False)
                | (~Q(status="confirmed") & Q(place__isnull=True)),
                name="signup_place_iff_confirmed",
            ),
        ]

    def __str__(self) -> str:  # no related rows (the audit page names many at once); never the code
        return f"#{self.pk}"


class Feedback(TimeStampedModel):
    signup = models.OneToOneField(
        SignUp, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("sign-up")
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_range")
        ]


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Never married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class SocialProfile(TimeStampedModel):
    """A participant's declaration and opt-in profile for a social event (联谊). Seen only by the
    other confirmed participants of the same event, and only if ``visible``; never the name or phone."""

    signup = models.OneToOneField(
        SignUp, on_delete=models.CASCADE, related_name="social_profile", verbose_name=_("sign-up")
    )
    marital_status = models.CharField(
        _("marital status (declared)"), max_length=10, choices=MaritalStatus.choices
    )
    declared_true = models.BooleanField(_("declared to be true"), default=False)
    nickname = models.CharField(_("nickname"), max_length=30)
    intro = models.CharField(_("a few words about yourself"), max_length=200, blank=True)
    visible = models.BooleanField(_("show my profile to the other participants"), default=False)

    class Meta:
        verbose_name = _("social event profile")
        verbose_name_plural = _("social event profiles")
        constraints = [
            models.CheckConstraint(condition=Q(declared_true=True), name="social_profile_declared")
        ]

    def __str__(self) -> str:
        return self.nickname


class ContactRequest(TimeStampedModel):
    """One participant asks to exchange contact details with another; phones are shown only when
    both have asked."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="contact_requests", verbose_name=_("event")
    )
    from_signup = models.ForeignKey(
        SignUp, on_delete=models.CASCADE, related_name="contact_requests_sent", verbose_name=_("from")
    )
    to_signup = models.ForeignKey(
        SignUp, on_delete=models.CASCADE, related_name="contact_requests_received", verbose_name=_("to")
    )

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.UniqueConstraint(fields=["from_signup", "to_signup"], name="contact_request_once")
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Report(TimeStampedModel):
    """A participant reports another participant of a social event to the organiser."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="reports", verbose_name=_("event")
    )
    reporter = models.ForeignKey(
        SignUp, on_delete=models.CASCADE, related_name="reports_made", verbose_name=_("reported by")
    )
    reported = models.ForeignKey(
        SignUp,
        on_delete=models.CASCADE,
        related_name="reports_received",
        verbose_name=_("reported participant"),
    )
    reason = models.CharField(_("what happened"), max_length=500)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("social event", "report")
        verbose_name_plural = pgettext_lazy("social event", "reports")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Room(models.Model):
    """A room of a youth home that can be booked for activities."""

    home = models.ForeignKey(
        YouthHome, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("youth home")
    )
    name = models.CharField(_("room"), max_length=80)
    capacity = models.PositiveIntegerField(_("seats"))
    facilities = models.CharField(_("facilities"), max_length=200, blank=True)
    is_active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        ordering = ["home", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["home", "name"], name="room_unique_name_in_home"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class RoomBooking(TimeStampedModel):
    """A time slot [starts_at, ends_at) of a room held for an activity; published as an event or not.

    Two active bookings of one room never overlap: the service locks the room row before it looks
    for a clash, and on PostgreSQL an exclusion constraint over the active bookings' time ranges
    refuses an overlap whatever code path wrote it (migration 0004)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("activity"), max_length=150)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="room_booking",
        verbose_name=_("event"),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="roombooking_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["room", "status", "starts_at"], name="roombooking_room_status_start")]

    def __str__(self) -> str:
        return f"#{self.pk}"
