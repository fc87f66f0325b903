from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from youthcity.core.forms import StyledFormMixin
from youthcity.regions.models import Region

from .models import UNIT_ROLES, Role, User, YouthProfile, phone_validator
from .permissions import has_role, is_superuser, scope_units, staff_manager_paths
from .privacy import PURPOSES


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(label=_("Username or mobile number"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))

    def clean(self):
        # Allow signing in with the mobile number as well as the username.
        username = self.cleaned_data.get("username")
        if username and username.isdigit() and len(username) == 11:
            user = User.objects.filter(phone=username).first()
            if user is not None:
                self.cleaned_data["username"] = user.username
        return super().clean()


def _purpose_choices():

    return [(p.code, p.label) for p in PURPOSES]


class RegistrationForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"), max_length=30, min_length=3, regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": _("Use 3–30 letters, digits, dots, dashes or underscores.")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    display_name = forms.CharField(label=_("Name shown to others"), max_length=60, required=False)
    phone = forms.CharField(label=_("Mobile number"), max_length=11, required=False, validators=[phone_validator],
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
                            help_text=_("Optional. Used for SMS notices and signing in."))
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 8 characters, not only digits, not a common password."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    accept_privacy = forms.BooleanField(
        label=_("I have read the privacy notice: YouthCity keeps only the facts the services need."),
        error_messages={"required": _("Please accept the privacy notice to register.")},
    )
    purposes = forms.MultipleChoiceField(
        label=_("I agree that YouthCity uses my personal information for"), choices=_purpose_choices,
        widget=forms.CheckboxSelectMultiple, required=False, initial=["services"],
        help_text=_("Only the first purpose is needed to use the services; the others are your choice."))

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."), code="duplicate")
        return username

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or None
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("An account with this mobile number already exists."), code="duplicate")
        return phone

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(username=cleaned.get("username") or ""))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class YouthProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = YouthProfile
        fields = ["birth_date", "gender", "education_level", "is_full_time", "graduation_date",
                  "is_student", "school", "study_level", "expected_graduation_date",
                  "hukou_city", "home_city", "current_city", "current_region", "employment_status"]
        widgets = {"birth_date": DateInput(), "graduation_date": DateInput(),
                   "expected_graduation_date": DateInput(),
                   "is_full_time": forms.NullBooleanSelect(), "is_student": forms.NullBooleanSelect()}
        help_texts = {
            "education_level": _("The highest education you have completed. Still studying? Fill in the student fields below."),
            "expected_graduation_date": _("Final-year students (graduating within 12 months) can have the interview subsidy and a youth-station stay."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_region"].queryset = Region.objects.filter(level=Region.Level.DISTRICT)
        self.fields["study_level"].choices = [
            c for c in self.fields["study_level"].choices if c[0] not in ("none", "junior_high")
        ]

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        today = timezone.localdate()
        if value and value > today:
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value and value < dt.date(today.year - 100, 1, 1):
            raise forms.ValidationError(_("Please check the date of birth."))
        return value

    def clean(self):
        cleaned = super().clean()
        birth, grad = cleaned.get("birth_date"), cleaned.get("graduation_date")
        if birth and grad and grad < birth + dt.timedelta(days=12 * 365):
            self.add_error("graduation_date", _("The graduation date must be well after the date of birth."))
        today = timezone.localdate()
        if grad and grad > today:
            self.add_error(
                "graduation_date",
                _("The graduation date of a completed education cannot be in the future; if you are still "
                  "studying, choose “currently a student” and give the expected graduation date."),
            )
        expected = cleaned.get("expected_graduation_date")
        if cleaned.get("is_student"):
            if not cleaned.get("study_level"):
                self.add_error("study_level", _("Choose the qualification you are studying for."))
            if expected is None:
                self.add_error("expected_graduation_date", _("Give the date you expect to graduate."))
        if expected and cleaned.get("is_student") and expected < today:
            self.add_error("expected_graduation_date", _("This date has passed: if you have graduated, update your education instead."))
        if expected and expected > today + dt.timedelta(days=366 * 10):
            self.add_error("expected_graduation_date", _("The expected graduation date is too far in the future."))
        if birth and expected and expected < birth + dt.timedelta(days=12 * 365):
            self.add_error("expected_graduation_date", _("The graduation date must be well after the date of birth."))
        return cleaned


# --- Passwords, codes ---------------------------------------------------------------------------------


class NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    help_text=_("At least 8 characters, not only digits, not a common password."))
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("The two passwords do not match."))
        return cleaned


