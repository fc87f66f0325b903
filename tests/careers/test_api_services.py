"""API: fairs, service slots and bookings, 为你推荐; errors in the user's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.careers.conftest import make_youth
from tests.conftest import bearer
from youthcity.accounts.models import User
from youthcity.careers import services
from youthcity.careers.models import JobFair, ServiceCentre

pytestmark = pytest.mark.django_db


def test_fairs_slots_bookings_and_recommended(client, city):
    person = make_youth()
    fairs = client.get("/api/v1/careers/fairs").json()
    fair = JobFair.objects.get(is_demo=True)
    if fair.ends_at > timezone.now():
        assert any(f["id"] == fair.pk and f["employers"] == 2 for f in fairs)
        made = client.post(f"/api/v1/careers/fairs/{fair.pk}/signup", **bearer(person))
        assert made.status_code == 201 and made.json()["status"] == "signed_up"
        again = client.post(f"/api/v1/careers/fairs/{fair.pk}/signup", HTTP_ACCEPT_LANGUAGE="zh-hans", **bearer(person))
        assert again.status_code == 409 and again.json()["error"]["message"] == "您已报名该招聘会。"
    centre = ServiceCentre.objects.get(is_demo=True)
    slot = services.slots_add(staff=User.objects.get(username="hrss_staff"), service=centre.services.first(),
                              day=timezone.localdate() + dt.timedelta(days=1), start=dt.time(9), minutes=30, count=1,
                              capacity=1)[0]
    slots = client.get(f"/api/v1/careers/centres/{centre.pk}/slots").json()
    mine = [s for s in slots if s["id"] == slot.pk]  # the demo opens other slots too
    assert len(mine) == 1 and mine[0]["taken"] == 0
    assert client.post(f"/api/v1/careers/slots/{slot.pk}/book", {}, content_type="application/json").status_code == 401
    booked = client.post(f"/api/v1/careers/slots/{slot.pk}/book", {"note": "咨询"}, content_type="application/json",
                         **bearer(person))
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    full = client.post(f"/api/v1/careers/slots/{slot.pk}/book", {}, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="zh-hans", **bearer(make_youth()))
    assert full.status_code == 409 and full.json()["error"]["code"] == "full"
    mine = client.get("/api/v1/careers/bookings", **bearer(person)).json()
    assert [b["slot"] for b in mine] == [slot.pk]
    cancelled = client.post(f"/api/v1/careers/bookings/{mine[0]['id']}/cancel", **bearer(person))
    assert cancelled.json()["status"] == "cancelled"
    assert client.post(f"/api/v1/careers/bookings/{mine[0]['id']}/cancel", **bearer(make_youth())).status_code == 404
    recommended = client.get("/api/v1/careers/recommended", **bearer(person))
    assert recommended.status_code == 200 and isinstance(recommended.json(), list)
