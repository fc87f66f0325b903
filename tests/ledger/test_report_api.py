"""Progress reports through the API: a unit writes one with values and evidence, the coordinating
office reviews it; other units and bad values are refused, and nothing half-written is left."""

from __future__ import annotations

import pytest

from tests.conftest import bearer
from youthcity.ledger.models import Evidence, ProgressReport, Target

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"


@pytest.fixture
def housing(published):
    return Target.objects.get(measure__project__plan=published, unit="套")


def url(target) -> str:
    return f"/api/v1/measures/{target.measure_id}/reports"


def post(client, user, target, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"unit": user.memberships.first().unit.code, "narrative": "完成人才公寓配租",
            f"target_{target.pk}": "350套", "percent_complete": "40", **fields}
    if "evidence" not in fields:
        data["evidence"] = SimpleUploadedFile("allocation.pdf", PDF, content_type="application/pdf")
    return client.post(url(target), data, **bearer(user))


def test_a_unit_reports_and_the_office_reviews(client, users, housing):
    before = ProgressReport.objects.filter(measure=housing.measure).count()
    r = post(client, users["housing_staff"], housing)
    assert r.status_code == 201, r.content
    report = r.json()
    assert report["values"] == [{"target": housing.pk, "achieved": 350, "unit": "套"}]
    assert report["percent_complete"] == 40 and report["review"] is None
    assert report["evidence"][0]["name"] == "allocation.pdf" and len(report["evidence"][0]["sha256"]) == 64
    listed = client.get(url(housing), **bearer(users["housing_staff"])).json()["reports"]
    assert len(listed) == before + 1 and listed[0]["id"] == report["id"]

    review = f"/api/v1/reports/{report['id']}/review"
    refused = client.post(review, {"decision": "accepted"}, content_type="application/json",
                          **bearer(users["housing_staff"]))
    assert refused.status_code == 403  # a unit does not review its own report
    ok = client.post(review, {"decision": "accepted", "quality": 4}, content_type="application/json",
                     **bearer(users["coordinator"]))
    assert ok.status_code == 200 and ok.json()["review"]["decision"] == "accepted"
    again = client.post(review, {"decision": "returned", "comment": "再看看"}, content_type="application/json",
                        **bearer(users["coordinator"]))
    assert again.status_code == 409


def test_bad_values_are_422_with_field_errors_and_nothing_is_written(client, users, housing):
    reports, files = ProgressReport.objects.count(), Evidence.objects.count()
    r = post(client, users["housing_staff"], housing, **{f"target_{housing.pk}": "30%", "narrative": ""})
    assert r.status_code == 422
    fields = r.json()["error"]["fields"]
    assert set(fields) == {f"target_{housing.pk}", "narrative"}
    assert "套" in fields[f"target_{housing.pk}"][0]
    assert (ProgressReport.objects.count(), Evidence.objects.count()) == (reports, files)
    r = post(client, users["housing_staff"], housing, target_abc="1")
    assert r.status_code == 422 and "target_abc" in r.json()["error"]["fields"]


def test_other_units_and_strangers_are_refused(client, users, housing):
    # A unit with no part in the measure does not see it at all.
    assert client.get(url(housing), **bearer(users["hrss_staff"])).status_code == 404
    assert post(client, users["hrss_staff"], housing).status_code == 404
    # Reporting in another unit's name is refused even on a measure the caller can see.
    r = post(client, users["housing_staff"], housing, unit="ly-hrss")
    assert r.status_code == 403
    assert client.get(url(housing)).status_code == 401
