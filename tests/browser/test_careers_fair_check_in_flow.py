"""Issue 13 on a phone: a young person signs up for a job fair and is shown a personal QR check-in
code; the organising department's staff type the code on the door page; attendance counts one; a
second scan says "already checked in"."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot


def test_fair_sign_up_qr_and_check_in_at_the_door(page):
    from youthcity.accounts.models import User
    from youthcity.careers import selectors, services
    from youthcity.regions.models import Region

    starts = timezone.now() - dt.timedelta(hours=1)
    fair = services.fair_publish(staff=User.objects.get(username="hrss_staff"), name="洛龙区青年就业双选会",
                                 kind="two_way", district=Region.objects.get(code="410311"), venue="洛龙区人力资源市场",
                                 starts_at=starts, ends_at=starts + dt.timedelta(hours=5),
                                 positions=list(selectors.published_positions()[:2]))

    login(page, "youth")
    page.goto(page.base + "/careers/fairs/")
    page.locator("a", has_text="洛龙区青年就业双选会").first.click()
    page.click("[data-testid=fair-sign-up]")
    expect(page.locator("[data-testid=fair-ticket]")).to_contain_text("您的签到码")
    expect(page.locator("[data-testid=fair-ticket] svg")).to_be_visible()
    code = page.locator("[data-testid=fair-ticket-code]").inner_text().strip()
    assert re.fullmatch(rf"F{fair.pk}-\d+-[0-9A-Z]{{16}}", code)
    assert_accessible(page)
    shot(page, "careers-fair-ticket")
    logout(page)

    login(page, "hrss_staff")
    page.goto(page.base + f"/work/careers/fairs/{fair.pk}/")
    page.click("[data-testid=open-check-in]")
    expect(page.locator("[data-testid=count-attended]")).to_have_text("0")
    page.fill("#id_code", code[:-1] + ("A" if code[-1] != "A" else "B"))  # one symbol wrong: refused
    page.click("[data-testid=check-in-code]")
    expect(page.locator("main")).to_contain_text("签到码无效")
    assert_accessible(page)
    page.fill("#id_code", code.lower())
    page.click("[data-testid=check-in-code]")
    expect(page.locator("main")).to_contain_text("已签到")
    expect(page.locator("[data-testid=count-attended]")).to_have_text("1")
    expect(page.locator("[data-testid=count-signed]")).to_have_text("1")
    assert_accessible(page)
    shot(page, "careers-fair-door")
    page.fill("#id_code", code)
    page.click("[data-testid=check-in-code]")
    expect(page.locator("main")).to_contain_text("已签到（")  # a second scan
    expect(page.locator("[data-testid=count-attended]")).to_have_text("1")
