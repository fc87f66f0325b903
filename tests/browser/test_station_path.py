"""Issue 16, "one path": on a phone, a young person finds the youth-station stay in the policy
finder, its action is 预订青年驿站, they book a bed, and the booking appears in "my applications"
beside their benefit applications. Every page on the way passes axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import SCREENS, assert_accessible, login, shot
from tests.stations.conftest import make_station, make_youth

PASSWORD = "x-Password-2026"


def test_finder_to_station_booking_to_my_applications(page):
    station = make_station("onepath", rooms=(("F1", "female", 2),))
    make_youth("one_path")  # 郑州 hukou, bachelor 2026, looking for work
    login(page, "one_path", PASSWORD)

    page.goto(page.base + "/benefits/results/")
    card = page.locator("[data-testid=result-youth_station_stay]")
    expect(card).to_contain_text("最多免费入住15晚")
    action = card.locator("[data-testid=apply-youth_station_stay]")
    expect(action).to_have_text("预订青年驿站")
    # A benefit without a flow of its own is still applied for here.
    expect(page.locator("[data-testid=apply-interview_travel_subsidy]")).to_have_attribute(
        "href", re.compile("/benefits/apply/interview_travel_subsidy/$"))
    assert_accessible(page)
    shot(page, "one-path-01-finder")
    card.screenshot(path=str(SCREENS / "one-path-01-station-card.png"))

    action.click()
    expect(page).to_have_url(re.compile("/stations/$"))
    assert_accessible(page)
    page.locator("[data-testid=stations]").get_by_role("link", name=station.display_name).click()
    expect(page.locator("[data-testid=eligibility]")).to_contain_text("可以预订")
    assert_accessible(page)
    shot(page, "one-path-02-station")
    page.click("[data-testid=book]")
    expect(page).to_have_url(re.compile("/stations/my/$"))
    expect(page.locator(".alert-success")).to_contain_text("预订成功")

    page.goto(page.base + "/benefits/applications/")
    item = page.locator("[data-testid='item-stations.booking']")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(station.display_name)
    expect(item).to_contain_text("已预订")
    assert_accessible(page)
    shot(page, "one-path-03-my-applications")
    item.click()
    expect(page).to_have_url(re.compile(r"/stations/my/#booking-\d+$"))
