"""The permission matrix: every staff page and API, for every role, including a district-scoped
administrator and cross-district attempts. Generated from the URL configuration: a new staff URL
without a case here fails :func:`test_every_staff_url_is_in_the_matrix`.

Outcomes: ``ok`` (200, or a redirect after a write), ``deny`` (403 or 404: refused without
leaking whether the object exists), ``login`` (302 to the sign-in page). No request may ever
answer 5xx.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import bearer
from tests.factories import region_role
from tests.housing.conftest import city_level_objects
from youthcity.accounts.models import Membership, Role, User
from youthcity.benefits.models import ApplicationDocument, BenefitApplication, PolicyVersion
from youthcity.careers.models import (
    AllowanceClaim,
    Employer,
    EmployerSubsidy,
    EmployerVerification,
    JobFair,
    MatchingRound,
    PositionReview,
    ServiceCentre,
)
from youthcity.community.models import Event, Room, RoomBooking, YouthHome
from youthcity.ledger.models import Measure, Plan, PlanImport, PolicyDraft, ProgressReport, Target
from youthcity.monitoring.models import IndexRun, Submission
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region
from youthcity.stations.models import Booking, FollowUp, Station
from youthcity.volunteering.models import HoursEntry, Project

STAFF_PREFIXES = ("work/", "dashboard/", "accounts/staff/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def staff_routes() -> list[str]:
    return sorted({r for r in _walk(get_resolver().url_patterns) if r.startswith(STAFF_PREFIXES)})


@pytest.fixture
def people(users, city):
    luolong = Region.objects.get(code="410311")
    return {**users, "luolong_admin": region_role(luolong, Role.ADMIN, username="luolong_admin"),
            "luolong_leader": region_role(luolong, Role.LEADER, username="luolong_leader")}


@pytest.fixture
def outside(city):
    """Objects outside 洛龙区 (city level or another district) for each URL parameter."""
    jianxi_station = Station.objects.get(code="jianxi")
    city_plan = Plan.objects.filter(region=city).order_by("pk").first()
    measure = Measure.objects.filter(project__plan=city_plan).order_by("pk").first()
    booking = Booking.objects.filter(station=jianxi_station).order_by("pk").first()
    application = BenefitApplication.objects.filter(unit__code="ly-hrss").order_by("pk").first()
    submission = Submission.objects.order_by("pk").first()
    return {
        "unit_id": Unit.objects.get(code="ly-hrss").pk,
        "import_id": PlanImport.objects.filter(region=city).order_by("pk").first().pk,
        "plan_id": city_plan.pk,
        "draft_id": PolicyDraft.objects.filter(plan=city_plan).order_by("pk").first().pk,
        "measure_id": measure.pk,
        "target_id": Target.objects.filter(measure__project__plan=city_plan).order_by("pk").first().pk,
        "report_id": ProgressReport.objects.filter(measure__project__plan=city_plan).order_by("pk").first().pk,
        "station_id": jianxi_station.pk,
        "booking_id": booking.pk,
        "follow_up_id": FollowUp.objects.filter(booking=booking).order_by("pk").first().pk,
        "benefits_pk": application.pk,
        "benefits_document_pk": ApplicationDocument.objects.filter(application=application).first().pk,
        # a version of a city department's (市人社局) policy, submitted for review
        "policy_id": "enterprise_university_base_subsidy", "action": "publish",
        "policy_version_pk": _submitted_policy_version().pk,
        "submission_pk": submission.pk,
        "run_pk": IndexRun.objects.order_by("pk").first().pk,
        # careers: the demo's waiting reviews, all in 市人社局's queue (city level)
        "verification_id": EmployerVerification.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        "review_id": PositionReview.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        "claim_id": AllowanceClaim.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        "careers_round_id": MatchingRound.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        # the demo fair and centre are 市人社局's; a subsidy of the 涧西区 demo employer is 涧西区人社局's
        "fair_id": JobFair.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        "centre_id": ServiceCentre.objects.filter(unit__code="ly-hrss").order_by("pk").first().pk,
        "subsidy_id": _jianxi_subsidy().pk,
        "user_id": User.objects.get(username="hrss_staff").pk,  # a city department's staff member
        **city_level_objects(),
        "event_id": Event.objects.get(code="demo-hanfu").pk,  # 西工区
        "shift_id": Project.objects.get(code="demo-jianxi-elderly").shifts.order_by("pk").first().pk,  # 涧西区
        "entry_id": HoursEntry.objects.filter(shift__project__code="demo-jianxi-elderly").order_by("pk").first().pk,
        "youth_home_id": YouthHome.objects.get(code="home-410305001").pk,  # 涧西区
        "room_booking_id": _jianxi_room_booking().pk,
        "p": 0, "m": 0, "t": 0, "framework": "luoyang_ydi", "period": "2024", "region_code": "410305",
    }


def _submitted_policy_version() -> PolicyVersion:
    from youthcity.benefits.registry import default_directory, file_text, text_hash

    text = file_text(default_directory(), "enterprise_university_base_subsidy")
    return PolicyVersion.objects.create(
        policy_id="enterprise_university_base_subsidy", yaml_text=text, yaml_hash=text_hash(text),
        base_hash=text_hash(text), status=PolicyVersion.Status.SUBMITTED, tests_passed=True,
        author=User.objects.get(username="hrss_staff"), submitted_at=timezone.now())


def _jianxi_subsidy():
    jianxi = Employer.objects.get(credit_code="91410305MA9XK56789")
    return EmployerSubsidy.objects.create(applicant=User.objects.get(username="employer_jianxi_hr"),
                                          unit=Unit.objects.get(code="410305-hrss"), employer=jianxi,
                                          policy_id="private_enterprise_hiring_subsidy", is_private=True,
                                          graduates_hired=1)



def _jianxi_room_booking() -> RoomBooking:
    room = Room.objects.filter(home__code="home-410305001").order_by("pk").first()
    start = timezone.now() + dt.timedelta(days=3)
    return RoomBooking.objects.create(
        room=room, starts_at=start, ends_at=start + dt.timedelta(hours=2), purpose="涧西的活动",
        booked_by=User.objects.get(username="hrss_staff"),
    )


def fill(route: str, objects: dict) -> str:
    """A concrete path for a route, taking each parameter from ``objects``."""
    def value(match):
        name = match.group(2)
        if name == "pk":
            key = ("benefits_document_pk" if "documents" in route
                   else "policy_version_pk" if "policies/versions" in route
                   else "benefits_pk" if "benefits" in route
                   else "submission_pk" if "submissions" in route else "run_pk")
            return str(objects[key])
        return str(objects[name])
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


ROLES = ["anonymous", "youth", "hrss_staff", "hrss_reviewer", "station_staff", "coordinator", "leader",
         "luolong_coordinator", "luolong_admin", "luolong_leader", "admin"]


def test_every_staff_url_is_in_the_matrix(outside):
    for route in staff_routes():
        fill(route, outside)  # a KeyError names a new parameter the matrix does not cover yet


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_page_errors_and_nothing_outside_the_district_leaks(client, people, outside, role):
    if role != "anonymous":
        client.force_login(people[role])
    district_roles = role.startswith("luolong_")
    leaks, errors = [], []
    for route in staff_routes():
        path = fill(route, outside)
        response = client.get(path)
        status = response.status_code
        if status >= 500:
            errors.append((path, status))
        if role == "anonymous":
            assert status == 302 and "/accounts/login/" in response["Location"], path
            continue
        has_object = bool(re.search(r"<(?:\w+:)?(?!framework|period)\w+>", route))
        if district_roles and has_object and not route.startswith(("dashboard/index/",)):
            if status == 200:
                leaks.append(path)
    assert not errors, errors
    assert not leaks, f"{role} sees objects outside 洛龙区: {leaks}"


def test_a_district_admin_sees_only_the_district_audit_trail(client, people, users):
    from auditlog.context import set_actor

    for person in (users["coordinator"], users["luolong_coordinator"], users["youth"]):
        with set_actor(person):
            person.display_name += "（改）"
            person.save()
    client.force_login(people["luolong_admin"])
    page = client.get("/work/audit/")
    assert page.status_code == 200
    actors = {e.actor_id for e in page.context["page"].object_list}
    # the district's coordinator and a young person living there, not the city's coordinator
    assert users["luolong_coordinator"].pk in actors and users["youth"].pk in actors
    assert users["coordinator"].pk not in actors
    client.force_login(users["admin"])
    everyone = {e.actor_id for e in client.get("/work/audit/").context["page"].object_list}
    assert users["coordinator"].pk in everyone


def test_a_district_admin_sees_no_city_monitoring_work(client, people):
    from youthcity.monitoring import selectors

    admin = people["luolong_admin"]
    assert not selectors.pending_reviews(admin).exists()
    assert not selectors.visible_submissions(admin).exists()
    client.force_login(admin)
    assert client.get("/work/monitoring/runs/").status_code in (403, 404)


def test_a_district_admin_sees_the_district_stations_only(client, people):
    from youthcity.stations import selectors

    admin = people["luolong_admin"]
    assert set(selectors.stations_for(admin).values_list("code", flat=True)) == {"yanhuang"}
    assert set(selectors.stations_in_regions(admin).values_list("code", flat=True)) == {"yanhuang"}
    client.force_login(admin)
    jianxi = Station.objects.get(code="jianxi")
    assert client.get(f"/work/stations/{jianxi.pk}/").status_code == 404


def test_a_district_admin_sees_personal_data_only_in_the_district(client, people):
    from youthcity.accounts.permissions import can_see_personal_data

    admin = people["luolong_admin"]
    assert can_see_personal_data(admin, Region.objects.get(code="410311"))
    assert not can_see_personal_data(admin, Region.objects.get(code="410305"))
    assert not can_see_personal_data(admin)  # no region named: only a superuser
    hrss = Unit.objects.get(code="410311-hrss")
    client.force_login(admin)
    assert client.get(f"/work/units/{hrss.pk}/").status_code == 200
    assert client.get(f"/work/units/{Unit.objects.get(code='ly-hrss').pk}/").status_code == 404


def test_careers_reviews_are_the_city_hr_department_s_only(client, people, outside):
    """Employer verifications, internship approvals and allowance claims wait in 市人社局's queue:
    its staff open them; district roles, station staff, employers and young people get a 404/403."""
    from youthcity.accounts.models import User

    paths = [f"/work/careers/employers/{outside['verification_id']}/",
             f"/work/careers/positions/{outside['review_id']}/",
             f"/work/careers/claims/{outside['claim_id']}/",
             f"/work/careers/rounds/{outside['careers_round_id']}/"]
    for who in ("hrss_staff", "hrss_reviewer", "coordinator", "admin"):
        client.force_login(people[who])
        assert [client.get(p).status_code for p in paths] == [200, 200, 200, 200], who
    for who in ("luolong_admin", "luolong_coordinator", "station_staff", "youth"):
        client.force_login(people[who])
        assert all(client.get(p).status_code in (403, 404) for p in paths), who
    client.force_login(User.objects.get(username="employer_hr"))  # a verified employer's HR: not a reviewer
    assert all(client.get(p).status_code in (403, 404) for p in paths)
    assert client.get("/work/careers/").status_code == 403


def test_careers_fairs_centres_and_subsidies_are_scoped(client, people, settings, tmp_path):
    """The demo fair and centre are 市人社局's; an employer subsidy of a 洛龙区 employer is 洛龙区人社局's:
    each opens only for the responsible unit's staff (and those over it), never for others."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from youthcity.accounts.models import User
    from youthcity.careers import services

    settings.MEDIA_ROOT = str(tmp_path)
    fair = JobFair.objects.filter(is_demo=True).first()
    centre = ServiceCentre.objects.filter(is_demo=True).first()
    city_paths = [f"/work/careers/fairs/{fair.pk}/", f"/work/careers/centres/{centre.pk}/",
                  f"/work/careers/fairs/{fair.pk}/check-in/", f"/work/careers/centres/{centre.pk}/edit/"]
    for who in ("hrss_staff", "hrss_reviewer", "coordinator", "admin"):
        client.force_login(people[who])
        assert [client.get(p).status_code for p in city_paths] == [200, 200, 200, 200], who
    for who in ("luolong_admin", "luolong_coordinator", "station_staff", "youth"):
        client.force_login(people[who])
        assert all(client.get(p).status_code in (403, 404) for p in city_paths), who
    hr = User.objects.get(username="employer_hr")
    employer = Employer.objects.get(unit__memberships__user=hr)
    pdf = b"%PDF-1.4\n%%EOF\n"
    subsidy = services.subsidy_apply(
        staff=hr, employer=employer, policy_id="private_enterprise_hiring_subsidy", is_private=True, graduates_hired=2,
        documents={d: SimpleUploadedFile(f"{d}.pdf", pdf, content_type="application/pdf")
                   for d in ("business_licence", "labour_contracts", "social_insurance_records")})
    path = f"/work/careers/subsidies/{subsidy.pk}/"
    assert subsidy.unit.code == f"{employer.district.code}-hrss"
    for who in ("luolong_admin", "luolong_coordinator", "admin"):  # over 洛龙区 (or superuser)
        client.force_login(people[who])
        assert client.get(path).status_code == 200, who
    for who in ("hrss_staff", "hrss_reviewer", "station_staff", "youth"):  # 市人社局 does not review it
        client.force_login(people[who])
        assert client.get(path).status_code in (403, 404), who
    client.force_login(hr)
    assert client.get(path).status_code in (302, 403, 404)
    assert client.get("/work/careers/fairs/").status_code == 403
    assert client.get("/work/careers/centres/new/").status_code == 403
    client.force_login(people["luolong_admin"])  # registers centres only for 洛龙区's units
    units = client.get("/work/careers/centres/new/").context["form"].fields["unit"].queryset
    assert units.exists() and all(u.region.path.startswith(Region.objects.get(code="410311").path) for u in units)


