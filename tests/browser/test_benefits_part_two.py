"""Issue 16 (benefits, part two), on a phone: a final-year student finds the interview subsidy and
applies; the reviewer sees the applicant's answers as questions and answers; the public policy
list reads as words and numbers and fits a phone; HR staff set a county's minimum wage."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import SCREENS, assert_accessible, login, logout, shot

PDF = b"%PDF-1.4\n% browser test\n%%EOF\n"
PASSWORD = "Test-pass-2026"


def _student():
    from youthcity.accounts.models import User, YouthProfile

    user = User.objects.create_user(username="final_year", password=PASSWORD, display_name="小毕")
    YouthProfile.objects.create(
        user=user, birth_date=dt.date(2004, 3, 1), education_level="senior_high", graduation_date=dt.date(2022, 6, 30),
        is_student=True, school="郑州大学", study_level="bachelor",
        expected_graduation_date=timezone.localdate() + dt.timedelta(days=210),
        hukou_city="郑州市", home_city="郑州市", current_city="郑州市", employment_status="student")
    return user


def test_final_year_student_finds_the_interview_subsidy_applies_and_the_reviewer_reads_answers(page):
    _student()
    login(page, "final_year", PASSWORD)
    page.goto(page.base + "/benefits/")
    expect(page.locator("[data-testid=known-facts]")).to_contain_text("在校学生")
    page.click("[data-testid=start-finder]")
    for _ in range(30):
        if "/benefits/results/" in page.url:
            break
        fact = page.locator("input[name=fact]").get_attribute("value")
        if fact in ("has_interview_invitation", "is_job_seeking"):
            page.get_by_label("是", exact=True).check()
            page.click("[data-testid=answer]")
        elif page.get_by_label("否", exact=True).count():
            page.get_by_label("否", exact=True).check()
            page.click("[data-testid=answer]")
        else:
            page.get_by_role("button", name="不确定 / 跳过").click()
        page.wait_for_load_state()
    expect(page).to_have_url(re.compile("/benefits/results/$"))
    awaiting = page.locator("[data-testid=group-awaiting]")
    subsidy = awaiting.locator("[data-testid=result-interview_travel_subsidy]")
    expect(subsidy).to_contain_text("即将毕业的大专及以上在校生")
    expect(subsidy).to_contain_text("待市里确认")
    expect(subsidy).to_contain_text("“十四五”期间（2021—2025年）")
    expect(awaiting.locator("[data-testid=result-youth_station_stay]")).to_be_visible()
    assert_accessible(page)
    shot(page, "benefits2-01-student-results")

    page.click("[data-testid=apply-interview_travel_subsidy]")
    expect(page.locator("[data-testid=apply-eligibility]")).to_contain_text("待市里确认")
    for doc in ("id_card", "degree_certificate", "interview_invitation", "travel_tickets"):
        page.set_input_files(f"#doc-{doc}", files=[{"name": f"{doc}.pdf", "mimeType": "application/pdf",
                                                    "buffer": PDF}])
    shot(page, "benefits2-02-student-apply")
    page.click("[data-testid=submit-application]")
    expect(page.locator("[data-testid=application-status]")).to_contain_text("已提交，等待审核")

    logout(page)
    login(page, "hrss_reviewer")
    page.goto(page.base + "/work/benefits/")
    page.get_by_role("row").filter(has_text="小毕").get_by_role("link").click()
    answers = page.locator("[data-testid=review-answers]")
    expect(answers).to_contain_text("您目前是否在校就读（尚未毕业）？")
    expect(answers).to_contain_text("您的家（常住地）在哪个城市？")
    expect(answers).to_contain_text("郑州市")
    expect(answers).to_contain_text("本科")
    main = page.locator("main").inner_text()
    assert "home_city=" not in main and "param.city.code" not in main and "zhengzhou" not in main
    expect(page.locator("[data-testid=review-verdict]")).to_contain_text("待市里确认")
    assert_accessible(page)
    shot(page, "benefits2-03-reviewer-answers")


# The list as it was before issue 16 (main at cdcce0e): a five-column table whose amount column
# held the rule's expression. Rendered with today's data to measure the height it had on a phone.
OLD_TABLE = """{% load i18n %}<div class="table-responsive" tabindex="0" role="region" aria-label="{% translate "Table (scroll sideways to see every column)" %}">
<table class="table table-sm align-middle bg-white">
  <caption class="visually-hidden">{% translate "Policies" %}</caption>
  <thead><tr><th scope="col">{% translate "Benefit" %}</th><th scope="col">{% translate "Kind" %}</th><th scope="col">{% translate "Amount" %}</th><th scope="col">{% translate "Responsible unit" %}</th><th scope="col">{% translate "Source" context "legal basis of a policy" %}</th></tr></thead>
  <tbody>
  {% for p in policies %}
  <tr data-testid="policy-{{ p.id }}" id="policy-{{ p.id }}">
    <td><span class="fw-semibold">{{ p.name }}</span>{% if p.audience == "employer" %} <span class="badge text-bg-light border">{% translate "For employers" %}</span>{% endif %}{% if p.application_required %}<br><span class="small text-muted">{% translate "Application needed" %}</span>{% endif %}</td>
    <td>{{ p.kind_label }}</td>
    <td class="small">{% if p.to_be_set %}<span class="badge text-bg-info">{% translate "To be set by the city (待市里确定)" %}</span>{% elif p.amount_expression %}<code>{{ p.amount_expression }}</code>{% if p.amount_period %} ({{ p.amount_period }}){% endif %}{% endif %}</td>
    <td class="small">{% if p.unit %}{{ p.unit.short_name|default:p.unit.name }}{% else %}{{ p.responsible_unit }} <span class="badge text-bg-warning">{% translate "unit not resolved" %}</span>{% endif %}</td>
    <td class="small">{% for s in p.sources %}{{ s.document }} {{ s.clause }}{% if not forloop.last %}<br>{% endif %}{% endfor %}</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""


