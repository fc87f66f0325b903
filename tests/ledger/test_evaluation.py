"""Stage evaluation (阶段性评估): the figures, the PDF and the Excel file, and who may download them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from youthcity.ledger import evaluation, selectors
from youthcity.ledger.models import ReportingPeriod

pytestmark = pytest.mark.django_db
pypdf = pytest.importorskip("pypdf")


def _period(plan):
    return plan.periods.filter(starts_on__lte=selectors.today()).order_by("-starts_on").first()


def test_the_figures_follow_the_accepted_reports(users, published):
    data = evaluation.build(users["coordinator"], published, _period(published))
    assert len(data["states"]) == published.projects.all().values("measures").count()
    # The demo accepted 3.2万套 of 保障性租赁住房 (measure 12) and 96 孵化场所 (measure 9).
    achieved = {t.target.subject: t.achieved for _s, t in data["targets"] if t.achieved is not None}
    assert achieved["保障性租赁住房"] == 32000 and achieved["孵化场所"] == 96
    assert sum(data["counts"].values()) == len(data["states"])
    assert data["reporting"]["due"] == data["reporting"]["on_time"] + data["reporting"]["late"] + data["reporting"]["missing"]
    assert {r["unit"].code for r in data["assessment"]} >= {"ly-housing", "ly-hrss"}


def test_the_pdf_opens_and_carries_the_figures(users, published):
    data = evaluation.build(users["coordinator"], published, _period(published))
    content = evaluation.pdf(data)
    assert content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "阶段性评估" in text and published.title[:8] in text
    assert f"{data['completion']}%" in text
    assert "32000套" in text and "96个" in text  # achieved figures of the demo's accepted reports
    assert "市住建局" in text  # a unit of the assessment
    fonts = {str(f.get("/BaseFont")) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    assert any("YCSans" in f or "Noto" in f for f in fonts), fonts  # the CJK font is embedded


def test_the_workbook_opens_and_carries_the_figures(users, published):
    data = evaluation.build(users["coordinator"], published, _period(published))
    wb = load_workbook(io.BytesIO(evaluation.xlsx(data)))
    assert wb.sheetnames == ["概要", "工程", "措施清单", "指标", "年度综合考核"]
    summary = {row[0]: row[1] for row in wb["概要"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert summary["总体完成度"] == f"{data['completion']}%"
    targets = [row for row in wb["指标"].iter_rows(min_row=2, values_only=True)]
    assert any(r[1] == "保障性租赁住房" and r[4] == "32000套" for r in targets)
    assert len(list(wb["措施清单"].iter_rows(min_row=2))) == len(data["states"])


def test_a_formula_in_a_narrative_stays_text(users, published):
    data = evaluation.build(users["coordinator"], published, _period(published))
    data["states"][0].measure.number = ""
    data["states"][0].measure.title = '=HYPERLINK("http://example.com","点此")'
    wb = load_workbook(io.BytesIO(evaluation.xlsx(data)))
    cell = wb["措施清单"]["B2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix


def test_downloads_for_coordinators_and_leaders_only(client, users, published, luolong):
    period = _period(published)
    base = f"/dashboard/ledger/plans/{published.pk}/evaluation"
    for name in ("coordinator", "leader"):
        client.force_login(users[name])
        page = client.get(f"{base}/")
        assert page.status_code == 200 and "阶段性评估" in page.content.decode()
        pdf = client.get(f"{base}.pdf?period={period.pk}")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        xlsx = client.get(f"{base}.xlsx?period={period.pk}")
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    # Unit staff are not on the dashboard; a district's coordinator does not see the city's plan.
    client.force_login(users["hrss_staff"])
    assert client.get(f"{base}.pdf").status_code in (302, 403)
    client.force_login(users["luolong_coordinator"])
    assert client.get(f"{base}.pdf").status_code == 404
    # A period of another plan, or nonsense, is a 404.
    client.force_login(users["coordinator"])
    other = ReportingPeriod.objects.exclude(plan=published).first()
    assert client.get(f"{base}.pdf?period={other.pk}").status_code == 404
    assert client.get(f"{base}.xlsx?period=abc").status_code == 404