def test_district_staff_see_only_their_events_and_volunteering(client, people):
    admin = people["luolong_admin"]
    client.force_login(admin)
    hanfu = Event.objects.get(code="demo-hanfu")
    night = Event.objects.get(code="demo-night-school")
    assert client.get(f"/work/events/{hanfu.pk}/").status_code == 404
    assert client.get(f"/work/events/{night.pk}/").status_code == 200
    jianxi = Project.objects.get(code="demo-jianxi-elderly").shifts.order_by("pk").first()
    luolong = Project.objects.get(code="demo-longmen-guide").shifts.order_by("pk").first()
    assert client.get(f"/work/volunteering/shifts/{jianxi.pk}/").status_code == 404
    assert client.get(f"/work/volunteering/shifts/{luolong.pk}/").status_code == 200
    entry = HoursEntry.objects.filter(shift__project__code="demo-jianxi-elderly").first()
    assert client.get(f"/work/volunteering/entries/{entry.pk}/correct/").status_code == 404
    jianxi_home = YouthHome.objects.get(code="home-410305001")
    luolong_home = YouthHome.objects.get(code="home-410311001")
    assert client.get(f"/work/youth-homes/{jianxi_home.pk}/rooms/").status_code == 404
    assert client.get(f"/work/youth-homes/{luolong_home.pk}/rooms/").status_code == 200
    booking = _jianxi_room_booking()
    assert client.get(f"/work/rooms/bookings/{booking.pk}/publish/").status_code == 404
    assert client.post(f"/work/rooms/bookings/{booking.pk}/publish/", {"title": "x"}).status_code == 404