def _old_table_height(page) -> int:
    from django.template import engines

    from youthcity.benefits import selectors

    html = engines["django"].from_string(OLD_TABLE).render({"policies": selectors.policy_list(), "staff": False})
    page.evaluate("""html => { const main = document.querySelector('main');
        const h1 = main.querySelector('h1'); while (h1.nextSibling) h1.nextSibling.remove();
        h1.insertAdjacentHTML('afterend', html); }""", html)
    return page.evaluate("document.documentElement.scrollHeight")


def test_public_policy_list_reads_on_a_phone(page):
    page.goto(page.base + "/benefits/policies/")
    allowance = page.locator("[data-testid=policy-internship_living_allowance]")
    expect(allowance).to_contain_text("每月1,600元（不低于见习所在县区月最低工资标准的80%）")
    expect(page.locator("[data-testid=policy-enterprise_university_base_subsidy]")).to_contain_text(
        "一次性100,000–200,000元")
    text = page.locator("main").inner_text()
    assert "param." not in text and "未匹配到单位" not in text and "XX区" not in text
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert width <= 390  # nothing wider than the phone
    assert_accessible(page)
    shot(page, "benefits2-04-public-policy-list")
    before = _old_table_height(page)
    shot(page, "benefits2-04b-policy-list-before")
    (SCREENS / "benefits2-policy-list-height.json").write_text(
        json.dumps({"width": width, "height_after": height, "height_before": before}))
    assert height < before


def test_hr_staff_set_a_county_minimum_wage(page):
    login(page, "hrss_staff")
    page.goto(page.base + "/work/benefits/parameters/")
    page.select_option("#id_parameter", "minimum_wage.monthly.yiyang")
    page.fill("#id_effective_from", "2022-01-01")
    page.fill("#id_value", "1800")
    page.fill("#id_notice", "豫政〔2021〕33号（示范数据）")
    page.click("[data-testid=parameter-save]")
    expect(page.locator("[data-testid=parameter-history]")).to_contain_text("豫政〔2021〕33号（示范数据）")
    expect(page.locator("[data-testid=parameter-values]")).to_contain_text("宜阳县：1800")
    assert_accessible(page)
    shot(page, "benefits2-05-parameters")
    from youthcity.benefits.models import ParameterValue
    from youthcity.benefits.registry import registry

    ParameterValue.objects.all().delete()
    registry.reload()  # the live server shares this process: leave the files' values in force
