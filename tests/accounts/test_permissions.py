"""Staff see and change only what their unit and region allow — including the refusals."""

from django.urls import reverse

from tests.conftest import bearer
from youthcity.accounts.models import Membership, Role
from youthcity.accounts.permissions import can_manage_unit, faces_for, scope_units
from youthcity.organizations.models import Unit


def unit(code):
    return Unit.objects.get(code=code)


def test_faces_per_role(users):
    assert faces_for(users["youth"]) == ["portal"]
    assert faces_for(users["hrss_staff"]) == ["portal", "workbench"]
    assert faces_for(users["leader"]) == ["portal", "dashboard"]
    assert faces_for(users["coordinator"]) == ["portal", "workbench", "dashboard"]
    assert faces_for(users["admin"]) == ["portal", "workbench", "dashboard"]


def test_unit_staff_scope_is_their_unit(users):
    staff = users["hrss_staff"]
    assert list(scope_units(staff)) == [unit("ly-hrss")]
    assert not can_manage_unit(staff, unit("ly-housing"))


def test_district_coordinator_sees_only_the_district(users):
    scoped = scope_units(users["luolong_coordinator"])
    assert scoped.filter(code="410311-hrss").exists()
    assert not scoped.filter(code="ly-hrss").exists()
    assert not scoped.filter(code="410305-hrss").exists()


def test_leaders_read_but_do_not_write(users):
    leader = users["leader"]
    assert scope_units(leader).filter(code="ly-hrss").exists()
    assert not scope_units(leader, write=True).exists()


def test_workbench_refuses_another_units_page(client, users):
    client.force_login(users["hrss_staff"])
    assert client.get(reverse("portal:workbench-unit", args=[unit("ly-hrss").pk])).status_code == 200
    assert client.get(reverse("portal:workbench-unit", args=[unit("ly-housing").pk])).status_code == 404


def test_faces_refuse_the_wrong_roles(client, users):
    client.force_login(users["youth"])
    assert client.get("/work/").status_code == 403
    assert client.get("/dashboard/").status_code == 403
    client.force_login(users["leader"])
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/work/").status_code == 403
    client.force_login(users["hrss_staff"])
    assert client.get("/work/audit/").status_code == 403
    client.logout()
    assert client.get("/work/").status_code == 302


def test_api_refuses_another_units_data(client, users):
    headers = bearer(users["hrss_staff"])
    own = client.get(f"/api/v1/units/{unit('ly-hrss').pk}", **headers)
    assert own.status_code == 200 and own.json()["short_name"] == "市人社局"
    other = client.get(f"/api/v1/units/{unit('ly-housing').pk}", **headers)
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    listed = client.get("/api/v1/units", **headers).json()
    assert [u["code"] for u in listed] == ["ly-hrss"]


def test_phones_are_masked_for_staff_and_shown_to_admins(client, users):
    hrss = unit("ly-hrss")
    client.force_login(users["coordinator"])
    page = client.get(reverse("portal:workbench-unit", args=[hrss.pk])).content.decode()
    assert "138****0001" in page and "13800000001" not in page
    api = client.get(f"/api/v1/units/{hrss.pk}", **bearer(users["coordinator"])).json()
    assert {m["phone"] for m in api["members"]} == {"138****0001", "138****0002"}
    client.force_login(users["admin"])
    assert "13800000001" in client.get(reverse("portal:workbench-unit", args=[hrss.pk])).content.decode()


def test_membership_scope_must_match_role(users):
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=users["youth"], role=Role.UNIT_STAFF)
