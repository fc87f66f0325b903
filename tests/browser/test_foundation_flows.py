"""Each role logs in and sees its own face; a youth registers and edits the profile, and the
change is audited; a staff member of one unit is refused another unit's page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login, logout, shot
from youthcity.organizations.models import Unit

FACES = [
    ("youth", "/", "青年城"),
    ("hrss_staff", "/work/", "工作台"),
    ("coordinator", "/work/", "工作台"),
    ("leader", "/dashboard/", "领导驾驶舱"),
    ("admin", "/work/", "工作台"),
]


@pytest.mark.parametrize("username,landing,brand", FACES)
def test_each_role_lands_on_its_face(page, username, landing, brand):
    login(page, username, "YouthCity-admin-2026" if username == "admin" else "YouthCity-demo-2026")
    expect(page).to_have_url(re.compile(re.escape(landing) + "$"))
    expect(page.locator(".navbar-brand")).to_contain_text(brand)
    shot(page, f"face-{username}")


def test_youth_registers_edits_profile_and_admin_sees_the_audit(page):
    page.goto(page.base + "/accounts/register/")
    page.fill("#id_username", "xiaohe")
    page.fill("#id_phone", "12345")
    page.fill("#id_password1", "Luoyang-2026!")
    page.fill("#id_password2", "Luoyang-2026!")
    page.click("main button[type=submit]")
    expect(page.locator("[data-field-error=phone]")).to_contain_text("手机号")
    expect(page.locator("#id_accept_privacy_error")).to_contain_text("隐私")
    shot(page, "register-errors")
    page.fill("#id_phone", "13712340000")
    page.fill("#id_password1", "Luoyang-2026!")
    page.fill("#id_password2", "Luoyang-2026!")
    page.check("#id_accept_privacy")
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile("/accounts/profile/$"))
    page.fill("#id_birth_date", "2003-03-08")
    page.select_option("#id_education_level", "bachelor")
    page.fill("#id_graduation_date", "2025-06-30")
    page.fill("#id_school", "河南大学")
    page.fill("#id_hukou_city", "开封市")
    page.select_option("#id_employment_status", "job_seeking")
    page.click("main button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    shot(page, "profile-saved")
    logout(page)
    login(page, "admin", "YouthCity-admin-2026")
    page.goto(page.base + "/work/audit/")
    page.select_option("#audit-model", "youthprofile")
    page.click("main form button[type=submit]")
    audit = page.locator("[data-testid=audit]")
    expect(audit).to_contain_text("xiaohe")
    expect(audit).to_contain_text("学历")  # the field's name, not its key
    expect(audit).to_contain_text("本科")  # the choice's label, not "bachelor"
    expect(audit).not_to_contain_text("education_level")
    shot(page, "audit-trail")


def test_staff_is_refused_another_units_page(page):
    login(page, "hrss_staff")
    own = Unit.objects.get(code="ly-hrss")
    other = Unit.objects.get(code="ly-housing")
    page.goto(page.base + f"/work/units/{own.pk}/")
    expect(page.locator("h1")).to_contain_text("洛阳市人力资源和社会保障局")
    expect(page.locator("[data-testid=members]")).to_contain_text("138****0001")
    response = page.goto(page.base + f"/work/units/{other.pk}/")
    assert response.status == 404
    expect(page.locator("h1")).to_contain_text("不存在")


def test_language_switch_to_english(page):
    page.goto(page.base + "/")
    page.click(".navbar-toggler")  # on a phone the switcher sits in the collapsed menu
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # the menu has finished opening
    with page.expect_navigation():  # a click during the menu's animation could miss (CI once)
        page.click("[data-testid=language-menu] button[value=en]")
    expect(page.locator("h1")).to_contain_text("A city that grows")
    expect(page.locator("[data-testid=language-menu] button[value=en]")).to_have_attribute("aria-current", "true")
    shot(page, "home-en")
    page.click(".navbar-toggler")
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))  # the menu has finished opening
    with page.expect_navigation():
        page.click("[data-testid=language-menu] button[value=zh-hans]")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
