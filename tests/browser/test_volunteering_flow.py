"""Issue 14 "done when": on a phone a volunteer signs up for a shift, the project lead checks them in
and out, the volunteer gets a certificate and anyone verifies its code on the public page (an
edited code is detected)."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.volunteering.conftest import make_person, make_shift

PASSWORD = "x-Password-2026"


def test_shift_sign_up_check_in_out_certificate_verify(page):
    from youthcity.volunteering.models import Project

    project = Project.objects.get(code="demo-community-tutoring")
    shift = make_shift(project, timezone.now() + dt.timedelta(days=1), hours=3)
    make_person("vol_a")

    login(page, "vol_a", PASSWORD)
    page.goto(page.base + "/volunteering/")
    page.locator("[data-testid=projects] a", has_text="大学生社区课业辅导").click()
    page.locator(
        "[data-testid=shifts] li",
        has_text=shift.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M"),
    ).locator("[data-testid=shift-sign-up]").first.click()
    expect(page.locator(".alert-success")).to_contain_text("班次报名成功")
    shot(page, "volunteering-signed-up")

    # the day of service: the shift took place this morning
    start = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(hours=4)
    shift.starts_at, shift.ends_at = start, start + dt.timedelta(hours=3)
    shift.save()

    logout(page)
    login(page, "vol_lead")
    page.goto(page.base + f"/work/volunteering/shifts/{shift.pk}/")
    row = page.locator("[data-testid=roster] li", has_text="vol_a")
    row.locator("[data-testid=check-in-at]").fill(
        (start + dt.timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M")
    )
    row.locator("[data-testid=check-in]").click()
    expect(page.locator(".alert-success")).to_contain_text("已签到")
    row = page.locator("[data-testid=roster] li", has_text="vol_a")
    row.locator("[data-testid=check-out-at]").fill(
        (start + dt.timedelta(hours=2, minutes=56)).strftime("%Y-%m-%dT%H:%M")
    )
    row.locator("[data-testid=check-out]").click()
    # 2 h 52 min attended; the project's rule rounds down to 15 minutes: 2.75 h
    expect(page.locator(".alert-success")).to_contain_text("计入2.75小时")
    assert_accessible(page)
    shot(page, "volunteering-checked-out")

    logout(page)
    login(page, "vol_a", PASSWORD)
    page.goto(page.base + "/volunteering/my/")
    expect(page.locator("[data-testid=total-hours]")).to_contain_text("2.75")
    page.click("[data-testid=get-certificate]")
    expect(page.locator("[data-testid=certificate]")).to_contain_text("志愿服务证明")
    serial = page.locator("[data-testid=serial]").inner_text().strip()
    code = page.locator("[data-testid=code]").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert_accessible(page)
    shot(page, "volunteering-certificate")

    logout(page)
    page.goto(page.base + "/volunteering/verify/")
    page.fill("#id_serial", serial)
    page.fill("#id_code", code)
    page.click("[data-testid=verify]")
    expect(page.locator("[data-testid=result]")).to_contain_text("验证通过")
    expect(page.locator("[data-testid=record]")).to_contain_text("2.75")
    assert_accessible(page)
    shot(page, "volunteering-verified")
    symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    edited = code[:-1] + symbols[(symbols.index(code[-1]) + 1) % 32]
    page.fill("#id_code", edited)
    page.click("[data-testid=verify]")
    expect(page.locator("[data-testid=result]")).to_contain_text("可能输入有误")
    shot(page, "volunteering-edited-code")
