"""Housing services: the slice apply → review → round → freeze → draw → offer → lease, and
every refusal with its code."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.housing.conftest import PUBLIC_VALUE, approved, make_applicant, make_project
from youthcity.core.errors import ServiceError
from youthcity.engines.lottery import verify
from youthcity.housing import selectors, services
from youthcity.housing.models import Category, Home, HomeStatus, Lease, Offer, OfferStatus, RoundStatus

pytestmark = pytest.mark.django_db


def _round(staff, project, **kw):
    kw.setdefault("reserved_share", "0.5")
    return services.round_create(
        staff=staff, project=project, name="第一轮", public_source_name="福彩3D 第1期", **kw
    )


def test_priority_category_from_the_rules_engine(city):
    for category in ("young_graduate", "bachelor_plus", "technician", "other"):
        assert services.priority_category(make_applicant(category=category).youth_profile) == category


def test_a_young_graduate_with_a_degree_is_in_two_categories(city):
    from youthcity.housing import categories

    finding = categories.find(make_applicant(category="young_graduate").youth_profile)
    assert finding.categories == ["young_graduate", "bachelor_plus"]
    assert finding.reasons["young_graduate"]  # the engine's reason, in the reader's language


def test_the_whole_slice(housing_staff, project):
    people = [
        make_applicant(category=c)
        for c in (
            "young_graduate",
            "young_graduate",
            "bachelor_plus",
            "technician",
            "bachelor_plus",
            "young_graduate",
        )
    ]
    apps = approved(project, housing_staff, people)
    round_ = _round(housing_staff, project)
    assert round_.status == RoundStatus.OPEN and len(round_.commitment) == 64
    assert set(project.homes.values_list("status", flat=True)) == {HomeStatus.IN_ROUND}
    round_ = services.round_freeze(staff=housing_staff, round_=round_)
    assert round_.status == RoundStatus.FROZEN and round_.entries.count() == 6 and len(round_.list_hash) == 64
    round_ = services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    assert round_.status == RoundStatus.DRAWN
    assert verify(round_.audit.encode()).ok
    offers = list(round_.offers.all())
    assert len(offers) == 4 and len({o.home_id for o in offers}) == 4
    graduates = [o for o in offers if o.application.category == Category.YOUNG_GRADUATE]
    assert len(graduates) >= 2  # 50% of 4 homes reserved, three graduates applied
    # the audit file names the same winners
    audit = json.loads(round_.audit)
    assert audit["round"]["round_id"] == round_.round_code
    first = offers[0]
    services.offer_accept(applicant=first.application.applicant, offer=first)
    lease = services.lease_sign(
        staff=housing_staff,
        offer=first,
        start=dt.date(2026, 12, 1),
        rent_free_months=36,
        monthly_rent=Decimal("0"),
        monthly_subsidy=Decimal("800"),
    )
    assert lease.home.status == HomeStatus.LET and lease.end == dt.date(2027, 12, 1)
    assert lease.monthly_rent == 0 and lease.monthly_subsidy == 800  # rent and subsidy apart
    services.lease_renew(staff=housing_staff, lease=lease)
    services.lease_end(staff=housing_staff, lease=lease, moved_out_on=dt.date(2027, 3, 1))
    assert Home.objects.get(pk=lease.home_id).status == HomeStatus.AVAILABLE
    stats = selectors.statistics(project.region.__class__.objects.filter(pk=project.region_id))
    assert stats["allocated"] == 1 and stats["applications"] >= len(apps)


def test_decline_passes_the_home_down_the_order(housing_staff, city):
    project = make_project("t-decline", homes=1)
    people = [make_applicant(category="bachelor_plus") for _ in range(3)]
    approved(project, housing_staff, people)
    round_ = _round(housing_staff, project, reserved_share=None)
    services.round_freeze(staff=housing_staff, round_=round_)
    round_ = services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    first = round_.offers.get()
    order = list(round_.entries.order_by("turn").values_list("application_id", flat=True))
    assert first.application_id == order[0]
    second = services.offer_decline(applicant=first.application.applicant, offer=first)
    assert second.application_id == order[1] and second.status == OfferStatus.PENDING
    # an expiry passes it on too
    Offer.objects.filter(pk=second.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    assert services.offers_expire() == 1
    third = Offer.objects.get(round=round_, status=OfferStatus.PENDING)
    assert third.application_id == order[2]
    with pytest.raises(ServiceError) as exc:
        services.offer_accept(applicant=second.application.applicant, offer=second)
    assert exc.value.code == "not_pending"
    services.offer_decline(applicant=third.application.applicant, offer=third)
    assert Home.objects.get(pk=first.home_id).status == HomeStatus.AVAILABLE  # nobody left: back in stock


def test_more_reserved_than_homes_is_refused(housing_staff, project):
    with pytest.raises(ServiceError) as exc:
        _round(housing_staff, project, reserved_share=None, reserved_count=5)
    assert exc.value.code == "reserve_exceeds_homes" and "4" in exc.value.message


def test_a_secret_not_matching_the_commitment_is_refused_and_nothing_is_written(housing_staff, project):
    approved(project, housing_staff, [make_applicant() for _ in range(2)])
    round_ = services.round_freeze(staff=housing_staff, round_=_round(housing_staff, project))
    with pytest.raises(ServiceError) as exc:
        services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE, secret="0" * 64)
    assert exc.value.code == "secret_mismatch"
    round_.refresh_from_db()
    assert (
        round_.status == RoundStatus.FROZEN
        and not round_.audit
        and not Offer.objects.filter(round=round_).exists()
    )


def test_a_bad_public_value_is_refused_in_chinese(housing_staff, project):
    approved(project, housing_staff, [make_applicant()])
    round_ = services.round_freeze(staff=housing_staff, round_=_round(housing_staff, project))
    with pytest.raises(ServiceError) as exc:
        services.round_draw(staff=housing_staff, round_=round_, public_value="abc")
    assert exc.value.code.startswith("lottery_")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)


def test_duplicate_application_is_refused(housing_staff, project):
    person = make_applicant()
    services.application_submit(applicant=person, project=project)
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project)
    assert exc.value.code == "already_open"
    # still refused once approved (it waits for a draw)
    app = person and selectors.my_applications(person).get()
    services.application_decide(reviewer=housing_staff, application=app, outcome="approve")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=person, project=project)
    assert exc.value.code == "already_open"


def test_not_eligible_category_is_refused(housing_staff, city):
    project = make_project("t-eligible")
    project.eligible_categories = ["young_graduate", "bachelor_plus"]
    project.save()
    with pytest.raises(ServiceError) as exc:
        services.application_submit(applicant=make_applicant(category="other"), project=project)
    assert exc.value.code == "not_eligible"


def test_a_home_in_two_open_rounds_is_refused(housing_staff, project):
    home = project.homes.first()
    _round(housing_staff, project, homes=[home])
    Home.objects.filter(pk=home.pk).update(status=HomeStatus.AVAILABLE)  # even if its status were wrong
    with pytest.raises(ServiceError) as exc:
        _round(housing_staff, project, homes=[Home.objects.get(pk=home.pk)])
    assert exc.value.code == "home_in_open_round"


def test_a_drawn_round_is_never_redrawn_only_voided_with_a_reason(housing_staff, project):
    approved(project, housing_staff, [make_applicant() for _ in range(2)])
    round_ = services.round_freeze(staff=housing_staff, round_=_round(housing_staff, project))
    round_ = services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    audit = round_.audit
    with pytest.raises(ServiceError) as exc:
        services.round_draw(staff=housing_staff, round_=round_, public_value="9 9 9")
    assert exc.value.code == "already_drawn"
    with pytest.raises(ServiceError) as exc:
        services.round_void(staff=housing_staff, round_=round_, reason=" ")
    assert exc.value.code == "reason_required"
    round_ = services.round_void(staff=housing_staff, round_=round_, reason="公证人员未到场")
    assert round_.status == RoundStatus.VOIDED and round_.audit == audit and round_.void_reason
    assert not Offer.objects.filter(round=round_, status=OfferStatus.PENDING).exists()
    assert set(project.homes.values_list("status", flat=True)) == {HomeStatus.AVAILABLE}


def test_nobody_runs_a_round_with_their_own_application(housing_staff, project):
    from youthcity.accounts.models import YouthProfile

    YouthProfile.objects.create(user=housing_staff, education_level="master", hukou_city="洛阳市")
    app = services.application_submit(applicant=housing_staff, project=project)
    with pytest.raises(PermissionDenied):
        services.application_decide(reviewer=housing_staff, application=app, outcome="approve")
    other = make_applicant()
    from tests.factories import staff
    from youthcity.organizations.models import Unit

    colleague = staff(Unit.objects.get(code="410311-housing"), username="t_colleague")
    approved(project, colleague, [other])
    services.application_decide(reviewer=colleague, application=app, outcome="approve")
    with pytest.raises(PermissionDenied):
        services.round_freeze(staff=housing_staff, round_=_round(housing_staff, project))


def test_another_units_project_is_not_found(city):
    from youthcity.accounts.models import User

    project = make_project("t-city", unit_code="ly-housing", region="410300")
    luolong_staff = User.objects.get(username="luolong_housing")
    with pytest.raises(ServiceError) as exc:
        _round(luolong_staff, project)
    assert exc.value.code == "not_found"


def test_lease_rent_free_months_bounded_by_the_project(housing_staff, city):
    project = make_project("t-rental", homes=1, max_rent_free=3)
    approved(project, housing_staff, [make_applicant()])
    round_ = services.round_freeze(staff=housing_staff, round_=_round(housing_staff, project))
    round_ = services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    offer = round_.offers.get()
    with pytest.raises(ServiceError) as exc:
        services.lease_sign(staff=housing_staff, offer=offer, start=dt.date(2026, 12, 1))
    assert exc.value.code == "not_accepted"
    services.offer_accept(applicant=offer.application.applicant, offer=offer)
    with pytest.raises(ServiceError) as exc:
        services.lease_sign(staff=housing_staff, offer=offer, start=dt.date(2026, 12, 1), rent_free_months=12)
    assert exc.value.code == "invalid" and "rent_free_months" in exc.value.fields
    services.lease_sign(staff=housing_staff, offer=offer, start=dt.date(2026, 12, 1), rent_free_months=3)
    assert Lease.objects.filter(home=offer.home, status="active").count() == 1


def test_excel_import_is_all_or_nothing_with_row_errors(housing_staff, city):
    import io

    from openpyxl import Workbook

    project = make_project("t-import", homes=0)

    def sheet(rows):
        book = Workbook()
        ws = book.active
        ws.append(["楼栋", "房号", "面积", "户型", "月租金", "是否带家具"])
        for row in rows:
            ws.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    bad = sheet(
        [
            ["2号楼", "101", 45, "一室", 700, "是"],
            ["2号楼", "102", -3, "一室", 700, "是"],
            ["2号楼", "101", 45, "一室", 700, "否"],
            ["", "104", 45, "", "abc", "也许"],
        ]
    )
    with pytest.raises(ServiceError) as exc:
        services.homes_import(staff=housing_staff, project=project, rows=services.read_home_sheet(bad))
    assert exc.value.code == "invalid_rows"
    assert set(exc.value.fields) == {"第3行", "第4行", "第5行"}
    assert not project.homes.exists()
    good = sheet([["2号楼", "101", 45, "一室", 700, "是"], ["2号楼", "102", 60.5, "两室", 950, "否"]])
    assert (
        services.homes_import(staff=housing_staff, project=project, rows=services.read_home_sheet(good)) == 2
    )
    assert project.homes.get(code="2号楼-102").area == Decimal("60.50")
    with pytest.raises(ServiceError) as exc:
        services.homes_import(staff=housing_staff, project=project, rows=services.read_home_sheet(good))
    assert exc.value.code == "invalid_rows"
    with pytest.raises(ServiceError) as exc:
        services.read_home_sheet(b"not a workbook")
    assert exc.value.code == "bad_file"


def test_the_demo_pack_carries_luolongs_213_flats(city):
    from youthcity.housing.models import HousingProject

    project = HousingProject.objects.get(code="luolong-talent")
    assert project.homes.count() == 213
    assert set(project.homes.values_list("area", flat=True)) == {Decimal("90"), Decimal("60"), Decimal("45")}
    assert project.synthetic and project.max_rent_free_months == 36
    assert HousingProject.objects.get(code="luoyang-rental-yiluo").homes.filter(area__lt=70).count() == 24


def test_the_order_of_the_pools_is_chosen_per_round_and_written_in_the_audit_file(housing_staff, project):
    approved(project, housing_staff, [make_applicant() for _ in range(3)])
    round_ = _round(housing_staff, project, pool_order="open_first")
    round_ = services.round_draw(
        staff=housing_staff,
        round_=services.round_freeze(staff=housing_staff, round_=round_),
        public_value=PUBLIC_VALUE,
    )
    assert json.loads(round_.audit)["round"]["policy"]["order"] == "open_first"
    with pytest.raises(ServiceError) as exc:
        _round(housing_staff, make_project("t-order"), pool_order="lottery_first")
    assert exc.value.code == "invalid"


def test_the_secret_never_reaches_the_audit_trail_before_the_draw(housing_staff, project):
    from auditlog.models import LogEntry

    round_ = _round(housing_staff, project)
    entries = LogEntry.objects.get_for_object(round_)
    assert entries.exists()
    assert all(round_.secret not in str(e.changes) for e in entries)


def test_staff_take_a_free_home_out_of_letting_but_not_one_in_a_round(housing_staff, project):
    home = project.homes.order_by("code").first()
    assert (
        services.home_set_available(staff=housing_staff, home=home, available=False, reason="维修").status == "unavailable"
    )
    assert services.home_set_available(staff=housing_staff, home=home, available=True).status == "available"
    _round(housing_staff, project, homes=[home])
    with pytest.raises(ServiceError) as exc:
        services.home_set_available(staff=housing_staff, home=home, available=False, reason="维修")
    assert exc.value.code == "home_busy"
