"""A reviewer with a long queue (a city's 人社局 has thousands of open cases) sees how many there
are and pages through all of them, on a phone, with the status filter kept."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, shot
from tests.factories import open_benefit_applications


def test_reviewer_pages_through_a_long_queue_on_a_phone(page):
    total = open_benefit_applications(70, prefix="long_queue")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/benefits/?status=open")
    expect(page.get_by_test_id("queue-count")).to_have_text(f"共 {total} 件申请")
    expect(page.locator("[data-testid^=queue-row-]")).to_have_count(50)
    pages = page.get_by_role("navigation", name="分页")
    expect(pages).to_contain_text(f"1 / {-(-total // 50)}")
    assert_accessible(page)
    shot(page, "review-queue-01-first-page-phone")
    pages.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(page.base + "/work/benefits/?status=open&page=2")
    expect(page.locator("[data-testid^=queue-row-]")).to_have_count(min(total - 50, 50))
    page.locator("nav.nav-pills").get_by_role("link", name="全部").click()  # the filter starts again at page 1
    expect(page).to_have_url(page.base + "/work/benefits/?status=")
    shot(page, "review-queue-02-all-phone")
