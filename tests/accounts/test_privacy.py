"""PIPL: notice versions and consent, data export, closure, access log, GB 11643 ID numbers."""

from __future__ import annotations

import io
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import youth
from youthcity.accounts import privacy, services
from youthcity.accounts.models import (
    AccessLog,
    ApiToken,
    Consent,
    PrivacyNotice,
    User,
    YouthProfile,
    id_number_check_digit,
    id_number_is_valid,
    id_number_validator,
)
from youthcity.core.errors import ServiceError
from youthcity.core.notifications import notify


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()


VALID = {"username": "pipl", "display_name": "小隐", "phone": "13712340000", "password1": "Luoyang-2026!",
         "password2": "Luoyang-2026!", "accept_privacy": "on", "purposes": ["services", "statistics"]}


def test_registration_records_consent_with_purposes_and_the_notice_version(client, city):
    page = client.get(reverse("accounts:register")).content.decode()
    assert reverse("accounts:privacy-notice") in page  # the checkbox links to the notice
    assert client.get(reverse("accounts:privacy-notice")).status_code == 200
    client.post(reverse("accounts:register"), VALID)
    consent = Consent.objects.get(user__username="pipl")
    assert consent.purposes == ["services", "statistics"]
    assert consent.notice_version == privacy.current_notice().version == "luoyang-2026-1"


def test_a_new_notice_version_asks_again_at_next_sign_in(client, city):
    client.post(reverse("accounts:register"), VALID)
    client.logout()
    privacy.notice_publish(version="luoyang-2027-1", title="新版告知", text="第二版（示例）")
    try:
        client.post(reverse("accounts:login"), {"username": "pipl", "password": "Luoyang-2026!"})
        r = client.get("/benefits/")
        assert r.status_code == 302 and r.url.startswith(reverse("accounts:consent"))
        page = client.get(reverse("accounts:consent"))
        assert "第二版" in page.content.decode()
        refused = client.post(reverse("accounts:consent"), {"purposes": ["statistics"]})
        assert refused.status_code == 200 and "purposes" in refused.context["form"].errors
        client.post(reverse("accounts:consent"), {"purposes": ["services"]})
        assert client.get("/benefits/").status_code == 200
        assert list(Consent.objects.filter(user__username="pipl").values_list("notice_version", flat=True)) == [
            "luoyang-2027-1", "luoyang-2026-1"]  # both kept
    finally:
        PrivacyNotice.objects.filter(version="luoyang-2027-1").delete()


def test_unknown_purposes_are_refused(city):
    person = youth()
    with pytest.raises(ServiceError):
        privacy.consent_record(user=person, purposes=["services", "selling"])


def _rich_person():
    person = youth()
    person.phone, person.email, person.id_number = "13712349999", "me@example.cn", "410302199901011230"
    person.save()
    notify(recipient=person, kind="test", title="=HYPERLINK(\"x\")", body="你好")
    services.api_token_create(user=person)
    privacy.consent_record(user=person, purposes=["services"])
    return person


def test_the_export_holds_the_persons_data_and_no_secrets(client, city):
    person = _rich_person()
    client.force_login(person)
    r = client.get(reverse("accounts:export-json"))
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    data = json.loads(r.content)
    assert data["account"]["phone"] == "13712349999" and data["account"]["id_number"] == "410302199901011230"
    assert data["accounts.youthprofile"][0]["hukou_city"] == "郑州市"
    assert data["core.notification"][0]["body"] == "你好"
    assert data["accounts.consent"][0]["purposes"] == ["services"]
    text = r.content.decode()
    assert "key_hash" not in text and "password" not in text and "code_hash" not in text
    other = User.objects.get(username="youth")
    assert other.username not in {row.get("username") for row in data.get("accounts.user", [])}


