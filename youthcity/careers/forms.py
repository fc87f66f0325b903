"""Forms of the careers pages. Business rules live in the services; forms only parse input."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from youthcity.accounts.models import EducationLevel, phone_validator
from youthcity.core.forms import StyledFormMixin

from .models import Industry, Position


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class EmployerRegisterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Employer's registered name"), max_length=150)
    credit_code = forms.CharField(label=_("Unified social credit code (统一社会信用代码)"), max_length=22,
                                  help_text=_("18 characters, as on the business licence."))
    district = DistrictChoiceField(label=_("District or county"), queryset=None, empty_label=_("Choose…"))
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    business_licence = forms.FileField(label=_("Business licence (营业执照), PDF or image"), required=False)
    display_name = forms.CharField(label=_("Your name (HR contact)"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11, validators=[phone_validator])
    username = forms.RegexField(label=_("User name"), max_length=40, regex=r"^[A-Za-z0-9_.-]{3,40}$",
                                error_messages={"invalid": _("3–40 letters, digits, dots, dashes or underscores.")})
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=8)
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice: YouthCity keeps only the facts the services need."),
        error_messages={"required": _("Please accept the privacy notice to register.")},
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts

    def clean_password(self):
        value = self.cleaned_data["password"]
        validate_password(value)
        return value


class PositionForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Position.Kind.choices)
    title = forms.CharField(label=_("Position title"), max_length=100)
    district = DistrictChoiceField(label=_("District or county of the workplace"), queryset=None,
                                   empty_label=_("Choose…"))
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    education_required = forms.ChoiceField(label=_("Education required"), required=False,
                                           choices=[("", _("Any"))] + list(EducationLevel.choices))
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    monthly_pay = forms.DecimalField(label=_("Monthly allowance or salary (yuan)"), min_value=0, max_digits=9,
                                     decimal_places=2)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    requirements = forms.CharField(label=_("Requirements"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts


class ApplyForm(StyledFormMixin, forms.Form):
    cover_note = forms.CharField(label=_("A note to the employer (optional)"), required=False, max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    cv = forms.FileField(label=_("Your CV (optional): PDF or Word (.docx), at most 5 MB"), required=False)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (required to refuse)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=(("approve", _("Approve")), ("reject", _("Reject"))),
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (required to refuse)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ClaimForm(StyledFormMixin, forms.Form):
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7,
                            widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-07"}))
    attendance_days = forms.IntegerField(label=_("Days attended"), min_value=0, max_value=31)

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        try:
            return dt.date.fromisoformat(text + "-01")
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None


class SubsidyForm(StyledFormMixin, forms.Form):
    """An employer's application for a hiring or base subsidy; one file field per document the
    policy asks for is added by the view."""

    is_private = forms.BooleanField(label=_("Our organisation is privately owned (民营企业)"), required=False)
    graduates_hired = forms.IntegerField(label=_("College graduates hired"), min_value=0, max_value=100000,
                                         required=False, initial=0)
    university = forms.CharField(label=_("Partner university (or its school)"), max_length=150, required=False)
    note = forms.CharField(label=_("Note to the department (optional)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, policy=None, language="zh", **kwargs):
        super().__init__(*args, **kwargs)
        self.document_ids = []
        for doc in (policy.documents if policy else ()):
            self.fields[f"doc_{doc.id}"] = forms.FileField(label=doc.label.get(language), required=True)
            self.document_ids.append(doc.id)
        if policy is not None and policy.id == "enterprise_university_base_subsidy":
            del self.fields["graduates_hired"]
        else:
            del self.fields["university"]

    def documents(self) -> dict:
        return {d: self.cleaned_data[f"doc_{d}"] for d in self.document_ids if self.cleaned_data.get(f"doc_{d}")}


class SubsidyDecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=(
        ("approve", _("Approve")), ("reject", _("Reject")), ("request_documents", _("Request more documents"))))
    amount = forms.DecimalField(label=_("Amount to pay the organisation (yuan)"), required=False, min_value=0,
                                max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("Reason (required to refuse)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Payment reference"), max_length=100)


class PositionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.employer.name} · {obj.title}"


class FairForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the fair"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    district = DistrictChoiceField(label=_("District or county"), queryset=None, empty_label=_("Choose…"))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    capacity = forms.IntegerField(label=_("Places for young people (empty: no limit)"), required=False, min_value=1)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    positions = PositionChoiceField(label=_("Positions the employers bring"), queryset=None,
                                    widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, districts=None, positions=None, **kwargs):
        from .models import JobFair

        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["positions"].queryset = positions
        self.fields["kind"].choices = JobFair.Kind.choices


class SlotForm(StyledFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=None, empty_label=None)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("First slot starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Minutes per slot"), initial=30, min_value=10, max_value=240)
    count = forms.IntegerField(label=_("Number of slots"), initial=4, min_value=1, max_value=20)
    capacity = forms.IntegerField(label=_("Places per slot"), initial=1, min_value=1, max_value=100)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: s.get_kind_display()


class CentreForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Operating unit"), queryset=None, empty_label=_("Choose…"))
    name = forms.CharField(label=_("Name of the centre"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    district = DistrictChoiceField(label=_("District or county"), queryset=None, empty_label=_("Choose…"))
    address = forms.CharField(label=_("Address"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=100, required=False)
    services = forms.MultipleChoiceField(label=_("Services offered"), choices=[], widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("Taking bookings"), required=False, initial=True)

    def __init__(self, *args, units=None, districts=None, **kwargs):
        from .models import CentreService, ServiceCentre

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["district"].queryset = districts
        self.fields["kind"].choices = ServiceCentre.Kind.choices
        self.fields["services"].choices = CentreService.Kind.choices


class BookForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("What you would like to discuss (optional)"), required=False, max_length=300)


class PreferencesForm(StyledFormMixin, forms.Form):
    major = forms.CharField(label=_("Your major (专业), e.g. 机械、自动化"), max_length=100, required=False)
    districts = forms.ModelMultipleChoiceField(label=_("Districts you want to work in (none: your current district)"),
                                               queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    industries = forms.MultipleChoiceField(label=_("Industries (none: any)"), choices=Industry.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    kinds = forms.MultipleChoiceField(label=_("Kinds of position (none: any)"), choices=Position.Kind.choices,
                                      required=False, widget=forms.CheckboxSelectMultiple)
    notify_me = forms.BooleanField(label=_("Tell me when a matching position is published"), required=False,
                                   initial=True)

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts
        self.fields["districts"].label_from_instance = lambda r: r.display_name
