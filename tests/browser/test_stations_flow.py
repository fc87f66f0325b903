"""Issue 5 "done when": a graduate books the last bed, a second graduate is refused it, station staff
check the first in and out, record the follow-up, and the retention figure changes."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, shot
from tests.stations.conftest import make_station, make_youth

PASSWORD = "x-Password-2026"


def test_book_refuse_check_in_out_follow_up(page):
    station = make_station("flow", rooms=(("F1", "female", 1),))
    make_youth("grad_a")
    make_youth("grad_b")
    today = timezone.localdate()
    dates = f"?check_in={today}&check_out={today + dt.timedelta(days=3)}"

    login(page, "grad_a", PASSWORD)
    page.goto(page.base + "/stations/" + dates)
    expect(page.locator("[data-testid=stations]")).to_contain_text(station.name)
    shot(page, "stations-list")
    page.goto(page.base + f"/stations/{station.pk}/" + dates)
    expect(page.locator("[data-testid=eligibility]")).to_contain_text("可以预订")
    shot(page, "stations-detail")
    page.click("[data-testid=book]")
    expect(page).to_have_url(re.compile("/stations/my/$"))
    expect(page.locator(".alert-success")).to_contain_text("预订成功")
    expect(page.locator("[data-testid=bookings]")).to_contain_text("已预订")
    shot(page, "stations-booked")

    logout(page)
    login(page, "grad_b", PASSWORD)
    page.goto(page.base + f"/stations/{station.pk}/" + dates)
    page.click("[data-testid=book]")
    expect(page.locator("[data-testid=booking-errors]")).to_contain_text("已无空床位")
    expect(page.locator("[data-testid=waitlist]")).to_be_visible()
    shot(page, "stations-refused")

    logout(page)
    login(page, "station_staff")
    page.goto(page.base + "/work/stations/")
    before = page.locator("[data-testid=retention-rate]").inner_text()
    page.goto(page.base + f"/work/stations/{station.pk}/")
    page.locator("[data-testid=arrivals] a", has_text="办理入住").click()
    page.check("#id_identity_confirmed")
    page.fill("#id_id_number", "41030020020518101X")
    shot(page, "stations-check-in")
    page.click("[data-testid=confirm-check-in]")
    expect(page.locator(".alert-success")).to_contain_text("已办理入住")
    expect(page.locator("[data-testid=in-house]")).to_contain_text("grad_a")
    page.locator("[data-testid=in-house] button", has_text="办理离店").click()
    expect(page.locator(".alert-success")).to_contain_text("已离店")
    shot(page, "stations-checked-out")
    page.locator("[data-testid=follow-ups] li", has_text="grad_a").locator("a").first.click()
    page.select_option("#id_reached", "yes")
    page.select_option("#id_found_work", "yes")
    page.fill("#id_employer", "中信重工")
    page.select_option("#id_staying_in_city", "yes")
    shot(page, "stations-follow-up")
    page.click("[data-testid=save-follow-up]")
    expect(page.locator(".alert-success")).to_contain_text("回访已记录")
    page.goto(page.base + "/work/stations/")
    after = page.locator("[data-testid=retention-rate]").inner_text()
    assert before != after, (before, after)
    shot(page, "stations-staff-home")

    logout(page)
    login(page, "leader")
    page.goto(page.base + "/dashboard/stations/")
    # the leader sees every station in the city (the demo's Jianxi station too), so a city-wide rate
    expect(page.locator("[data-testid=retention-rate]")).to_have_text(re.compile(r"^\d+(\.\d)?%$"))
    expect(page.locator("main")).to_contain_text("涧西")
    shot(page, "stations-dashboard")
