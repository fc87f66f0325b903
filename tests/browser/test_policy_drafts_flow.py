"""Phone flow of 从规划起草的政策: the coordinator imports a plan with a benefit clause, publishes it,
opens the policies drafted from it, reads the quoted clause and what is left to the city, and
downloads the YAML."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, shot

PLAN = """洛阳市青年人才安居专项行动方案

为进一步做好青年人才安居工作,制定本方案。

一、青年安居工程

1. 发放租房补贴。对来洛就业的高校毕业生,毕业3年内、35周岁以下的,每人每月给予800元租房补贴。
责任单位:市住建局

2. 建设人才公寓。全年新建人才公寓不少于500套。
责任单位:市住建局
"""


def test_the_coordinator_reads_and_downloads_a_drafted_policy(page, tmp_path):
    plan_file = tmp_path / "anju.txt"
    plan_file.write_text(PLAN, encoding="utf-8")
    login(page, "coordinator")
    page.goto(page.base + "/work/ledger/import/")
    page.set_input_files("#id_file", str(plan_file))
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("审核导入的方案")
    page.click("[data-testid=publish]")
    expect(page.locator(".alert-success").first).to_contain_text("已发布到工作台账")
    page.click("[data-testid=policy-drafts-link]")
    expect(page.locator("h1")).to_contain_text("从规划起草的政策")
    drafts = page.locator("[data-testid=policy-draft]")
    expect(drafts).to_have_count(1)
    expect(drafts.first.locator("[data-testid=quoted-clause]")).to_contain_text("每人每月给予800元租房补贴")
    expect(drafts.first.locator("[data-testid=open-parts]")).to_contain_text("申请方式")
    drafts.first.locator("summary").nth(1).click()
    expect(drafts.first.locator("pre")).to_contain_text("max_age")
    shot(page, "ledger-policy-drafts")
    assert_accessible(page)
    with page.expect_download() as info:
        drafts.first.locator("[data-testid=download-yaml]").click()
    assert info.value.suggested_filename.endswith(".yaml")
