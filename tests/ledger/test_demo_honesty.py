"""Demo honesty: invented index data say so on every page that shows them; the demo ledger shows a
plausible mix of statuses; no template placeholder (XX区) reaches a leader's dashboard."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
import yaml
from django.conf import settings

from youthcity.ledger import selectors
from youthcity.ledger.models import Plan, ProgressReport

pytestmark = pytest.mark.django_db


def test_the_demo_ledger_shows_a_mix_of_statuses(users):
    data = selectors.dashboard(users["leader"])
    counts, n = data["counts"], data["measures"]
    assert n >= 40
    assert counts["at_risk"] / n < 0.5, counts  # it was 49 of 51 before the synthetic reports
    assert counts["on_track"] / n >= 0.25 and counts["done"] / n >= 0.1, counts
    # Synthetic reports say what they are.
    synthetic = ProgressReport.objects.filter(submitted_by__isnull=True)
    assert synthetic.exists() and all(r.narrative.startswith("【演示数据，虚构】") for r in synthetic)


def test_no_placeholder_reaches_a_leaders_pages(client, users):
    client.force_login(users["leader"])
    pages = ["/dashboard/ledger/", "/dashboard/ledger/assessment/"]
    # The demo's plans (the files the city pack lists); a plan a test uploads as it is (the raw
    # template with XX) is that test's, not the demo's.
    pack = yaml.safe_load((settings.BASE_DIR / "cities/luoyang/plans/plans.yaml").read_text(encoding="utf-8"))
    # Per file, the first plan imported from it is the pack's (a test may import the same file later).
    files = Counter(spec["file"] for spec in pack["plans"])
    demo_plans = [plan for name, n in files.items()
                  for plan in Plan.objects.filter(source__filename=name).order_by("pk")[:n]]
    assert len(demo_plans) >= 3
    for plan in demo_plans:
        pages += [f"/dashboard/ledger/?plan={plan.pk}", f"/dashboard/ledger/plans/{plan.pk}/evaluation/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        # Random tokens (CSRF, CSP nonces) may hold "XX" by chance: they are no text anyone reads.
        body = re.sub(r'(?:value|nonce)="[A-Za-z0-9+/=_-]{20,}"', "", response.content.decode())
        at = max(body.find("XX"), body.find("ＸＸ"))
        assert at < 0, (page, body[max(0, at - 200):at + 100])
    assert Plan.objects.filter(title="洛龙区青年发展型城市建设试点实施方案").exists()


def test_invented_index_data_are_labelled_on_every_page(client, users):
    client.force_login(users["leader"])
    public = client.get("/index/", follow=True)
    dashboard = client.get("/dashboard/index/", follow=True)
    for response in (public, dashboard):
        body = response.content.decode()
        assert 'data-testid="synthetic-data"' in body and "虚构" in body
        assert "经统计部门审核" not in body and "统计局审核通过的数据" not in body
    path = dashboard.request["PATH_INFO"]
    district = client.get(path + "410311/")
    assert district.status_code == 200 and 'data-testid="synthetic-data"' in district.content.decode()
    framework, period = path.strip("/").split("/")[-2:]
    pdf = client.get(f"/index/{framework}/{period}/report.pdf")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert "演示数据" in text
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(client.get(f"/index/{framework}/{period}/report.xlsx").content))
    assert any("演示数据" in str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value)
