"""Departments submit their indicators; the statistics office approves or returns; revisions
supersede and never overwrite; bad input is refused with the place named and nothing written."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from youthcity.core.errors import ServiceError
from youthcity.core.models import Notification
from youthcity.monitoring import selectors, services
from youthcity.monitoring.models import DataValue, Submission
from youthcity.monitoring.services import ValueRow


def rows(*items):
    return [ValueRow(indicator=c, district=d, period=p, value=v) for c, d, p, v in items]


def test_department_submits_its_indicator_and_statistics_office_is_notified(fw, users, stats):
    subs = services.submission_create(user=users["hrss_staff"], framework=fw,
                                      rows=rows(("skills_training", "洛龙区", "2025", "1,050"),
                                                ("graduate_retention", "410303", "2025", "55.5%")))
    assert len(subs) == 1 and subs[0].unit.code == "ly-hrss" and subs[0].status == Submission.Status.PENDING
    values = {v.indicator.code: v for v in subs[0].values.all()}
    assert values["skills_training"].value == Decimal("1050") and values["graduate_retention"].value == Decimal("55.5")
    assert Notification.objects.filter(recipient=stats, kind="monitoring.submission_pending").exists()


def test_only_the_supplying_unit_may_submit(fw, users):
    with pytest.raises(ServiceError) as exc:
        services.submission_create(user=users["housing_staff"], framework=fw,
                                   rows=rows(("skills_training", "洛龙区", "2025", "1000")))
    assert "市人社局" in str(exc.value)
    # indicators whose supplier is not on the platform are compiled by the statistics office
    with pytest.raises(ServiceError):
        services.submission_create(user=users["hrss_staff"], framework=fw, rows=rows(("commute_45", "洛龙区", "2025", "80")))


def test_statistics_office_submits_unresolved_suppliers(fw, stats, city):
    # A supplying department that is not (yet) a unit of the city: kept as text, compiled by the statistics office.
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "youthcity/cities/luoyang/index/framework.yaml").read_text(
        encoding="utf-8").replace("source_unit: 市交通运输局", "source_unit: 市某某管理局")
    unresolved, _ = services.framework_register(city=city, source_text=text, approver_unit=fw.approver_unit)
    assert unresolved.indicators.get(code="commute_45").supplier is None
    subs = services.submission_create(user=stats, framework=unresolved,
                                      rows=rows(("commute_45", "洛龙区", "2025", "80")))
    assert subs[0].unit.code == "ly-stats"


@pytest.mark.parametrize("value,district,period,fragment", [
    ("abc", "洛龙区", "2025", "不是数字"),
    ("150", "洛龙区", "2025", "0–100"),
    ("55", "火星区", "2025", "火星区"),
    ("55", "洛龙区", "2099", "2099"),
    ("55", "洛龙区", "last year", "last year"),
])
def test_bad_values_are_refused_with_a_clear_message_and_nothing_is_written(fw, users, value, district, period, fragment):
    before = DataValue.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.submission_create(user=users["hrss_staff"], framework=fw,
                                   rows=rows(("skills_training", "洛龙区", "2025", "900"),
                                             ("graduate_retention", district, period, value)))
    assert fragment in " ".join(exc.value.messages)
    assert DataValue.objects.count() == before


def test_a_correction_is_a_new_revision_and_the_snapshot_uses_the_latest_approved(fw, users, stats):
    old = DataValue.objects.get(indicator__code="skills_training", region__code="410311", period="2024")
    sub = services.submission_create(user=users["hrss_staff"], framework=fw,
                                     rows=rows(("skills_training", "洛龙区", "2024", "1200")))[0]
    new = sub.values.get()
    assert new.revision == old.revision + 1 and new.supersedes == old
    old.refresh_from_db()
    assert old.value != Decimal("1200")  # never overwritten

    def snap():
        return {(r["indicator"], r["region_code"], r["period"]): r["value"] for r in selectors.approved_snapshot(fw)}

    assert snap()[("skills_training", "410311", "2024")] == str(old.value.quantize(Decimal("0.000001")))
    services.submission_approve(user=stats, submission=sub)
    assert snap()[("skills_training", "410311", "2024")] == "1200.000000"
    assert [v.revision for v in selectors.value_history(new)] == [1, 2]


def test_resubmitting_the_same_value_changes_nothing(fw, users):
    current = DataValue.objects.get(indicator__code="skills_training", region__code="410311", period="2022").value
    with pytest.raises(ServiceError) as exc:
        services.submission_create(user=users["hrss_staff"], framework=fw,
                                   rows=rows(("skills_training", "洛龙区", "2022", f"{current:f}")))
    assert "没有变化" in " ".join(exc.value.messages)


def test_only_the_statistics_office_approves_and_returning_needs_a_reason(fw, users, stats):
    sub = services.submission_create(user=users["hrss_staff"], framework=fw,
                                     rows=rows(("skills_training", "洛龙区", "2025", "1000")))[0]
    for who in ("hrss_staff", "hrss_reviewer", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.submission_approve(user=users[who], submission=sub)
    with pytest.raises(ServiceError):
        services.submission_return(user=stats, submission=sub, note="  ")
    services.submission_return(user=stats, submission=sub, note="请核对口径")
    sub.refresh_from_db()
    assert sub.status == Submission.Status.RETURNED and sub.reviewed_by == stats
    assert Notification.objects.filter(recipient=users["hrss_staff"], kind="monitoring.submission_reviewed").exists()
    with pytest.raises(ServiceError):
        services.submission_approve(user=stats, submission=sub)  # already reviewed
    # the department corrects it: same value again is accepted because the previous one was returned
    again = services.submission_create(user=users["hrss_staff"], framework=fw,
                                       rows=rows(("skills_training", "洛龙区", "2025", "1000")))[0]
    assert again.values.get().revision == 2


def _xlsx(data_rows, header=("district", "period", "skills_training", "graduate_retention")) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    ws.append(["# explanation row", None, None, None])
    for r in data_rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "data.xlsx"
    return buf


def test_excel_upload_names_row_and_column_of_every_error(fw, users):
    f = _xlsx([("洛龙区", 2025, 1000, 55), ("西工区", 2025, "n/a?", 55), ("涧西区", 2025, 900, 0.55 * 1000)])
    with pytest.raises(ServiceError) as exc:
        services.submission_import_xlsx(user=users["hrss_staff"], framework=fw, file=f)
    text = " ".join(exc.value.messages)
    assert "第 4 行，C 列" in text and "第 5 行，D 列" in text
    assert not Submission.objects.filter(source="excel").exists()


def test_excel_upload_creates_one_pending_submission(fw, users):
    f = _xlsx([("洛龙区", 2025, 1000, 55), ("西工区", 2025, None, 51.5)])
    subs = services.submission_import_xlsx(user=users["hrss_staff"], framework=fw, file=f, file_name="data.xlsx")
    assert len(subs) == 1 and subs[0].source == "excel" and subs[0].values.count() == 3


def test_a_file_that_is_not_excel_is_refused(fw, users):
    with pytest.raises(ServiceError) as exc:
        services.submission_import_xlsx(user=users["hrss_staff"], framework=fw, file=io.BytesIO(b"hello"))
    assert ".xlsx" in " ".join(exc.value.messages)


def test_downloaded_template_round_trips(client, users, fw):
    client.force_login(users["hrss_staff"])
    r = client.get("/work/monitoring/template.xlsx", {"period": "2025"})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["district", "period"] and "skills_training" in header and "youth_share" not in header
    assert ws.max_row == 2 + 14
    assert header[2] == "graduate_retention"
    ws.cell(row=3, column=3, value=999)  # a share above 100%: refused
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "filled.xlsx"
    page = client.post("/work/monitoring/upload/", {"file": buf}).content.decode()
    assert "第 3 行，C 列" in page and "合理范围" in page
    ws.cell(row=3, column=3, value=61.5)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "filled.xlsx"
    r = client.post("/work/monitoring/upload/", {"file": buf})
    assert r.status_code == 302
    sub = Submission.objects.get(source="excel")
    assert sub.values.get().value == Decimal("61.5")


def test_web_form_and_review_permissions(client, users, stats, fw):
    client.force_login(users["hrss_staff"])
    r = client.post("/work/monitoring/submit/", {"period": "2025", "district": fw.city.children.get(code="410311").pk,
                                                 "v_skills_training": "12x"})
    assert r.status_code == 200 and "不是数字" in r.content.decode()
    r = client.post("/work/monitoring/submit/", {"period": "2025", "district": fw.city.children.get(code="410311").pk,
                                                 "v_skills_training": "1200"})
    sub = Submission.objects.get(source="form")
    assert r.status_code == 302 and r["Location"].endswith(f"/submissions/{sub.pk}/")
    assert client.post(f"/work/monitoring/submissions/{sub.pk}/review/", {"decision": "approve"}).status_code == 403
    client.force_login(users["housing_staff"])
    assert client.get(f"/work/monitoring/submissions/{sub.pk}/").status_code == 404  # another unit's data
    assert client.get("/work/monitoring/submit/").status_code == 200  # 市住建局 supplies its own indicators
    client.force_login(users["station_staff"])
    assert client.get("/work/monitoring/submit/").status_code == 403  # a youth station supplies none
    client.force_login(stats)
    page = client.get("/work/monitoring/").content.decode()
    assert f"/work/monitoring/submissions/{sub.pk}/" in page
    r = client.post(f"/work/monitoring/submissions/{sub.pk}/review/", {"decision": "approve"})
    sub.refresh_from_db()
    assert r.status_code == 302 and sub.status == "approved"


def test_youth_cannot_open_the_workbench(client, users):
    client.force_login(users["youth"])
    assert client.get("/work/monitoring/").status_code == 403


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=3, allow_nan=False))
def test_numbers_typed_with_separators_parse_back(value):
    assert services.parse_number(f"{value:,}") == value
    assert services.parse_number(f"{value}%") == value
