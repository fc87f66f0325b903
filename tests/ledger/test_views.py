"""Web pages, exports and API: scoping and refusals as well as the happy path."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.conftest import bearer
from tests.ledger.conftest import plan_bytes
from youthcity.ledger.models import Measure, PlanImport, ProgressReport, Target

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_upload_review_map_and_publish_through_the_web(client, users, empty_ledger, luolong):
    login(client, users["luolong_coordinator"])
    page = client.get("/work/ledger/import/")
    assert page.status_code == 200 and "行动方案" in page.content.decode()
    response = client.post("/work/ledger/import/", {"region": luolong.pk, "file": SimpleUploadedFile(
        "pilot.txt", plan_bytes("district_pilot_zh.txt"))})
    imp = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/work/ledger/import/{imp.pk}/")
    html = client.get(response["Location"]).content.decode()
    assert 'data-unit-name="两乡四办"' in html and "table-danger" in html
    # Publishing with unmapped names is refused and explained.
    response = client.post(f"/work/ledger/import/{imp.pk}/publish/", follow=True)
    assert "两乡四办" in response.content.decode()
    assert not Measure.objects.exists()
    names = response.context["unit_form"].names
    data = {f"u{i}": "not_unit" for i, name in enumerate(names)
            if name in response.context["unmapped"]}
    for i, name in enumerate(names):
        if name not in response.context["unmapped"]:
            data[f"u{i}"] = str(imp.data["units"][name]["unit"])
    client.post(f"/work/ledger/import/{imp.pk}/units/", data)
    response = client.post(f"/work/ledger/import/{imp.pk}/publish/")
    assert response.status_code == 302
    assert Measure.objects.filter(project__plan__source=imp).count() == 11


def test_bad_upload_shows_the_reason_and_stores_nothing(client, users, empty_ledger, city):
    login(client, users["coordinator"])
    response = client.post("/work/ledger/import/", {"region": city.pk, "file": SimpleUploadedFile("x.txt", b"\x00\x01" * 50)})
    assert response.status_code == 200
    assert "二进制" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_reimport_through_the_web_links_to_the_earlier_import(client, users, city):
    login(client, users["coordinator"])
    response = client.post("/work/ledger/import/", {"region": city.pk, "file": SimpleUploadedFile(
        "copy.txt", plan_bytes("luoyang_zh.txt"))})
    html = response.content.decode()
    assert 'data-testid="existing-import"' in html and "已" in html


def test_staff_cannot_import_or_review(client, users, city):
    login(client, users["hrss_staff"])
    assert client.get("/work/ledger/import/").status_code == 403
    imp = PlanImport.objects.first()
    assert client.get(f"/work/ledger/import/{imp.pk}/").status_code == 404
    report = ProgressReport.objects.filter(review__isnull=True).first()
    assert client.post(f"/work/ledger/reports/{report.pk}/review/", {"decision": "accepted"}).status_code == 404
    login(client, users["youth"])
    assert client.get("/work/ledger/").status_code == 403


def test_unit_reports_through_the_web_and_sees_only_its_measures(client, users, published):
    login(client, users["housing_staff"])
    home = client.get("/work/ledger/").content.decode()
    assert "加快保障性租赁住房建设" in home and "积极开发大学生就业岗位" not in home
    target = Target.objects.get(measure__project__plan=published, unit="套")
    page = client.get(f"/work/ledger/measures/{target.measure_id}/").content.decode()
    assert "套" in page and f'name="target_{target.pk}"' in page
    response = client.post(f"/work/ledger/measures/{target.measure_id}/", {
        "unit": users["housing_staff"].memberships.first().unit_id, "narrative": "进展", f"target_{target.pk}": "45%"})
    assert response.status_code == 200 and "%" in response.content.decode()
    other = Measure.objects.filter(project__plan=published, responsibilities__unit__code="ly-hrss").first()
    assert client.get(f"/work/ledger/measures/{other.pk}/").status_code == 404
    response = client.post(f"/work/ledger/measures/{target.measure_id}/", {
        "unit": users["housing_staff"].memberships.first().unit_id, "narrative": "新增开工1万套",
        f"target_{target.pk}": "42000",
        "evidence": SimpleUploadedFile("site.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)})
    assert response.status_code == 302
    report = ProgressReport.objects.filter(measure=target.measure).first()
    assert report.narrative == "新增开工1万套" and report.evidence.count() == 1


def test_exports_open_with_the_right_rows(client, users, published):
    login(client, users["coordinator"])
    response = client.get(f"/work/ledger/plans/{published.pk}/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert len(wb.sheetnames) == 5 and wb.sheetnames[2] == "青年安居保障工程"
    ws = wb["青年安居保障工程"]
    assert [c.value for c in ws[3]] == ["序号", "任务", "目标", "责任单位", "进展", "状态"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == ["11", "12", "13", "14", "15"]
    housing = rows[1]
    assert "50000套" in housing[2] and housing[3] == "市住建局" and "32000套" in housing[4]
    response = client.get(f"/work/ledger/plans/{published.pk}/export.xlsx?list=practical")
    wb = load_workbook(io.BytesIO(response.content))
    listed = [r[0] for ws in wb.worksheets for r in ws.iter_rows(min_row=4, values_only=True)]
    assert listed == ["9", "12", "13"]
    page = client.get(f"/work/ledger/plans/{published.pk}/print/").content.decode()
    assert "ledger/print" in page and "序号" in page and "data-print" in page
    from django.contrib.staticfiles import finders

    assert "@media print" in open(finders.find("ledger/print.css"), encoding="utf-8").read()


def test_dashboard_and_assessment_pages(client, users, published):
    login(client, users["leader"])
    html = client.get("/dashboard/ledger/").content.decode()
    assert "青年安居保障工程" in html and 'id="projects-chart"' in html
    html = client.get("/dashboard/ledger/assessment/").content.decode()
    assert "市住建局" in html
    login(client, users["hrss_staff"])
    assert client.get("/dashboard/ledger/").status_code == 403


def test_api_lists_and_shows_plans_scoped_to_the_caller(client, users, published):
    data = client.get("/api/v1/plans", **bearer(users["coordinator"])).json()
    titles = [p["title"] for p in data["plans"]]
    assert "洛阳市建设青年友好型城市行动方案" in titles
    assert "洛龙区建设青年友好型城市先行区行动方案" in titles  # a district below the city
    detail = client.get(f"/api/v1/plans/{published.pk}", **bearer(users["coordinator"])).json()
    assert len(detail["projects"]) == 5
    measures = [m for p in detail["projects"] for m in p["measures"]]
    assert len(measures) == 27
    housing = next(t for m in measures for t in m["targets"] if t["unit"] == "套")
    assert housing["value"] == 50000 and housing["achieved"] == 32000 and housing["status"] in (
        "on_track", "at_risk", "done", "overdue", "not_started")
    assert {"id", "status", "progress", "responsible_units"} <= set(measures[0])
    # Unit staff see only their own measures; another district's coordinator does not see the city plan.
    staff = client.get(f"/api/v1/plans/{published.pk}", **bearer(users["housing_staff"])).json()
    assert {m["lead_units"][0]["code"] for p in staff["projects"] for m in p["measures"]} == {"ly-housing"}
    refused = client.get(f"/api/v1/plans/{published.pk}", **bearer(users["luolong_coordinator"]))
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/plans").status_code == 401


def test_staff_writes_are_audited_with_the_actor(client, users, published):
    from auditlog.models import LogEntry

    target = Target.objects.get(measure__project__plan=published, unit="套")
    client.force_login(users["housing_staff"])
    client.post(f"/work/ledger/measures/{target.measure_id}/", {
        "unit": users["housing_staff"].memberships.first().unit_id, "narrative": "审计", f"target_{target.pk}": "33000"})
    report = ProgressReport.objects.get(narrative="审计")
    client.force_login(users["coordinator"])
    client.post(f"/work/ledger/reports/{report.pk}/review/", {"decision": "returned", "comment": "请补充照片"})
    entries = LogEntry.objects.filter(content_type__app_label="ledger")
    assert entries.filter(content_type__model="progressreport", object_pk=str(report.pk),
                          actor=users["housing_staff"]).exists()
    assert entries.filter(content_type__model="reportreview", actor=users["coordinator"]).exists()


def test_coordinator_home_lists_plans_not_every_measure(client, users, published):
    client.force_login(users["coordinator"])
    html = client.get("/work/ledger/").content.decode()
    assert 'data-testid="plans"' in html and 'data-testid="my-measures"' not in html
