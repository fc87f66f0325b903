"""`youthcity housing verify` on an audit file the app stored; live measures computed from
allocations; the city pack loads idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.housing.conftest import PUBLIC_VALUE, approved, make_applicant, make_project
from youthcity.cli import main as youthcity
from youthcity.housing import live, services
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


def _drawn(
    staff, code="t-verify", homes=3, people=("young_graduate", "bachelor_plus", "young_graduate", "other")
):
    project = make_project(code, homes=homes)
    approved(project, staff, [make_applicant(category=c) for c in people])
    round_ = services.round_create(
        staff=staff, project=project, name="R", public_source_name="福彩3D", reserved_share="0.4"
    )
    services.round_freeze(staff=staff, round_=round_)
    return services.round_draw(staff=staff, round_=round_, public_value=PUBLIC_VALUE)


def test_the_console_verifies_the_stored_audit_file_and_points_at_an_edited_byte(
    housing_staff, tmp_path, capsys
):
    round_ = _drawn(housing_staff)
    path = tmp_path / "AUDIT.json"
    path.write_bytes(round_.audit.encode("utf-8"))
    assert (
        youthcity(
            [
                "housing",
                "verify",
                str(path),
                "--list-hash",
                round_.list_hash,
                "--commitment",
                round_.commitment,
            ]
        )
        == 0
    )
    assert "OK" in capsys.readouterr().out
    data = bytearray(path.read_bytes())
    index = data.index(b'"seed":"') + len(b'"seed":"')
    data[index] = ord("0") if data[index] != ord("0") else ord("1")
    path.write_bytes(bytes(data))
    assert youthcity(["housing", "verify", str(path)]) == 1
    assert "seed" in capsys.readouterr().out


def test_live_measures_count_allocations_not_targets(housing_staff, city, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.utils import timezone

    luolong = Region.objects.get(code="410311")
    year = str(timezone.localdate().year)
    before = live.homes_allocated(luolong, "2026")
    round_ = _drawn(housing_staff, "t-live", homes=2, people=("young_graduate", "bachelor_plus"))
    for offer in round_.offers.all():
        services.offer_accept(applicant=offer.application.applicant, offer=offer)
        services.lease_sign(staff=housing_staff, offer=offer, start=dt.date(2026, 12, 1))
    assert live.homes_allocated(luolong, "2026") == before  # counted figures are kept five minutes
    cache.clear()
    assert live.homes_allocated(luolong, "2026") == before + 2
    share = live.graduate_share(luolong, "2026")
    assert share is not None and 0 < share < 100
    assert live.graduate_share(luolong, "1999") is None  # nothing allocated: unknown, not zero
    assert live.housing_vacancy(luolong, year) < 100
    assert live.housing_vacancy(luolong, "2020") is None  # homes keep no history
    assert live.housing_applications(luolong, "2026") >= 2
    assert live.homes_allocated(luolong, "not-a-year") is None
    cache.clear()
    districts = list(Region.objects.filter(level="district")) or [luolong]
    with django_assert_max_num_queries(1):  # one query for every figure and district
        for region in districts:
            live.homes_allocated(region, "2026")
            live.graduate_share(region, "2026")
            live.housing_applications(region, "2026")


def test_the_city_pack_step_is_idempotent(city):
    from youthcity.core.city_pack import LoadReport, load_city_pack
    from youthcity.housing.models import Home, HousingApplication

    homes, apps = Home.objects.count(), HousingApplication.objects.count()
    report = load_city_pack("luoyang", demo=True)
    assert Home.objects.count() == homes and HousingApplication.objects.count() == apps
    assert isinstance(report, LoadReport) and not report.created.get("housing_home")
