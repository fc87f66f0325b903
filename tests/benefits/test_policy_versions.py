"""Issue 16: policies with a life cycle — drafts checked by the engine and the policy tests, a
readable diff, review by another person, publication all or nothing, decisions keep their version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.benefits.conftest import INTERVIEW, pdf
from youthcity.benefits import services, versioning
from youthcity.benefits.models import Decision, PolicyVersion
from youthcity.benefits.registry import default_directory, file_text, registry, text_hash
from youthcity.core.errors import ServiceError

BASE = "enterprise_university_base_subsidy"
FOUNDER = {"birth_date": "1996-05-01", "education_level": "bachelor", "is_startup_founder": True,
           "uses_incubator": True, "enterprise_is_private": True, "enterprise_in_city": True,
           "enterprise_hired_graduates": True, "enterprise_has_university_base": True}


@pytest.fixture(autouse=True)
def _registry_back_to_the_files(db):
    """A published version lives in the database and in this process's registry: put both back."""
    yield
    PolicyVersion.objects.all().delete()
    registry.reload()


def base_text() -> str:
    return file_text(default_directory(), BASE)


def raised_from_2026() -> str:
    """The base subsidy's lower bound becomes 150,000 from 2026 (the tests, dated 2024, still pass)."""
    return base_text().replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 100000, 2026-01-01: 150000}")


def amount_on(day: dt.date):
    result = next(r for r in registry.get().evaluate(FOUNDER, day) if r.policy_id == BASE)
    return result.amount


def publish(reviewer, version, capture):
    with capture(execute=True):
        return services.policy_version_publish(reviewer=reviewer, version=version)


# -- drafts: checked, nothing written when invalid ---------------------------------------------


def test_invalid_yaml_is_refused_with_its_line_and_nothing_is_written(users):
    broken = base_text().replace("kind: cash", "kind: [cash")
    with pytest.raises(ServiceError) as exc:
        services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=broken)
    assert exc.value.status == 422 and "行" in exc.value.message
    unknown = base_text().replace("kind: cash", "kind: cashy")
    with pytest.raises(ServiceError) as exc:
        services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=unknown)
    line = next(i for i, t in enumerate(unknown.splitlines(), 1) if t.startswith("kind:"))
    assert f"第 {line} 行" in exc.value.message and "cashy" in exc.value.message
    renamed = base_text().replace(f"id: {BASE}", "id: another_policy", 1)
    with pytest.raises(ServiceError):
        services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=renamed)
    assert not PolicyVersion.objects.exists()


def test_invalid_yaml_on_the_web_shows_the_error_in_chinese_and_saves_nothing(client, users):
    client.force_login(users["hrss_staff"])
    page = client.get(f"/work/benefits/policies/{BASE}/draft/")
    assert page.status_code == 200 and "university_base_subsidy.min" in page.content.decode()
    broken = base_text().replace("  expression: param.university_base_subsidy.min",
                                 "  expression: param.university_base_subsidy.minimum")
    r = client.post(f"/work/benefits/policies/{BASE}/draft/", {"yaml_text": broken})
    body = r.content.decode()
    assert r.status_code == 422 and "没有参数" in body and "第 " in body
    assert not PolicyVersion.objects.exists()


def test_an_uploaded_file_becomes_a_draft(client, users):
    client.force_login(users["hrss_staff"])
    upload = SimpleUploadedFile(f"{BASE}.yaml", raised_from_2026().encode(), content_type="application/x-yaml")
    r = client.post(f"/work/benefits/policies/{BASE}/draft/", {"yaml_text": "", "upload": upload})
    version = PolicyVersion.objects.get()
    assert r.status_code == 302 and version.yaml_text == raised_from_2026()
    assert version.base_hash == text_hash(base_text()) and version.base_number is None
    assert version.tests_passed and version.status == "draft" and version.author == users["hrss_staff"]


# -- diff and tests ----------------------------------------------------------------------------


def test_the_diff_reads_field_by_field():
    old = base_text()
    new = (old.replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 120000}")
           .replace("  - id: base_report\n", "  - id: base_plan\n"))
    changes = versioning.field_changes(old, new)
    # The parameter by the name the policy gives it (its key is for the YAML, not for people).
    assert {"kind": "changed", "label": "参数 基地补贴下限（2021-12-02 起）",
            "old": "100000", "new": "120000"} in changes
    labels = [c["label"] for c in changes]
    assert "新增材料：base_plan" in labels and "删除材料：base_report" in labels
    amount = versioning.field_changes(old, old.replace("expression: param.university_base_subsidy.min",
                                                       "expression: 120000"))
    assert amount == [{"kind": "changed", "label": "金额", "old": "param.university_base_subsidy.min", "new": "120000"}]
    lines = versioning.line_diff(old, new)
    assert {"kind": "add", "text": "+    values: {2021-12-02: 120000}"} in lines
    assert {"kind": "remove", "text": "-    values: {2021-12-02: 100000}"} in lines


