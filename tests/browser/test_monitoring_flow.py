"""Issue 6 "Done when": a department uploads data (Excel), the statistics office approves, an index
run publishes, and the public page shows the ranking, the chart and the map."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, shot


def test_upload_approve_run_publish_and_public_page(page):
    # 1. 市人社局 downloads the template for 2024 and fills in two figures for 洛龙区.
    login(page, "hrss_staff")
    page.goto(page.base + "/work/monitoring/")
    expect(page.locator("h1")).to_contain_text("青年发展指数指标数据")
    page.click("text=上传 Excel")
    page.select_option("#id_period", "2024")
    with page.expect_download() as dl:
        page.click("[data-testid=template]")
    wb = load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()))
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "洛龙区")
    ws.cell(row=row, column=header.index("graduate_retention") + 1, value=150)  # a wrong unit first
    buf = io.BytesIO()
    wb.save(buf)
    page.set_input_files("#id_file", files=[{"name": "人社局-2024.xlsx", "mimeType": "application/octet-stream",
                                              "buffer": buf.getvalue()}])
    page.click("main form[enctype] button[type=submit]")
    errors = page.locator("[data-testid=errors]")
    expect(errors).to_contain_text(f"第 {row} 行")
    expect(errors).to_contain_text("合理范围")
    shot(page, "monitoring-upload-error")
    ws.cell(row=row, column=header.index("graduate_retention") + 1, value=70)
    ws.cell(row=row, column=header.index("skills_training") + 1, value=1500)
    buf = io.BytesIO()
    wb.save(buf)
    page.set_input_files("#id_file", files=[{"name": "人社局-2024.xlsx", "mimeType": "application/octet-stream",
                                              "buffer": buf.getvalue()}])
    page.click("main form[enctype] button[type=submit]")
    expect(page.locator("[data-testid=status]")).to_have_text("待审核")
    expect(page.locator("[data-testid=values]")).to_contain_text("替代原值")
    shot(page, "monitoring-uploaded")
    submission_url = page.url
    logout(page)

    # 2. 市统计局 approves.
    login(page, "stats_staff")
    page.goto(page.base + "/work/monitoring/")
    expect(page.locator("[data-testid=pending]")).to_contain_text("市人社局")
    page.goto(submission_url)
    page.click("button[value=approve]")
    expect(page.locator("[data-testid=status]")).to_have_text("已审核通过")
    shot(page, "monitoring-approved")
    logout(page)

    # 3. The coordinating office runs the index and publishes it.
    login(page, "coordinator")
    page.goto(page.base + "/work/monitoring/runs/")
    page.fill("#id_replications", "200")
    page.click("[data-testid=run-index]")
    expect(page.locator("[data-testid=run-status]")).to_have_text("草稿")
    page.click("[data-testid=publish]")
    expect(page.locator("[data-testid=run-status]")).to_have_text("已发布")
    logout(page)

    # 4. Anyone reads the public page: ranking, chart and map.
    page.goto(page.base + "/index/")
    expect(page).to_have_url(re.compile(r"/index/luoyang_ydi/2024/$"))
    ranking = page.locator("[data-testid=ranking] tbody tr")
    expect(ranking).to_have_count(14)
    expect(ranking.first).to_contain_text("洛龙区")  # its improved figures put it first
    expect(page.locator("[data-testid=map] rect")).to_have_count(14)
    expect(page.locator("#map-h ~ p")).to_contain_text("示意图")
    page.wait_for_function("() => Chart.getChart('trend-chart') && Chart.getChart('radar-chart')")
    assert page.evaluate("() => Chart.getChart('trend-chart').data.datasets.length") == 14
    shot(page, "monitoring-public")
    page.select_option("#radar-district", label="栾川县")
    assert page.evaluate("() => Chart.getChart('radar-chart').data.datasets[0].label") == "栾川县"
    with page.expect_download() as pdf:
        page.click("[data-testid=report-pdf]")
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"


def test_leader_drills_down_from_the_map(page):
    login(page, "leader")
    page.goto(page.base + "/dashboard/")
    page.click(".navbar-toggler")  # a phone: the menu is collapsed
    page.click("#nav >> text=青年发展指数")
    page.click("[data-testid=map] g[data-district=涧西区] a")
    expect(page.locator("h1")).to_contain_text("涧西区")
    expect(page.locator("[data-testid=indicators]").first).to_contain_text("市统计局")
    shot(page, "monitoring-drilldown")
