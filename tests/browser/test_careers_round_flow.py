"""A matching round on a phone: two graduates rank the demo round's internships, the host base
ranks them, 市人社局 runs the round, the audit file's SHA-256 is shown and the offers arrive."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.careers.conftest import make_youth
from youthcity.careers.models import MatchingRound

PASSWORD = "x-Password-2026"


def test_rank_rank_run(page):
    round_ = MatchingRound.objects.get(name="示例·2026年秋季见习岗位集中匹配")
    make_youth("round_a", education="bachelor")
    make_youth("round_b", education="bachelor")
    for who in ("round_a", "round_b"):
        login(page, who, PASSWORD)
        page.goto(page.base + "/careers/")
        page.locator("[data-testid=open-rounds] a").click()
        page.locator("select", has=page.locator("option")).first.select_option("1")
        assert_accessible(page)
        page.click("[data-testid=save-choices]")
        expect(page.locator(".alert-success")).to_contain_text("志愿已保存")
        logout(page)

    login(page, "employer_hr")
    page.goto(page.base + f"/careers/employer/rounds/{round_.pk}/")
    inputs = page.locator("input[type=number]")
    expect(inputs).to_have_count(2)
    inputs.nth(0).fill("2")
    inputs.nth(1).fill("1")
    assert_accessible(page)
    shot(page, "careers-round-employer")
    page.locator("button[data-testid^=save-ranking]").click()
    expect(page.locator(".alert-success")).to_contain_text("排序已保存")
    logout(page)

    login(page, "hrss_staff")
    page.goto(page.base + f"/work/careers/rounds/{round_.pk}/")
    page.click("[data-testid=run-round]")
    expect(page.locator("[data-testid=round-status]")).to_have_text("已匹配")
    expect(page.locator("[data-testid=assignments] tbody tr")).to_have_count(2)
    expect(page.locator("[data-testid=audit-sha]")).to_have_text(MatchingRound.objects.get(pk=round_.pk).audit_sha256)
    assert_accessible(page)
    shot(page, "careers-round-result")
    logout(page)

    login(page, "round_a", PASSWORD)
    page.goto(page.base + "/careers/my/")
    expect(page.locator("[data-testid=applications]")).to_contain_text("已发出录用")
