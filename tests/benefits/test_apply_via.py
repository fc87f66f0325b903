"""Issue 16: the youth-station "application" is the station booking. A policy that says
``application.apply_via`` is applied for through that domain's flow: the finder and the policy
list lead there, the benefits application is refused (web and API), "my applications" lists the
flow's items, and an entry point nobody registered is refused when the policies load."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.utils import timezone

from tests.benefits.conftest import pdf
from tests.conftest import bearer
from youthcity.benefits.models import BenefitApplication
from youthcity.benefits.registry import default_directory, registry
from youthcity.core.errors import ServiceError
from youthcity.engines.rules import PolicyError, load_policy_set

STATION = "youth_station_stay"


def test_the_station_policy_is_applied_for_by_booking(city):
    policy = registry.get().policies[STATION]
    assert policy.apply_via == "stations.booking"
    assert registry.get().policies["interview_travel_subsidy"].apply_via is None


def test_the_finders_action_for_the_station_policy_is_the_booking_page(client, graduate):
    client.force_login(graduate)
    page = client.get("/benefits/results/").content.decode()
    assert 'href="/stations/" data-testid="apply-youth_station_stay"' in page
    assert "预订青年驿站" in page
    assert "/benefits/apply/youth_station_stay/" not in page
    # Other benefits are still applied for here.
    assert 'href="/benefits/apply/interview_travel_subsidy/"' in page


def test_the_policy_list_leads_to_the_booking(client, city):
    page = client.get("/benefits/policies/").content.decode()
    assert 'href="/stations/" data-testid="policy-action-youth_station_stay"' in page


def test_the_old_apply_page_leads_to_the_booking(client, graduate):
    client.force_login(graduate)
    response = client.get(f"/benefits/apply/{STATION}/")
    assert response.status_code == 302 and response.url == "/stations/"


def test_applying_through_benefits_on_the_web_is_refused(client, graduate):
    client.force_login(graduate)
    response = client.post(f"/benefits/apply/{STATION}/", {"id_card": pdf(), "degree_certificate": pdf()},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/stations/"
    text = response.content.decode()
    assert "预订青年驿站" in text and "/api/v1/stations/bookings" in text
    assert not BenefitApplication.objects.filter(applicant=graduate, policy_id=STATION).exists()


def test_applying_through_the_api_is_refused_with_the_booking_endpoint(client, graduate):
    response = client.post("/api/v1/benefits/applications", {"policy": STATION, "id_card": pdf(),
                                                              "degree_certificate": pdf()}, **bearer(graduate))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "apply_via"
    assert "POST /api/v1/stations/bookings" in error["message"] and "/stations/" in error["message"]
    assert not BenefitApplication.objects.filter(applicant=graduate, policy_id=STATION).exists()


def test_the_service_refuses_before_looking_at_documents(graduate):
    from youthcity.benefits import services

    with pytest.raises(ServiceError) as refused:
        services.application_submit(applicant=graduate, policy_id=STATION, documents={})
    assert refused.value.status == 409 and refused.value.code == "apply_via"


def test_the_policy_api_names_the_entry_point(client, city):
    rows = {p["id"]: p for p in client.get("/api/v1/benefits/policies").json()}
    assert rows[STATION]["apply_via"] == "stations.booking"
    assert rows[STATION]["action_api"] == "POST /api/v1/stations/bookings"
    assert rows["interview_travel_subsidy"]["apply_via"] is None


def test_my_applications_lists_a_booking_beside_benefit_applications(client, submitted):
    from tests.stations.conftest import make_station
    from youthcity.stations import services as stations

    graduate = submitted.applicant
    station = make_station("applyvia", rooms=(("X1", "mixed", 1),))
    today = timezone.localdate()
    booking, _ = stations.booking_create(person=graduate, station=station, check_in=today + dt.timedelta(days=1),
                                         check_out=today + dt.timedelta(days=3))
    client.force_login(graduate)
    page = client.get("/benefits/applications/").content.decode()
    assert 'data-testid="item-stations.booking"' in page and station.display_name in page
    assert f"/stations/my/#booking-{booking.pk}" in page
    assert 'data-testid="item-benefits.application"' in page and submitted.policy_name in page
    assert page.count('data-testid="item-') == 2  # one list, no duplicate


def test_an_existing_station_application_stays_readable(client, graduate):
    """Applications made before the booking became the one path are kept and still open."""
    from youthcity.organizations.models import Unit

    unit = Unit.objects.get(code="ly-hrss")
    old = BenefitApplication.objects.create(applicant=graduate, policy_id=STATION, policy_name="青年驿站免费住宿",
                                            unit=unit, status="submitted")
    client.force_login(graduate)
    assert client.get(f"/benefits/applications/{old.pk}/").status_code == 200
    assert "青年驿站免费住宿" in client.get("/benefits/applications/").content.decode()


@pytest.fixture
def typo_dir(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(default_directory(), target)
    path = target / f"{STATION}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("apply_via: stations.booking",
                                                             "apply_via: stations.bookin"), encoding="utf-8")
    yield target
    registry.reload()


def test_an_unknown_entry_point_fails_to_load_with_a_clear_error(city, typo_dir):
    before = registry.get()
    failure = registry.reload(typo_dir)
    assert failure is not None and failure.file.endswith(f"{STATION}.yaml") and failure.line > 1
    assert "unknown application.apply_via 'stations.bookin'" in failure.message
    assert "stations.booking" in failure.message  # the known entry points are listed
    assert registry.get() is before


def test_the_engine_checks_entry_points_only_when_given(typo_dir):
    load_policy_set(typo_dir)  # the command line has no registry: the form alone is checked
    with pytest.raises(PolicyError, match="unknown application.apply_via"):
        load_policy_set(typo_dir, entry_points={"stations.booking"})


def _edited(tmp_path, old: str, new: str):
    target = tmp_path / "policies"
    shutil.copytree(default_directory(), target)
    path = target / f"{STATION}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return target


def test_the_engine_refuses_a_malformed_entry_point(tmp_path):
    target = _edited(tmp_path, "apply_via: stations.booking", "apply_via: StationsBooking")
    with pytest.raises(PolicyError, match="must name a domain entry point as domain.entry"):
        load_policy_set(target)


def test_the_engine_refuses_an_entry_point_on_a_policy_without_application(tmp_path):
    target = _edited(tmp_path, "application:\n  required: true", "application:\n  required: false")
    with pytest.raises(PolicyError, match="needs application.required: true"):
        load_policy_set(target)


def test_anyone_sees_the_booking_action_on_the_policy_list(client, city):
    """Someone not signed in sees it too (the booking page asks them to sign in to book)."""
    assert "预订青年驿站" in client.get("/benefits/policies/").content.decode()


# -- housing: its own application flow takes the housing policies the same way ------------------

HOUSING_POLICIES = ("talent_apartment_city", "guaranteed_rental_housing_priority", "luolong_talent_apartment",
                    "talent_apartment_shared_ownership")


def test_the_housing_policies_are_applied_for_through_housing(client, city):
    ps = registry.get()
    assert {ps.policies[p].apply_via for p in HOUSING_POLICIES} == {"housing.application"}
    page = client.get("/benefits/policies/").content.decode()
    assert 'href="/housing/" data-testid="policy-action-talent_apartment_city"' in page


def test_a_benefits_application_for_a_housing_policy_is_refused(client, graduate):
    response = client.post("/api/v1/benefits/applications", {"policy": "guaranteed_rental_housing_priority"},
                           **bearer(graduate))
    assert response.status_code == 409
    assert "POST /api/v1/housing/applications" in response.json()["error"]["message"]


def test_my_applications_lists_a_housing_application(client, city):
    from tests.housing.conftest import make_applicant, make_project
    from youthcity.housing import services as housing

    person = make_applicant()
    application = housing.application_submit(applicant=person, project=make_project("applyvia"),
                                             notify_reviewers=False)
    client.force_login(person)
    page = client.get("/benefits/applications/").content.decode()
    assert 'data-testid="item-housing.application"' in page
    assert f"/housing/applications/{application.pk}/" in page and application.project.name in page


def test_my_applications_lists_a_job_application(client, city):
    """A job or internship application is one of the person's applications too."""
    from tests.careers.conftest import make_youth, post_internship, register, verify
    from youthcity.careers import services as careers

    position = post_internship(verify(register()))
    person = make_youth()
    careers.job_apply(applicant=person, position=position)
    client.force_login(person)
    page = client.get("/benefits/applications/").content.decode()
    assert 'data-testid="item-careers.job_application"' in page
    assert position.title in page and "已投递" in page
