import datetime as dt
import itertools

import pytest
from django.utils import timezone

_seq = itertools.count(1)


def make_person(username: str | None = None):
    from youthcity.accounts.models import User

    username = username or f"v{next(_seq):05d}"
    return User.objects.create_user(username=username, password="x-Password-2026", display_name=username)


@pytest.fixture
def lead(city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    return staff(Unit.objects.get(code="410311-league"), username="lead_luolong")


@pytest.fixture
def project(city, lead):
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region
    from youthcity.volunteering.models import Project

    return Project.objects.create(
        code="t-proj",
        title="测试项目",
        unit=Unit.objects.get(code="410311-league"),
        region=Region.objects.get(code="410311001"),
        lead=lead,
        increment_minutes=15,
        rounding_mode="down",
        outside_shift="trim",
    )


def day_at(hour: int, minute: int = 0, days: int = -3) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def make_shift(project, start: dt.datetime, hours: float = 3, capacity: int = 5):
    from youthcity.volunteering.models import Shift

    return Shift.objects.create(
        project=project,
        role="引导",
        place="现场",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        capacity=capacity,
    )


def signed_up(shift, person=None):
    from youthcity.volunteering.models import ShiftSignUp

    person = person or make_person()
    ShiftSignUp.objects.create(shift=shift, person=person)
    return person
