"""Staff register and edit service centres: scoped to the units they manage and the districts of
those units, audited, refusals (another district's staff: 403/404; bad fields)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from tests.careers.conftest import make_youth
from tests.factories import staff
from youthcity.accounts.models import Role, User
from youthcity.careers import services
from youthcity.careers.models import CentreService, ServiceCentre
from youthcity.core.errors import ServiceError
from youthcity.organizations.models import Unit
from youthcity.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def luolong_hrss(city):
    return Unit.objects.get(code="410311-hrss")


@pytest.fixture
def district_staff(luolong_hrss):
    return staff(luolong_hrss, Role.UNIT_STAFF)


def fields(unit, **kw):
    return {"unit": unit, "name": kw.pop("name", "洛龙区大学生就业创业服务工作站"), "kind": "employment_station",
            "district": kw.pop("district", Region.objects.get(code="410311")), "address": "洛龙区开元大道1号",
            "phone": "0379-1234567", "opening_hours": "工作日 9:00–17:00",
            "services": kw.pop("services", ["career_advice", "policy_advice"]), **kw}


def test_register_then_edit_withdraws_a_service_without_deleting_it(district_staff, luolong_hrss):
    centre = services.centre_save(staff=district_staff, **fields(luolong_hrss))
    assert centre.unit == luolong_hrss and centre.is_active
    assert set(centre.services.filter(is_active=True).values_list("kind", flat=True)) == {"career_advice",
                                                                                        "policy_advice"}
    services.centre_save(staff=district_staff, centre=centre,
                         **fields(luolong_hrss, name="洛龙区工作站", services=["career_advice", "loan_guidance"]))
    centre.refresh_from_db()
    assert centre.name == "洛龙区工作站"
    kinds = dict(CentreService.objects.filter(centre=centre).values_list("kind", "is_active"))
    assert kinds == {"career_advice": True, "policy_advice": False, "loan_guidance": True}
    assert LogEntry.objects.get_for_object(centre).count() == 2  # created and changed: audited


def test_refusals(district_staff, luolong_hrss, city):
    jianxi_staff = staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF)
    with pytest.raises(PermissionDenied):  # another district's department
        services.centre_save(staff=jianxi_staff, **fields(luolong_hrss))
    with pytest.raises(PermissionDenied):  # a young person
        services.centre_save(staff=make_youth(), **fields(luolong_hrss))
    with pytest.raises(ServiceError) as exc:  # a district outside the unit's area
        services.centre_save(staff=district_staff, **fields(luolong_hrss, district=Region.objects.get(code="410305")))
    assert "district" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.centre_save(staff=district_staff, **fields(luolong_hrss, name=" ", services=[], kind="x"))
    assert {"name", "services", "kind"} <= set(exc.value.fields)
    with pytest.raises(ServiceError) as exc:
        services.centre_save(staff=district_staff, **fields(luolong_hrss, services=["haircut"]))
    assert "services" in exc.value.fields
    centre = services.centre_save(staff=district_staff, **fields(luolong_hrss))
    with pytest.raises(PermissionDenied):  # moving it to a unit they do not manage
        services.centre_save(staff=district_staff, centre=centre,
                             **fields(Unit.objects.get(code="410305-hrss"), district=Region.objects.get(code="410305")))
    with pytest.raises(PermissionDenied):  # editing another district's centre
        services.centre_save(staff=jianxi_staff, centre=centre, **fields(Unit.objects.get(code="410305-hrss"),
                                                                         district=Region.objects.get(code="410305")))
    assert ServiceCentre.objects.filter(pk=centre.pk, unit=luolong_hrss).exists()
    city_staff = User.objects.get(username="hrss_staff")  # 市人社局: any district of the city
    assert services.centre_save(staff=city_staff, **fields(Unit.objects.get(code="ly-hrss"),
                                                           district=Region.objects.get(code="410305"))).pk


def test_pages(client, district_staff, luolong_hrss):
    client.force_login(district_staff)
    page = client.get("/work/careers/centres/new/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert list(page.context["form"].fields["unit"].queryset) == [luolong_hrss]
    data = {**fields(luolong_hrss), "unit": luolong_hrss.pk, "district": Region.objects.get(code="410311").pk,
            "is_active": "on"}
    saved = client.post("/work/careers/centres/new/", data)
    centre = ServiceCentre.objects.get(name=data["name"])
    assert saved.status_code == 302 and saved.url == f"/work/careers/centres/{centre.pk}/"
    assert LogEntry.objects.get_for_object(centre).filter(actor=district_staff).exists()
    bad = client.post("/work/careers/centres/new/", {**data, "address": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 200 and bad.context["form"].errors
    edit = client.get(f"/work/careers/centres/{centre.pk}/edit/")
    assert edit.status_code == 200 and edit.context["form"].initial["services"] == ["career_advice", "policy_advice"]
    assert client.post(f"/work/careers/centres/{centre.pk}/edit/", {**data, "is_active": ""}).status_code == 302
    assert not ServiceCentre.objects.get(pk=centre.pk).is_active
    outsider = staff(Unit.objects.get(code="410305-hrss"), Role.UNIT_STAFF)
    client.force_login(outsider)
    assert client.get(f"/work/careers/centres/{centre.pk}/edit/").status_code == 404
    assert client.post(f"/work/careers/centres/{centre.pk}/edit/", data).status_code == 404
    refused = client.post("/work/careers/centres/new/", data)  # a unit not among theirs: the form refuses it
    assert refused.status_code == 200 and "unit" in refused.context["form"].errors
    client.force_login(make_youth())
    assert client.get("/work/careers/centres/new/").status_code in (302, 403)
