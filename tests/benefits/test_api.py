import datetime as dt

from auditlog.models import LogEntry
from django.core.cache import cache
from django.utils import timezone

from tests.conftest import bearer
from youthcity.benefits.api import CHECK_THROTTLE
from youthcity.benefits.models import BenefitApplication

from .conftest import INTERVIEW, interview_documents

GRADUATE = {"birth_date": "2002-05-18", "education_level": "bachelor", "graduation_date": "2026-06-30",
            "hukou_city": "zhengzhou", "home_city": "zhengzhou", "is_job_seeking": True}


def test_policies_are_listed_with_sources_and_open_amounts(client, city):
    rows = {p["id"]: p for p in client.get("/api/v1/benefits/policies").json()}
    interview = rows[INTERVIEW]
    assert interview["unit_code"] == "ly-hrss" and interview["sources"][0]["clause"] == "二、（二）4"
    assert interview["amount_to_be_set_by_city"] == ["interview_subsidy.amount"]
    assert len(rows) >= 10


def test_check_gives_three_answers_with_explanations(client, city):
    r = client.post("/api/v1/benefits/check", {"facts": GRADUATE, "on": "2026-11-21"}, content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    results = {x["policy"]: x for x in body["results"]}
    # 2026-11-21: the plan's period ("十四五", to 2025) has ended, so the city confirms first
    assert results["youth_station_stay"]["status"] == "awaiting_confirmation"
    assert results["youth_station_stay"]["awaiting_confirmation"] is True
    interview = results[INTERVIEW]
    assert interview["status"] == "undetermined" and interview["missing_facts"] == ["has_interview_invitation"]
    assert body["next_question"]["fact"]
    assert all("clause" in c for c in interview["conditions"])


def test_malformed_facts_are_422_with_field_errors_in_the_users_language(client, city):
    future = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    bad = {"birth_date": future, "education_level": "astronaut", "internship_months": -3}
    r = client.post("/api/v1/benefits/check", {"facts": bad}, content_type="application/json")
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "invalid_facts"
    assert set(err["fields"]) == {"facts.birth_date", "facts.education_level", "facts.internship_months"}
    assert "出生日期不能晚于今天" in err["fields"]["facts.birth_date"][0]
    client.cookies["django_language"] = "en"  # the platform speaks Chinese until the person switches
    r = client.post("/api/v1/benefits/check", {"facts": bad}, content_type="application/json")
    assert r.json()["error"]["fields"]["facts.internship_months"] == ["Internship months must be at least 0"]
    del client.cookies["django_language"]
    r = client.post("/api/v1/benefits/check", {"facts": "nope"}, content_type="application/json")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid"
    r = client.post("/api/v1/benefits/check", {"facts": {"age": -3}}, content_type="application/json")
    assert r.status_code == 422 and r.json()["error"]["fields"] == {"facts.age": ["年龄（周岁）不能小于0"]}
    contradiction = {"age": 20, "birth_date": "1990-01-01"}
    r = client.post("/api/v1/benefits/check", {"facts": contradiction}, content_type="application/json")
    assert r.status_code == 422 and r.json()["error"]["fields"] == {"facts.age": ["年龄（周岁）与出生日期不一致"]}


def test_check_is_rate_limited_for_anonymous_callers(client, city):
    cache.clear()
    limit = int(CHECK_THROTTLE[0].rate.split("/")[0])
    codes = [client.post("/api/v1/benefits/check", {"facts": {}}, content_type="application/json",
                         REMOTE_ADDR="10.9.9.9").status_code for _ in range(limit + 1)]
    assert codes[:limit] == [200] * limit and codes[-1] == 429
    assert client.post("/api/v1/benefits/check", {"facts": {}}, content_type="application/json",
                       REMOTE_ADDR="10.9.9.9").json()["error"]["code"] == "rate_limited"


def test_applications_via_the_api_are_audited_with_the_token_user(client, graduate):
    headers = bearer(graduate)
    r = client.post("/api/v1/benefits/applications",
                    {"policy": INTERVIEW, "facts": '{"has_interview_invitation": true}', **interview_documents()},
                    **headers)
    assert r.status_code == 201, r.content
    body = r.json()
    app = BenefitApplication.objects.get(pk=body["id"])
    assert body["status"] == "submitted" and len(body["documents"]) == 4
    entry = LogEntry.objects.get_for_object(app).get(action=LogEntry.Action.CREATE)
    assert entry.actor == graduate
    listed = client.get("/api/v1/benefits/applications", **headers).json()
    assert [a["id"] for a in listed] == [app.pk]
    dup = client.post("/api/v1/benefits/applications",
                      {"policy": INTERVIEW, "facts": '{"has_interview_invitation": true}', **interview_documents()},
                      **headers)
    assert dup.status_code == 409 and dup.json()["error"]["code"] == "already_open"
    w = client.post(f"/api/v1/benefits/applications/{app.pk}/withdraw", **headers)
    assert w.status_code == 200 and w.json()["status"] == "withdrawn"


def test_api_application_errors(client, graduate, users):
    headers = bearer(graduate)
    r = client.post("/api/v1/benefits/applications", {"policy": INTERVIEW, "facts": "{bad"}, **headers)
    assert r.status_code == 422 and "facts" in r.json()["error"]["fields"]
    r = client.post("/api/v1/benefits/applications", {"policy": INTERVIEW}, **headers)
    assert r.status_code == 422 and set(r.json()["error"]["fields"]) >= {"id_card", "travel_tickets"}
    r = client.post("/api/v1/benefits/applications", {"policy": "no_such_policy"}, **headers)
    assert r.status_code == 404
    assert client.post("/api/v1/benefits/applications", {"policy": INTERVIEW}).status_code == 401
    r = client.post("/api/v1/benefits/applications", {"policy": INTERVIEW, **interview_documents()},
                    **bearer(users["hrss_staff"]))
    assert r.status_code == 403
    assert not BenefitApplication.objects.filter(applicant=graduate).exists()


def test_another_persons_application_is_404_over_the_api(client, submitted, users):
    r = client.get(f"/api/v1/benefits/applications/{submitted.pk}", **bearer(users["youth"]))
    assert r.status_code == 404
    r = client.post(f"/api/v1/benefits/applications/{submitted.pk}/withdraw", **bearer(users["youth"]))
    assert r.status_code == 404


def test_reviewer_decides_over_the_api(client, submitted, users):
    r = client.post(f"/api/v1/benefits/review/{submitted.pk}/decision", {"outcome": "reject"},
                    content_type="application/json", **bearer(users["hrss_reviewer"]))
    assert r.status_code == 422 and "reason" in r.json()["error"]["fields"]
    r = client.post(f"/api/v1/benefits/review/{submitted.pk}/decision", {"outcome": "approve"},
                    content_type="application/json", **bearer(users["hrss_reviewer"]))
    assert r.status_code == 200 and r.json() == {"application": submitted.pk, "outcome": "approve",
                                                 "status": "approved", "eligibility_status": "awaiting_confirmation",
                                                 "policy_version": "file"}
