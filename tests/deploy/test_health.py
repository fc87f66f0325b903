"""Health endpoints, request ids in logs, JSON log lines and the error-reporting hook."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

from youthcity.ops.log_format import JsonFormatter
from youthcity.ops.request_id import RequestIdFilter

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "notifications"]}}


def test_healthz_touches_nothing_but_the_process(client):
    # No database mark: any query in the request would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_every_check(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "queue", "workers"}
    assert all(c["ok"] and "ms" in c for c in body["checks"].values())
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_down(client, monkeypatch):
    from youthcity.ops import health

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not_ready" and not body["checks"]["database"]["ok"]
    assert "connection refused" in body["checks"]["database"]["error"] and body["checks"]["cache"]["ok"]


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_readyz_is_503_when_the_cache_loses_writes(client):
    response = client.get("/readyz")
    assert response.status_code == 503 and not response.json()["checks"]["cache"]["ok"]


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS, WORKER_HEARTBEAT_MAX_AGE=60)
def test_readyz_waits_for_a_worker_to_answer_the_heartbeat(client):
    first = client.get("/readyz")
    assert first.status_code == 503
    assert "notifications" in first.json()["checks"]["workers"]["error"]

    call_command("worker_heartbeat", stdout=open("/dev/null", "w"))
    queued = client.get("/readyz").json()["checks"]
    assert queued["queue"]["waiting"] == {"default": 1, "notifications": 1} and not queued["workers"]["ok"]

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    checks = ready.json()["checks"]
    assert checks["queue"]["waiting"] == {"default": 0, "notifications": 0}
    assert set(checks["workers"]["age_s"]) == {"default", "notifications"}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS, WORKER_HEARTBEAT_MAX_AGE=60)
def test_an_old_heartbeat_is_not_ready(client):
    import datetime as dt

    from django.utils import timezone

    from youthcity.ops.models import WorkerHeartbeat

    old = timezone.now() - dt.timedelta(minutes=5)
    for q in ("default", "notifications"):
        WorkerHeartbeat.objects.create(queue_name=q, worker="w", enqueued_at=old, seen_at=old)
    response = client.get("/readyz")
    assert response.status_code == 503 and "within 60 s" in response.json()["checks"]["workers"]["error"]


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured():
    handler = _Capture()
    loggers = [logging.getLogger("youthcity.request"), logging.getLogger("youthcity.tests.chatty")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield handler.records
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


@override_settings(ROOT_URLCONF="tests.deploy.urls_boom")
def test_the_request_id_is_taken_returned_and_in_every_log_line(client, captured):
    response = client.get("/chatty/", HTTP_X_REQUEST_ID="nginx-5f2c9a1e")
    assert response["X-Request-ID"] == "nginx-5f2c9a1e"
    assert [r.request_id for r in captured] == ["nginx-5f2c9a1e", "nginx-5f2c9a1e"]
    access = [r for r in captured if r.name == "youthcity.request"][0]
    assert (access.method, access.path, access.status) == ("GET", "/chatty/", 200)


@override_settings(ROOT_URLCONF="tests.deploy.urls_boom")
@pytest.mark.parametrize("incoming", [None, "", "short", "evil\nINFO forged line 123456", "x" * 500])
def test_a_missing_or_unsafe_request_id_is_replaced(client, captured, incoming):
    headers = {} if incoming is None else {"HTTP_X_REQUEST_ID": incoming}
    response = client.get("/chatty/", **headers)
    rid = response["X-Request-ID"]
    assert rid != incoming and len(rid) == 32 and rid.isalnum()
    assert {r.request_id for r in captured} == {rid}


def test_two_requests_get_two_ids(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_json_log_lines_carry_the_extra_fields_and_the_exception():
    try:
        raise ValueError("bad value")
    except ValueError:
        import sys

        record = logging.LogRecord("youthcity.x", logging.ERROR, __file__, 1, "failed for %s", ("张三",),
                                   sys.exc_info())
    record.request_id = "abc12345"
    record.status = 500
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed for 张三" and line["level"] == "ERROR" and line["status"] == 500
    assert line["request_id"] == "abc12345" and "ValueError: bad value" in line["exception"]


@override_settings(ROOT_URLCONF="tests.deploy.urls_boom")
def test_an_unhandled_error_is_reported_with_its_request_id(client):
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from youthcity.ops.error_reporting import init_error_reporting

    sent = []

    class Capture(Transport):
        def capture_envelope(self, envelope):
            sent.extend(item.payload.json for item in envelope.items if item.payload.json)

    assert init_error_reporting("", environment="t", release="", traces_sample_rate=0) is False
    assert init_error_reporting("https://key@errors.invalid/1", environment="test", release="r1",
                                traces_sample_rate=0, transport=Capture) is True
    try:
        client.raise_request_exception = False
        response = client.get("/boom/", HTTP_X_REQUEST_ID="req-boom-0001")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    assert response.status_code == 500
    events = [e for e in sent if e.get("exception")]
    assert events, sent
    event = events[0]
    assert event["tags"]["request_id"] == "req-boom-0001" and event["environment"] == "test"
    assert event["exception"]["values"][-1]["value"] == "boom for the error report"
