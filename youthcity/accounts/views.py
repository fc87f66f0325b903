from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from youthcity.core import notifications
from youthcity.core.web import refusals

from . import privacy, ratelimit, security, selectors, services, staff
from .decorators import staff_managers_required
from .forms import (
    CloseAccountForm,
    CodeForm,
    ConsentForm,
    LoginForm,
    PasswordChangeForm,
    RegistrationForm,
    ResetConfirmForm,
    ResetRequestForm,
    RoleForm,
    StaffAccountForm,
    YouthProfileForm,
)
from .middleware import clear_duty, set_duty
from .permissions import can_manage_membership, faces_for, mask_phone
from .ratelimit import client_ip
from .selectors import youth_profile_of


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = self.get_redirect_url()
        if url:
            return url
        faces = faces_for(self.request.user)
        if "dashboard" in faces and "workbench" not in faces:
            return "/dashboard/"
        if "workbench" in faces:
            return "/work/"
        return "/"


def lockout_response(request, credentials, *args, **kwargs):
    """Shown by django-axes when an account is locked after repeated failed logins."""
    minutes = settings.AXES_COOLOFF_TIME * 60
    if request.path.startswith("/api/"):
        message = _("Too many failed sign-in attempts. This account is locked for %(minutes)d minutes.") % {
            "minutes": minutes}
        hint = _("A password reset by SMS or e-mail code (POST /api/v1/auth/password-reset) unlocks it now.")
        return JsonResponse({"error": {"code": "locked_out", "message": f"{message} {hint}"}}, status=429)
    return render(request, "accounts/locked.html", {"minutes": int(minutes)}, status=429)