def test_a_draft_whose_tests_fail_shows_the_failing_case_and_cannot_go_further(client, users):
    changed = base_text().replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 120000}")
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=changed)
    assert not version.tests_passed and version.tests["cases"] >= 1
    failure = version.tests["failures"][0]
    assert failure["file"] == "entrepreneurs.yaml" and "120000" in failure["message"]
    client.force_login(users["hrss_staff"])
    page = client.get(f"/work/benefits/policies/versions/{version.pk}/").content.decode()
    assert "entrepreneurs.yaml" in page and "young graduate founder" in page and "不能发布" in page
    assert "100000" in page and "120000" in page
    with pytest.raises(ServiceError) as exc:
        services.policy_version_submit(staff=users["hrss_staff"], version=version)
    assert exc.value.code == "tests_failed"
    PolicyVersion.objects.filter(pk=version.pk).update(status="submitted")  # even if it got there
    version.refresh_from_db()
    with pytest.raises(ServiceError) as exc:
        services.policy_version_publish(reviewer=users["coordinator"], version=version)
    assert exc.value.code == "tests_failed"
    assert PolicyVersion.objects.get(pk=version.pk).status == "submitted"


def test_passing_tests_are_shown(client, users):
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    client.force_login(users["hrss_staff"])
    page = client.get(f"/work/benefits/policies/versions/{version.pk}/").content.decode()
    assert "全部通过" in page and "参数 基地补贴下限（2026-01-01 起）" in page
    assert "university_base_subsidy.min（" not in page


# -- review and publication --------------------------------------------------------------------


def test_nobody_publishes_their_own_draft(client, users, django_capture_on_commit_callbacks):
    version = services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=raised_from_2026())
    services.policy_version_submit(staff=users["coordinator"], version=version)
    with pytest.raises(PermissionDenied):
        services.policy_version_publish(reviewer=users["coordinator"], version=version)
    client.force_login(users["coordinator"])
    r = client.post(f"/work/benefits/policies/versions/{version.pk}/publish/")
    assert r.status_code == 403
    r = client.post(f"/work/benefits/policies/versions/{version.pk}/reject/", {"reason": "mine"})
    assert r.status_code == 403
    assert PolicyVersion.objects.get(pk=version.pk).status == "submitted"


@pytest.mark.parametrize("username", ["housing_staff", "hrss_staff", "leader", "youth"])
def test_only_people_with_the_right_publish(users, username):
    version = services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=raised_from_2026())
    services.policy_version_submit(staff=users["coordinator"], version=version)
    with pytest.raises(PermissionDenied):
        services.policy_version_publish(reviewer=users[username], version=version)


def test_other_units_cannot_write_drafts_or_see_the_pages(client, users):
    with pytest.raises(PermissionDenied):
        services.policy_draft_create(staff=users["housing_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    client.force_login(users["housing_staff"])
    assert client.get(f"/work/benefits/policies/{BASE}/draft/").status_code == 404
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    assert client.get(f"/work/benefits/policies/versions/{version.pk}/").status_code == 404
    client.force_login(users["hrss_reviewer"])  # the same unit, but a draft stays with its author
    assert client.get(f"/work/benefits/policies/versions/{version.pk}/").status_code == 404


def test_publishing_changes_the_finders_answer_at_once(users, django_capture_on_commit_callbacks):
    later = dt.date(2026, 6, 1)
    assert amount_on(later) == 100000
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026(),
                                           source_note="二、（二）7")
    services.policy_version_submit(staff=users["hrss_staff"], version=version)
    published = publish(users["hrss_reviewer"], version, django_capture_on_commit_callbacks)
    assert published.number == 1 and published.status == "published" and published.reviewer == users["hrss_reviewer"]
    assert amount_on(later) == 150000 and amount_on(dt.date(2024, 6, 1)) == 100000
    in_force = registry.version_of(BASE)
    assert in_force.number == 1 and in_force.hash == text_hash(raised_from_2026()) and in_force.label == "1"
    assert registry.version_of(INTERVIEW).label == "file"


def test_a_draft_started_before_a_publication_is_not_published_over_it(users, django_capture_on_commit_callbacks):
    first = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    second = services.policy_draft_create(staff=users["coordinator"], policy_id=BASE,
                                          yaml_text=raised_from_2026().replace("150000", "160000"))
    for v, author in ((first, "hrss_staff"), (second, "coordinator")):
        services.policy_version_submit(staff=users[author], version=v)
    publish(users["coordinator"], first, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError) as exc:
        publish(users["hrss_reviewer"], second, django_capture_on_commit_callbacks)
    assert exc.value.code == "stale_draft"
    assert amount_on(dt.date(2026, 6, 1)) == 150000
    third = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE,
                                         yaml_text=raised_from_2026().replace("150000", "160000"))
    assert third.base_number == 1
    services.policy_version_submit(staff=users["hrss_staff"], version=third)
    assert publish(users["coordinator"], third, django_capture_on_commit_callbacks).number == 2
    assert amount_on(dt.date(2026, 6, 1)) == 160000


