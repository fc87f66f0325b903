"""Thin forms: they collect input; services validate it against the framework."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcity.core.edge import NOTE_LENGTH
from youthcity.core.forms import StyledFormMixin

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


def year_choices(back: int = 6) -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [(str(y), str(y)) for y in range(this, this - back, -1)]


class ValuesForm(StyledFormMixin, forms.Form):
    """One district and period; one field per indicator the user's unit supplies."""

    period = forms.ChoiceField(label=_("Year"))
    district = forms.ModelChoiceField(label=_("District or county"), queryset=None, empty_label=None)
    note = forms.CharField(label=_("Note for the statistics office"), required=False, max_length=NOTE_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicators, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = year_choices()
        self.fields["period"].initial = str(timezone.localdate().year - 1)
        self.fields["district"].queryset = districts
        self.indicators = list(indicators)
        for ind in self.indicators:
            lo = "…" if ind.valid_min is None else f"{ind.valid_min:g}"
            hi = "…" if ind.valid_max is None else f"{ind.valid_max:g}"
            self.fields[f"v_{ind.code}"] = forms.CharField(
                label=ind.display_name, required=False,
                help_text=_("Unit: %(unit)s · plausible range %(lo)s–%(hi)s · code %(code)s")
                % {"unit": ind.unit_label, "lo": lo, "hi": hi, "code": ind.code},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        # Fields added after the mixin ran: style them too.
        for name in (f"v_{i.code}" for i in self.indicators):
            self.fields[name].widget.attrs["class"] = "form-control"

    def value_fields(self):
        return [self[f"v_{i.code}"] for i in self.indicators]


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx) filled in from the template"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file (Excel 2007 or later)."))
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return f


class TemplateForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = year_choices()
        self.fields["period"].initial = str(timezone.localdate().year - 1)


class ReviewForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Review note (required when returning)"), required=False, max_length=NOTE_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))


class RunForm(StyledFormMixin, forms.Form):
    base_period = forms.ChoiceField(label=_("Base period for normalisation"), required=False,
                                    help_text=_("Leave empty to use the framework's fixed goalposts."))
    replications = forms.IntegerField(label=_("Monte Carlo replications"), min_value=0, max_value=20000, initial=1000)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_period"].choices = [("", _("none (fixed goalposts)"))] + [(p, p) for p in periods]


class LivePullForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = year_choices()
