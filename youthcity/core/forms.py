"""Form helpers shared by every face."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StyledFormMixin:
    """Adds Bootstrap classes and accessible error attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{name}_error"


class CheckInCodeForm(StyledFormMixin, forms.Form):
    """A check-in code typed or scanned at the door (community events, job fairs)."""

    code = forms.CharField(
        label=_("Check-in code"),
        max_length=60,
        help_text=_("Type the code on the person's phone or scan its QR code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )
