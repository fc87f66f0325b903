"""The issue's "Done when" flow: the coordinator imports a plan, maps an unknown unit name and
publishes it; the human-resources bureau reports progress with evidence (after a wrong-unit value
is refused); the coordinator accepts; the dashboard and the annual assessment change."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout, shot

PLAN = """洛阳市青年就业见习专项行动方案

为进一步做好青年就业见习工作,制定本方案。

一、见习岗位募集工程

1. 募集见习岗位。全年募集就业见习岗位不少于3000个,其中高新技术企业岗位占比达到30%以上。
责任单位:市人社局、市就业见习服务中心

2. 落实见习补贴。按规定及时足额发放见习生活补贴。
责任单位:市财政局、市人社局
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def _hrss_score(page) -> str:
    page.goto(page.base + "/dashboard/ledger/assessment/")
    return page.locator("tr[data-unit=ly-hrss] [data-testid=score]").inner_text()


def test_import_review_publish_report_accept(page, tmp_path):
    plan_file = tmp_path / "jianxi.txt"
    plan_file.write_text(PLAN, encoding="gbk")  # GBK, as many government files are
    evidence = tmp_path / "现场照片.png"
    evidence.write_bytes(PNG)

    # 1. The coordinator imports the plan: a draft, with one unit name flagged in red.
    login(page, "coordinator")
    page.goto(page.base + "/work/ledger/")
    page.click("text=导入方案文件")
    page.set_input_files("#id_file", str(plan_file))
    shot(page, "ledger-1-upload")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("审核导入的方案")
    expect(page.locator("[data-testid=counts]")).to_contain_text("1 个工程、2 项措施、2 个指标")
    expect(page.locator("[data-testid=unmapped]")).to_be_visible()
    flagged = page.locator('tr[data-unit-name="市就业见习服务中心"]')
    expect(flagged).to_have_class(re.compile("table-danger"))
    shot(page, "ledger-2-review-unmapped")

    # Publishing before every name is decided is refused with the names.
    page.click("[data-testid=publish]")
    expect(page.locator(".alert-danger").first).to_contain_text("市就业见习服务中心")

    # 2. Map the unknown name to the league (团市委) and publish.
    flagged.locator("select").select_option(label="团市委 · 洛阳市")
    page.click("#units button[type=submit]")
    expect(page.locator("#units .alert-success")).to_contain_text("所有单位名称均已确认")
    shot(page, "ledger-3-review-mapped")
    page.click("[data-testid=publish]")
    expect(page.locator(".alert-success")).to_contain_text("已发布到工作台账")
    expect(page.locator("[data-testid=ledger-measure]")).to_have_count(2)
    shot(page, "ledger-4-published")
    score_before = _hrss_score(page)
    page.goto(page.base + "/dashboard/ledger/")
    reached_before = page.locator("[data-testid=targets-reached]").inner_text()
    logout(page)

    # 3. The human-resources bureau reports on its measure.
    login(page, "hrss_staff")
    page.goto(page.base + "/work/ledger/")
    page.click("[data-testid=my-measures] >> text=募集见习岗位")
    expect(page.locator("[data-testid=lead]")).to_contain_text("市人社局")
    page.fill("#id_narrative", "已募集见习岗位3200个,高新技术企业岗位占35%。")
    inputs = page.locator("input[name^=target_]")
    inputs.nth(0).fill("50%")  # wrong unit: this target counts 个
    inputs.nth(1).fill("35")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("text=提交报告")
    expect(page.locator("[data-field-error^=target_]").first).to_contain_text("个")
    shot(page, "ledger-5-wrong-unit")
    page.locator("input[name^=target_]").nth(0).fill("3200")
    page.set_input_files("#id_evidence", str(evidence))
    page.click("text=提交报告")
    expect(page.locator(".alert-success")).to_contain_text("已提交")
    expect(page.locator("[data-testid=report]")).to_contain_text("现场照片.png")
    expect(page.locator("[data-testid=awaiting]")).to_contain_text("等待领导小组办公室审核")
    shot(page, "ledger-6-reported")
    logout(page)

    # 4. The coordinator accepts with a quality rating.
    login(page, "coordinator")
    page.goto(page.base + "/work/ledger/")
    shot(page, "ledger-7a-coordinator-home")
    page.click("[data-testid=pending] >> text=募集见习岗位")
    form = page.locator("[data-testid=review-form]").first
    form.locator("input[value=accepted]").check()
    form.locator("select[name=quality]").select_option("5")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=review]").first).to_contain_text("已采纳")
    expect(page.locator("[data-testid=targets]")).to_contain_text("已完成")
    shot(page, "ledger-7-accepted")

    # 5. The dashboard and the assessment change.
    page.goto(page.base + "/dashboard/ledger/")
    reached_after = page.locator("[data-testid=targets-reached]").inner_text()
    assert int(reached_after.split("/")[0]) == int(reached_before.split("/")[0]) + 2
    shot(page, "ledger-8-dashboard")
    score_after = _hrss_score(page)
    assert float(score_after) > float(score_before)
    shot(page, "ledger-9-assessment")