def test_unit_staff_scope_covers_every_unit_below_theirs(city):
    from tests.factories import UnitFactory, staff
    from youthcity.accounts.permissions import scope_units

    top = UnitFactory(code="test-top")
    child = UnitFactory(code="test-child", parent=top)
    grandchild = UnitFactory(code="test-grandchild", parent=child)
    person = staff(top)
    assert set(scope_units(person).values_list("code", flat=True)) == {"test-top", "test-child", "test-grandchild"}
    lower = staff(child)
    assert set(scope_units(lower).values_list("code", flat=True)) == {"test-child", "test-grandchild"}
    assert grandchild.pk in set(scope_units(lower, write=True).values_list("pk", flat=True))


API_OUTSIDE = [
    ("get", "/api/v1/units/{unit_id}"),
    ("get", "/api/v1/plans/{plan_id}"),
    ("get", "/api/v1/measures/{measure_id}/reports"),
    ("post", "/api/v1/reports/{report_id}/review"),
    ("post", "/api/v1/benefits/review/{benefits_pk}/decision"),
    ("get", "/api/v1/benefits/policy-versions/{policy_version_pk}"),
    ("post", "/api/v1/benefits/policy-versions/{policy_version_pk}/publish"),
    ("post", "/api/v1/benefits/policy-versions/{policy_version_pk}/reject"),
    ("get", "/api/v1/stations/{station_id}/day"),
    ("post", "/api/v1/stations/bookings/{booking_id}/check-in"),
    ("post", "/api/v1/stations/bookings/{booking_id}/check-out"),
    ("post", "/api/v1/monitoring/submissions/{submission_pk}/approve"),
    ("post", "/api/v1/monitoring/submissions/{submission_pk}/return"),
    ("post", "/api/v1/housing/review/{housing_application_id}/decision"),
    ("post", "/api/v1/housing/projects/{project_id}/rounds"),
    ("post", "/api/v1/housing/rounds/{round_id}/freeze"),
    ("post", "/api/v1/housing/rounds/{round_id}/void"),
    ("post", "/api/v1/housing/offers/{offer_id}/lease"),
    ("post", "/api/v1/housing/homes/{home_id}/availability"),
    ("post", "/api/v1/housing/entries/{lease_entry_id}/settle"),
    ("post", "/api/v1/events/{event_id}/check-in"),
    ("post", "/api/v1/volunteering/shifts/{shift_id}/check-in"),
    ("post", "/api/v1/volunteering/entries/{entry_id}/check-out"),
]


