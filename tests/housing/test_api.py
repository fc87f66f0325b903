"""Housing API: applicants apply, read offers and accept; staff decide, open, freeze, draw and
void rounds and sign leases; another unit's objects are 404; errors in the house format."""

from __future__ import annotations

import pytest

from tests.conftest import bearer
from tests.housing.conftest import PUBLIC_VALUE, make_applicant, make_project
from youthcity.housing import services
from youthcity.housing.models import HousingProject

pytestmark = pytest.mark.django_db


def test_projects_are_public(client, city):
    rows = client.get("/api/v1/housing/projects").json()
    assert any(r["code"] == "luolong-talent" and r["homes"] == 213 for r in rows)


def test_the_api_slice(client, housing_staff, city):
    project = make_project("t-api", homes=1)
    person = make_applicant()
    me, staff = bearer(person), bearer(housing_staff)
    created = client.post(
        "/api/v1/housing/applications",
        {"project": project.pk, "household_size": 1},
        content_type="application/json",
        **me,
    )
    assert created.status_code == 201, created.content
    app_id = created.json()["id"]
    duplicate = client.post(
        "/api/v1/housing/applications", {"project": project.pk}, content_type="application/json", **me
    )
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "already_open"
    own = client.post(
        f"/api/v1/housing/review/{app_id}/decision",
        {"outcome": "approve"},
        content_type="application/json",
        **me,
    )
    assert own.status_code == 404
    decided = client.post(
        f"/api/v1/housing/review/{app_id}/decision",
        {"outcome": "approve"},
        content_type="application/json",
        **staff,
    )
    assert decided.json()["status"] == "approved"
    too_many = client.post(
        f"/api/v1/housing/projects/{project.pk}/rounds",
        {"name": "R", "public_source_name": "福彩3D", "reserved_count": 3},
        content_type="application/json",
        **staff,
    )
    assert too_many.status_code == 422 and too_many.json()["error"]["code"] == "reserve_exceeds_homes"
    round_ = client.post(
        f"/api/v1/housing/projects/{project.pk}/rounds",
        {"name": "R", "public_source_name": "福彩3D", "reserved_share": "0.4"},
        content_type="application/json",
        **staff,
    ).json()
    assert client.post(f"/api/v1/housing/rounds/{round_['id']}/freeze", **staff).json()["status"] == "frozen"
    wrong = client.post(
        f"/api/v1/housing/rounds/{round_['id']}/draw",
        {"public_value": PUBLIC_VALUE, "secret": "ab" * 20},
        content_type="application/json",
        **staff,
    )
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "secret_mismatch"
    assert "承诺值" in wrong.json()["error"]["message"]
    drawn = client.post(
        f"/api/v1/housing/rounds/{round_['id']}/draw",
        {"public_value": PUBLIC_VALUE},
        content_type="application/json",
        **staff,
    ).json()
    assert drawn["status"] == "drawn" and len(drawn["seed"]) == 64
    public = client.get(f"/api/v1/housing/rounds/{round_['id']}").json()
    assert public["revealed_secret"] and public["audit_hash"] == drawn["audit_hash"]
    offers = client.get("/api/v1/housing/offers", **me).json()
    assert len(offers) == 1
    accepted = client.post(f"/api/v1/housing/offers/{offers[0]['id']}/accept", **me).json()
    assert accepted["status"] == "accepted"
    lease = client.post(
        f"/api/v1/housing/offers/{offers[0]['id']}/lease",
        {"start": "2026-12-01", "rent_free_months": 3, "monthly_subsidy": "500"},
        content_type="application/json",
        **staff,
    )
    assert lease.status_code == 201 and lease.json()["monthly_subsidy"] == "500"
    assert client.get("/api/v1/housing/leases", **me).json()[0]["status"] == "active"


def test_staff_of_another_unit_get_404(client, city):
    from youthcity.accounts.models import User

    project = HousingProject.objects.get(code="luoyang-rental-yiluo")
    response = client.post(
        f"/api/v1/housing/projects/{project.pk}/rounds",
        {"name": "R", "public_source_name": "福彩3D"},
        content_type="application/json",
        **bearer(User.objects.get(username="luolong_housing")),
    )
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_the_api_refuses_two_categories_and_serves_the_statement_and_arrears(client, housing_staff, city):
    import datetime as dt

    from django.utils import timezone

    from tests.housing.conftest import approved

    project = make_project("t-api2", homes=1)
    person = make_applicant()
    me, staff = bearer(person), bearer(housing_staff)
    two = client.post(
        "/api/v1/housing/applications",
        {"project": project.pk, "categories": ["young_graduate", "bachelor_plus"]},
        content_type="application/json",
        **me,
    )
    assert two.status_code == 409 and two.json()["error"]["code"] == "several_categories"
    approved(project, housing_staff, [person])
    round_ = services.round_create(
        staff=housing_staff, project=project, name="API", public_source_name="福彩3D", ranking="score"
    )
    services.round_freeze(staff=housing_staff, round_=round_)
    services.round_draw(staff=housing_staff, round_=round_, public_value=PUBLIC_VALUE)
    offer = round_.offers.get()
    services.offer_accept(applicant=person, offer=offer)
    lease = services.lease_sign(
        staff=housing_staff, offer=offer, start=timezone.localdate() - dt.timedelta(days=40), monthly_subsidy=100
    )
    statement = client.get(f"/api/v1/housing/leases/{lease.pk}/statement", **me).json()
    assert {e["kind"] for e in statement["entries"]} == {"rent", "subsidy"} and statement["rent_overdue"]
    assert client.get(f"/api/v1/housing/leases/{lease.pk}/statement", **staff).status_code == 404
    owed = client.get("/api/v1/housing/arrears", **staff).json()
    assert len(owed) == 1
    paid = client.post(
        f"/api/v1/housing/entries/{owed[0]['id']}/settle",
        {"settled_on": timezone.localdate().isoformat()},
        content_type="application/json",
        **staff,
    )
    assert paid.status_code == 200 and paid.json()["settled_on"]
    home = client.post(
        f"/api/v1/housing/homes/{lease.home_id}/availability",
        {"available": False, "reason": "维修"},
        content_type="application/json",
        **staff,
    )
    assert home.status_code == 409 and home.json()["error"]["code"] == "home_busy"
