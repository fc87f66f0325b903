"""Housing test helpers: a small project with homes, young applicants by category, approvals."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

_seq = itertools.count(1)
PUBLIC_VALUE = "3 8 5"
PDF = b"%PDF-1.4\n% test document\n%%EOF\n"


def pdf(name: str = "doc.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded documents go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_applicant(username: str | None = None, *, category: str = "young_graduate"):
    from youthcity.accounts.models import User, YouthProfile

    username = username or f"renter{next(_seq):05d}"
    user = User.objects.create_user(
        username=username, password="x-Password-2026", display_name=f"测试{username}"
    )
    facts = {
        "young_graduate": {
            "education_level": "bachelor",
            "graduation_date": dt.date(2026, 6, 30),
            "hukou_city": "郑州市",
        },
        "bachelor_plus": {
            "education_level": "master",
            "graduation_date": dt.date(2015, 6, 30),
            "hukou_city": "洛阳市",
        },
        "technician": {
            "education_level": "technician",
            "graduation_date": dt.date(2015, 6, 30),
            "hukou_city": "洛阳市",
        },
        "other": {"education_level": "senior_high", "hukou_city": "洛阳市"},
    }[category]
    if category == "technician":
        facts["is_full_time"] = True
    YouthProfile.objects.create(
        user=user,
        gender="female",
        home_city=facts["hukou_city"],
        birth_date=dt.date(2001, 5, 1),
        current_city="洛阳市",
        employment_status="employed",
        **facts,
    )
    return user


def make_project(
    code: str = "t-talent",
    *,
    homes: int = 4,
    unit_code: str = "410311-housing",
    region: str = "410311",
    max_rent_free: int = 36,
):
    from youthcity.housing.models import Building, Home, HousingProject
    from youthcity.organizations.models import Unit
    from youthcity.regions.models import Region

    project = HousingProject.objects.create(
        code=code,
        name=f"测试公寓{code}",
        kind="talent_apartment",
        region=Region.objects.get(code=region),
        unit=Unit.objects.get(code=unit_code),
        max_rent_free_months=max_rent_free,
    )
    building = Building.objects.create(project=project, name="1号楼")
    for i in range(homes):
        Home.objects.create(
            project=project,
            building=building,
            number=f"{101 + i}",
            code=f"1号楼-{101 + i}",
            area=Decimal("45") if i % 2 else Decimal("60"),
            layout="一室" if i % 2 else "两室",
            monthly_rent=Decimal("800"),
        )
    return project


def approved(project, reviewer, people):
    from youthcity.housing import services

    apps = []
    for person in people:
        app = services.application_submit(applicant=person, project=project, notify_reviewers=False)
        services.application_decide(reviewer=reviewer, application=app, outcome="approve")
        app.refresh_from_db()
        apps.append(app)
    return apps


@pytest.fixture
def housing_staff(city):
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    return staff(Unit.objects.get(code="410311-housing"), username="t_housing_staff")


@pytest.fixture
def project(city):
    return make_project()


def city_level_objects() -> dict:
    """A drawn round with an accepted offer, a lease and a pending application in the city's own
    guaranteed rental project (市住建局, outside every district): for the permission matrix."""
    from youthcity.accounts.models import User
    from youthcity.housing import services
    from youthcity.housing.models import HousingProject

    project = HousingProject.objects.get(code="luoyang-rental-yiluo")
    staff = User.objects.get(username="housing_staff")
    existing = project.rounds.filter(status="drawn").first()
    if existing is None:
        approved(project, staff, [make_applicant(category="young_graduate")])
        home = project.homes.filter(status="available").order_by("code").first()
        round_ = services.round_create(
            staff=staff,
            project=project,
            name="矩阵测试轮",
            homes=[home],
            public_source_name="福彩3D",
            reserved_share="0.4",
        )
        services.round_freeze(staff=staff, round_=round_)
        existing = services.round_draw(staff=staff, round_=round_, public_value=PUBLIC_VALUE)
        offer = existing.offers.get()
        services.offer_accept(applicant=offer.application.applicant, offer=offer)
        services.lease_sign(staff=staff, offer=offer, start=dt.date(2026, 12, 1), rent_free_months=3)
        services.application_submit(
            applicant=make_applicant(category="other"),
            project=project,
            notify_reviewers=False,
            documents={"id_card": pdf()},
        )
    offer = existing.offers.get()
    pending = project.applications.filter(status="submitted").first()
    return {
        "home_id": offer.home_id,
        "lease_entry_id": offer.lease.entries.order_by("pk").first().pk,
        "housing_document_id": pending.documents.first().pk,
        "project_id": project.pk,
        "round_id": existing.pk,
        "offer_id": offer.pk,
        "lease_id": offer.lease.pk,
        "housing_application_id": pending.pk,
    }
