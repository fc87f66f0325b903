"""Schemathesis over the whole OpenAPI document, as anonymous, a young person and a staff member.

Every operation is called with generated data (valid and invalid); every answer must be no server
error, have a status the document declares, the declared content type and conform to the declared
schema (the one error shape included). Part of ``make test`` and so of CI (SQLite and PostgreSQL);
``FUZZ_EXAMPLES`` raises the examples per operation for a deeper run (default 8); ``FUZZ_REPORT=file`` writes one line per case.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import bearer

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
REPORT = os.environ.get("FUZZ_REPORT", "")
ROLES = {"anonymous": None, "youth": "youth", "staff": "coordinator"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@schemathesis.check
def errors_in_the_callers_language(ctx, response, case):
    """Asked in Chinese, every error message and every field message is Chinese (has CJK text)."""
    if response.status_code < 400 or "json" not in (response.headers.get("content-type") or [""])[0]:
        return None
    body = response.json()
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        raise AssertionError(f"{response.status_code} without the error shape: {body!r:.200}")
    texts = [error.get("message", "")] + [m for ms in (error.get("fields") or {}).values() for m in ms]
    english = [t for t in texts if not CJK.search(str(t))]
    if english:
        raise AssertionError(f"not in the caller's language: {english[:3]!r}")
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    errors_in_the_callers_language,
]
CASES: Counter[str] = Counter()

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _one_connection(settings, tmp_path):
    """The WSGI app closes "old" connections at each request; inside the test's transaction that
    would close the test's own connection (Django's test client disconnects the same handlers)."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    yield
    cache.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=list(ROLES))
def role(request, users) -> tuple[str, dict]:
    username = ROLES[request.param]
    if username is None:
        return request.param, {}
    token = bearer(users[username])["HTTP_AUTHORIZATION"]
    return request.param, {"Authorization": token}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_generated_request_without_a_server_error(case, role):
    name, headers = role
    CASES[name] += 1
    response = case.call_and_validate(headers={**headers, "Accept-Language": "zh-hans"}, checks=CHECKS)
    if REPORT:  # one line per case: role, operation, status (for the figures in docs/edge.md)
        with open(REPORT, "a", encoding="utf-8") as out:
            out.write(f"{name}\t{case.operation.label}\t{response.status_code}\n")


def test_the_fuzzed_document_covers_every_operation():
    operations = [op for op in schema.get_all_operations()]
    assert len(operations) >= 30
    for result in operations:
        operation = result.ok()
        declared = set(operation.definition.raw["responses"])
        assert {"400", "404", "422", "429"} <= declared, operation.label
        if operation.method.upper() != "GET":
            assert {"401", "403", "409", "413"} <= declared, operation.label
