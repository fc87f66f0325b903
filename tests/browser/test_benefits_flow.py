"""Issue 4's "Done when": an out-of-town graduate answers the policy finder, sees the interview
subsidy and the youth-station stay with reasons and clauses, applies with documents, the
responsible unit's reviewer approves, the young person is notified; the microsimulation page
shows counts and costs."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login, logout, shot

PDF = b"%PDF-1.4\n% browser test\n%%EOF\n"


def test_graduate_finds_applies_reviewer_approves_youth_is_notified(page):
    login(page, "youth")  # 郑州 hukou, bachelor, graduated 2026-06, looking for work
    page.goto(page.base + "/benefits/")
    expect(page.locator("[data-testid=known-facts]")).to_contain_text("郑州")
    shot(page, "benefits-01-finder-home")
    page.click("[data-testid=start-finder]")
    for step in range(25):
        if "/benefits/results/" in page.url:
            break
        fact = page.locator("input[name=fact]").get_attribute("value")
        if step == 0:
            shot(page, "benefits-02-question")
        if fact == "has_interview_invitation":
            page.get_by_label("是", exact=True).check()
            page.click("[data-testid=answer]")
        elif page.get_by_label("否", exact=True).count():
            page.get_by_label("否", exact=True).check()
            page.click("[data-testid=answer]")
        else:
            page.get_by_role("button", name="不确定 / 跳过").click()
        page.wait_for_load_state()
    expect(page).to_have_url(re.compile("/benefits/results/$"))
    # December 2026: the plan's period ("十四五", to 2025) is over, so the city confirms first.
    eligible = page.locator("[data-testid=group-awaiting]")
    station = eligible.locator("[data-testid=result-youth_station_stay]")
    expect(station).to_contain_text("最多免费入住15晚")
    expect(station).to_contain_text("您的户籍和家都不在洛阳，属于外地来洛人员。")
    subsidy = eligible.locator("[data-testid=result-interview_travel_subsidy]")
    expect(subsidy).to_contain_text("金额待市里确定")
    expect(subsidy).to_contain_text("您已获得洛阳用人单位的面试邀请。")
    subsidy.locator("summary").click()
    expect(subsidy).to_contain_text("二、（二）4")
    shot(page, "benefits-03-results")

    page.click("[data-testid=package-link]")
    expect(page.locator("h1")).to_contain_text("政策大礼包")
    page.emulate_media(media="print")
    shot(page, "benefits-04-gift-package-print")
    page.emulate_media(media="screen")

    page.goto(page.base + "/benefits/results/")
    page.click("[data-testid=apply-interview_travel_subsidy]")
    expect(page.locator("[data-testid=apply-eligibility]")).to_contain_text("您符合条件")
    for doc in ("id_card", "degree_certificate", "interview_invitation", "travel_tickets"):
        page.set_input_files(f"#doc-{doc}", files=[{"name": f"{doc}.pdf", "mimeType": "application/pdf",
                                                    "buffer": PDF}])
    shot(page, "benefits-05-apply")
    page.click("[data-testid=submit-application]")
    expect(page.locator("[data-testid=application-status]")).to_contain_text("已提交，等待审核")
    application_url = page.url
    shot(page, "benefits-06-application-submitted")

    logout(page)
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/benefits/")
    page.get_by_role("row").filter(has_text="小洛").get_by_role("link").click()
    expect(page.locator("[data-testid=eligibility-now]")).to_contain_text("符合")
    expect(page.locator("[data-testid=eligibility-now]")).to_contain_text("二、（二）4")
    page.get_by_label("审核通过", exact=True).check()
    shot(page, "benefits-07-review")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=review-status]")).to_contain_text("已批准")

    logout(page)
    login(page, "youth")
    # Two unread: the confirmation that the application arrived, and the decision.
    expect(page.locator("[data-testid=unread-count]").first).to_have_text("2")
    page.goto(page.base + "/accounts/inbox/")
    expect(page.locator("main")).to_contain_text("已批准：外地来洛应聘大学生一次性面试（路费）补贴")
    expect(page.locator("main")).to_contain_text("申请已收到")
    shot(page, "benefits-08-youth-inbox")
    page.goto(application_url)
    expect(page.locator("[data-testid=application-status]")).to_contain_text("已批准")


def test_microsimulation_shows_counts_costs_and_what_if(page):
    login(page, "coordinator")
    page.goto(page.base + "/dashboard/benefits/simulation/?n=10000&seed=2026")
    expect(page.locator("[data-testid=sim-summary]")).to_contain_text("10,000")
    expect(page.locator("[data-testid=sim-internship_living_allowance]")).to_contain_text("元")
    expect(page.locator("[data-testid=sim-districts]")).to_contain_text("洛龙区")
    shot(page, "benefits-09-simulation")
    page.select_option("#id_parameter", "interview_subsidy.amount")
    page.fill("#id_value", "500")
    page.click("[data-testid=simulate]")
    row = page.locator("[data-testid=sim-interview_travel_subsidy]")
    expect(row).to_contain_text("待市里确定")
    expect(row).to_contain_text("元")
    shot(page, "benefits-10-simulation-what-if")


def test_anonymous_finder_asks_the_age_and_explains_a_bad_one(page):
    """Without an account the finder asks "how old are you?" (not a date of birth); −3 is refused
    in Chinese, 24 settles the youth-age conditions; employers' benefits are listed apart."""
    page.goto(page.base + "/benefits/finder/?fact=age")
    expect(page.locator("input[name=fact]")).to_have_value("age")
    expect(page.locator("main")).to_contain_text("您今年多少周岁")
    page.fill("input[name=answer]", "-3")
    page.click("[data-testid=answer]")
    expect(page.locator("main")).to_contain_text("年龄（周岁）不能小于0")
    shot(page, "benefits-11-age-error")
    page.fill("input[name=answer]", "24")
    page.click("[data-testid=answer]")
    page.goto(page.base + "/benefits/")
    expect(page.locator("[data-testid=known-facts]")).to_contain_text("24")
    page.goto(page.base + "/benefits/results/")
    employers = page.locator("[data-testid=group-employers]")
    expect(employers).to_contain_text("面向用人单位")
    expect(employers).to_contain_text("民营企业招聘高校毕业生补贴")
