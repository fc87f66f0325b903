"""Employers, positions and placements built on the demo city, through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from youthcity.careers import licence

PASSWORD = "x-Password-2026"
_seq = itertools.count(1)


def credit_code(n: int | None = None, district: str = "410311") -> str:
    base = f"91{district}MA{(n or next(_seq)) % 10**7:07d}"
    return base + licence.check_character(base)


def register(*, name: str | None = None, district: str = "410311", username: str | None = None, code: str | None = None):
    from youthcity.careers import services
    from youthcity.regions.models import Region

    n = next(_seq)
    return services.employer_register(
        name=name or f"测试企业{n}有限公司", credit_code=code or credit_code(n, district),
        district=Region.objects.get(code=district), industry="manufacturing", username=username or f"hr{n:04d}",
        password=PASSWORD, phone=None, display_name=f"人事{n}")


def hr_of(employer):
    from youthcity.careers.selectors import employer_staff

    return employer_staff(employer)[0]


def verify(employer, reviewer=None):
    from youthcity.accounts.models import User
    from youthcity.careers import services

    reviewer = reviewer or User.objects.get(username="hrss_reviewer")
    services.verification_decide(reviewer=reviewer, application=employer.verifications.get(status="submitted"),
                                 outcome="approve")
    employer.refresh_from_db()
    return employer


def post_internship(employer, *, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 12, 31), pay="1800",
                    capacity=2, district="410311", approve=True, **extra):
    from youthcity.accounts.models import User
    from youthcity.careers import services
    from youthcity.regions.models import Region

    position = services.position_post(
        staff=hr_of(employer), employer=employer, kind="internship", title=extra.pop("title", "测试见习岗位"),
        district=Region.objects.get(code=district), industry="manufacturing", starts_on=starts_on, ends_on=ends_on,
        monthly_pay=Decimal(pay), capacity=capacity, **extra)
    if approve:
        services.position_review_decide(reviewer=User.objects.get(username="hrss_staff"),
                                        application=position.reviews.get(), outcome="approve")
        position.refresh_from_db()
    return position


def make_youth(username: str | None = None, education: str = "bachelor"):
    from tests.factories import youth

    return youth(education_level=education) if username is None else _named_youth(username, education)


def _named_youth(username, education):
    from youthcity.accounts.models import User, YouthProfile

    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    YouthProfile.objects.create(user=user, education_level=education, graduation_date=dt.date(2026, 6, 30),
                                hukou_city="郑州市", current_city="洛阳市")
    return user


def place(position, person=None):
    """A young person applies, gets an offer and accepts."""
    from youthcity.careers import services

    person = person or make_youth()
    application = services.job_apply(applicant=person, position=position)
    services.application_decide(staff=hr_of(position.employer), application=application, action="offer")
    return services.offer_respond(applicant=person, application=application, accept=True)


@pytest.fixture
def employer(city):
    return verify(register())


@pytest.fixture
def internship(employer):
    return post_internship(employer)