def test_the_excel_export_writes_text_never_formulas(client, city):
    from openpyxl import load_workbook

    person = _rich_person()
    client.force_login(person)
    r = client.get(reverse("accounts:export-xlsx"))
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    assert "account" in book.sheetnames and "core-notification" in book.sheetnames
    cells = [c.value for row in book["core-notification"].iter_rows() for c in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_closing_the_account(client, city):
    person = _rich_person()
    pk = person.pk
    client.force_login(person)
    wrong = client.post(reverse("accounts:close"), {"password": "nope", "confirm": "on"})
    assert "password" in wrong.context["form"].errors
    r = client.post(reverse("accounts:close"), {"password": "Test-pass-2026", "confirm": "on"})
    assert r.status_code == 302
    person = User.objects.get(pk=pk)
    assert not person.is_active and person.closed_at is not None
    assert person.phone is None and person.email == "" and person.id_number == ""
    assert person.username.startswith("closed-") and person.display_name == "已注销账号"
    assert not person.has_usable_password()
    profile = YouthProfile.objects.get(user=person)
    assert profile.birth_date is None and profile.hukou_city == "" and profile.school == ""
    assert not person.notifications.exists()
    assert not ApiToken.objects.filter(user=person, revoked_at__isnull=True).exists()
    assert Consent.objects.filter(user=person).exists()  # the record of consent stays
    assert client.get(reverse("accounts:privacy")).status_code == 302  # signed out


def test_a_staff_account_is_not_closed_by_its_holder(client, users):
    client.force_login(users["hrss_staff"])
    r = client.post(reverse("accounts:close"), {"password": "YouthCity-demo-2026", "confirm": "on"})
    assert r.status_code == 403
    assert User.objects.get(username="hrss_staff").is_active


def test_closing_keeps_benefit_decisions(city, users, settings, tmp_path):
    from tests.benefits.conftest import INTERVIEW, interview_documents, make_youth
    from youthcity.benefits import services as benefits

    settings.MEDIA_ROOT = str(tmp_path)
    person = make_youth("close_with_case")
    app = benefits.application_submit(applicant=person, policy_id=INTERVIEW, documents=interview_documents(),
                                      stated_facts={"has_interview_invitation": True})
    with pytest.raises(ServiceError) as exc:  # still under review: withdraw or wait first
        privacy.account_close(user=person, password="Test-pass-2026")
    assert exc.value.code == "open_applications" and "撤回" in exc.value.message
    benefits.application_decide(reviewer=users["hrss_reviewer"], application=app, outcome="reject",
                                reason="材料不全（示例）")
    decisions = app.decisions.count()
    assert decisions == 1
    privacy.account_close(user=person, password="Test-pass-2026")
    app.refresh_from_db()
    assert app.decisions.count() == decisions and app.applicant_id == person.pk and app.status == "rejected"
    person.refresh_from_db()
    assert str(person) == "已注销账号" or person.display_name


# --- Who looked at my data ---------------------------------------------------------------------------------


def test_a_staff_reveal_is_listed_on_the_persons_privacy_page(client, users):
    person = youth()
    privacy.personal_data_access_record(viewer=users["station_staff"], subject=person, action="identity_reveal",
                                        purpose="入住核验", fields=["id_number"])
    privacy.personal_data_access_record(viewer=person, subject=person, action="own", purpose="x")  # not recorded
    assert AccessLog.objects.filter(subject=person).count() == 1
    client.force_login(person)
    page = client.get(reverse("accounts:privacy")).content.decode()
    assert "入住核验" in page and str(users["station_staff"]) in page
    client.force_login(users["youth"])
    assert "入住核验" not in client.get(reverse("accounts:privacy")).content.decode()


# --- GB 11643 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,ok", [
    ("410302199901011230", True),
    ("41030020020518101X", True),
    ("41030020020518101x", True),
    ("410302199901011234", False),   # wrong check digit
    ("41030020020518002X", False),
    ("410302199902301231", False),   # 30 February
    ("41030219990101123", False),
    ("4103021999010112300", False),
    ("", False),
])
def test_id_numbers_are_checked_with_the_gb_11643_check_digit(value, ok):
    assert id_number_is_valid(value) is ok
    if not ok:
        with pytest.raises(ValidationError):
            id_number_validator(value)


@given(st.from_regex(r"^[1-6][0-9]{5}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}$",
                     fullmatch=True))
def test_exactly_one_check_character_fits_every_17_digits(first17):
    right = id_number_check_digit(first17)
    assert id_number_is_valid(first17 + right)
    assert sum(id_number_is_valid(first17 + c) for c in "0123456789X") == 1


def test_a_wrong_id_number_is_refused_where_it_is_entered(users):
    person = youth()
    with pytest.raises(ServiceError) as exc:
        services.identity_number_record(user=person, id_number="410302199901011234")
    assert exc.value.code == "invalid_id_number" and "校验" in exc.value.message
    services.identity_number_record(user=person, id_number="410302199901011230")
