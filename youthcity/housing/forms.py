from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from youthcity.applications.workflow import STANDARD_OUTCOMES
from youthcity.core.forms import StyledFormMixin

from .models import Category, DocumentType, MaritalStatus, PoolOrder, Purpose, Ranking, SourceKind


def _style(form) -> None:
    """Classes for the fields a form adds after the mixin has styled the declared ones."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.FileInput):
            widget.attrs["class"] = "form-control"


class ApplyForm(StyledFormMixin, forms.Form):
    """The application: household facts, the category among those the rules engine found, the
    layouts wanted, the documents the project asks for (and any other the applicant adds)."""

    purpose = forms.ChoiceField(label=_("I want to"), choices=Purpose.choices, initial=Purpose.RENT)
    household_size = forms.IntegerField(
        label=_("Household size (people who will live in the home)"), min_value=1, max_value=12, initial=1
    )
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=MaritalStatus.choices)
    children = forms.IntegerField(label=_("Children living with you"), min_value=0, max_value=10, initial=0)
    owns_home_in_city = forms.BooleanField(label=_("I own a home in this city"), required=False)
    layouts = forms.MultipleChoiceField(
        label=_("Layouts I would take (none ticked: any)"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, project=None, finding=None, **kwargs):
        super().__init__(*args, **kwargs)
        found = list(finding.categories) if finding else []
        choices = [(c, Category(c).label) for c in found]
        if project is not None and project.multiple_categories:
            self.fields["categories"] = forms.MultipleChoiceField(
                label=_("Count me in the priority category"),
                required=False,
                choices=choices,
                initial=found,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Only the categories the rules find for you are listed."),
            )
        else:
            self.fields["categories"] = forms.ChoiceField(
                label=_("Count me in the priority category"),
                required=False,
                choices=choices,
                initial=found[:1],
                widget=forms.RadioSelect,
                help_text=_("Only the categories the rules find for you are listed."),
            )
        if len(found) < 2:
            del self.fields["categories"]
        layouts = sorted(set(project.homes.values_list("layout", flat=True))) if project is not None else []
        self.fields["layouts"].choices = [(layout, layout) for layout in layouts]
        if project is None or not project.shared_ownership:
            del self.fields["purpose"]
        required = set(project.required_documents or []) if project is not None else set()
        for code, label in DocumentType.choices:
            self.fields[code] = forms.FileField(
                label=label, required=code in required, help_text=_("PDF, JPG or PNG.")
            )
        _style(self)

    def documents(self) -> dict:
        return {
            code: self.cleaned_data[code]
            for code in DocumentType.values
            if self.cleaned_data.get(code)
        }

    def _categories(self) -> list[str] | None:
        """The categories chosen (a radio gives one text, checkboxes a list); none: the default."""
        chosen = self.cleaned_data.get("categories")
        if isinstance(chosen, str):
            chosen = [chosen] if chosen else []
        return list(chosen) or None if chosen else None

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "purpose": data.get("purpose") or Purpose.RENT,
            "categories": self._categories(),
            "household_size": data["household_size"],
            "marital_status": data["marital_status"],
            "children": data["children"],
            "owns_home_in_city": data["owns_home_in_city"],
            "layouts": data["layouts"],
            "note": data["note"],
            "documents": self.documents(),
        }


class MoreDocumentsForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in DocumentType.choices:
            self.fields[code] = forms.FileField(label=label, required=False)
        _style(self)

    def documents(self) -> dict:
        return {c: self.cleaned_data[c] for c in DocumentType.values if self.cleaned_data.get(c)}


class HomeStatusForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the home is not available (for example: repairs)"), required=False, max_length=200
    )


class SettleForm(StyledFormMixin, forms.Form):
    settled_on = forms.DateField(label=pgettext_lazy("rent payment", "Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=[(o.code, o.label) for o in STANDARD_OUTCOMES])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Columns: 楼栋, 房号, 面积, 户型, 月租金, 是否带家具. All rows or none are imported."),
    )


class RoundForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Round name"), max_length=120)
    reserve_category = forms.ChoiceField(
        label=_("Reserved for"), choices=Category.choices, initial=Category.YOUNG_GRADUATE
    )
    reserved_share = forms.DecimalField(
        label=_("Reserved share (0.4 = 40%)"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial="0.4",
    )
    reserved_count = forms.IntegerField(label=_("Or a number of reserved homes"), required=False, min_value=0)
    pool_order = forms.ChoiceField(
        label=_("Order of the pools (published with the list)"),
        choices=PoolOrder.choices,
        initial=PoolOrder.RESERVE_FIRST,
    )
    ranking = forms.ChoiceField(
        label=_("How applicants are ranked"), choices=Ranking.choices, initial=Ranking.LOTTERY, required=False
    )
    public_source_kind = forms.ChoiceField(label=_("Kind of public value"), choices=SourceKind.choices)
    public_source_name = forms.CharField(
        label=_("Which public value (named before applications close)"), max_length=500
    )
    offer_days = forms.IntegerField(label=_("Days to answer an offer"), min_value=1, max_value=60, initial=7)


class DrawForm(StyledFormMixin, forms.Form):
    public_value = forms.CharField(label=_("Public value, as published"), max_length=500)


class VoidForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for voiding"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LeaseForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("Lease start"), widget=forms.DateInput(attrs={"type": "date"}))
    months = forms.IntegerField(label=_("Length (months)"), min_value=1, max_value=120, initial=12)
    rent_free_months = forms.IntegerField(label=_("Rent-free months"), min_value=0, max_value=36, initial=0)
    monthly_rent = forms.DecimalField(
        label=_("Monthly rent after reduction (元)"), min_value=0, decimal_places=2, required=False
    )
    monthly_subsidy = forms.DecimalField(
        label=_("Monthly subsidy paid separately (元)"), min_value=0, decimal_places=2, initial=0
    )


class MoveOutForm(StyledFormMixin, forms.Form):
    moved_out_on = forms.DateField(label=_("Moved out on"), widget=forms.DateInput(attrs={"type": "date"}))