@pytest.mark.parametrize("role", ["luolong_admin", "luolong_coordinator", "luolong_leader", "station_staff",
                                  "youth"])
@pytest.mark.parametrize("method,template", API_OUTSIDE)
def test_the_api_refuses_objects_outside_the_callers_scope(client, people, outside, role, method, template):
    path = template.format(**outside)
    headers = bearer(people[role])
    if method == "get":
        response = client.get(path, **headers)
    else:
        response = client.post(path, data={"decision": "accepted", "outcome": "approve", "name": "x", "public_source_name": "x",
                                           "reason": "x", "start": "2026-12-01", "available": False,
                                           "settled_on": "2026-12-01"},
                               content_type="application/json", **headers)
    assert response.status_code in (403, 404), (path, response.status_code, response.content[:200])
    assert response.json()["error"]["code"] in ("forbidden", "not_found")


# --- Staff accounts: created, granted, ended and unlocked only within the manager's scope --------------


@pytest.mark.parametrize("role", ["youth", "hrss_staff", "hrss_reviewer", "station_staff", "leader", "luolong_leader"])
def test_only_coordinators_and_administrators_manage_staff(client, people, role):
    client.force_login(people[role])
    assert client.get("/accounts/staff/").status_code == 403
    assert client.get("/accounts/staff/new/").status_code == 403
    r = client.post("/accounts/staff/new/", {"username": f"made_by_{role}", "display_name": "x", "role": "unit_staff",
                                             "unit": Unit.objects.get(code="410311-hrss").pk})
    assert r.status_code == 403 and not User.objects.filter(username=f"made_by_{role}").exists()


