"""The staff-management API (/api/v1/staff…): the web's rules at the API edge — only coordinators
and administrators, only within their regions and units, never their own roles, audited."""

from __future__ import annotations

import json
import re

import pytest
from auditlog.models import LogEntry

from tests.conftest import bearer
from tests.factories import region_role
from youthcity.accounts.models import ApiToken, Membership, Role, User
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region


def _post(client, path, user, data=None):
    return client.post(path, data=json.dumps(data or {}), content_type="application/json", **bearer(user))


@pytest.fixture
def luolong_admin(city):
    return region_role(Region.objects.get(code="410311"), Role.ADMIN, username="luolong_admin_api")


@pytest.mark.parametrize("role", ["youth", "hrss_staff", "hrss_reviewer", "leader"])
def test_only_managers_use_the_staff_api(client, users, role):
    assert client.get("/api/v1/staff", **bearer(users[role])).status_code == 403
    r = _post(client, "/api/v1/staff", users[role], {"username": "sneaky", "display_name": "x", "role": "unit_staff",
                                                      "unit_id": Unit.objects.get(code="410311-hrss").pk})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert not User.objects.filter(username="sneaky").exists()


def test_anonymous_gets_401(client, city):
    assert client.get("/api/v1/staff").status_code == 401


def test_a_district_coordinator_creates_grants_ends_and_deactivates_in_the_district(client, users):
    coordinator = users["luolong_coordinator"]
    hrss = Unit.objects.get(code="410311-hrss")
    r = _post(client, "/api/v1/staff", coordinator,
              {"username": "api_clerk", "display_name": "洛龙区 接口办事员", "role": "unit_staff", "unit_id": hrss.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    person = User.objects.get(pk=body["id"])
    assert person.must_change_password and person.check_password(body["temporary_password"])
    listed = client.get("/api/v1/staff", **bearer(coordinator)).json()
    row = next(m for m in listed if m["username"] == "api_clerk")
    assert row["unit_code"] == "410311-hrss" and row["active"] and not row["locked"]
    assert all(m["unit_code"] != "ly-hrss" for m in listed)  # city staff are not the district's

    r = _post(client, f"/api/v1/staff/{person.pk}/roles", coordinator, {"role": "reviewer", "unit_id": hrss.pk})
    assert r.status_code == 201 and r.json()["role"] == "reviewer"
    reviewer_role = Membership.objects.get(user=person, role="reviewer")
    assert client.delete(f"/api/v1/staff/roles/{reviewer_role.pk}", **bearer(coordinator)).status_code == 204
    reviewer_role.refresh_from_db()
    assert not reviewer_role.is_active
    ApiToken.objects.filter(user=person).delete()
    token_owner_header = bearer(person)  # the person holds a token; deactivation revokes it
    r = _post(client, f"/api/v1/staff/{person.pk}/deactivate", coordinator)
    assert r.status_code == 200 and re.search(r"[\u4e00-\u9fff]", r.json()["detail"])  # in Chinese
    person.refresh_from_db()
    assert not person.is_active
    assert client.get("/api/v1/me", **token_owner_header).status_code == 401
    audited = LogEntry.objects.filter(actor=coordinator)
    assert audited.filter(content_type__model="user", object_pk=str(person.pk)).exists()
    assert audited.filter(content_type__model="membership", object_pk=str(reviewer_role.pk)).count() >= 2


@pytest.mark.parametrize("who", ["luolong_coordinator", "luolong_admin"])
def test_out_of_scope_is_refused_without_leaking(client, users, luolong_admin, who):
    manager = luolong_admin if who == "luolong_admin" else users[who]
    city_staff = users["hrss_staff"]
    city_role = Membership.objects.get(user=city_staff, unit__code="ly-hrss")
    assert _post(client, f"/api/v1/staff/{city_staff.pk}/unlock", manager).status_code == 404
    assert _post(client, f"/api/v1/staff/{city_staff.pk}/deactivate", manager).status_code == 404
    assert _post(client, f"/api/v1/staff/{city_staff.pk}/roles", manager,
                 {"role": "reviewer", "unit_id": Unit.objects.get(code="410311-hrss").pk}).status_code == 404
    assert client.delete(f"/api/v1/staff/roles/{city_role.pk}", **bearer(manager)).status_code == 404
    city_role.refresh_from_db()
    assert city_role.is_active and User.objects.get(pk=city_staff.pk).is_active
    # a city unit or a region beside the district: a field error (422), nothing created
    for data in ({"role": "unit_staff", "unit_id": Unit.objects.get(code="ly-hrss").pk},
                 {"role": "leader", "region_id": Region.objects.get(code="410305").pk}):
        r = _post(client, "/api/v1/staff", manager, {"username": "cross_scope_api", "display_name": "x", **data})
        assert r.status_code == 422 and r.json()["error"]["fields"], data
    assert not User.objects.filter(username="cross_scope_api").exists()


def test_a_manager_never_grants_themselves_and_a_coordinator_never_makes_an_admin(client, users):
    coordinator = users["luolong_coordinator"]
    luolong = Region.objects.get(code="410311")
    r = _post(client, f"/api/v1/staff/{coordinator.pk}/roles", coordinator, {"role": "leader", "region_id": luolong.pk})
    assert r.status_code in (403, 404)
    r = _post(client, "/api/v1/staff", coordinator,
              {"username": "would_be_admin_api", "display_name": "x", "role": "admin", "region_id": luolong.pk})
    assert r.status_code == 422 and "role" in r.json()["error"]["fields"]
    assert not User.objects.filter(username="would_be_admin_api").exists()


def test_bad_input_gets_field_errors_in_chinese(client, users):
    r = _post(client, "/api/v1/staff", users["luolong_coordinator"],
              {"username": "a b", "display_name": "x", "role": "unit_staff"})
    assert r.status_code == 422
    fields = r.json()["error"]["fields"]
    assert "username" in fields and "unit" in fields
