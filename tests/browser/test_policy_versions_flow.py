"""Issue 16, policies with a life cycle, on a phone: HR staff edit a policy in the app (an invalid
text is refused with its line), read the diff and the tests, submit; a reviewer publishes; the
finder's amount changes at once."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot

BASE = "enterprise_university_base_subsidy"


@pytest.fixture(autouse=True)
def _registry_back_to_the_files():
    yield
    from youthcity.benefits.models import PolicyVersion
    from youthcity.benefits.registry import registry

    PolicyVersion.objects.all().delete()
    registry.reload()


def test_edit_diff_submit_and_another_person_publishes(page):
    from youthcity.benefits.registry import default_directory, file_text, registry

    text = file_text(default_directory(), BASE)
    login(page, "hrss_staff")
    page.goto(page.base + "/benefits/policies/")
    page.click("[data-testid=policy-versions-link]")
    expect(page.locator(f"[data-testid=policy-row-{BASE}]")).to_contain_text("政策原文件")
    assert_accessible(page)
    page.click(f"[data-testid=new-draft-{BASE}]")
    expect(page.locator("#id_yaml_text")).to_have_value(text)
    page.fill("#id_yaml_text", text.replace("kind: cash", "kind: cashy"))
    page.click("[data-testid=draft-save]")
    expect(page.locator("main")).to_contain_text("行")
    expect(page.locator("main")).to_contain_text("cashy")
    assert_accessible(page)
    shot(page, "policy-versions-01-invalid")

    raised = text.replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 100000, 2026-01-01: 150000}")
    page.fill("#id_yaml_text", raised)
    page.click("[data-testid=draft-save]")
    changes = page.locator("[data-testid=version-changes]")
    expect(changes).to_contain_text("参数 基地补贴下限（2026-01-01 起）")
    expect(changes).to_contain_text("150000")
    expect(page.locator("[data-testid=version-tests]")).to_contain_text("全部通过")
    page.get_by_text("逐行对比").click()
    expect(page.locator("[data-testid=version-diff]")).to_contain_text("+    values: {2021-12-02: 100000, 2026-01-01: 150000}")
    assert_accessible(page)
    shot(page, "policy-versions-02-diff-and-tests")
    page.click("[data-testid=version-submit]")
    expect(page.locator("[data-testid=version-status]")).to_contain_text("已提交审核")
    expect(page.locator("[data-testid=version-publish]")).to_have_count(0)  # not their own

    logout(page)
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/benefits/policies/")
    page.locator("[data-testid=versions-awaiting]").get_by_role("link").first.click()
    assert_accessible(page)
    shot(page, "policy-versions-03-review")
    page.click("[data-testid=version-publish]")
    expect(page.locator("[data-testid=version-status]")).to_contain_text("已发布")
    expect(page.locator("[data-testid=version-status]")).to_contain_text("第1版")
    assert_accessible(page)
    result = next(r for r in registry.get().evaluate(
        {"birth_date": "1996-05-01", "enterprise_in_city": True, "enterprise_has_university_base": True},
        dt.date(2026, 6, 1)) if r.policy_id == BASE)
    assert result.amount == 150000
    page.goto(page.base + "/work/benefits/policies/")
    expect(page.locator(f"[data-testid=policy-row-{BASE}]")).to_contain_text("第1版")
