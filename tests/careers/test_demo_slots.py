"""The demo centre has bookable slots for the two weeks after the load date (示例数据), and loading
the demo again opens no slot twice."""

import datetime as dt

import pytest
from django.utils import timezone

from youthcity.careers.models import ServiceCentre, ServiceSlot
from youthcity.core.city_pack import load_city_pack

pytestmark = pytest.mark.django_db


def test_demo_centre_has_slots_in_the_next_two_weeks_and_reload_adds_none(client, city):
    centre = ServiceCentre.objects.get(is_demo=True)
    slots = ServiceSlot.objects.filter(service__centre=centre)
    today = timezone.localdate()
    days = {timezone.localdate(s.starts_at) for s in slots}
    assert days and min(days) > today and max(days) <= today + dt.timedelta(days=14)
    assert all(d.weekday() < 5 for d in days) and len(days) >= 8
    before = slots.count()
    report = load_city_pack("luoyang", demo=True)
    assert "service_slot" not in report.created and slots.count() == before
    page = client.get(f"/careers/centres/{centre.pk}/").content.decode()
    assert "未来两周暂无可预约时段" not in page and "求职就业指导" in page
