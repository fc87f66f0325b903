import pytest
from auditlog.models import LogEntry
from django.test import override_settings
from django.urls import reverse

from youthcity.accounts.models import User, YouthProfile
from youthcity.accounts.permissions import mask_id_number, mask_phone

VALID = {"username": "xiaoming", "display_name": "小明", "phone": "13712345678", "password1": "Luoyang-2026!",
         "password2": "Luoyang-2026!", "accept_privacy": "on"}


def test_registration_creates_a_youth_with_a_profile(client, city):
    r = client.post(reverse("accounts:register"), VALID)
    assert r.status_code == 302 and r.url == reverse("accounts:profile")
    user = User.objects.get(username="xiaoming")
    assert YouthProfile.objects.filter(user=user).exists()
    assert user.check_password("Luoyang-2026!")


@pytest.mark.parametrize("change,field,message", [
    ({"username": "a"}, "username", "3"),
    ({"username": "bad name!"}, "username", "字母"),
    ({"phone": "12345"}, "phone", "手机号"),
    ({"password2": "different-2026!"}, "password2", "不一致"),
    ({"password1": "12345678", "password2": "12345678"}, "password1", "密码"),
    ({"accept_privacy": ""}, "accept_privacy", "隐私"),
])
def test_registration_rejects_bad_input_with_field_messages_in_chinese(client, city, change, field, message):
    data = {**VALID, **change}
    r = client.post(reverse("accounts:register"), data)
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not User.objects.filter(username=data["username"]).exists()


def test_registration_messages_follow_the_chosen_language(client, city):
    client.cookies["django_language"] = "en"
    r = client.post(reverse("accounts:register"), {**VALID, "password2": "x-different"})
    assert "The two passwords do not match." in r.context["form"].errors["password2"]


def test_duplicate_username_and_phone_are_refused(client, city):
    client.post(reverse("accounts:register"), VALID)
    client.logout()
    r = client.post(reverse("accounts:register"), {**VALID, "username": "XIAOMING", "phone": "13712345679"})
    assert "username" in r.context["form"].errors
    r = client.post(reverse("accounts:register"), {**VALID, "username": "xiaoming2"})
    assert "phone" in r.context["form"].errors
    assert User.objects.filter(username__iexact="xiaoming").count() == 1


def test_profile_edit_is_validated_and_audited(client, users):
    youth = users["youth"]
    client.force_login(youth)
    data = {"birth_date": "2002-05-18", "gender": "female", "education_level": "master", "is_full_time": "true",
            "graduation_date": "2026-06-30", "school": "郑州大学", "hukou_city": "郑州市", "home_city": "郑州市",
            "current_city": "洛阳市", "current_region": youth.youth_profile.current_region_id,
            "employment_status": "job_seeking"}
    r = client.post(reverse("accounts:profile"), data)
    assert r.status_code == 302
    youth.youth_profile.refresh_from_db()
    assert youth.youth_profile.education_level == "master"
    entry = LogEntry.objects.get_for_object(youth.youth_profile).order_by("-timestamp").first()
    assert entry.actor == youth
    assert entry.changes_dict["education_level"] == ["bachelor", "master"]
    bad = client.post(reverse("accounts:profile"), {**data, "birth_date": "2099-01-01"})
    assert "birth_date" in bad.context["form"].errors
    bad = client.post(reverse("accounts:profile"), {**data, "education_level": "wizard"})
    assert "education_level" in bad.context["form"].errors


def test_login_is_throttled_and_the_locked_account_says_so(client, city):
    for _ in range(5):
        r = client.post(reverse("accounts:login"), {"username": "youth", "password": "wrong-password"})
    r = client.post(reverse("accounts:login"), {"username": "youth", "password": "YouthCity-demo-2026"})
    assert r.status_code == 429
    assert "锁定" in r.content.decode()


def test_login_with_phone_number(client, city):
    r = client.post(reverse("accounts:login"), {"username": "13900000000", "password": "YouthCity-demo-2026"})
    assert r.status_code == 302


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2(db):
    from youthcity.config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = User.objects.create_user("hashcheck", password="Some-password-1")
    assert user.password.startswith("argon2")


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("410302199901011234") == "4103**********1234"
    assert mask_phone("") == "" and mask_id_number(None) == ""


def test_audit_log_masks_sensitive_fields(users):
    from auditlog.context import set_actor

    admin = users["admin"]
    youth = users["youth"]
    with set_actor(admin):
        youth.id_number = "410302200205181234"
        youth.save()
    entry = LogEntry.objects.get_for_object(youth).order_by("-timestamp").first()
    assert "410302200205181234" not in str(entry.changes)
