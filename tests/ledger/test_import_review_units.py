"""Import review, part two: delete a draft measure, create a missing unit on the spot, and the
warning about measures nobody is responsible for."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from tests.ledger.conftest import plan_bytes
from youthcity.core.errors import ServiceError
from youthcity.ledger import drafts, services
from youthcity.ledger.models import Measure, PlanImport, Responsibility
from youthcity.organizations.models import Unit, UnitAlias

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(users, luolong, empty_ledger):
    [imp] = services.plan_import_create(user=users["luolong_coordinator"], region=luolong,
                                        filename="district_pilot_zh.txt", data=plan_bytes("district_pilot_zh.txt"))
    return imp


def test_delete_a_draft_measure(users, draft):
    before = drafts.counts(draft.data)["measures"]
    first = draft.data["projects"][0]["measures"][0]["text"]
    draft = services.plan_import_delete_measure(user=users["luolong_coordinator"], plan_import=draft,
                                                project_index=0, measure_index=0)
    assert drafts.counts(draft.data)["measures"] == before - 1
    assert draft.data["projects"][0]["measures"][0]["text"] != first
    draft.refresh_from_db()
    assert drafts.counts(draft.data)["measures"] == before - 1
    assert LogEntry.objects.get_for_object(draft).filter(changes__icontains="data").exists()


def test_deleting_the_last_measure_of_a_project_drops_the_project_and_its_names():
    draft = {"projects": [{"title": "甲", "lead_units": [], "measures": [{"text": "x", "responsible_units": ["某局"]}]},
                          {"title": "乙", "lead_units": [], "measures": [{"text": "y", "responsible_units": []}]}],
             "units": {"某局": {"unit": None, "not_unit": False}}}
    new = drafts.delete_measure(draft, 0, 0)
    assert [p["title"] for p in new["projects"]] == ["乙"] and new["units"] == {}
    assert draft["projects"][0]["measures"]  # the input is untouched
    with pytest.raises(LookupError):
        drafts.delete_measure(draft, 5, 0)


def test_delete_refusals(users, draft):
    with pytest.raises(PermissionDenied):
        services.plan_import_delete_measure(user=users["hrss_staff"], plan_import=draft, project_index=0, measure_index=0)
    with pytest.raises(ServiceError) as exc:
        services.plan_import_delete_measure(user=users["luolong_coordinator"], plan_import=draft, project_index=0,
                                            measure_index=99)
    assert exc.value.code == "not_found"
    services.plan_import_discard(user=users["luolong_coordinator"], plan_import=draft)
    with pytest.raises(ServiceError) as exc:
        services.plan_import_delete_measure(user=users["luolong_coordinator"], plan_import=draft, project_index=0,
                                            measure_index=0)
    assert exc.value.code == "not_draft"


def test_create_a_missing_unit_maps_the_name_and_remembers_it(users, draft, luolong):
    assert "两乡四办" in drafts.unmapped_names(draft.data)
    draft = services.plan_import_create_unit(user=users["luolong_coordinator"], plan_import=draft, name="两乡四办",
                                             region=luolong, official_name="洛龙区两乡四办联席会议办公室",
                                             kind=Unit.Kind.GOVERNMENT, short_name="两乡四办")
    unit = Unit.objects.get(name="洛龙区两乡四办联席会议办公室")
    assert unit.region == luolong and unit.code.startswith("410311-new-")
    assert draft.data["units"]["两乡四办"] == {"unit": unit.pk, "not_unit": False, "auto": False}
    assert "两乡四办" not in drafts.unmapped_names(draft.data)
    assert LogEntry.objects.get_for_object(unit).exists()
    # The same unit twice is refused with a pointer to the existing one; nothing else is written.
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create_unit(user=users["luolong_coordinator"], plan_import=draft, name="两乡四办",
                                         region=luolong, official_name="洛龙区两乡四办联席会议办公室",
                                         kind=Unit.Kind.GOVERNMENT)
    assert exc.value.code == "duplicate" and exc.value.detail == unit


def test_an_alias_is_kept_when_the_official_name_differs(users, draft, luolong):
    services.plan_import_create_unit(user=users["luolong_coordinator"], plan_import=draft, name="XX乡",
                                     region=luolong, official_name="洛龙区李楼镇人民政府", kind=Unit.Kind.GOVERNMENT)
    assert UnitAlias.objects.filter(alias="XX乡", unit__name="洛龙区李楼镇人民政府").exists()


def test_create_unit_refusals(users, draft, city, luolong):
    count = Unit.objects.count()
    with pytest.raises(PermissionDenied):  # not a coordinator
        services.plan_import_create_unit(user=users["hrss_staff"], plan_import=draft, name="两乡四办", region=luolong,
                                         official_name="甲", kind=Unit.Kind.OTHER)
    with pytest.raises(PermissionDenied):  # a district coordinator cannot add units to the city
        services.plan_import_create_unit(user=users["luolong_coordinator"], plan_import=draft, name="两乡四办",
                                         region=city, official_name="甲", kind=Unit.Kind.OTHER)
    for kwargs, code in (({"name": "不在方案里"}, "not_found"), ({"official_name": " "}, "invalid"),
                         ({"kind": "nonsense"}, "invalid"), ({"official_name": "长" * 151}, "invalid")):
        args = {"name": "两乡四办", "region": luolong, "official_name": "甲", "kind": Unit.Kind.OTHER, **kwargs}
        with pytest.raises(ServiceError) as exc:
            services.plan_import_create_unit(user=users["luolong_coordinator"], plan_import=draft, **args)
        assert exc.value.code == code and exc.value.message
    assert Unit.objects.count() == count


def test_measures_without_units_are_listed_and_publishing_warns(client, users, draft):
    user = users["luolong_coordinator"]
    unmapped = drafts.unmapped_names(draft.data)
    draft = services.plan_import_map_units(user=user, plan_import=draft,
                                           choices={n: {"not_unit": True} for n in unmapped})
    m = draft.data["projects"][0]["measures"][0]
    draft = services.plan_import_edit_measure(user=user, plan_import=draft, project_index=0, measure_index=0,
                                              number=m.get("number") or "", title="无人负责的措施", text=m["text"],
                                              responsible_units=["两乡四办"], lists=[], targets=m["targets"])
    orphans = drafts.measures_without_units(draft.data)
    assert [o["label"] for o in orphans] == ["无人负责的措施"]
    client.force_login(user)
    page = client.get(f"/work/ledger/import/{draft.pk}/").content.decode()
    assert 'data-testid="without-units"' in page and "无人负责的措施" in page
    response = client.post(f"/work/ledger/import/{draft.pk}/publish/", follow=True)
    body = response.content.decode()
    assert "无人负责的措施" in body and "没有责任单位" in body
    measure = Measure.objects.get(title="无人负责的措施")
    assert not Responsibility.objects.filter(measure=measure).exists()


def test_delete_and_create_through_the_web(client, users, draft, luolong):
    client.force_login(users["luolong_coordinator"])
    page = client.get(f"/work/ledger/import/{draft.pk}/").content.decode()
    assert 'data-create-unit="两乡四办"' in page and 'data-testid="delete-measure"' in page
    before = drafts.counts(draft.data)["measures"]
    assert client.post(f"/work/ledger/import/{draft.pk}/measures/0/1/delete/").status_code == 302
    draft.refresh_from_db()
    assert drafts.counts(draft.data)["measures"] == before - 1
    names = drafts.unit_names(draft.data)
    i = names.index("两乡四办")
    response = client.post(f"/work/ledger/import/{draft.pk}/units/new/", {
        "prefix": f"new{i}", f"new{i}-name": "两乡四办", f"new{i}-official_name": "洛龙区两乡四办",
        f"new{i}-short_name": "", f"new{i}-kind": "government", f"new{i}-region": luolong.pk}, follow=True)
    assert "已新建单位" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["units"]["两乡四办"]["unit"] == Unit.objects.get(name="洛龙区两乡四办").pk
    # Bad input: a message, nothing created; a tampered prefix is a 400.
    response = client.post(f"/work/ledger/import/{draft.pk}/units/new/", {
        "prefix": "new0", "new0-name": names[0], "new0-official_name": "", "new0-kind": "government",
        "new0-region": luolong.pk}, follow=True)
    assert "未新建单位" in response.content.decode()
    assert client.post(f"/work/ledger/import/{draft.pk}/units/new/", {"prefix": "x"}).status_code == 400
    # Other people: the draft is not theirs to see.
    client.force_login(users["hrss_staff"])
    assert client.post(f"/work/ledger/import/{draft.pk}/measures/0/0/delete/").status_code in (403, 404)
    assert client.post(f"/work/ledger/import/{draft.pk}/units/new/", {"prefix": "new0"}).status_code in (403, 404)
    assert PlanImport.objects.get(pk=draft.pk).status == PlanImport.Status.DRAFT
