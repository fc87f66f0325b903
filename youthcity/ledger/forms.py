"""Forms of the ledger. They only shape input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from youthcity.core import measures
from youthcity.core.edge import NARRATIVE_LENGTH, NOTE_LENGTH
from youthcity.core.forms import StyledFormMixin
from youthcity.engines.plans import MAX_BYTES
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

from .models import Comparator, FourList, LivePeriod, ReportReview, Schedule

NOT_A_UNIT = "not_unit"


class UploadForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region the plan belongs to"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Plan document"),
                           help_text=_(".txt (UTF-8 or GBK), .docx or .pdf with a text layer, up to 10 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than the 10 MB limit."))
        return upload


class SettingsForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Plan title"), max_length=300)
    issuer = forms.CharField(label=_("Issued by"), max_length=300, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    schedule = forms.ChoiceField(label=_("Progress reports are due"), choices=Schedule.choices)
    starts_on = forms.DateField(label=_("Plan starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Plan ends on"), widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("Targets without their own deadline are due on this date."))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class UnitMapForm(StyledFormMixin, forms.Form):
    """One select per unit name: a unit, or explicitly "not a unit"."""

    def __init__(self, *args, names: list[str], current: dict, units, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— choose a unit —")), (NOT_A_UNIT, _("Not a unit (ignore this name)"))]
        choices += [(str(u.pk), f"{u.display_name} · {u.region.name}") for u in units]
        self.names = names
        for i, name in enumerate(names):
            choice = current.get(name, {})
            initial = NOT_A_UNIT if choice.get("not_unit") else (str(choice["unit"]) if choice.get("unit") else "")
            self.fields[f"u{i}"] = forms.ChoiceField(label=name, choices=choices, required=False, initial=initial)

    def choices(self) -> dict[str, dict]:
        result = {}
        for i, name in enumerate(self.names):
            value = self.cleaned_data.get(f"u{i}") or ""
            result[name] = {"unit": int(value) if value.isdigit() else None, "not_unit": value == NOT_A_UNIT}
        return result

    def rows(self):
        for i, name in enumerate(self.names):
            yield name, self[f"u{i}"]


class UnitCreateForm(StyledFormMixin, forms.Form):
    """A unit the directory lacks, created from the import review for one name of the document."""

    name = forms.CharField(widget=forms.HiddenInput, max_length=150)
    official_name = forms.CharField(label=_("Official name"), max_length=150,
                                    help_text=_("As the unit signs its documents; the name in the plan is kept as an alias."))
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind of unit"), choices=Unit.Kind.choices, initial=Unit.Kind.DEPARTMENT)
    region = forms.ModelChoiceField(label=_("Region of the unit"), queryset=None, empty_label=None)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class MeasureForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    text = forms.CharField(label=_("Text"), max_length=NARRATIVE_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    responsible_units = forms.CharField(
        label=_("Responsible units"), required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name per line or separated by 、 — the first one leads the measure."))
    lists = forms.MultipleChoiceField(label=_("Four lists (四张清单)"), choices=FourList.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def unit_names(self) -> list[str]:
        raw = self.cleaned_data.get("responsible_units", "")
        for sep in ("、", ",", "，", ";", "；"):
            raw = raw.replace(sep, "\n")
        return [n.strip() for n in raw.splitlines() if n.strip()]


TARGET_FIELDS = ("subject", "baseline", "value", "unit", "comparator", "deadline", "text", "delete", "live")


def targets_from_post(data, count: int) -> list[dict]:
    """Target rows of the measure editor (``targets-<i>-<field>``); rows marked delete or blank are dropped."""
    rows = []
    for i in range(count):
        row = {f: data.get(f"targets-{i}-{f}", "") for f in TARGET_FIELDS}
        if row["delete"] or not (row["value"] or row["subject"] or row["unit"]):
            continue
        rows.append(row)
    return rows


class SplitForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Measure text"), max_length=NARRATIVE_LENGTH, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Put a line containing only --- where the measure should be split."))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class ReportForm(StyledFormMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none(), empty_label=None)
    narrative = forms.CharField(label=_("Progress this period"), max_length=NARRATIVE_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))
    percent_complete = forms.IntegerField(label=_("Overall completion (%)"), min_value=0, max_value=100,
                                          required=False,
                                          help_text=_("Your own estimate for the whole measure, 0–100."))
    evidence = MultipleFileField(label=_("Evidence (PDF, JPG, PNG, Word, Excel; up to 10 MB each)"), required=False,
                                 widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}))

    def __init__(self, *args, units, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        # Targets bound to a live measure are read from the platform: the unit only explains them.
        self.targets = [t for t in targets if not t.live_measure]
        for t in self.targets:
            self.fields[f"target_{t.pk}"] = forms.CharField(
                label=t.subject or t.text, required=False,
                help_text=_("Total achieved so far, in %(unit)s (target: %(comparator)s %(value)s %(unit)s)") % {
                    "unit": t.unit, "comparator": t.get_comparator_display(), "value": _plain(t.value)},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "data-unit": t.unit}))

    def target_fields(self):
        return [(t, self[f"target_{t.pk}"]) for t in self.targets]


def _plain(value) -> str:
    text = format(value.normalize(), "f")
    return text


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=ReportReview.Decision.choices,
                                 widget=forms.RadioSelect)
    quality = forms.TypedChoiceField(label=_("Quality rating"), coerce=int, required=False, empty_value=None,
                                     choices=[("", "—")] + [(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment to the unit"), required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


COMPARATOR_CHOICES = Comparator.choices


class MeasureManageForm(StyledFormMixin, forms.Form):
    """Coordinator's upkeep of a published measure: four-list tags and a new milestone."""

    lists = forms.MultipleChoiceField(label=_("Four lists (四张清单)"), choices=FourList.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    milestone_title = forms.CharField(label=_("New milestone"), max_length=200, required=False)
    milestone_due_on = forms.DateField(label=_("Milestone due on"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if bool(data.get("milestone_title")) != bool(data.get("milestone_due_on")):
            raise forms.ValidationError(_("A milestone needs both a title and a due date."))
        return data


class TargetManageForm(StyledFormMixin, forms.Form):
    baseline = forms.DecimalField(label=_("Baseline"), min_value=0, max_digits=20, decimal_places=4)
    value = forms.DecimalField(label=_("Target value"), min_value=0, max_digits=20, decimal_places=4)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def measure_label(measure) -> str:
    unit = f"（{measure.unit}）" if str(measure.unit) else ""
    return f"{measure.label}{unit}"


class TargetLiveForm(StyledFormMixin, forms.Form):
    """The coordinator binds a target to a live measure of the platform."""

    code = forms.ChoiceField(label=_("Live measure"))
    region = forms.ModelChoiceField(label=_("Region counted"), queryset=Region.objects.none(), empty_label=None)
    period = forms.ChoiceField(label=_("Period rule"), choices=LivePeriod.choices,
                               help_text=_("Sums over years only for measures whose yearly figures add up "
                                           "(stays, homes allocated, positions published)."))

    def __init__(self, *args, regions, suggested=(), **kwargs):
        super().__init__(*args, **kwargs)
        first = list(suggested)
        rest = [m for m in measures.all_measures() if m.code not in {s.code for s in first}]
        self.fields["code"].choices = [(m.code, _("%(measure)s — suggested") % {"measure": measure_label(m)})
                                       for m in first] + [(m.code, measure_label(m)) for m in rest]
        self.fields["region"].queryset = regions