class PasswordChangeForm(StyledFormMixin, NewPasswordMixin):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, first_sign_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first_sign_in:  # the temporary password was just typed at sign-in
            del self.fields["old_password"]


class ResetRequestForm(StyledFormMixin, forms.Form):
    identifier = forms.CharField(
        label=_("Mobile number or e-mail address"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
        help_text=_("We send a six-digit code to the number or address of your account."))


class ResetConfirmForm(StyledFormMixin, NewPasswordMixin):
    identifier = forms.CharField(label=_("Mobile number or e-mail address"), max_length=254,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))
    code = forms.CharField(label=_("Verification code"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
                           help_text=_("The six digits we sent you; valid for 10 minutes."))
    field_order = ["identifier", "code", "new_password1", "new_password2"]


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


# --- Privacy --------------------------------------------------------------------------------------------


class ConsentForm(StyledFormMixin, forms.Form):
    purposes = forms.MultipleChoiceField(label=_("I agree that YouthCity uses my personal information for"),
                                         choices=_purpose_choices, widget=forms.CheckboxSelectMultiple,
                                         initial=["services"])

    def clean_purposes(self):

        chosen = self.cleaned_data["purposes"]
        if any(p.required and p.code not in chosen for p in PURPOSES):
            raise forms.ValidationError(_("The services cannot work without this purpose: please accept it to "
                                          "continue."))
        return chosen


class CloseAccountForm(StyledFormMixin, forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("I understand that closing cannot be undone."))


# --- Staff accounts -------------------------------------------------------------------------------------


class RoleForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit (for unit staff and reviewers)"), queryset=None, required=False)
    region = forms.ModelChoiceField(label=_("Region (for coordinators, leaders and administrators)"), queryset=None,
                                    required=False)

    def __init__(self, *args, actor, **kwargs):

        super().__init__(*args, **kwargs)
        roles = [c for c in Role.choices if c[0] != Role.YOUTH]
        if not (is_superuser(actor) or has_role(actor, Role.ADMIN)):
            roles = [c for c in roles if c[0] != Role.ADMIN]
        self.fields["role"].choices = roles
        paths = staff_manager_paths(actor)
        regions = Region.objects.all()
        if paths is not None:
            q = Q(pk__in=[])
            for path in paths:
                q |= Q(path__startswith=path)
            regions = regions.filter(q)
        self.fields["region"].queryset = regions.order_by("path")
        self.fields["unit"].queryset = scope_units(actor, write=True).filter(region__in=regions).order_by("name")

    def clean(self):

        cleaned = super().clean()
        role = cleaned.get("role")
        if role in UNIT_ROLES:
            cleaned["region"] = None
            if not cleaned.get("unit"):
                self.add_error("unit", _("Choose the unit for this role."))
        elif role:
            cleaned["unit"] = None
            if not cleaned.get("region"):
                self.add_error("region", _("Choose the region for this role."))
        return cleaned


class StaffAccountForm(RoleForm):
    username = forms.RegexField(
        label=_("Username"), max_length=30, min_length=3, regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": _("Use 3–30 letters, digits, dots, dashes or underscores.")})
    display_name = forms.CharField(label=_("Name"), max_length=60)
    phone = forms.CharField(label=_("Mobile number"), max_length=11, required=False, validators=[phone_validator])
    email = forms.EmailField(label=_("E-mail address"), required=False)
    field_order = ["username", "display_name", "phone", "email", "role", "unit", "region"]

    def clean_phone(self):
        return self.cleaned_data.get("phone") or None
