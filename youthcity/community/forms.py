"""Forms of the event pages (shape only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from youthcity.core.edge import MAX_DATE, MIN_DATE
from youthcity.core.forms import CheckInCodeForm, StyledFormMixin  # noqa: F401 (CheckInCodeForm: shared with careers)

from .models import EventKind, MaritalStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventFilterForm(StyledFormMixin, forms.Form):
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *EventKind.choices]
    )
    day = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE,
        validators=[MinValueValidator(MIN_DATE), MaxValueValidator(MAX_DATE)],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [(d.code, d.name) for d in districts]


class FeedbackForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it? (1–5)"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)]
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EventForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    home = forms.ModelChoiceField(label=_("Youth home (optional)"), queryset=None, required=False)
    region = forms.ModelChoiceField(label=_("District / township"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    audience = forms.CharField(label=_("Audience"), max_length=120, required=False)
    cost = forms.DecimalField(
        label=_("Cost (yuan, 0 = free)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    registration_opens_at = forms.DateTimeField(label=_("Registration opens"), widget=DATETIME)
    registration_closes_at = forms.DateTimeField(label=_("Registration closes"), widget=DATETIME)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units, homes, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["home"].queryset = homes
        self.fields["region"].queryset = regions


class SocialProfileForm(StyledFormMixin, forms.Form):
    marital_status = forms.ChoiceField(
        label=_("Marital status (declared)"), choices=[("", "—"), *MaritalStatus.choices]
    )
    nickname = forms.CharField(label=_("Nickname shown to the other participants"), max_length=30)
    intro = forms.CharField(label=_("A few words about yourself (optional)"), max_length=200, required=False)
    visible = forms.BooleanField(
        label=_("Show my nickname and words to the other participants of this event"), required=False
    )
    declared_true = forms.BooleanField(
        label=_("I declare that my marital status and age are true"), required=False
    )


class ReportForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What happened"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoomForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Room"), max_length=80)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10000)
    facilities = forms.CharField(label=_("Facilities (optional)"), max_length=200, required=False)


class RoomBookingForm(StyledFormMixin, forms.Form):
    room = forms.ModelChoiceField(label=_("Room"), queryset=None)
    purpose = forms.CharField(label=_("Activity"), max_length=150)
    starts_at = forms.DateTimeField(label=_("From"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Until"), widget=DATETIME)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class BookingEventForm(StyledFormMixin, forms.Form):
    """The event fields a booking does not already fix (home, place, township and times come from it)."""

    title = forms.CharField(label=_("Title"), max_length=150)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100000)
    audience = forms.CharField(label=_("Audience"), max_length=120, required=False)
    cost = forms.DecimalField(
        label=_("Cost (yuan, 0 = free)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )
    registration_opens_at = forms.DateTimeField(label=_("Registration opens"), widget=DATETIME)
    registration_closes_at = forms.DateTimeField(label=_("Registration closes"), widget=DATETIME)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DoorCodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Door code"),
        max_length=60,
        help_text=_("Scan the QR code at the door with your phone's camera, or type the code under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
