"""Issue 12 "done when": on a phone, a graduate applies for a talent apartment with household
facts and a document, the housing department reviews it (the document is there) and approves,
opens a round, freezes the list and draws; the graduate accepts the offer, staff sign the lease
(one rent-free month, reduced rent, a subsidy paid separately), the graduate reads the rent and
subsidy statement, staff see the arrears; the public results page shows masked identities."""

import datetime as dt
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, logout, shot
from tests.housing.conftest import PUBLIC_VALUE, make_applicant, make_project
from youthcity.housing.models import HousingApplication

PASSWORD = "x-Password-2026"
PDF = b"%PDF-1.4\n% test document\n%%EOF\n"


def test_apply_review_draw_offer_accept_lease_and_public_results(page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    project = make_project("flow-talent", homes=2)
    person = make_applicant("grad_house", category="young_graduate")

    login(page, "grad_house", PASSWORD)
    page.goto(page.base + "/housing/")
    expect(page.locator("[data-testid=projects]")).to_contain_text(project.name)
    page.goto(page.base + f"/housing/projects/{project.pk}/")
    expect(page.locator("[data-testid=category]")).to_contain_text("新来洛高校毕业生")
    assert_accessible(page)
    shot(page, "housing-apply")
    page.fill("#id_household_size", "2")
    page.select_option("#id_marital_status", "married")
    page.set_input_files(
        "#id_id_card", files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("[data-testid=apply]")
    expect(page.locator(".alert-success")).to_contain_text("申请已提交")
    expect(page.locator("[data-testid=status]")).to_contain_text("待审核")
    expect(page.locator("[data-testid=steps] [aria-current=step]")).to_contain_text("住房部门审核")
    expect(page.locator("[data-testid=documents]")).to_contain_text("居民身份证")
    assert_accessible(page)
    shot(page, "housing-application-status")

    logout(page)
    login(page, "luolong_housing")
    application = HousingApplication.objects.get(applicant=person)
    page.goto(page.base + f"/work/housing/applications/{application.pk}/")
    expect(page.locator("[data-testid=review-documents]")).to_contain_text("居民身份证")
    page.select_option("#id_outcome", "approve")
    page.click("[data-testid=decide]")
    expect(page.locator(".alert-success")).to_contain_text("审核决定已记录")
    page.goto(page.base + f"/work/housing/projects/{project.pk}/")
    page.click("[data-testid=new-round]")
    page.fill("#id_name", "测试公寓第一轮")
    page.fill("#id_public_source_name", "中国福利彩票3D 2026年第330期开奖号码")
    page.click("[data-testid=open-round]")
    expect(page.locator(".alert-success")).to_contain_text("承诺值已公布")
    page.click("[data-testid=freeze]")
    expect(page.locator("[data-testid=round-status]")).to_contain_text("已冻结")
    page.fill("#id_d-public_value", PUBLIC_VALUE)
    page.click("[data-testid=draw]")
    expect(page.locator(".alert-success")).to_contain_text("摇号完成")
    expect(page.locator("[data-testid=offers]")).to_contain_text("待答复")
    assert_accessible(page)
    shot(page, "housing-round-drawn")
    round_url = page.url

    logout(page)
    login(page, "grad_house", PASSWORD)
    page.goto(page.base + "/housing/my/")
    shot(page, "housing-offer")
    page.click("[data-testid=accept]")
    expect(page.locator(".alert-success")).to_contain_text("已接受选房通知")

    logout(page)
    login(page, "luolong_housing")
    page.goto(round_url)
    page.click("[data-testid=sign-lease]")
    page.fill("#id_start", (dt.date.today() - dt.timedelta(days=70)).isoformat())
    page.fill("#id_rent_free_months", "1")
    page.fill("#id_monthly_rent", "500")
    page.fill("#id_monthly_subsidy", "800")
    page.click("[data-testid=sign]")
    expect(page.locator(".alert-success")).to_contain_text("租约已签订")

    logout(page)
    login(page, "grad_house", PASSWORD)
    page.goto(page.base + "/housing/my/")
    expect(page.locator("[data-testid=leases]")).to_contain_text("生效中")
    expect(page.locator("[data-testid=leases]")).to_contain_text("800")
    assert_accessible(page)
    shot(page, "housing-lease")
    page.click("[data-testid=statement-link]")
    statement = page.locator("[data-testid=statement]")
    expect(statement).to_contain_text("免租")
    expect(statement).to_contain_text("500.00")
    expect(statement).to_contain_text("政府发放的补贴")
    assert_accessible(page)
    shot(page, "housing-statement")

    logout(page)
    login(page, "luolong_housing")
    page.goto(page.base + "/work/housing/")
    page.click("[data-testid=arrears-link]")
    expect(page.locator("[data-testid=arrears]")).to_contain_text("500.00")
    assert_accessible(page)
    shot(page, "housing-arrears")

    logout(page)
    round_id = re.search(r"/rounds/(\d+)/", round_url).group(1)
    page.goto(page.base + f"/housing/rounds/{round_id}/")
    results = page.locator("[data-testid=results]")
    expect(results).to_contain_text("***")
    expect(results).not_to_contain_text("grad_house")
    expect(page.locator("[data-testid=audit-link]")).to_be_visible()
    assert_accessible(page)
    shot(page, "housing-public-results")
