"""Issue 13 "done when", on a phone: an employer registers and is verified, posts an internship,
staff approve it, a graduate applies, is offered and accepts, a monthly allowance claim is
approved, and the retention figure counts the placement."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.careers.conftest import credit_code, make_youth

PASSWORD = "x-Password-2026"


def test_employer_to_allowance_to_retention(page):
    make_youth("grad_flow", education="bachelor")
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    starts_on, ends_on = last_month, (today.replace(day=1) + dt.timedelta(days=120))

    login(page, "leader")
    page.goto(page.base + "/dashboard/careers/")
    before = int(page.locator("[data-testid=graduates-staying]").inner_text())
    logout(page)

    # 1. the employer registers (a bad credit code first: refused on the field, in Chinese)
    page.goto(page.base + "/careers/employer/register/")
    page.fill("#id_name", "流程测试科技有限公司")
    page.fill("#id_credit_code", "91410311MA00000011")
    page.select_option("#id_district", label="洛龙区")
    page.select_option("#id_industry", "information")
    page.fill("#id_display_name", "赵人事")
    page.fill("#id_phone", "13711112222")
    page.fill("#id_username", "flow_hr")
    page.fill("#id_password", PASSWORD)
    page.check("#id_accept_privacy")
    page.click("[data-testid=register]")
    expect(page.locator("[data-field-error=credit_code]")).to_contain_text("校验码")
    page.fill("#id_credit_code", credit_code(990001))
    page.fill("#id_password", PASSWORD)
    assert_accessible(page)
    shot(page, "careers-register")
    page.click("[data-testid=register]")
    expect(page).to_have_url(re.compile("/careers/employer/$"))
    expect(page.locator("[data-testid=employer-status]")).to_have_text("等待核验")
    expect(page.locator("[data-testid=new-position]")).to_have_count(0)
    logout(page)

    # 2. 市人社局 verifies it
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/careers/")
    page.locator("[data-testid=verifications] a", has_text="流程测试科技有限公司").click()
    expect(page.locator("[data-testid=credit-code]")).to_contain_text("校验码正确")
    page.check("input[name=outcome][value=approve]")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=review-status]")).to_have_text("已批准")
    logout(page)

    # 3. the employer posts an internship
    login(page, "flow_hr", PASSWORD)
    page.goto(page.base + "/careers/employer/")
    expect(page.locator("[data-testid=employer-status]")).to_have_text("已核验")
    page.click("[data-testid=new-position]")
    page.select_option("#id_kind", "internship")
    page.fill("#id_title", "流程测试见习生")
    page.select_option("#id_education_required", "associate")
    page.fill("#id_starts_on", starts_on.isoformat())
    page.fill("#id_ends_on", ends_on.isoformat())
    page.fill("#id_monthly_pay", "1000")
    page.fill("#id_capacity", "2")
    page.click("[data-testid=post]")
    expect(page.locator("[data-field-error=monthly_pay]")).to_contain_text("80%")  # below the allowance floor
    page.fill("#id_monthly_pay", "1800")
    assert_accessible(page)
    page.click("[data-testid=post]")
    expect(page.locator("[data-testid=position-status]")).to_have_text("等待审核")
    logout(page)

    # 4. staff approve it; it appears in the public catalogue
    login(page, "hrss_staff")
    page.goto(page.base + "/work/careers/")
    page.locator("[data-testid=position-reviews] a", has_text="流程测试见习生").click()
    page.check("input[name=outcome][value=approve]")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=review-status]")).to_have_text("已批准")
    logout(page)

    # 5. a graduate finds it and applies
    login(page, "grad_flow", PASSWORD)
    page.goto(page.base + "/careers/?kind=internship&district=410311")
    page.locator("[data-testid=positions] a", has_text="流程测试见习生").click()
    page.fill("#id_cover_note", "希望参加见习。")
    shot(page, "careers-position")
    page.click("[data-testid=apply]")
    expect(page.locator(".alert-success")).to_contain_text("已投递")
    logout(page)

    # 6. the employer offers
    login(page, "flow_hr", PASSWORD)
    page.goto(page.base + "/careers/employer/")
    page.locator("[data-testid=employer-positions] a", has_text="流程测试见习生").click()
    page.locator("[data-testid=applicants] button", has_text="发出录用").click()
    expect(page.locator(".alert-success")).to_contain_text("已通知申请人")
    logout(page)

    # 7. the graduate accepts
    login(page, "grad_flow", PASSWORD)
    page.goto(page.base + "/careers/my/")
    expect(page.locator("[data-testid=applications]")).to_contain_text("已发出录用")
    page.click("[data-testid=accept]")
    expect(page.locator("[data-testid=applications]")).to_contain_text("已接受")
    assert_accessible(page)
    shot(page, "careers-my-applications")
    logout(page)

    # 8. the host base claims last month's allowance (days outside the internship refused first)
    login(page, "flow_hr", PASSWORD)
    page.goto(page.base + "/careers/employer/")
    page.locator("[data-testid=interns] a").first.click()
    page.fill("#id_month", last_month.strftime("%Y-%m"))
    page.fill("#id_attendance_days", "31")
    page.click("[data-testid=send-claim]")
    expect(page.locator("[data-field-error=attendance_days]")).to_contain_text("见习期以外")
    page.fill("#id_attendance_days", "5")
    page.click("[data-testid=send-claim]")
    expect(page.locator(".alert-success")).to_contain_text("申领已提交")
    shot(page, "careers-employer-home")
    logout(page)

    # 9. 市人社局 approves the claim
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/careers/")
    page.locator("[data-testid=claim-reviews] a", has_text="grad_flow").click()
    page.check("input[name=outcome][value=approve]")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=review-status]")).to_have_text("已批准")
    shot(page, "careers-claim-approved")
    logout(page)

    # 10. the leaders' headline counts the graduate staying
    login(page, "leader")
    page.goto(page.base + "/dashboard/careers/")
    expect(page.locator("[data-testid=graduates-staying]")).to_have_text(str(before + 1))
    assert_accessible(page)
    shot(page, "careers-dashboard")
