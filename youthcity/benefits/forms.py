"""Forms: one finder question at a time (built from the engine's fact declaration), the
application's documents, the review decision, a disbursement and the what-if simulation."""

from __future__ import annotations

import math

from django import forms
from django.utils.translation import gettext_lazy as _

from youthcity.core.forms import StyledFormMixin
from youthcity.core.numbers import grouped
from youthcity.engines.rules import FactSpec

from . import adapters
from .models import Decision
from .selectors import SIMULATION_SIZES

YES_NO = (("true", _("Yes")), ("false", _("No")))


class QuestionForm(StyledFormMixin, forms.Form):
    """One question of the finder. The answer is validated by the engine (`PolicySet.validate_facts`)
    in the view's service call, so the rules and the form can never disagree."""

    def __init__(self, *args, spec: FactSpec, language: str, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        label = spec.question.get(language)
        if spec.type == "bool":
            field: forms.Field = forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect)
        elif spec.type == "enum":
            choices = [(v, t.get(language)) for v, t in zip(spec.values, spec.value_labels, strict=True)]
            field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)
        elif spec.type == "date":
            field = forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))
        elif spec.type == "int":
            field = forms.IntegerField(label=label)
        elif spec.type == "number":
            field = forms.DecimalField(label=label)
        elif spec.name in adapters.CITY_FACTS:
            field = forms.ChoiceField(label=label, choices=[(c, n) for c, n in adapters.city_names()])
        elif spec.name in adapters.DISTRICT_FACTS and districts:
            field = forms.ChoiceField(label=label, choices=list(districts))
        else:
            field = forms.CharField(label=label, max_length=60)
        self.fields["answer"] = field

    def answer(self):
        """The cleaned answer in the engine's JSON form (bools, ISO dates, numbers, strings)."""
        value = self.cleaned_data["answer"]
        if self.spec.type == "bool":
            return value == "true"
        if self.spec.type == "date":
            return value.isoformat()
        if self.spec.type == "number":
            return float(value)
        return value


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (required to reject or to ask for documents; the applicant sees it)"),
        required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
    )
    amount = forms.DecimalField(
        label=_("Approved amount (leave empty to use the amount the rules give)"),
        required=False, min_value=0, max_digits=12, decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") in (Decision.Outcome.REJECT, Decision.Outcome.REQUEST_DOCUMENTS) and not (
            data.get("reason") or ""
        ).strip():
            self.add_error("reason", _("Give a reason."))
        return data


class DisbursementForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount paid"), min_value=0.01, max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label=_("Date paid"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Payment reference"), max_length=64)


MAX_WHAT_IF = 10**12  # larger than any amount, month count or age a policy states


class SimulationForm(StyledFormMixin, forms.Form):
    n = forms.TypedChoiceField(
        label=_("Synthetic population (people)"), coerce=int, initial=100_000,
        choices=[(n, grouped(n)) for n in SIMULATION_SIZES],
    )
    seed = forms.IntegerField(label=_("Seed"), initial=2026, min_value=0, max_value=2**31 - 1)
    parameter = forms.ChoiceField(label=_("Parameter to change (what-if)"), required=False)
    value = forms.CharField(label=_("New value"), required=False, max_length=40)

    def __init__(self, *args, parameters=(), coerce=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = [("", _("— none —"))] + list(parameters)
        self._coerce = coerce

    def clean(self):
        data = super().clean()
        name, value = data.get("parameter"), (data.get("value") or "").strip()
        if name and not value:
            self.add_error("value", _("Enter the new value."))
        elif value and not name:
            self.add_error("parameter", _("Choose the parameter to change."))
        elif name and value and self._coerce:
            try:
                coerced = self._coerce(name, value)
            except (KeyError, ValueError):
                self.add_error("value", _("This value does not fit the parameter's type."))
                return data
            if isinstance(coerced, int | float) and not isinstance(coerced, bool) \
                    and not (math.isfinite(coerced) and abs(coerced) < MAX_WHAT_IF):
                # inf, nan, 1e400 or 10^30 months: no policy parameter is that large
                self.add_error("value", _("Enter a finite number smaller than %(max)s.") % {"max": grouped(MAX_WHAT_IF)})
            else:
                data["override"] = {name: coerced}
        return data


class ParameterValueForm(StyledFormMixin, forms.Form):
    """A dated value of a policy parameter, with the notice that sets it."""

    parameter = forms.ChoiceField(label=_("Parameter"))
    effective_from = forms.DateField(label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=12, decimal_places=2)
    notice = forms.CharField(
        label=_("Notice that sets it"), max_length=300,
        help_text=_("The document and its number, e.g. 豫政〔2021〕33号."),
    )

    def __init__(self, *args, parameters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = list(parameters)


class PolicyDraftForm(StyledFormMixin, forms.Form):
    """A policy's YAML: edited in the text area, or uploaded as a .yaml file (which wins)."""

    yaml_text = forms.CharField(label=_("Policy text (YAML)"), required=False, strip=False,
                                widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "translate": "no", "wrap": "off",
                                                             "class": "font-monospace"}))
    upload = forms.FileField(label=_("Or upload a .yaml file"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}))

    MAX_UPLOAD = 200_000

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            name = (upload.name or "").lower()
            if not name.endswith((".yaml", ".yml")):
                self.add_error("upload", _("Upload a .yaml file."))
                return data
            if upload.size > self.MAX_UPLOAD:
                self.add_error("upload", _("The file is too large for a policy."))
                return data
            try:
                data["yaml_text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file must be UTF-8 text."))
                return data
        if not (data.get("yaml_text") or "").strip():
            self.add_error("yaml_text", _("Write or upload the policy's text."))
        return data


class PolicyRejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for rejecting"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
