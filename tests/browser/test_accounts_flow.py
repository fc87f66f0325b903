"""Issue 18 "done when": a young person who forgot the password resets it with an SMS code (the
in-memory SMS backend stands in for the gateway), signs in, sees the unread count on the phone's
navigation bar, downloads their data (JSON and Excel) and closes the account."""

from __future__ import annotations

import io
import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, shot
from tests.stations.conftest import make_youth
from youthcity.core.sms import LocmemSmsBackend

NEW = "Brand-new-2026!"


def test_forgotten_password_by_sms_code_then_download_and_close(page):
    from openpyxl import load_workbook

    from youthcity.accounts.models import User
    from youthcity.core.notifications import notify

    person = make_youth("forgetful")
    person.phone = "13955550001"
    person.save()
    notify(recipient=person, kind="test.hello", title="欢迎使用（示例数据）")
    LocmemSmsBackend.outbox.clear()

    page.goto(page.base + "/accounts/login/")
    page.click("[data-testid=forgot-password]")
    expect(page).to_have_url(re.compile("/accounts/password/reset/$"))
    assert_accessible(page)
    page.fill("#id_identifier", "13955550001")
    page.click("[data-testid=send-code]")
    expect(page).to_have_url(re.compile("/accounts/password/reset/confirm/$"))
    expect(page.locator(".alert-info")).to_contain_text("10分钟内有效")
    texts = [t for phone, t in LocmemSmsBackend.outbox if phone == "13955550001"]
    code = re.search(r"\d{6}", texts[-1]).group(0)
    expect(page.locator("#id_identifier")).to_have_value("13955550001")
    page.fill("#id_code", code)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    assert_accessible(page)
    shot(page, "accounts-reset-confirm")
    page.click("[data-testid=reset-password]")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    expect(page.locator(".alert-success")).to_contain_text("密码已重置")

    login(page, "13955550001", NEW)
    expect(page.locator("[data-testid=unread-count-phone]")).to_be_visible()  # without opening the menu
    shot(page, "accounts-signed-in-unread")

    page.goto(page.base + "/accounts/privacy/")
    assert_accessible(page)
    with page.expect_download() as info:
        page.click("[data-testid=export-json]")
    data = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert data["account"]["phone"] == "13955550001"
    assert any(n["title"].startswith("欢迎使用") for n in data["core.notification"])
    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    assert "account" in book.sheetnames
    shot(page, "accounts-privacy")

    page.click("[data-testid=close-account]")
    expect(page).to_have_url(re.compile("/accounts/close/"))
    assert_accessible(page)
    page.fill("#id_password", NEW)
    page.check("#id_confirm")
    shot(page, "accounts-close")
    page.click("[data-testid=confirm-close]")
    expect(page.locator(".alert-success")).to_contain_text("账号已注销")
    shot(page, "accounts-closed")
    closed = User.objects.get(pk=person.pk)
    assert not closed.is_active and closed.phone is None
    login(page, "13955550001", NEW)
    expect(page).to_have_url(re.compile("/accounts/login/"))  # the account is gone: signing in fails
    expect(page.locator("main .alert-danger")).to_be_visible()


def test_a_district_coordinator_creates_a_staff_account_that_must_choose_its_password(page):
    from youthcity.accounts.models import User
    from youthcity.organizations.models import Unit

    login(page, "luolong_coordinator")
    page.goto(page.base + "/accounts/staff/")
    assert_accessible(page)
    page.click("[data-testid=staff-new]")
    page.fill("#id_username", "ll_clerk")
    page.fill("#id_display_name", "洛龙区 新办事员")
    page.select_option("#id_role", "unit_staff")
    page.select_option("#id_unit", value=str(Unit.objects.get(code="410311-hrss").pk))
    page.click("[data-testid=create-staff]")
    password = page.locator("[data-testid=temporary-password]").inner_text().strip()
    assert_accessible(page)
    shot(page, "accounts-staff-created")
    page.context.clear_cookies()

    login(page, "ll_clerk", password)
    expect(page).to_have_url(re.compile("/accounts/password/change/"))
    expect(page.locator("[data-testid=first-sign-in]")).to_be_visible()
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    assert_accessible(page)
    shot(page, "accounts-first-sign-in")
    page.click("[data-testid=save-password]")
    expect(page.locator("div.alert-success")).to_contain_text("密码已修改")
    assert not User.objects.get(username="ll_clerk").must_change_password
