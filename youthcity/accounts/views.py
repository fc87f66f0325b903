from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from youthcity.core import notifications

from . import services
from .forms import LoginForm, RegistrationForm, YouthProfileForm
from .permissions import faces_for
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
        return JsonResponse({"error": {"code": "locked_out", "message": _(
            "Too many failed sign-in attempts. This account is locked for %(minutes)d minutes.") % {"minutes": minutes}}},
            status=429)
    return render(request, "accounts/locked.html", {"minutes": int(minutes)}, status=429)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.youth_register(username=data["username"], password=data["password1"], phone=data["phone"],
                                       display_name=data["display_name"],
                                       preferred_language=request.LANGUAGE_CODE or "zh-hans")
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
