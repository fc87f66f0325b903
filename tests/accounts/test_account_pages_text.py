"""The account pages not in the main page list (they need a state to show) read as finished Chinese."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.portal.test_finished_text import unfinished
from youthcity.accounts import privacy, services
from youthcity.accounts.models import Membership


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()


def _ok(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert not unfinished(html), unfinished(html)
    return html


def test_staff_pages_as_a_coordinator(client, users):
    client.force_login(users["luolong_coordinator"])
    _ok(client.get(reverse("accounts:staff-person", args=[users["station_staff"].pk])))
    created = client.post(reverse("accounts:staff-new"), {
        "username": "text_check", "display_name": "洛龙区 文字检查", "role": "reviewer",
        "unit": Membership.objects.get(user=users["station_staff"]).unit_id})
    html = _ok(created)
    assert "临时密码" in html
    refused = client.post(reverse("accounts:staff-new"), {"username": "x", "display_name": "", "role": "unit_staff"})
    _ok(refused)


def test_privacy_pages_with_data(client, users):
    person = users["youth"]
    services.api_token_create(user=person)
    privacy.consent_record(user=person, purposes=["services", "notifications"])
    privacy.personal_data_access_record(viewer=users["station_staff"], subject=person, action="identity_reveal",
                                        purpose="入住核验（示例）", fields=["id_number"])
    client.force_login(person)
    html = _ok(client.get(reverse("accounts:privacy")))
    assert "通过短信或电子邮件向我发送通知" in html
    _ok(client.get(reverse("accounts:security")))
    _ok(client.get(reverse("accounts:consent")))
    _ok(client.post(reverse("accounts:password-change"), {"old_password": "x", "new_password1": "a",
                                                          "new_password2": "b"}))
    _ok(client.post(reverse("accounts:close"), {"password": "x"}))
    client.logout()
    _ok(client.post(reverse("accounts:password-reset-confirm"), {"identifier": "13900000000", "code": "12",
                                                                 "new_password1": "a", "new_password2": "a"}))
    _ok(client.post(reverse("accounts:password-reset"), {"identifier": "12345"}))
