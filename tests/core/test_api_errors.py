"""Errors speak the caller's language: 401 for anonymous writes (not a CSRF failure), translated
field messages, and bilingual 404/500 pages when DEBUG is off (production)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import bearer

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def error(r) -> dict:
    return r.json()["error"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/benefits/applications", {"policy": "x"}),
        ("/api/v1/stations/bookings", {"station": 1, "check_in": "2026-12-10", "check_out": "2026-12-11"}),
        ("/api/v1/monitoring/submissions", {"values": []}),
        ("/api/v1/reports/1/review", {"decision": "accepted"}),
    ],
)
def test_anonymous_api_writes_get_401_not_a_csrf_failure(city, path, body):
    client = Client(enforce_csrf_checks=True)
    r = client.post(path, body, content_type="application/json")
    assert r.status_code == 401, r.content
    assert error(r)["code"] == "not_authenticated" and "登录" in error(r)["message"]
    r = client.post(path, body, content_type="application/json", **EN)
    assert r.status_code == 401 and "Sign in" in error(r)["message"]


def test_a_signed_in_browser_without_the_csrf_token_gets_a_translated_403(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["youth"])
    r = client.post(
        "/api/v1/stations/bookings",
        {"station": 1, "check_in": "2026-12-10", "check_out": "2026-12-11"},
        content_type="application/json",
    )
    assert r.status_code == 403 and "CSRF" in error(r)["message"] and "刷新" in error(r)["message"]


def test_field_messages_are_in_the_callers_language(client, users):
    r = client.post("/api/v1/auth/token", {}, content_type="application/json")
    fields = error(r)["fields"]
    assert r.status_code == 422 and fields["username"] == ["此项为必填项。"]
    r = client.post("/api/v1/auth/token", {}, content_type="application/json", **EN)
    assert error(r)["fields"]["username"] == ["This field is required."]
    r = client.get("/api/v1/stations/1/calendar?start=not-a-date")
    assert error(r)["fields"]["start"] == ["请填写日期（YYYY-MM-DD）。"]
    r = client.get("/api/v1/stations/1/calendar?start=9999-12-31", **EN)
    assert error(r)["fields"]["start"] == ["The date must be between 1900-01-01 and 2199-12-31."]
    r = client.post(
        "/api/v1/reports/1/review",
        {"decision": "accepted", "quality": 9},
        content_type="application/json",
        **bearer(users["coordinator"]),
    )
    assert error(r)["fields"]["quality"] == ["请填写不大于 5 的数值。"]


def test_the_throttle_answers_in_the_callers_language(client, city, settings):
    from django.core.cache import cache

    cache.clear()
    statuses = [
        client.post("/api/v1/benefits/check", {"facts": {}}, content_type="application/json").status_code
        for _ in range(40)
    ]
    assert 429 in statuses
    r = client.post("/api/v1/benefits/check", {"facts": {}}, content_type="application/json")
    assert error(r)["code"] == "rate_limited" and "请求过于频繁" in error(r)["message"]
    assert r.has_header("Retry-After")
    cache.clear()


@override_settings(DEBUG=False)
def test_the_404_page_in_production_is_translated(city):
    client = Client()
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    assert "此页面不存在" in r.content.decode() or "不存在" in r.content.decode()
    client.cookies["django_language"] = "en"
    assert "does not exist" in client.get("/no-such-page/").content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_in_production_is_bilingual_and_needs_nothing(city, monkeypatch):
    import youthcity.portal.views as portal_views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(portal_views, "render", boom)
    client = Client(raise_request_exception=False)
    r = client.get("/")
    assert r.status_code == 500
    html = r.content.decode()
    assert "出了问题" in html and "went wrong" in html and "secret internals" not in html


def test_error_templates_exist(city):
    from django.template.loader import get_template

    for name in ("400.html", "403.html", "404.html", "413.html", "500.html"):
        assert get_template(name)


def test_unknown_api_paths_and_methods_answer_in_json(client, city):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and error(r)["code"] == "not_found" and error(r)["message"] == "未找到。"
    r = client.put("/api/v1/benefits/policies")
    assert r.status_code == 405 and error(r)["code"] == "method_not_allowed" and "GET" in r["Allow"]
