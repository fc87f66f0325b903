"""Limits: uploads bounded by what they expand to and by rows, text by length, error lists by count."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import bearer
from tests.ledger.conftest import published  # noqa: F401  (fixture)
from youthcity.core.errors import MAX_ERRORS_SHOWN, ServiceError
from youthcity.engines.plans import PlanParseError, extract_text

XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="data" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def xlsx_with_rows(n: int, header: bool = False) -> bytes:
    """A minimal .xlsx whose one sheet has ``n`` rows (built as XML: fast even for 2 million)."""
    head = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>district</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>period</t></is></c></row>'
        if header
        else ""
    )
    rows = head + "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>' for i in range(1, n + 1)
    )
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in XLSX_PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def docx_bomb(expanded_mb: int = 27) -> bytes:
    """A .docx of ~100 KB whose document.xml expands to ``expanded_mb`` MB."""
    body = "<w:p><w:r><w:t>青年</w:t></w:r></w:p>" * (expanded_mb * 1024 * 1024 // 40)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            f'2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buf.getvalue()


def test_a_docx_zip_bomb_is_refused_before_it_is_parsed():
    data = docx_bomb(27)
    assert len(data) < 300_000
    started = time.monotonic()
    with pytest.raises(PlanParseError) as exc:
        extract_text(data, "plan.docx")
    assert exc.value.code == "too_large" and "解压" in exc.value.message_zh
    assert time.monotonic() - started < 2


def test_a_two_million_row_spreadsheet_is_refused_quickly():
    data = xlsx_with_rows(2_000_000)
    started = time.monotonic()
    with pytest.raises(PlanParseError) as exc:
        extract_text(data, "plan.xlsx")
    assert exc.value.code == "too_large"
    assert time.monotonic() - started < 2


def test_a_plan_workbook_with_more_rows_than_a_plan_is_refused():
    with pytest.raises(PlanParseError) as exc:
        extract_text(xlsx_with_rows(25_000), "plan.xlsx")
    assert exc.value.code == "too_large" and "20,000" in exc.value.message_zh


@pytest.mark.django_db
def test_indicator_upload_refuses_a_bomb_and_too_many_rows(city):
    from youthcity.monitoring.services import read_xlsx_rows

    big = xlsx_with_rows(2_000_000)
    started = time.monotonic()
    rows, errors = read_xlsx_rows(io.BytesIO(big))
    assert rows == [] and len(errors) == 1 and time.monotonic() - started < 2
    rows, errors = read_xlsx_rows(io.BytesIO(xlsx_with_rows(12_000, header=True)))
    assert rows == [] and "10,000" in errors[0]


@pytest.mark.django_db
def test_evidence_that_expands_too_far_is_refused(client, users, published):  # noqa: F811
    from youthcity.ledger.models import Target

    target = Target.objects.get(measure__project__plan=published, unit="套")
    bomb = docx_bomb(27)
    data = {
        "unit": users["housing_staff"].memberships.first().unit.code,
        "narrative": "完成",
        "evidence": SimpleUploadedFile("bomb.docx", bomb),
    }
    r = client.post(f"/api/v1/measures/{target.measure_id}/reports", data, **bearer(users["housing_staff"]))
    assert r.status_code == 422, r.content
    assert "evidence" in r.json()["error"]["fields"]


def test_an_error_list_shows_the_first_100_with_the_count():
    err = ServiceError(422, "invalid", "x", {f"row{i}": [f"bad {i}"] for i in range(2_500)})
    assert err.total_errors == 2_500
    assert len(err.messages) == MAX_ERRORS_SHOWN + 1
    assert err.messages[0] == "bad 0" and "2,500" in err.messages[-1]


@pytest.mark.django_db
def test_free_text_has_lengths(client, users, published):  # noqa: F811
    from youthcity.ledger.models import ProgressReport, Target

    target = Target.objects.get(measure__project__plan=published, unit="套")
    data = {"unit": users["housing_staff"].memberships.first().unit.code, "narrative": "完" * 20_001}
    r = client.post(f"/api/v1/measures/{target.measure_id}/reports", data, **bearer(users["housing_staff"]))
    assert r.status_code == 422 and "narrative" in r.json()["error"]["fields"]
    assert "20000" in r.json()["error"]["fields"]["narrative"][0]
    assert ProgressReport._meta.get_field("narrative").max_length == 20_000
    r = client.post(
        "/api/v1/auth/token", {"username": "a" * 151, "password": "x"}, content_type="application/json"
    )
    assert r.status_code == 422 and "150" in r.json()["error"]["fields"]["username"][0]
    r = client.post(
        "/api/v1/benefits/check", {"facts": {"x": "y" * 100_001}}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_text"