@pytest.mark.parametrize("role", ["luolong_coordinator", "luolong_admin"])
def test_a_district_manager_cannot_touch_city_staff_or_create_outside_the_district(client, people, role):
    client.force_login(people[role])
    city_staff = people["hrss_staff"]
    membership = Membership.objects.get(user=city_staff, unit__code="ly-hrss")
    assert client.get(f"/accounts/staff/{city_staff.pk}/").status_code == 404
    for data in ({"action": "end", "membership": membership.pk}, {"action": "unlock"},
                 {"action": "grant", "role": "reviewer", "unit": Unit.objects.get(code="410311-hrss").pk}):
        assert client.post(f"/accounts/staff/{city_staff.pk}/", data).status_code == 404
    membership.refresh_from_db()
    assert membership.is_active
    # a unit of the city, a region above or beside the district: not offered, and refused if forced
    for data in ({"role": "unit_staff", "unit": Unit.objects.get(code="ly-hrss").pk},
                 {"role": "coordinator", "region": Region.objects.get(code="410300").pk},
                 {"role": "leader", "region": Region.objects.get(code="410305").pk}):
        r = client.post("/accounts/staff/new/", {"username": "cross_scope", "display_name": "x", **data})
        assert r.status_code == 200 and r.context["form"].errors, data
    assert not User.objects.filter(username="cross_scope").exists()
    # inside the district: allowed
    r = client.post("/accounts/staff/new/", {"username": f"inside_{role}", "display_name": "x", "role": "reviewer",
                                             "unit": Unit.objects.get(code="410311-hrss").pk})
    assert r.status_code == 200 and User.objects.get(username=f"inside_{role}").must_change_password


def test_a_district_coordinator_cannot_make_an_administrator(client, people):
    client.force_login(people["luolong_coordinator"])
    r = client.post("/accounts/staff/new/", {"username": "would_be_admin", "display_name": "x", "role": "admin",
                                             "region": Region.objects.get(code="410311").pk})
    assert r.status_code == 200 and "role" in r.context["form"].errors
    assert not User.objects.filter(username="would_be_admin").exists()