def _registration_limit() -> tuple[int, int]:
    limit, window = getattr(settings, "REGISTRATION_RATE", (5, 3600))
    return int(limit), int(window)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    limit, window = _registration_limit()
    ip = client_ip(request)
    if request.method == "POST" and form.is_valid():
        if ratelimit.count("register-ip", ip, window=window) >= limit:
            form.add_error(None, _("Too many accounts were registered from your network recently. Please try "
                                   "again in an hour, or ask the service desk for help."))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        data = form.cleaned_data
        with transaction.atomic():  # the account and its consent, or neither
            user = services.youth_register(username=data["username"], password=data["password1"],
                                           phone=data["phone"], display_name=data["display_name"],
                                           preferred_language=request.LANGUAGE_CODE or "zh-hans")
            privacy.consent_record(user=user, purposes={"services", *data.get("purposes", [])})
        ratelimit.hit("register-ip", ip, window=window)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Complete your profile so we can show the services that fit you."))
        return redirect("accounts:profile")
    return render(request, "accounts/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    profile_obj = youth_profile_of(request.user)
    if profile_obj is None:
        # Staff and leaders have no youth profile; one is made only when they ask for it (a GET never writes).
        if request.method == "POST" and request.POST.get("action") == "create":
            services.youth_profile_create(user=request.user)
            messages.success(request, _("Your youth profile was created. You apply as a young person; you never "
                                        "review your own applications."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile_none.html", {})
    form = YouthProfileForm(request.POST or None, instance=profile_obj)
    if request.method == "POST" and form.is_valid():
        services.youth_profile_update(profile=profile_obj, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, "profile": profile_obj})


@login_required
def inbox(request):
    items = request.user.notifications.all()[:100]
    if request.method == "POST":
        notifications.mark_read(user=request.user)
        return redirect("accounts:inbox")
    return render(request, "accounts/inbox.html", {"items": items})


# --- Passwords ---------------------------------------------------------------------------------------------


def _safe_next(request, fallback: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    first = request.user.must_change_password
    form = PasswordChangeForm(request.POST or None, first_sign_in=first)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            security.password_change(user=request.user, old_password=None if first else form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password1"])
            update_session_auth_hash(request, request.user)  # this session stays; every other one ends
            clear_duty(request)
            set_duty(None, request, request.user)
            messages.success(request, _("Your password was changed. Your other sessions and API tokens were signed "
                                        "out."))
            return redirect(_safe_next(request, "portal:home"))
    return render(request, "accounts/password_change.html", {"form": form, "first": first,
                                                             "next": _safe_next(request, "")})


@require_http_methods(["GET", "POST"])
def password_reset(request):
    """Step 1: the number or address. The answer is the same whether or not an account has it."""
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            security.password_reset_request(identifier=form.cleaned_data["identifier"], ip=client_ip(request))
            request.session["reset_identifier"] = form.cleaned_data["identifier"].strip()
            messages.info(request, _("If an account has this number or address, we have sent it a six-digit code. "
                                     "It is valid for 10 minutes."))
            return redirect("accounts:password-reset-confirm")
    return render(request, "accounts/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request):
    """Step 2: the code and the new password. Never blocked by a sign-in lock."""
    initial = {"identifier": request.session.get("reset_identifier", "")}
    form = ResetConfirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            security.password_reset_confirm(identifier=form.cleaned_data["identifier"],
                                            code=form.cleaned_data["code"],
                                            new_password=form.cleaned_data["new_password1"], ip=client_ip(request))
            request.session.pop("reset_identifier", None)
            messages.success(request, _("Your password was reset and the account is unlocked. Sign in with the new "
                                        "password."))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def phone_verify(request):
    form = CodeForm(request.POST if request.POST.get("action") == "confirm" else None)
    if request.method == "POST":
        if request.POST.get("action") == "send":
            with refusals(request):
                security.phone_verification_send(user=request.user, ip=client_ip(request))
                messages.info(request, _("We sent a six-digit code to %(phone)s.") % {
                    "phone": mask_phone(request.user.phone)})
            return redirect("accounts:phone-verify")
        if form.is_valid():
            with refusals(request, form):
                security.phone_verification_confirm(user=request.user, code=form.cleaned_data["code"])
                messages.success(request, _("Your mobile number is verified."))
                return redirect("accounts:security")
    return render(request, "accounts/phone_verify.html", {"form": form, "masked": mask_phone(request.user.phone)})


# --- Security page: password, phone, tokens -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account_security(request):
    if request.method == "POST":
        with refusals(request):
            services.api_token_revoke_own(user=request.user, token_id=int(request.POST.get("token") or 0))
            messages.success(request, _("The token was revoked."))
        return redirect("accounts:security")
    return render(request, "accounts/security.html", {
        "tokens": selectors.api_tokens_of(request.user)[:50], "now": timezone.now(),
        "masked_phone": mask_phone(request.user.phone)})


# --- Privacy ---------------------------------------------------------------------------------------------------


def privacy_notice(request):
    notice = privacy.current_notice()
    return render(request, "accounts/privacy_notice.html", {"notice": notice, "purposes": privacy.PURPOSES})


@login_required
@require_http_methods(["GET", "POST"])
def consent(request):
    """Asked again when the notice changed since the person's last consent."""
    notice = privacy.current_notice()
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            privacy.consent_record(user=request.user, purposes=form.cleaned_data["purposes"],
                                   notice_version=notice.version)
            clear_duty(request)
            messages.success(request, _("Thank you. Your choice was recorded."))
            return redirect(_safe_next(request, "portal:home"))
    return render(request, "accounts/consent.html", {"form": form, "notice": notice,
                                                     "next": _safe_next(request, "")})


@login_required
def privacy_home(request):
    return render(request, "accounts/privacy.html", {
        "notice": privacy.current_notice(), "consents": selectors.consents_of(request.user)[:20],
        "accesses": selectors.accesses_to(request.user)[:200], "purposes": dict(
            (p.code, p.label) for p in privacy.PURPOSES)})


@login_required
def privacy_export(request, fmt: str):
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        response = HttpResponse(privacy.export_json(request.user), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="youthcity-my-data-{stamp}.json"'
    else:
        response = HttpResponse(privacy.export_xlsx(request.user), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="youthcity-my-data-{stamp}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_close(request):
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form):
            privacy.account_close(user=request.user, password=form.cleaned_data["password"])
            logout(request)
            messages.success(request, _("Your account is closed. Your personal details were removed."))
            return redirect("portal:home")
    return render(request, "accounts/close.html", {"form": form})


# --- Staff accounts (coordinators and administrators, in their scope) ---------------------------------------


@staff_managers_required
def staff_list(request):
    memberships = list(selectors.memberships_managed_by(request.user)[:500])
    people = {m.user.username for m in memberships}
    return render(request, "accounts/staff_list.html", {
        "face": "workbench", "memberships": memberships, "locked": selectors.locked_usernames(people)})


@staff_managers_required
@require_http_methods(["GET", "POST"])
def staff_new(request):
    form = StaffAccountForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusals(request, form):
            person, password = staff.staff_account_create(
                actor=request.user, username=data["username"], display_name=data["display_name"], role=data["role"],
                unit=data["unit"], region=data["region"], phone=data["phone"], email=data["email"])
            return render(request, "accounts/staff_created.html", {"face": "workbench", "person": person,
                                                                   "password": password})
    return render(request, "accounts/staff_new.html", {"face": "workbench", "form": form})


@staff_managers_required
@require_http_methods(["GET", "POST"])
def staff_person(request, user_id: int):
    person = get_object_or_404(selectors.people_managed_by(request.user), pk=user_id)
    form = RoleForm(request.POST if request.POST.get("action") == "grant" else None, actor=request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "grant" and form.is_valid():
            with refusals(request, form):
                staff.staff_role_grant(actor=request.user, user=person, role=form.cleaned_data["role"],
                                       unit=form.cleaned_data["unit"], region=form.cleaned_data["region"])
                messages.success(request, _("The role was granted."))
                return redirect("accounts:staff-person", user_id=person.pk)
        elif action == "end":
            membership = get_object_or_404(selectors.memberships_managed_by(request.user).filter(user=person),
                                           pk=request.POST.get("membership") or 0)
            with refusals(request):
                staff.staff_role_end(actor=request.user, membership=membership)
                messages.success(request, _("The role was ended."))
            return redirect("accounts:staff-person", user_id=person.pk)
        elif action == "deactivate":
            with refusals(request):
                staff.account_deactivate(actor=request.user, user=person)
                messages.success(request, _("The account is deactivated: every role ended, every token revoked."))
            return redirect("accounts:staff-person", user_id=person.pk)
        elif action == "unlock":
            with refusals(request):
                staff.account_unlock(actor=request.user, user=person)
                messages.success(request, _("The account is unlocked."))
            return redirect("accounts:staff-person", user_id=person.pk)
    memberships = selectors.memberships_managed_by(request.user).filter(user=person)
    return render(request, "accounts/staff_person.html", {
        "face": "workbench", "person": person, "memberships": memberships, "form": form,
        "locked": bool(selectors.locked_usernames([person.username])),
        "manageable": {m.pk for m in memberships if can_manage_membership(request.user, m)},
        "can_deactivate": person.is_active and staff.can_deactivate(request.user, person)})
