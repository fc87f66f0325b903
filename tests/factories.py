"""Test data builders (factory_boy). One place builds people, roles and units for every test.

    person = youth(hukou_city="洛阳市")
    reviewer = staff(unit, Role.REVIEWER)
    district_admin = region_role(luolong, Role.ADMIN)
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from youthcity.accounts.models import Role, User, YouthProfile
from youthcity.accounts.services import membership_grant
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

PASSWORD = "Test-pass-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n:05d}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password(PASSWORD)


class YouthProfileFactory(DjangoModelFactory):
    """An out-of-town bachelor graduate of 2026 looking for work in 洛龙区 (the demo youth's facts)."""

    class Meta:
        model = YouthProfile

    user = factory.SubFactory(UserFactory)
    birth_date = dt.date(2002, 5, 18)
    gender = "female"
    education_level = "bachelor"
    is_full_time = True
    graduation_date = dt.date(2026, 6, 30)
    hukou_city = "郑州市"
    home_city = "郑州市"
    current_city = "洛阳市"
    employment_status = "job_seeking"
    current_region = factory.LazyFunction(lambda: Region.objects.filter(code="410311").first())


class YouthFactory(UserFactory):
    """A young person: an account with a profile (``profile__<field>`` overrides a fact)."""

    username = factory.Sequence(lambda n: f"young{n:05d}")
    profile = factory.RelatedFactory(YouthProfileFactory, factory_related_name="user")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-unit-{n}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = Unit.Kind.DEPARTMENT
    region = factory.LazyFunction(lambda: Region.objects.get(code="410300"))


def staff(unit: Unit, role: str = Role.UNIT_STAFF, **user) -> User:
    """A new person holding ``role`` at ``unit``."""
    person = UserFactory(**user)
    membership_grant(user=person, role=role, unit=unit)
    return person


def region_role(region: Region, role: str, **user) -> User:
    """A new person holding a region ``role`` (coordinator, leader, admin) over ``region``."""
    person = UserFactory(**user)
    membership_grant(user=person, role=role, region=region)
    return person


def youth(**profile) -> User:
    """A new young person; keyword arguments override profile facts."""
    return YouthFactory(**{f"profile__{k}": v for k, v in profile.items()})


def open_benefit_applications(n: int, *, unit_code: str = "ly-hrss", prefix: str = "queue") -> int:
    """``n`` submitted benefit applications to one unit, each by a new person (a long review
    queue); returns how many open applications the unit now has."""
    from youthcity.benefits.models import BenefitApplication

    unit = Unit.objects.get(code=unit_code)
    people = User.objects.bulk_create([User(username=f"{prefix}_{i:04d}", password="!", display_name=f"申请人{i}")
                                       for i in range(n)])
    BenefitApplication.objects.bulk_create([
        BenefitApplication(applicant=p, policy_id=f"{prefix}_policy_{i}", policy_name="就业见习补贴", unit=unit,
                           status="submitted", stated_facts={}) for i, p in enumerate(people)])
    return BenefitApplication.objects.filter(unit=unit, status__in=["submitted", "more_documents"]).count()
