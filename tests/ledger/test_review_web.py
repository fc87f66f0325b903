"""The review screens (edit, split, merge), coordinator upkeep of published measures, languages and formats."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.ledger.conftest import plan_bytes
from youthcity.core.errors import ServiceError
from youthcity.ledger import drafts, services
from youthcity.ledger.models import Milestone, PlanImport, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(users, luolong, empty_ledger):
    [imp] = services.plan_import_create(user=users["luolong_coordinator"], region=luolong,
                                        filename="district_pilot_zh.txt", data=plan_bytes("district_pilot_zh.txt"))
    return imp


def test_edit_split_and_merge_through_the_web(client, users, draft):
    client.force_login(users["luolong_coordinator"])
    url = f"/work/ledger/import/{draft.pk}/measures/0/0/"
    page = client.get(url)
    assert page.status_code == 200 and "targets-0-subject" in page.content.decode()
    bad = client.post(url, {"text": "培训青年人才", "responsible_units": "区人社局", "target_rows": "1",
                            "targets-0-subject": "培训", "targets-0-value": "-10", "targets-0-unit": "人次",
                            "targets-0-comparator": ">="})
    assert bad.status_code == 200 and "不小于 0" in bad.content.decode()
    ok = client.post(url, {"text": "培训青年人才1000人次", "responsible_units": "区人社局、区财政局", "lists": ["tasks"],
                           "target_rows": "1", "targets-0-subject": "培训", "targets-0-value": "1000",
                           "targets-0-unit": "人次", "targets-0-comparator": ">=", "targets-0-baseline": "100"})
    assert ok.status_code == 302
    draft.refresh_from_db()
    measure = draft.data["projects"][0]["measures"][0]
    assert measure["responsible_units"] == ["区人社局", "区财政局"] and measure["targets"][0]["baseline"] == 100
    split = client.post(f"/work/ledger/import/{draft.pk}/measures/0/0/split/", {"text": "培训青年人才\n---\n1000人次"})
    assert split.status_code == 302
    draft.refresh_from_db()
    assert drafts.counts(draft.data)["measures"] == 12
    no_marker = client.post(f"/work/ledger/import/{draft.pk}/measures/0/0/split/", {"text": "没有分隔"})
    assert no_marker.status_code == 200 and "---" in no_marker.content.decode()
    client.post(f"/work/ledger/import/{draft.pk}/measures/0/0/merge/")
    draft.refresh_from_db()
    assert drafts.counts(draft.data)["measures"] == 11
    client.post(f"/work/ledger/import/{draft.pk}/discard/")
    draft.refresh_from_db()
    assert draft.status == PlanImport.Status.DISCARDED
    # A discarded draft is read-only, and the same document may be imported again.
    assert client.post(url, {"text": "x"}).status_code == 200
    services.plan_import_create(user=users["luolong_coordinator"], region=draft.region, filename="again.txt",
                                data=plan_bytes("district_pilot_zh.txt"))


def test_other_regions_drafts_are_hidden(client, users, draft):
    client.force_login(users["coordinator"])  # the city coordinator oversees 洛龙区 too
    assert client.get(f"/work/ledger/import/{draft.pk}/").status_code == 200
    client.force_login(users["hrss_reviewer"])
    assert client.get(f"/work/ledger/import/{draft.pk}/").status_code == 404
    assert client.post(f"/work/ledger/import/{draft.pk}/publish/").status_code == 404


def test_errors_follow_the_users_language(client, users, city, empty_ledger):
    client.force_login(users["coordinator"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/work/ledger/import/", {"region": city.pk, "file": SimpleUploadedFile("e.txt", b" ")})
    assert "The file is empty" in response.content.decode()


def test_the_same_plan_as_docx_is_recognised_as_a_reimport(client, users, city, empty_ledger):
    docx = pytest.importorskip("docx")
    text = plan_bytes("district_pilot_zh.txt").decode("utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    [imp] = services.plan_import_create(user=users["coordinator"], region=city, filename="pilot.docx",
                                        data=buf.getvalue())
    assert drafts.counts(imp.data)["measures"] == 11
    with pytest.raises(ServiceError) as exc:
        services.plan_import_create(user=users["coordinator"], region=city, filename="pilot.txt",
                                    data=plan_bytes("district_pilot_zh.txt"))
    assert exc.value.code == "duplicate"


def test_coordinator_tags_adds_milestones_and_sets_baselines(client, users, published):
    target = Target.objects.get(measure__project__plan=published, unit="套")
    client.force_login(users["coordinator"])
    response = client.post(f"/work/ledger/measures/{target.measure_id}/manage/", {
        "manage-lists": ["outcomes", "tasks"], "manage-milestone_title": "完成年度开工", "manage-milestone_due_on": "2026-12-01"})
    assert response.status_code == 302
    target.measure.refresh_from_db()
    assert target.measure.lists == ["outcomes", "tasks"]
    assert Milestone.objects.get(measure=target.measure).title == "完成年度开工"
    client.post(f"/work/ledger/targets/{target.pk}/", {f"t{target.pk}-baseline": "8000", f"t{target.pk}-value": "50000",
                                                       f"t{target.pk}-deadline": "2026-12-02"})
    target.refresh_from_db()
    assert target.baseline == 8000
    client.post(f"/work/ledger/targets/{target.pk}/", {f"t{target.pk}-baseline": "-1", f"t{target.pk}-value": "50000"})
    target.refresh_from_db()
    assert target.baseline == 8000
    client.force_login(users["leader"])  # leaders read, never write
    assert client.post(f"/work/ledger/measures/{target.measure_id}/manage/", {"manage-lists": []}).status_code == 403
    client.force_login(users["housing_staff"])
    assert client.post(f"/work/ledger/targets/{target.pk}/", {f"t{target.pk}-baseline": "0",
                                                              f"t{target.pk}-value": "1"}).status_code == 403


def test_district_coordinator_keeps_a_resolved_city_unit_but_cannot_pick_one(client, users, luolong, empty_ledger):
    from youthcity.organizations.models import Unit

    text = "洛龙区青年实习行动方案\n\n一、见习工程\n\n1. 开发见习岗位。开发见习岗位500个。\n责任单位:团市委、区人社局\n"
    [imp] = services.plan_import_create(user=users["luolong_coordinator"], region=luolong, filename="p.txt",
                                        data=text.encode())
    league = Unit.objects.get(code="ly-league")
    assert imp.data["units"]["团市委"]["unit"] == league.pk
    client.force_login(users["luolong_coordinator"])
    page = client.get(f"/work/ledger/import/{imp.pk}/")
    form = page.context["unit_form"]
    data = {f"u{i}": form[f"u{i}"].initial for i in range(len(form.names))}
    assert client.post(f"/work/ledger/import/{imp.pk}/units/", data).status_code == 302
    imp.refresh_from_db()
    assert imp.data["units"]["团市委"]["unit"] == league.pk
    with pytest.raises(PermissionDenied):
        services.plan_import_map_units(user=users["luolong_coordinator"], plan_import=imp,
                                       choices={"区人社局": {"unit": Unit.objects.get(code="ly-hrss").pk}})
