"""Forms of the volunteering pages (shape only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.core.forms import StyledFormMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VerifyForm(StyledFormMixin, forms.Form):
    serial = forms.CharField(label=_("Certificate number"), max_length=40)
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("16 letters and digits, in four groups of four."),
    )


class CorrectionForm(StyledFormMixin, forms.Form):
    check_in = forms.DateTimeField(label=_("Check-in"), widget=DATETIME)
    check_out = forms.DateTimeField(label=_("Check-out"), widget=DATETIME, required=False)
    void = forms.BooleanField(label=_("Void: the person did not serve"), required=False)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=300)


class TimeForm(forms.Form):
    at = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M"])


class TeamBoardForm(StyledFormMixin, forms.Form):
    teams = forms.ChoiceField(
        label=pgettext_lazy("leaderboard", "Period"),
        choices=[("year", _("This year")), ("all", _("All time"))],
        required=False,
    )
    district = forms.ModelChoiceField(
        label=_("District / county"), queryset=None, required=False, empty_label=_("Whole city")
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class TeamDecisionForm(StyledFormMixin, forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    reason = forms.CharField(label=_("Reason (required to refuse)"), max_length=300, required=False)
