"""Issue 13 on a phone: a young person books a service slot at a one-stop centre (and the
centre's staff see it in their day); an employer applies for the hiring subsidy and the
district's human-resources reviewer decides it."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot

PDF = b"%PDF-1.4\n% browser test\n%%EOF\n"


def test_young_person_books_a_service_slot(page):
    from youthcity.accounts.models import User
    from youthcity.careers import services
    from youthcity.careers.models import ServiceCentre

    centre = ServiceCentre.objects.get(is_demo=True)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = services.slots_add(staff=User.objects.get(username="hrss_staff"), service=centre.services.get(kind="loan_guidance"),
                              day=tomorrow, start=dt.time(10, 0), minutes=30, count=1, capacity=1)[0]

    login(page, "youth")
    page.goto(page.base + "/careers/")
    page.click("[data-testid=link-centres]")
    expect(page.locator("[data-testid=centres]")).to_contain_text("一站式服务中心")
    page.locator("[data-testid=centres] a", has_text=centre.name).click()
    expect(page.locator("[data-testid=slots]")).to_contain_text("创业担保贷款指导")
    expect(page.locator("[data-testid=slots]")).to_contain_text("已约0个，共1个名额")
    page.fill(f"#note-{slot.pk}", "想了解创业担保贷款的申请条件")
    assert_accessible(page)
    shot(page, "careers-centre-slots")
    page.click(f"[data-testid=book-{slot.pk}]")
    expect(page).to_have_url(re.compile("/careers/my/bookings/$"))
    expect(page.locator("[data-testid=booking-status]").first).to_have_text("已预订")
    assert_accessible(page)
    shot(page, "careers-my-bookings")
    page.goto(page.base + f"/careers/centres/{centre.pk}/")
    expect(page.locator("[data-testid=slots]")).to_contain_text("已约满")  # one place, taken
    logout(page)

    login(page, "hrss_staff")
    page.goto(page.base + f"/work/careers/centres/{centre.pk}/?day={tomorrow.isoformat()}")
    # the demo opens other slots that day too: the booking is in one of the day's slots
    expect(page.locator("[data-testid=day-bookings]", has_text="想了解创业担保贷款的申请条件")).to_have_count(1)
    assert_accessible(page)
    shot(page, "careers-centre-day")


def test_employer_applies_for_hiring_subsidy_and_district_reviewer_decides(page):
    from tests.factories import staff
    from youthcity.accounts.models import Role
    from youthcity.organizations.models import Unit

    reviewer = staff(Unit.objects.get(code="410311-hrss"), Role.REVIEWER, username="luolong_hrss_reviewer")
    reviewer.set_password("x-Password-2026")
    reviewer.save()

    login(page, "employer_hr")
    page.goto(page.base + "/careers/employer/")
    page.click("[data-testid=apply-private_enterprise_hiring_subsidy]")
    expect(page.locator("h1")).to_have_text("民营企业招聘高校毕业生补贴")
    page.fill("#id_graduates_hired", "3")
    for doc in ("business_licence", "labour_contracts", "social_insurance_records"):
        page.set_input_files(f"#id_doc_{doc}", files=[{"name": f"{doc}.pdf", "mimeType": "application/pdf",
                                                        "buffer": PDF}])
    page.click("[data-testid=send-subsidy]")  # not ticked as private: the rule refuses, in Chinese
    expect(page.locator("main")).to_contain_text("民营企业")
    page.check("#id_is_private")
    for doc in ("business_licence", "labour_contracts", "social_insurance_records"):
        page.set_input_files(f"#id_doc_{doc}", files=[{"name": f"{doc}.pdf", "mimeType": "application/pdf",
                                                        "buffer": PDF}])
    assert_accessible(page)
    shot(page, "careers-subsidy-apply")
    page.click("[data-testid=send-subsidy]")
    expect(page).to_have_url(re.compile(r"/careers/employer/subsidies/\d+/$"))
    expect(page.locator("[data-testid=subsidy-status]")).to_have_text("已提交，等待审核")
    logout(page)

    login(page, "luolong_hrss_reviewer", "x-Password-2026")
    page.goto(page.base + "/work/careers/")
    page.locator("[data-testid=subsidy-reviews] a").first.click()
    expect(page.locator("[data-testid=rule-range]")).to_have_text("待市里确定")
    page.check("input[name=outcome][value=approve]")
    page.click("[data-testid=decide]")  # no amount: refused on the field
    expect(page.locator("main")).to_contain_text("请填写拨付给单位的金额")
    page.check("input[name=outcome][value=approve]")
    page.fill("#id_amount", "6000")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=review-status]")).to_have_text("已批准")
    page.fill("#id_paid_on", timezone.localdate().isoformat())
    page.fill("#id_reference", "示例转账-0001")
    assert_accessible(page)
    page.click("[data-testid=record-payment]")
    expect(page.locator("[data-testid=paid-on]")).to_contain_text("示例转账-0001")
    shot(page, "careers-subsidy-review")
    logout(page)

    login(page, "employer_hr")
    page.goto(page.base + "/careers/employer/")
    expect(page.locator("[data-testid=subsidies]")).to_contain_text("6,000.00")
