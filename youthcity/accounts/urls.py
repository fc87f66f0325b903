from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("profile/", views.profile, name="profile"),
    path("inbox/", views.inbox, name="inbox"),
    # Passwords and account security
    path("password/change/", views.password_change, name="password-change"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/confirm/", views.password_reset_confirm, name="password-reset-confirm"),
    path("security/", views.account_security, name="security"),
    path("security/phone/", views.phone_verify, name="phone-verify"),
    # Personal information (PIPL)
    path("privacy/notice/", views.privacy_notice, name="privacy-notice"),
    path("consent/", views.consent, name="consent"),
    path("privacy/", views.privacy_home, name="privacy"),
    path("privacy/export.json", views.privacy_export, {"fmt": "json"}, name="export-json"),
    path("privacy/export.xlsx", views.privacy_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("close/", views.account_close, name="close"),
    # Staff accounts, managed by coordinators and administrators in their scope
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_new, name="staff-new"),
    path("staff/<int:user_id>/", views.staff_person, name="staff-person"),
]
