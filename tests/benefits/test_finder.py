import datetime as dt

from django.utils import timezone

from youthcity.benefits.views import FINDER_SESSION_KEY


def answer(client, fact, value):
    return client.post("/benefits/finder/", {"fact": fact, "answer": value})


def test_anonymous_finder_asks_one_question_at_a_time_and_keeps_answers_in_the_session(client, city):
    first = client.get("/benefits/finder/")
    assert first.status_code == 200
    fact = first.context["fact"]
    assert fact  # the engine's next most useful question
    r = answer(client, "education_level", "bachelor")
    assert r.status_code == 302 and r["Location"] == "/benefits/finder/"
    assert client.session[FINDER_SESSION_KEY]["facts"] == {"education_level": "bachelor"}
    nxt = client.get("/benefits/finder/")
    assert nxt.context["fact"] != "education_level"


def test_skipping_leaves_the_fact_unknown_and_moves_on(client, city):
    fact = client.get("/benefits/finder/").context["fact"]
    client.post("/benefits/finder/", {"fact": fact, "skip": "1"})
    assert fact not in client.session[FINDER_SESSION_KEY]["facts"]
    assert client.get("/benefits/finder/").context["fact"] != fact


def test_bad_answers_get_field_errors_in_the_users_language(client, city):
    future = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    r = answer(client, "graduation_date", future)
    assert r.status_code == 200
    assert "毕业时间不能晚于今天" in r.content.decode()
    assert "graduation_date" not in client.session.get(FINDER_SESSION_KEY, {}).get("facts", {})
    r = answer(client, "internship_months", "-3")
    assert "见习月数不能小于0" in r.content.decode()
    r = answer(client, "education_level", "astronaut")
    assert r.status_code == 200 and r.context["form"].errors
    client.cookies["django_language"] = "en"
    r = answer(client, "birth_date", future)
    assert "Date of birth cannot be in the future" in r.content.decode()


def test_missing_answers_are_undetermined_and_named(client, city):
    answer(client, "education_level", "bachelor")
    groups = client.get("/benefits/results/").context["groups"]
    interview = next(r for r in groups["undetermined"] if r["id"] == "interview_travel_subsidy")
    assert set(interview["missing_facts"]) == {"hukou_city", "home_city", "has_interview_invitation"}
    assert not any(r["id"] == "interview_travel_subsidy" for r in groups["not_eligible"])


def test_a_signed_in_youth_starts_from_the_profile(client, users):
    client.force_login(users["youth"])
    home = client.get("/benefits/").content.decode()
    assert 'data-testid="known-facts"' in home and "本科" in home and "来自您的个人资料" in home
    fact = client.get("/benefits/finder/").context["fact"]
    assert fact not in ("education_level", "hukou_city", "home_city", "is_job_seeking", "birth_date")
    groups = client.get("/benefits/results/").context["groups"]
    eligible = {r["id"]: r for r in groups["awaiting_confirmation"]}  # the plan's period has ended
    station = eligible["youth_station_stay"]
    assert "您的户籍和家都不在洛阳，属于外地来洛人员。" in station["reasons"]
    assert station["amount_text"] == "最多免费入住15晚"
    assert "二、（二）4" in station["clauses"][0]


def test_the_interview_subsidy_needs_the_invitation_and_its_amount_is_open(client, users):
    client.force_login(users["youth"])
    client.get("/benefits/")
    answer(client, "has_interview_invitation", "true")
    page = client.get("/benefits/results/")
    eligible = {r["id"]: r for r in page.context["groups"]["awaiting_confirmation"]}
    subsidy = eligible["interview_travel_subsidy"]
    assert subsidy["amount_to_be_set"] and subsidy["unit"].code == "ly-hrss"
    html = page.content.decode()
    assert 'data-testid="apply-interview_travel_subsidy"' in html and "待市里确定" in html
    answer(client, "has_interview_invitation", "false")
    groups = client.get("/benefits/results/").context["groups"]
    assert "interview_travel_subsidy" in {r["id"] for r in groups["not_eligible"]}


def test_the_gift_package_is_printable(client, users):
    client.force_login(users["youth"])
    html = client.get("/benefits/package/").content.decode()
    assert "政策大礼包" in html and "benefits/package-print" in html and "data-print" in html
    from django.contrib.staticfiles import finders

    assert "@media print" in open(finders.find("benefits/package-print.css"), encoding="utf-8").read()
    assert 'data-testid="package-eligible"' in html and "青年驿站免费住宿" in html


def test_reset_clears_the_answers(client, city):
    answer(client, "education_level", "bachelor")
    client.post("/benefits/finder/reset/")
    assert client.session[FINDER_SESSION_KEY]["facts"] == {}


def test_an_open_application_replaces_the_apply_button(client, graduate, submitted):
    client.force_login(graduate)
    client.post("/benefits/finder/", {"fact": "has_interview_invitation", "answer": "true"})
    html = client.get("/benefits/results/").content.decode()
    assert 'data-testid="apply-interview_travel_subsidy"' not in html
    assert f'href="/benefits/applications/{submitted.pk}/">您的申请正在办理中' in html


def test_the_finder_speaks_english_on_request(client, city):
    client.cookies["django_language"] = "en"
    client.post("/benefits/finder/", {"fact": "education_level", "answer": "bachelor"})
    client.post("/benefits/finder/", {"fact": "is_job_seeking", "answer": "true"})
    client.post("/benefits/finder/", {"fact": "hukou_city", "answer": "zhengzhou"})
    client.post("/benefits/finder/", {"fact": "home_city", "answer": "zhengzhou"})
    html = client.get("/benefits/results/").content.decode()
    assert "You qualify" in html and "Free stay in a youth station" in html and "up to 15 nights free" in html
    assert "You are looking for a job." in html


def test_a_blank_profile_leaves_everything_undetermined_not_refused(client, city):
    from .conftest import make_youth

    blank = make_youth("blank_youth", birth_date=None, education_level="", is_full_time=None, graduation_date=None,
                       hukou_city="", home_city="", current_city="", employment_status="")
    client.force_login(blank)
    groups = client.get("/benefits/results/").context["groups"]
    assert groups["not_eligible"] == [] and groups["eligible"] == [] and groups["awaiting_confirmation"] == []


def test_employers_benefits_are_listed_apart_until_the_person_runs_a_business(client, city):
    html = client.get("/benefits/results/").content.decode()
    assert "面向用人单位" in html and "民营企业招聘高校毕业生补贴" in html
    groups = client.get("/benefits/results/").context["groups"]
    assert {v["id"] for v in groups["for_employers"]} == {
        "private_enterprise_hiring_subsidy", "enterprise_university_base_subsidy"}
    answer(client, "is_startup_founder", "true")
    groups = client.get("/benefits/results/").context["groups"]
    assert groups["for_employers"] == []
    assert "private_enterprise_hiring_subsidy" in {v["id"] for v in groups["undetermined"]}


def test_the_results_page_title_is_text_even_with_employers_benefits(client, city):
    import re

    answer(client, "employment_status", "self_employed")  # running a business: employers' benefits listed apart
    html = client.get("/benefits/results/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "section" not in title
    assert 'data-testid="group-employers"' in html and html.count('data-testid="group-employers"') == 1
