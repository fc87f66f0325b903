"""Issue 14 on a phone: a youth home's staff book a room and publish it as an event; a young person
checks themselves in by scanning the event's door code (another event's door code is refused)."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.community.conftest import make_event, make_person

PASSWORD = "x-Password-2026"
FMT = "%Y-%m-%dT%H:%M"


def test_youth_home_books_a_room_and_publishes_an_event(page):
    from youthcity.community.models import YouthHome

    home = YouthHome.objects.get(code="home-410311001")
    start = (timezone.localtime() + dt.timedelta(days=4)).replace(hour=19, minute=0, second=0, microsecond=0)
    login(page, "luolong_league")
    page.goto(page.base + "/work/events/")
    page.get_by_role("link", name="青年之家房间").click()
    page.get_by_role("link", name=home.name).click()
    expect(page.locator("h1")).to_contain_text(home.name)
    page.select_option("#id_book-room", label="活动室")
    page.fill("#id_book-purpose", "青年夜校：手机摄影")
    page.fill("#id_book-starts_at", start.strftime(FMT))
    page.fill("#id_book-ends_at", (start + dt.timedelta(hours=2)).strftime(FMT))
    page.click("[data-testid=book-form] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/work/rooms/bookings/\d+/publish/$"))
    expect(page.locator("[data-testid=booking-summary]")).to_contain_text("活动室")
    assert_accessible(page)
    shot(page, "rooms-publish-form")
    page.select_option("#id_kind", "night_school")
    page.fill("#id_capacity", "20")
    page.click("[data-testid=publish]")
    expect(page).to_have_url(re.compile(r"/work/events/\d+/$"))
    expect(page.locator(".alert-success")).to_contain_text("活动已发布")
    expect(page.locator("[data-testid=door-code]")).to_contain_text("E")
    shot(page, "rooms-event-published")
    # the same slot again: refused
    page.goto(page.base + f"/work/youth-homes/{home.pk}/rooms/")
    expect(page.locator("[data-testid=bookings]")).to_contain_text("青年夜校：手机摄影")
    page.select_option("#id_book-room", label="活动室")
    page.fill("#id_book-purpose", "撞车的活动")
    page.fill("#id_book-starts_at", (start + dt.timedelta(hours=1)).strftime(FMT))
    page.fill("#id_book-ends_at", (start + dt.timedelta(hours=3)).strftime(FMT))
    page.click("[data-testid=book-form] button[type=submit]")
    expect(page.locator("[data-testid=book-form]")).to_contain_text("已被预订")
    assert_accessible(page)
    shot(page, "rooms-double-booking-refused")
    logout(page)
    page.goto(page.base + "/events/")
    expect(page.locator("[data-testid=events]")).to_contain_text("青年夜校：手机摄影")


def test_young_person_checks_in_by_the_door_code(page):
    from youthcity.community import services

    event = make_event(capacity=5, starts_in=dt.timedelta(minutes=30), title="青年读书会")
    other = make_event(capacity=5, starts_in=dt.timedelta(minutes=30), title="隔壁的活动")
    person = make_person("young_door")
    services.signup_create(person=person, event=event)
    login(page, "young_door", PASSWORD)
    # another event's door code (scanned at the wrong door) is refused
    page.goto(page.base + f"/events/{event.pk}/door/?c={services.door_code_of(other)}")
    page.click("[data-testid=self-check-in]")
    expect(page.locator("[data-testid=door-form]")).to_contain_text("属于其他活动")
    assert_accessible(page)
    shot(page, "door-wrong-event")
    # the QR code at this event's door opens the page with the code filled in
    page.goto(page.base + f"/events/{event.pk}/door/?c={services.door_code_of(event)}")
    expect(page.locator("h1")).to_contain_text("签到")
    assert_accessible(page)
    shot(page, "door-confirm")
    page.click("[data-testid=self-check-in]")
    expect(page).to_have_url(re.compile("/events/my/$"))
    expect(page.locator(".alert-success")).to_contain_text("签到成功")
    assert_accessible(page)
    shot(page, "door-checked-in")
    page.goto(page.base + f"/events/{event.pk}/door/")
    expect(page.locator(".alert-success")).to_contain_text("您已于")
