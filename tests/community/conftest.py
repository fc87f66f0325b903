import datetime as dt
import itertools

import pytest
from django.utils import timezone

_seq = itertools.count(1)


def make_person(username: str | None = None):
    from youthcity.accounts.models import User

    username = username or f"p{next(_seq):05d}"
    return User.objects.create_user(username=username, password="x-Password-2026", display_name=username)


def make_event(
    *,
    capacity: int = 2,
    unit_code: str = "410311-league",
    region_code: str = "410311001",
    starts_in: dt.timedelta = dt.timedelta(days=2),
    opens_ago: dt.timedelta = dt.timedelta(days=1),
    closes_before_start: dt.timedelta = dt.timedelta(minutes=10),
    title: str = "测试活动",
):
    from youthcity.community.models import Event
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    now = timezone.now()
    starts = now + starts_in
    return Event.objects.create(
        title=title,
        kind="forum",
        unit=Unit.objects.get(code=unit_code),
        region=Region.objects.get(code=region_code),
        place="测试地点",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        capacity=capacity,
        registration_opens_at=now - opens_ago,
        registration_closes_at=starts - closes_before_start,
    )


@pytest.fixture
def organiser(city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    return staff(Unit.objects.get(code="410311-league"), username="org_luolong")
