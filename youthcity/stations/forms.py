"""Forms of the youth-station pages (validation of shape only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from youthcity.core.edge import NOTE_LENGTH
from youthcity.core.forms import StyledFormMixin

from .models import JobNotice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


class DatesForm(StyledFormMixin, forms.Form):
    check_in = forms.DateField(label=_("Check-in date (入住日期)"), widget=DATE)
    check_out = forms.DateField(label=_("Check-out date (离店日期)"), widget=DATE,
                                help_text=_("You leave on this morning; the night before is your last night."))

    def clean(self):
        data = super().clean()
        if data.get("check_in") and data.get("check_out") and data["check_out"] <= data["check_in"]:
            self.add_error("check_out", _("The check-out date must be after the check-in date."))
        return data


class CheckInForm(StyledFormMixin, forms.Form):
    identity_confirmed = forms.BooleanField(
        label=_("I have checked the guest's ID card and it matches this booking"), required=False)
    id_number = forms.CharField(label=_("ID card number (if not on file)"), max_length=18, required=False)


class ExtendForm(StyledFormMixin, forms.Form):
    check_out = forms.DateField(label=_("New check-out date"), widget=DATE)


class JobNoticeForm(StyledFormMixin, forms.ModelForm):
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = JobNotice
        fields = ["kind", "title", "employer", "body", "url", "valid_until"]
        widgets = {"valid_until": DATE, "body": forms.Textarea(attrs={"rows": 3})}


class FollowUpForm(StyledFormMixin, forms.Form):
    reached = forms.ChoiceField(label=_("Did you reach the guest?"), choices=[("yes", _("Yes")), ("no", _("No"))])
    found_work = forms.ChoiceField(label=_("Found work?"), choices=YES_NO, required=False)
    employer = forms.CharField(label=_("Where (employer)?"), max_length=120, required=False)
    staying_in_city = forms.ChoiceField(label=_("Staying in the city?"), choices=YES_NO, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            max_length=NOTE_LENGTH)

    @staticmethod
    def as_bool(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value or "")
