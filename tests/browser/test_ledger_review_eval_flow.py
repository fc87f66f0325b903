"""Phone flows of issue 15's supervision part: the coordinator deletes a draft measure and creates a
missing unit on the spot; a unit's staff member lands on their to-dos; a leader downloads the stage
evaluation (PDF and Excel) of a plan."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot

PLAN = """洛阳市青年创业见习专项行动方案

为进一步做好青年创业见习工作,制定本方案。

一、创业见习工程

1. 建设创业见习基地。全年新建创业见习基地不少于20个。
责任单位:市青年创业服务中心、市人社局

2. 本方案自印发之日起施行。
"""


def test_delete_a_draft_measure_and_create_a_missing_unit(page, tmp_path):
    plan_file = tmp_path / "chuangye.txt"
    plan_file.write_text(PLAN, encoding="utf-8")
    login(page, "coordinator")
    page.goto(page.base + "/work/ledger/import/")
    page.set_input_files("#id_file", str(plan_file))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("审核导入的方案")
    measures = page.locator("[data-testid=draft-measure]")
    count = measures.count()
    assert count >= 2
    # The reader took the closing sentence for a measure: delete it.
    measures.filter(has_text="自印发之日起施行").locator("[data-testid=delete-measure]").click()
    expect(page.locator(".alert-success").first).to_contain_text("已从草稿中删除该措施")
    expect(page.locator("[data-testid=draft-measure]")).to_have_count(count - 1)
    # 市青年创业服务中心 is not in the directory: create it here instead of marking it "not a unit".
    expect(page.locator("[data-testid=unmapped]")).to_be_visible()
    box = page.locator('[data-create-unit="市青年创业服务中心"]')
    box.locator("summary").click()
    box.get_by_label("单位全称").fill("洛阳市青年创业服务中心")
    box.get_by_label("简称").fill("市青创中心")
    box.get_by_label("单位类型").select_option("other")
    shot(page, "ledger-review-create-unit")
    assert_accessible(page)
    box.locator("button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_contain_text("已新建单位")
    expect(page.locator("#units .alert-success")).to_contain_text("所有单位名称均已确认")
    expect(page.locator('tr[data-unit-name="市青年创业服务中心"] select')).to_have_value(
        page.locator('tr[data-unit-name="市青年创业服务中心"] select option:checked').get_attribute("value"))
    shot(page, "ledger-review-unit-created")
    assert_accessible(page)
    page.click("[data-testid=publish]")
    expect(page.locator(".alert-success").first).to_contain_text("已发布到工作台账")
    expect(page.locator("[data-testid=ledger-measure]")).to_have_count(count - 1)


def test_staff_land_on_todos_and_a_leader_downloads_the_evaluation(page, tmp_path):
    from youthcity.ledger.models import Plan

    login(page, "hrss_staff")
    expect(page).to_have_url(page.base + "/work/")
    expect(page.locator("h1")).to_contain_text("我的待办")
    expect(page.locator("[data-testid=todos] li").first).to_contain_text("需报送进展")
    shot(page, "ledger-todos-staff")
    assert_accessible(page)
    logout(page)

    plan = Plan.objects.get(title="洛阳市建设青年友好型城市行动方案")
    login(page, "leader")
    page.goto(page.base + f"/dashboard/ledger/?plan={plan.pk}")
    shot(page, "ledger-dashboard-phone-labels")
    page.click("[data-testid=evaluation-link]")
    expect(page.locator("h1")).to_contain_text("阶段性评估")
    expect(page.locator("[data-testid=evaluation-summary]")).to_be_visible()
    shot(page, "ledger-evaluation")
    assert_accessible(page)
    with page.expect_download() as info:
        page.click("[data-testid=evaluation-pdf]")
    pdf = tmp_path / "evaluation.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and info.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as info:
        page.click("[data-testid=evaluation-xlsx]")
    xlsx = tmp_path / "evaluation.xlsx"
    info.value.save_as(xlsx)
    from openpyxl import load_workbook
    wb = load_workbook(xlsx)
    assert "年度综合考核" in wb.sheetnames
