"""Issue 14 "done when": on a phone a young person finds an event, signs up, is checked in by code at
the door (a code from another event is refused) and gives feedback."""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.community.conftest import make_event, make_person

PASSWORD = "x-Password-2026"


def test_find_sign_up_check_in_by_code_feedback(page):
    event = make_event(capacity=5, starts_in=dt.timedelta(minutes=30), title="青年夜校：摄影入门")
    other = make_event(capacity=5, starts_in=dt.timedelta(minutes=30), title="另一场活动")
    make_person("young_a")
    stranger = make_person("young_b")
    from youthcity.community import services

    foreign = services.signup_create(person=stranger, event=other)

    login(page, "young_a", PASSWORD)
    page.goto(page.base + "/events/")
    page.select_option("#id_district", "410311")
    page.click("[data-testid=filter]")
    expect(page.locator("[data-testid=events]")).to_contain_text("青年夜校：摄影入门")
    assert_accessible(page)
    shot(page, "community-events")
    page.locator("[data-testid=events] a", has_text="青年夜校：摄影入门").click()
    expect(page.locator("[data-testid=event-facts]")).to_contain_text("论坛讲座")
    page.click("[data-testid=sign-up]")
    expect(page).to_have_url(re.compile("/events/my/$"))
    expect(page.locator(".alert-success")).to_contain_text("报名成功")
    code = page.locator("[data-testid=code]").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert_accessible(page)
    shot(page, "community-my-code")

    logout(page)
    login(page, "luolong_league")
    page.goto(page.base + f"/work/events/{event.pk}/")
    page.fill("#id_code", services.display_code(foreign.code))
    page.click("[data-testid=check-in]")
    expect(page.locator("[data-testid=check-in-form]")).to_contain_text("该签到码属于其他活动")
    shot(page, "community-wrong-event")
    page.fill("#id_code", code.lower().replace("-", " "))
    page.click("[data-testid=check-in]")
    expect(page.locator(".alert-success")).to_contain_text("已签到")
    expect(page.locator("[data-testid=signups]")).to_contain_text("young_a")
    assert_accessible(page)
    shot(page, "community-checked-in")

    logout(page)
    login(page, "young_a", PASSWORD)
    page.goto(page.base + "/events/my/")
    page.locator("select[name$=rating]").first.select_option("4")
    page.locator("textarea[name$=comment]").first.fill("老师讲得很清楚")
    page.click("[data-testid=send-feedback]")
    expect(page.locator(".alert-success")).to_contain_text("感谢您的评价")
    expect(page.locator("[data-testid=feedback-given]")).to_contain_text("4")
    shot(page, "community-feedback")


def test_giving_up_a_place_asks_first(page):
    """One tap on a phone must not end a sign-up: the form asks, and "no" keeps the place."""
    event = make_event(capacity=5, starts_in=dt.timedelta(days=2), title="青年篮球联谊赛")
    person = make_person("young_c")
    from youthcity.community import services

    signup = services.signup_create(person=person, event=event)
    login(page, "young_c", PASSWORD)
    page.goto(page.base + "/events/my/")
    page.confirm_answer = False
    page.click("text=取消报名")
    assert page.dialogs == ["确定放弃本次活动的名额吗？"]
    signup.refresh_from_db()
    assert signup.status != "cancelled"
    page.confirm_answer = True
    page.click("text=取消报名")
    expect(page.locator(".alert-success")).to_contain_text("已取消报名")
    signup.refresh_from_db()
    assert signup.status == "cancelled"


def test_coverage_page_lists_townships_without_a_home(page):
    page.goto(page.base + "/youth-homes/")
    expect(page.locator("[data-testid=coverage-figure]")).to_contain_text("45个乡镇（街道）中有26个")
    expect(page.locator("[data-testid=without]")).to_contain_text("邙山街道")
    expect(page.locator("[data-testid=map] path")).to_have_count(14)
    expect(page.locator("[data-testid=reach]")).to_contain_text("%的青年")
    assert_accessible(page)
    shot(page, "community-coverage")
