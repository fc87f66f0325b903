from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from youthcity.applications.workflow import STANDARD_OUTCOMES
from youthcity.core.forms import StyledFormMixin

from .models import Category, PoolOrder, SourceKind


class ApplyForm(StyledFormMixin, forms.Form):
    household_size = forms.IntegerField(
        label=_("Household size (people who will live in the home)"), min_value=1, max_value=12, initial=1
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


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
