"""The public page per year, the reports, the API, and the leaders' drill-down."""

import io

from openpyxl import load_workbook

from tests.conftest import bearer
from youthcity.monitoring.models import IndexRun, Submission


def test_public_page_shows_ranking_map_charts_and_intervals_without_login(client, city):
    r = client.get("/index/")
    assert r.status_code == 302 and r["Location"] == "/index/luoyang_ydi/2024/"
    html = client.get(r["Location"]).content.decode()
    assert 'data-testid="ranking"' in html and 'data-testid="map"' in html and "示意图" in html
    assert 'id="trend-chart"' in html and 'id="radar-chart"' in html and "排名区间" in html
    assert html.count('<tr data-district=') == 14
    assert html.index("西工区") < html.index("嵩县")  # ranked, best first
    assert client.get("/index/luoyang_ydi/2019/").status_code == 404
    # which choices move the ranking: one bar per choice, largest first, in Chinese
    assert 'data-testid="sensitivity"' in html and "哪些选择影响排名" in html
    assert html.count("<tr data-factor=") == 5


def test_reports_download(client, city):
    pdf = client.get("/index/luoyang_ydi/2024/report.pdf", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    # The CJK font travels inside the file (a TrueType subset), so every reader shows the title.
    assert b"/FontFile2" in pdf.content and b"NotoSansSC" in pdf.content
    x = client.get("/index/luoyang_ydi/2024/report.xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    wb = load_workbook(io.BytesIO(x.content))
    rank = wb["排名"]
    # 14 districts, then a blank row and the notice that the demo's values are invented
    assert rank.max_row == 2 + 14 + 2 and rank.cell(row=3, column=1).value == 1
    assert rank.cell(row=18, column=1).value.startswith("演示数据")
    assert {"历年指数", "指标得分", "原始数据", "敏感性分析", "方法说明"} <= set(wb.sheetnames)
    assert wb["敏感性分析"].max_row == 1 + 5
    assert all(not cell.value or not str(cell.value).isascii() for cell in wb["指标得分"][1])  # names, not codes


def test_api_returns_scores_ranks_and_intervals_publicly(client, city):
    body = client.get("/api/v1/index/luoyang_ydi/2024").json()
    top = body["districts"][0]
    assert top["rank"] == 1 and top["score"] > 0 and len(top["rank_interval"]) == 2
    assert set(top["dimensions"]) == {d["code"] for d in body["dimensions"]} and len(body["dimensions"]) == 7
    assert body["run"]["engine_version"] and len(body["run"]["data_hash"]) == 64
    r = client.get("/api/v1/index/luoyang_ydi/2030")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_published"


def test_unpublished_runs_stay_private(client, city):
    IndexRun.objects.update(status="draft")
    assert client.get("/api/v1/index/luoyang_ydi/2024").status_code == 404
    assert client.get("/index/luoyang_ydi/2024/").status_code == 404
    assert "尚未发布" in client.get("/index/").content.decode()


def test_leader_drills_down_to_indicators_and_responsible_departments(client, users):
    client.force_login(users["leader"])
    html = client.get("/dashboard/index/luoyang_ydi/2024/").content.decode()
    assert "/dashboard/index/luoyang_ydi/2024/410311/" in html and 'data-testid="live"' in html
    page = client.get("/dashboard/index/luoyang_ydi/2024/410311/").content.decode()
    assert "职业技能培训" in page and "市人社局" in page and "市统计局" in page


def test_district_coordinator_drills_into_own_district_only(client, users):
    client.force_login(users["luolong_coordinator"])
    assert client.get("/dashboard/index/luoyang_ydi/2024/410311/").status_code == 200
    assert client.get("/dashboard/index/luoyang_ydi/2024/410303/").status_code == 404


def test_youth_has_no_dashboard(client, users):
    client.force_login(users["youth"])
    assert client.get("/dashboard/index/luoyang_ydi/2024/").status_code == 403


def test_api_submission_and_review_with_refusals(client, users, stats):
    payload = {"values": [{"indicator": "skills_training", "district": "洛龙区", "period": "2025", "value": 1010}]}
    r = client.post("/api/v1/monitoring/submissions", payload, content_type="application/json",
                    **bearer(users["housing_staff"]))
    assert r.status_code == 422 and "市人社局" in r.json()["error"]["message"]
    r = client.post("/api/v1/monitoring/submissions", payload, content_type="application/json",
                    **bearer(users["hrss_staff"]))
    assert r.status_code == 201
    sid = r.json()[0]["id"]
    r = client.post(f"/api/v1/monitoring/submissions/{sid}/approve", {}, content_type="application/json",
                    **bearer(users["hrss_staff"]))
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = client.post(f"/api/v1/monitoring/submissions/{sid}/approve", {}, content_type="application/json",
                    **bearer(users["housing_staff"]))
    assert r.status_code == 404
    r = client.post(f"/api/v1/monitoring/submissions/{sid}/return", {"note": ""}, content_type="application/json",
                    **bearer(stats))
    assert r.status_code == 422
    r = client.post(f"/api/v1/monitoring/submissions/{sid}/approve", {}, content_type="application/json",
                    **bearer(stats))
    assert r.status_code == 200 and r.json()["status"] == "approved"
    sub = Submission.objects.get(pk=sid)
    assert sub.source == "api" and sub.reviewed_by == stats
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(object_pk=str(sid), actor=stats).exists()


def test_api_requires_authentication_for_submissions(client, city):
    r = client.post("/api/v1/monitoring/submissions", {"values": []}, content_type="application/json")
    assert r.status_code == 401


def test_api_registry_says_which_indicators_you_supply(client, users):
    body = client.get("/api/v1/monitoring/indicators", **bearer(users["hrss_staff"])).json()
    mine = {i["code"] for i in body["indicators"] if i["you_supply"]}
    assert {"skills_training", "graduate_retention"} <= mine and "youth_share" not in mine
    assert len(body["indicators"]) == 26 and len(body["content_hash"]) == 64
