"""The edge: every bad input gets a clear 4xx in the caller's language, never a 500.

Each case here was a 500 found by fuzzing (issue 18); the test shows the status and the message now.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.benefits.conftest import graduate, submitted  # noqa: F401  (fixtures)
from tests.conftest import bearer
from tests.ledger.conftest import empty_ledger, luolong, published  # noqa: F401  (fixtures)
from tests.ledger.test_review_web import draft  # noqa: F401  (fixture)

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


def error(r) -> dict:
    assert r["Content-Type"].startswith("application/json"), r.content[:200]
    return r.json()["error"]


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Inf", "NaN", "1e400", "-Infinity", 1e308 * 10])
def test_benefit_check_refuses_non_finite_facts(client, city, value):
    import json

    body = (
        json.dumps({"facts": {"age": value, "monthly_income": value}})
        if not isinstance(value, float)
        else ('{"facts": {"age": 1e400}}')
    )
    r = client.post("/api/v1/benefits/check", body, content_type="application/json")
    assert r.status_code == 422, r.content
    assert error(r)["code"] in ("invalid", "invalid_facts")


def test_benefit_check_refuses_bare_non_finite_json_numbers(client, city):
    for raw in ('{"facts": {"age": NaN}}', '{"facts": {"age": Infinity}}', '{"facts": {"age": 1e400}}'):
        r = client.post("/api/v1/benefits/check", raw, content_type="application/json")
        assert r.status_code in (400, 422), (raw, r.content)
        assert "error" in r.json()


def test_decision_amount_overflow_is_422(client, users, submitted):  # noqa: F811
    r = client.post(
        f"/api/v1/benefits/review/{submitted.pk}/decision",
        {"outcome": "approve", "amount": "1e30"},
        content_type="application/json",
        **bearer(users["hrss_reviewer"]),
    )
    assert r.status_code == 422, r.content
    assert "amount" in error(r)["fields"]
    r = client.post(
        f"/api/v1/benefits/review/{submitted.pk}/decision",
        {"outcome": "approve", "amount": "NaN"},
        content_type="application/json",
        **bearer(users["hrss_reviewer"]),
    )
    assert r.status_code == 422, r.content


def housing_target(published):  # noqa: F811
    from youthcity.ledger.models import Target

    return Target.objects.get(measure__project__plan=published, unit="套")


def test_report_with_a_31_digit_target_value_is_422(client, users, published):  # noqa: F811
    target = housing_target(published)
    data = {
        "unit": users["housing_staff"].memberships.first().unit.code,
        "narrative": "完成",
        f"target_{target.pk}": "1" * 31 + "套",
        "evidence": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
    }
    r = client.post(f"/api/v1/measures/{target.measure_id}/reports", data, **bearer(users["housing_staff"]))
    assert r.status_code == 422, r.content
    assert f"target_{target.pk}" in error(r)["fields"]


def test_report_with_a_superscript_target_key_is_422(client, users, published):  # noqa: F811
    target = housing_target(published)
    data = {
        "unit": users["housing_staff"].memberships.first().unit.code,
        "narrative": "完成",
        "target_²": "3",
    }
    r = client.post(f"/api/v1/measures/{target.measure_id}/reports", data, **bearer(users["housing_staff"]))
    assert r.status_code == 422, r.content
    assert "target_²" in error(r)["fields"]


# --- dates and years --------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "9999-12-01"])
def test_calendar_far_dates_are_4xx(client, city, start):
    from youthcity.stations.models import Station

    station = (
        Station.objects.filter(is_open=True).first()
        if hasattr(Station, "is_open")
        else Station.objects.first()
    )
    r = client.get(f"/api/v1/stations/{station.pk}/calendar?start={start}", **EN)
    assert r.status_code == 422, r.content
    assert "start" in error(r)["fields"]


def test_station_list_far_dates_are_4xx(client, city):
    r = client.get("/api/v1/stations?check_in=9999-12-30&check_out=9999-12-31")
    assert r.status_code == 422, r.content


@pytest.mark.parametrize("year", ["10000", "-5", "0", "99999999999999999999", "abc"])
def test_assessment_page_with_an_impossible_year(client, users, year):
    client.force_login(users["coordinator"])
    r = client.get(f"/dashboard/ledger/assessment/?year={year}")
    assert r.status_code in (200, 400), r.status_code
    if r.status_code == 400:
        assert "年份" in r.content.decode()


def test_measure_editor_with_non_numeric_or_huge_target_rows(client, users, draft):  # noqa: F811
    client.force_login(users["luolong_coordinator"])
    url = f"/work/ledger/import/{draft.pk}/measures/0/0/"
    for rows in ("abc", "100000000", "-3", "²"):
        r = client.post(url, {"text": "x", "responsible_units": "区人社局", "target_rows": rows})
        assert r.status_code == 400, (rows, r.status_code)
        assert "整数" in r.content.decode()
    ok = client.post(url, {"text": "培训青年人才", "responsible_units": "区人社局", "target_rows": "0"})
    assert ok.status_code == 302


# --- text -------------------------------------------------------------------------------------


def test_token_with_a_long_or_nul_username_is_a_clear_4xx(client, city):
    r = client.post(
        "/api/v1/auth/token", {"username": "a" * 300, "password": "x"}, content_type="application/json"
    )
    assert r.status_code in (401, 422), r.content
    r = client.post(
        "/api/v1/auth/token", {"username": "adm\x00in", "password": "x"}, content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert error(r)["code"] == "invalid_text"


@pytest.mark.parametrize("raw", ['"a\\u0000b"', '"a\\ud800b"'])
def test_nul_and_lone_surrogates_in_json_are_400_in_the_callers_language(client, city, raw):
    body = '{"username": ' + raw + ', "password": "x"}'
    r = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert r.status_code == 400, r.content
    assert error(r)["code"] == "invalid_text" and "字符" in error(r)["message"]
    r = client.post("/api/v1/auth/token", body, content_type="application/json", **EN)
    assert "character" in error(r)["message"]


def test_nul_in_a_form_field_or_query_is_400(client, users):
    r = client.post("/accounts/login/", {"username": "you\x00th", "password": "x"})
    assert r.status_code == 400
    assert "字符" in r.content.decode()
    r = client.get("/api/v1/regions?root=41%00")
    assert r.status_code == 400 and error(r)["code"] == "invalid_text"
    r = client.get("/policies/?q=%ED%A0%80")  # a UTF-8-encoded lone surrogate
    assert r.status_code in (200, 400, 404)


# --- bodies -----------------------------------------------------------------------------------


def test_multipart_without_a_boundary_is_400(client, users):
    r = client.post(
        "/api/v1/benefits/applications",
        b"policy=x",
        content_type="multipart/form-data",
        **bearer(users["youth"]),
    )
    assert r.status_code == 400, r.content
    assert error(r)["code"] == "bad_request"
    client.force_login(users["youth"])
    r = client.generic("POST", "/accounts/logout/", b"x", content_type="multipart/form-data")
    assert r.status_code in (400, 403), r.status_code


def test_a_13_mb_body_is_413(client, users):
    big = b'{"facts": {"x": "' + b"a" * (13 * 1024 * 1024) + b'"}}'
    r = client.post("/api/v1/benefits/check", big, content_type="application/json")
    assert r.status_code == 413, r.status_code
    assert error(r)["code"] == "too_large"
    r = client.post("/accounts/login/", {"username": "a" * (13 * 1024 * 1024), "password": "x"})
    assert r.status_code == 413


def test_a_form_body_sent_to_a_json_operation_is_400(client, city):
    r = client.post("/api/v1/benefits/check", {"facts": "x"})  # multipart, not JSON
    assert r.status_code == 400, r.content
    assert error(r)["code"] == "bad_request" and "JSON" in error(r)["message"]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("interview_subsidy.amount", "inf"),
        ("interview_subsidy.amount", "nan"),
        ("interview_subsidy.amount", "1e400"),
        ("youth.max_age", "9" * 30),
        ("youth.max_age", "-5"),
        ("rental_housing.rent_free_months_max", "9" * 30),
    ],
)
def test_microsimulation_what_if_with_impossible_values_is_not_a_500(client, users, parameter, value):
    client.force_login(users["coordinator"])
    r = client.get(
        "/dashboard/benefits/simulation/", {"n": "1000", "seed": "1", "parameter": parameter, "value": value}
    )
    assert r.status_code in (200, 400), r.status_code


def test_every_numeric_fact_survives_huge_values(client, city):
    from youthcity.benefits.registry import policy_set

    numeric = [name for name, spec in policy_set().facts.items() if spec.type in ("int", "number")]
    assert numeric
    from django.core.cache import cache

    for value in (10**30, -(10**30), 1e300, "9" * 400):
        for facts in [{name: value for name in numeric}, *({name: value} for name in numeric)]:
            r = client.post("/api/v1/benefits/check", {"facts": facts}, content_type="application/json")
            assert r.status_code in (200, 422), (facts, r.status_code, r.content[:300])
            cache.clear()
