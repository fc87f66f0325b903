"""Social events on a phone: a verified young person declares and signs up, sees another
participant's opt-in profile (never the name), both ask to exchange contacts and only then see
the phone; a report reaches the organiser, who removes the participant."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.community.test_social import PROFILE, social_event, verified
from youthcity.community import services

PASSWORD = "x-Password-2026"


def test_declare_sign_up_exchange_contacts_report_remove(page):
    event = social_event(capacity=10)
    event.title = "青年单身联谊：读书会"
    event.save()
    a = verified("soc_a", "13900002001")
    b = verified("soc_b", "13900002002")
    other = services.signup_create(
        person=b, event=event, profile={**PROFILE, "nickname": "阿北", "intro": "喜欢看书"}
    )

    login(page, "soc_a", PASSWORD)
    page.goto(page.base + f"/events/{event.pk}/")
    page.select_option("#id_marital_status", "single")
    page.fill("#id_nickname", "小林")
    page.click("[data-testid=sign-up]")  # without confirming the declaration: refused on that field
    expect(page.locator("[data-testid=social-form]")).to_contain_text("请确认您的声明属实")
    page.check("#id_visible")
    page.check("#id_declared_true")
    assert_accessible(page)
    shot(page, "social-declaration")
    page.click("[data-testid=sign-up]")
    expect(page).to_have_url(re.compile("/events/my/$"))
    page.goto(page.base + f"/events/{event.pk}/")
    page.click("[data-testid=people-link]")
    people = page.locator("[data-testid=people]")
    expect(people).to_contain_text("阿北")
    expect(people).not_to_contain_text("soc_b")
    page.click("[data-testid=ask-contact]")
    expect(page.locator(".alert-success")).to_contain_text("已发出请求")
    expect(page.locator("[data-testid=phone]")).to_have_count(0)
    assert_accessible(page)
    shot(page, "social-people")

    services.contact_request(person=b, event=event, to_signup_id=a.event_signups.get(event=event).pk)
    page.reload()
    expect(page.locator("[data-testid=phone]")).to_contain_text("13900002002")
    page.locator("summary", has_text="举报该参与者").click()
    page.locator("textarea[name=reason]").fill("活动中反复索要私人信息")
    page.locator("button", has_text="提交举报").click()
    expect(page.locator(".alert-success")).to_contain_text("已向主办方举报")

    logout(page)
    login(page, "luolong_league")
    page.goto(page.base + f"/work/events/{event.pk}/")
    reports = page.locator("[data-testid=reports]")
    expect(reports).to_contain_text("反复索要私人信息")
    reports.locator("input[name=reason]").fill("经核实违反活动规则")
    reports.locator("button", has_text="移出活动").click()
    expect(page.locator(".alert-success")).to_contain_text("已移出该参与者")
    assert_accessible(page)
    shot(page, "social-removed")
    other.refresh_from_db()
    assert other.status == "cancelled" and other.removed_reason