def test_a_rejection_needs_a_reason(users):
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    services.policy_version_submit(staff=users["hrss_staff"], version=version)
    with pytest.raises(ServiceError):
        services.policy_version_reject(reviewer=users["hrss_reviewer"], version=version, reason=" ")
    rejected = services.policy_version_reject(reviewer=users["hrss_reviewer"], version=version,
                                              reason="金额须经市政府常务会议研究")
    assert rejected.status == "rejected" and rejected.reason and rejected.number is None
    assert registry.version_of(BASE).label == "file"


def test_the_publication_is_audited(users, django_capture_on_commit_callbacks):
    from auditlog.models import LogEntry

    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    services.policy_version_submit(staff=users["hrss_staff"], version=version)
    publish(users["hrss_reviewer"], version, django_capture_on_commit_callbacks)
    entries = LogEntry.objects.get_for_object(version)
    assert entries.count() >= 3
    assert any("published" in str(e.changes) for e in entries)


# -- decisions keep the version ----------------------------------------------------------------


def test_a_decision_records_the_version_and_an_older_one_keeps_its_own(client, users, submitted,
                                                                         django_capture_on_commit_callbacks):
    first = services.application_decide(reviewer=users["hrss_reviewer"], application=submitted,
                                        outcome="request_documents", reason="请补充面试通知原件")
    assert first.policy_version == "file"
    assert first.policy_hash == text_hash(file_text(default_directory(), INTERVIEW))
    text = file_text(default_directory(), INTERVIEW).replace(
        "    zh: 面试结束后，", "    zh: 面试结束后（请保留车票），", 1)
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=INTERVIEW, yaml_text=text)
    services.policy_version_submit(staff=users["hrss_staff"], version=version)
    publish(users["coordinator"], version, django_capture_on_commit_callbacks)
    submitted.refresh_from_db()
    services.application_add_documents(applicant=submitted.applicant, application=submitted,
                                       documents={"interview_invitation": pdf("invitation.pdf")})
    second = services.application_decide(reviewer=users["hrss_reviewer"], application=submitted, outcome="approve")
    assert second.policy_version == "1" and second.policy_hash == text_hash(text)
    assert Decision.objects.get(pk=first.pk).policy_version == "file"
    client.force_login(submitted.applicant)
    page = client.get(f"/benefits/applications/{submitted.pk}/").content.decode()
    assert "按第1版政策决定" in page and "按政策原文件决定" in page


def test_policy_draft_create_is_the_drafting_engines_entry(users):
    version = services.policy_draft_create(staff=users["coordinator"], policy_id=BASE, yaml_text=raised_from_2026(),
                                           source_note="《行动方案》二、（二）7")
    assert version.source_note == "《行动方案》二、（二）7" and version.status == "draft"
    with pytest.raises(ServiceError) as exc:
        services.policy_draft_create(staff=users["coordinator"], policy_id="not a policy", yaml_text="x")
    assert exc.value.status == 404


def test_the_api_drafts_submits_and_another_person_publishes(client, users, django_capture_on_commit_callbacks):
    from tests.conftest import bearer

    staff, reviewer = bearer(users["hrss_staff"]), bearer(users["hrss_reviewer"])
    r = client.post(f"/api/v1/benefits/policies/{BASE}/drafts", {"yaml_text": "kind: [", "source_note": "x"},
                    content_type="application/json", **staff)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_policy" and not PolicyVersion.objects.exists()
    r = client.post(f"/api/v1/benefits/policies/{BASE}/drafts",
                    {"yaml_text": raised_from_2026(), "source_note": "二、（二）7"}, content_type="application/json", **staff)
    assert r.status_code == 201 and r.json()["tests_passed"]
    pk = r.json()["id"]
    assert any(c["new"] == "150000" for c in r.json()["changes"])
    assert client.post(f"/api/v1/benefits/policy-versions/{pk}/submit", **staff).status_code == 200
    assert client.post(f"/api/v1/benefits/policy-versions/{pk}/publish", **staff).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/benefits/policy-versions/{pk}/publish", **reviewer)
    assert r.status_code == 200 and r.json()["number"] == 1 and r.json()["status"] == "published"
    assert amount_on(dt.date(2026, 6, 1)) == 150000


def test_the_author_edits_a_draft_and_an_invalid_edit_changes_nothing(client, users):
    version = services.policy_draft_create(staff=users["hrss_staff"], policy_id=BASE, yaml_text=raised_from_2026())
    with pytest.raises(PermissionDenied):
        services.policy_draft_update(staff=users["coordinator"], version=version, yaml_text=base_text())
    client.force_login(users["hrss_staff"])
    r = client.post(f"/work/benefits/policies/versions/{version.pk}/edit/", {"yaml_text": "id: [\n"})
    assert r.status_code == 422 and r.content.decode().count("第 2 行第 1 列") == 2  # once in the summary, once by the field
    version.refresh_from_db()
    assert version.yaml_text == raised_from_2026() and version.tests_passed
    changed = base_text().replace("values: {2021-12-02: 100000}", "values: {2021-12-02: 120000}")
    r = client.post(f"/work/benefits/policies/versions/{version.pk}/edit/", {"yaml_text": changed})
    version.refresh_from_db()
    assert r.status_code == 302 and version.yaml_text == changed and not version.tests_passed
